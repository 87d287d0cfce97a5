/* buf: a growable byte buffer with a sticky error.
 * After an allocation failure every later append is a no-op and
 * b->failed is set, so writers check once at the end. */
#ifndef LT_BUF_H
#define LT_BUF_H
#include <stddef.h>
#include <stdarg.h>

typedef struct buf {
    char *data;   /* always NUL-terminated when len > 0 or after buf_cstr */
    size_t len;
    size_t cap;
    int failed;
} buf;

#define BUF_INIT {0, 0, 0, 0}

void buf_init(buf *b);
/* Frees the storage; the buffer is empty and reusable afterwards. */
void buf_free(buf *b);
void buf_reset(buf *b);                 /* len = 0, keeps storage */
/* Makes room for n more bytes at once (large buffers grow in one step). */
void buf_reserve(buf *b, size_t n);
void buf_put(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/* Appends s with &, <, >, ", ' escaped for HTML text and attributes. */
void buf_put_html(buf *b, const char *s, size_t n);
/* Appends s (UTF-8) as a JSON string, quotes included: '"', '\\', control
 * characters and < > & escaped, everything else as it is. */
void buf_put_json(buf *b, const char *s, size_t n);
/* Returns a NUL-terminated view (never NULL; "" when empty or failed). */
const char *buf_cstr(buf *b);
/* Hands the storage to the caller (who frees it with free()); the buffer is
 * left empty. Returns NULL if an allocation failed. */
char *buf_detach(buf *b, size_t *len);

#endif
