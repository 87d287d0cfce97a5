/* Minimal unit-test helpers. Each test program prints one line per failed
 * check and ends with "N passed, N failed"; it exits 1 if any failed.
 * tests/run.sh adds up the lines of every program. */
#ifndef LT_T_H
#define LT_T_H
#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define CHECK(cond) do { if (cond) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s\n   got: \"%s\"\n  want: \"%s\"\n", __FILE__, __LINE__, \
            #got, g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } } while (0)
#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
    if (g_ == w_) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); } } while (0)
#define CHECK_CONTAINS(hay, needle) do { const char *h_ = (hay), *n_ = (needle); \
    if (h_ && n_ && strstr(h_, n_)) t_pass++; else { t_fail++; \
    fprintf(stderr, "%s:%d: FAIL: %s does not contain \"%s\"\n   got: \"%s\"\n", __FILE__, __LINE__, \
            #hay, n_ ? n_ : "", h_ ? h_ : "(null)"); } } while (0)

static inline int t_done(void) {
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail ? 1 : 0;
}
#endif
