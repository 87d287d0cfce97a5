/* diag: errors and warnings collected during a build.
 * Modules never print or exit; they add diagnostics here and return -1.
 * main prints them sorted (file, line, column) once at the end.
 * Thread-safe: workers may add concurrently. */
#ifndef LT_DIAG_H
#define LT_DIAG_H
#include <stdio.h>
#include <stddef.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_level;

typedef struct diag_list diag_list;

diag_list *diag_new(void);
void diag_free(diag_list *d);
/* file may be NULL (a message about the whole build); line/col 0 = unknown.
 * Message style: lower-case, says what is wrong, quotes the offending text. */
void diag_add(diag_list *d, diag_level lvl, const char *file, int line, int col,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Attaches a one-line hint ("what to do") to the most recent diagnostic. */
void diag_hint(diag_list *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t diag_errors(const diag_list *d);
size_t diag_warnings(const diag_list *d);
/* Prints "file:line:col: error: message" (+ "  hint: ...") sorted. */
void diag_print(diag_list *d, FILE *f, int color);
/* Moves every diagnostic of src into dst (src is left empty). */
void diag_merge(diag_list *dst, diag_list *src);
/* Index access for tests and JSON output. */
size_t diag_count(const diag_list *d);
typedef struct diag_item {
    diag_level level;
    char *file;
    int line, col;
    char *msg;
    char *hint;
} diag_item;
const diag_item *diag_get(diag_list *d, size_t i); /* after sorting */

#endif
