/* cmarkx: makes cmark-gfm 0.29 safe to parse on several threads at once.
 *
 * cmark-gfm keeps one process-wide table of "special" inline characters.
 * Every parse adds its extensions' characters to it before parsing inlines
 * and removes them again afterwards (cmark_manage_extensions_special_characters),
 * so one thread finishing a parse takes '~' (strikethrough) and ':' 'w'
 * (autolinks) away from another thread still parsing (github/cmark-gfm#176).
 *
 * The library calls that function through its PLT, so a definition in the
 * program replaces it for the whole process (ELF symbol interposition).
 * Ours adds the characters of lotrinh's extension set once and never removes
 * them. Every parser lotrinh makes attaches the same inline extensions, so
 * the table then always holds what each parse would have put there. */
#ifndef LT_CMARKX_H
#define LT_CMARKX_H
#include <cmark-gfm.h>

/* Registers the core extensions and fills the special-character table
 * (once per process). Returns 1 when parses may run in parallel, 0 when
 * the replacement did not take effect (then parses must hold a lock). */
int cmarkx_init(void);

/* Attaches lotrinh's extensions (table, strikethrough, autolink, and
 * tagfilter unless raw HTML is allowed) to a new parser. */
void cmarkx_attach(cmark_parser *p, int unsafe_html);

#endif
