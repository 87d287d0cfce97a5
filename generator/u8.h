/* u8: UTF-8 checks and Unicode normalisation (utf8proc). */
#ifndef LT_U8_H
#define LT_U8_H
#include <stddef.h>

/* Returns 0 if s[0..n) is valid UTF-8 with no NUL byte; otherwise -1 and
 * *bad_off = offset of the first bad byte. */
int u8_validate(const char *s, size_t n, size_t *bad_off);
/* Line (1-based) and column (1-based, counted in characters) of byte off. */
void u8_line_col(const char *s, size_t off, int *line, int *col);
/* 1 if s[0..n) (valid UTF-8) is certainly NFC already: no character that
 * normalisation could change (a quick check; 0 means "maybe not"). */
int u8_nfc_quick(const char *s, size_t n);
/* NFC-normalised copy (malloc'd, NUL-terminated; caller frees). s must be
 * valid UTF-8. NULL on allocation failure. */
char *u8_nfc(const char *s, size_t n, size_t *out_len);
/* Folded copy for slugs and search: decompose, drop combining marks, map
 * đ/Đ to d, lower-case; every other character is kept. malloc'd; caller frees. */
char *u8_fold(const char *s, size_t n, size_t *out_len);

#endif
