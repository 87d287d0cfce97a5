/* slug: URL-safe names from titles, Vietnamese folded.
 * "Lộ trình đổi mới công nghệ đến năm 2035" -> "lo-trinh-doi-moi-cong-nghe-den-nam-2035" */
#ifndef LT_SLUG_H
#define LT_SLUG_H
#include <stddef.h>
#include "buf.h"

/* Appends the slug of s[0..n) to out: folded (u8_fold), ASCII letters and
 * digits kept, every run of anything else becomes one '-', no leading or
 * trailing '-'. Appends nothing if no letter or digit remains. */
void slug_make(const char *s, size_t n, buf *out);

#endif
