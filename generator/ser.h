/* ser: the compact binary encoding of the incremental build cache.
 *
 * Writers append to a buf (its sticky error covers every call, so check
 * b->failed once at the end). Readers take input that may be damaged or
 * truncated: they never read past its end, and on any damage (or when out
 * of memory) they set r->bad, after which every get returns 0 / NULL. A
 * caller checks r->bad once after reading a record, and at the end checks
 * r->p == r->end if trailing bytes matter.
 *
 * The encoding has no header or version: the cache file adds its own. */
#ifndef LT_SER_H
#define LT_SER_H
#include <stdint.h>
#include <stddef.h>
#include "buf.h"
#include "val.h"

/* Lists and maps nested deeper than this are damage on reading; the YAML
 * reader allows as much (FM_MAX_DEPTH), so every tree it makes round-trips. */
#define SER_MAX_DEPTH 64

/* Reading side: never reads past end; on any damage sets bad = 1 and every
 * later get returns 0 / NULL. */
typedef struct ser_reader { const unsigned char *p, *end; int bad; } ser_reader;
void ser_reader_init(ser_reader *r, const void *data, size_t len);

void ser_u64(buf *b, uint64_t v);            /* LEB128 varint */
void ser_i64(buf *b, int64_t v);             /* zigzag varint */
void ser_fixed64(buf *b, uint64_t v);        /* 8 bytes, little-endian (for hashes) */
void ser_double(buf *b, double v);           /* 8 bytes, IEEE bits little-endian */
void ser_bytes(buf *b, const void *s, size_t n);  /* varint length + bytes */
void ser_str(buf *b, const char *s);         /* NUL-terminated string or NULL; NULL and "" differ */

uint64_t ser_get_u64(ser_reader *r);
int64_t ser_get_i64(ser_reader *r);
uint64_t ser_get_fixed64(ser_reader *r);
double ser_get_double(ser_reader *r);
/* Points into the input (not NUL-terminated); NULL with *n = 0 on damage. */
const char *ser_get_bytes(ser_reader *r, size_t *n);
/* A malloc'd NUL-terminated copy; NULL for a NULL string (check r->bad to tell
 * damage from NULL). A string containing a NUL byte is damage. */
char *ser_get_str(ser_reader *r);
/* A count of items that follow, each at least min_item_bytes long: damage if
 * the rest of the input cannot hold that many (so a damaged count never makes
 * a caller allocate gigabytes). min_item_bytes 0 is taken as 1. */
size_t ser_get_count(ser_reader *r, size_t min_item_bytes);

/* val trees (front matter, data): every kind, positions (line, col), dates
 * with every field and their text as written, map key order, strings with
 * their exact length. Depth is limited to 64 on reading (deeper = damage).
 * Depth counts lists and maps (64 nested ones may still hold a scalar), as
 * the YAML reader does. Also damage on reading: a NULL item in a list or
 * map, a bool other than 0/1 (the writer stores boolean != 0), a date field
 * outside val_parse_date's ranges (day only checked to 1-31), a key with a
 * NUL byte. Map keys are not checked for duplicates. Out of memory is
 * reported like damage (r->bad). */
void ser_val(buf *b, const val *v);          /* v may be NULL */
val *ser_get_val(ser_reader *r);             /* NULL + r->bad on damage; NULL alone for a NULL val */

#endif
