/* slug: URL-safe names from titles (see slug.h). */
#include "slug.h"
#include "u8.h"
#include <stdlib.h>

/* Appends the slug of s[0..n) to out. Folds with u8_fold (NFC and NFD input
 * give the same result); if folding fails (invalid UTF-8 or out of memory)
 * the raw bytes are used, so only their ASCII letters and digits survive.
 * A '-' is written only between two kept runs, never first or last. */
void slug_make(const char *s, size_t n, buf *out)
{
    size_t flen = 0;
    char *folded = u8_fold(s, n, &flen);
    const char *p = folded ? folded : s;
    size_t len = folded ? flen : n;
    int emitted = 0, gap = 0;

    for (size_t i = 0; i < len; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && emitted) buf_putc(out, '-');
            buf_putc(out, c);
            emitted = 1;
            gap = 0;
        } else {
            gap = 1;
        }
    }
    free(folded);
}
