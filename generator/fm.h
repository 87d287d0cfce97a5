/* fm: front matter. Splits "---\nYAML\n---\n" from a page and reads the
 * YAML with libyaml into a val tree (types: YAML 1.2 core schema plus
 * ISO dates, see docs/front-matter.md). */
#ifndef LT_FM_H
#define LT_FM_H
#include <stddef.h>
#include "val.h"
#include "diag.h"

/* Limits that keep hostile YAML cheap. */
#define FM_MAX_DEPTH 64          /* nesting of lists/maps */
#define FM_MAX_NODES 200000      /* nodes after expanding aliases */
#define FM_MAX_BYTES (64L << 20) /* scalar bytes after expanding aliases */

/* text: valid UTF-8, NFC, BOM already removed, CRLF already turned to LF.
 * On success returns 0, *out = a VAL_MAP (empty when the page has no front
 * matter; caller frees), *body_off = byte offset of the Markdown body,
 * *body_line = 1-based line of the body's first line.
 * On error returns -1 and adds diagnostics naming file:line:col. */
int fm_split_parse(const char *file, const char *text, size_t len,
                   val **out, size_t *body_off, int *body_line, diag_list *d);

/* Parses a whole YAML document (data files). line_offset is added to line
 * numbers (0 for a file of its own). Empty document -> VAL_NULL. */
int fm_parse_yaml(const char *file, const char *text, size_t len, int line_offset,
                  val **out, diag_list *d);

#endif
