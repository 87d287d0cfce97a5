/* Shared by the fuzz harnesses tests/fuzz/fuzz_*.c.
 *
 * Each harness defines LLVMFuzzerTestOneInput. Built with clang and
 * -DLT_FUZZER_MAIN -fsanitize=fuzzer, libFuzzer provides main() (see
 * `make fuzz`). Built without LT_FUZZER_MAIN (any C11 compiler, see
 * tests/fuzz/replay.sh), the main() below runs every file named on the
 * command line through the same function once, so saved crashes
 * (tests/fuzz/regressions/) replay in the normal test build.
 *
 * A harness reports a broken property with FUZZ_CHECK, which prints what
 * failed and calls abort(): libFuzzer and the replay script both see a crash. */
#ifndef LT_FUZZ_H
#define LT_FUZZ_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "u8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond, ...)                                                          \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "\n%s:%d: fuzz check failed: %s\n  ", __FILE__, __LINE__,  \
                    #cond);                                                            \
            fprintf(stderr, __VA_ARGS__);                                              \
            fputc('\n', stderr);                                                       \
            abort();                                                                   \
        }                                                                              \
    } while (0)

/* A stream that swallows output: diagnostics are printed there so their
 * formatting and sorting run on every input. */
static inline FILE *fuzz_devnull(void)
{
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f ? f : stderr;
}

/* Prints (to /dev/null) and frees d, after checking that the return code
 * rc of the call that filled it agrees with its error count. */
static inline void fuzz_diag_done(diag_list *d, int rc)
{
    if (rc < 0) FUZZ_CHECK(diag_errors(d) > 0, "the call failed (%d) without an error", rc);
    else FUZZ_CHECK(diag_errors(d) == 0, "the call succeeded with %zu errors", diag_errors(d));
    diag_print(d, fuzz_devnull(), 0);
    for (size_t i = 0; i < diag_count(d); i++) {
        const diag_item *it = diag_get(d, i);
        FUZZ_CHECK(it && it->msg, "diagnostic %zu has no message", i);
    }
    diag_free(d);
}

/* Prepares a file's bytes the way generator/site.c read_text does for
 * pages and data files: a UTF-8 BOM is dropped, the rest must be valid
 * UTF-8 without NUL (else NULL is returned, after computing the position
 * that read_text reports), CR LF and lone CR become LF, then NFC.
 * The result is malloc'd and NUL-terminated; *out_len is its length. */
static inline char *fuzz_read_text(const uint8_t *data, size_t size, size_t *out_len)
{
    const char *t = (const char *)data;
    size_t n = size, bad = 0;
    if (n >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3)) { t += 3; n -= 3; }
    if (u8_validate(t, n, &bad) < 0) {
        int line, col;
        FUZZ_CHECK(bad < n, "u8_validate: bad offset %zu outside %zu bytes", bad, n);
        u8_line_col(t, bad, &line, &col);
        FUZZ_CHECK(line >= 1 && col >= 1, "u8_line_col gave %d:%d", line, col);
        return NULL;
    }
    buf lf = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '\r') {
            buf_putc(&lf, '\n');
            if (i + 1 < n && t[i + 1] == '\n') i++;
        } else {
            buf_putc(&lf, t[i]);
        }
    }
    FUZZ_CHECK(!lf.failed, "out of memory");
    char *out = u8_nfc(buf_cstr(&lf), lf.len, out_len);
    buf_free(&lf);
    FUZZ_CHECK(out != NULL, "u8_nfc failed on valid UTF-8");
    return out;
}

#ifndef LT_FUZZER_MAIN
/* Plain program: runs each file given as an argument once. */
int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        buf b = BUF_INIT;
        char tmp[65536];
        size_t k;
        while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) buf_put(&b, tmp, k);
        int err = ferror(f);
        fclose(f);
        if (err || b.failed) { fprintf(stderr, "%s: cannot read\n", argv[i]); return 2; }
        /* a copy of exactly the file's size, so ASan sees reads past its end */
        uint8_t *data = malloc(b.len ? b.len : 1);
        if (!data) return 2;
        if (b.len) memcpy(data, b.data, b.len);
        LLVMFuzzerTestOneInput(data, b.len);
        free(data);
        buf_free(&b);
    }
    return 0;
}
#endif

#endif
