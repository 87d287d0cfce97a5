/* luax: sandboxed Lua 5.4 states and conversions between val and Lua.
 * Layouts and site.lua run with read-only access to what we give them:
 * no io, no os.execute, no loading files, and an instruction budget. */
#ifndef LT_LUAX_H
#define LT_LUAX_H
#include <lua.h>
#include "val.h"
#include "diag.h"

/* Instructions a single top-level call may run before it is stopped. */
#define LUAX_BUDGET 200000000LL

/* Bytes a state may allocate; past it an allocation fails and Lua raises
 * "not enough memory" (a layout building a huge string or table). */
#define LUAX_MEMORY ((size_t)1 << 30)

/* A new state with the safe standard library (base without dofile,
 * loadfile, load of binary chunks; string, table, math, utf8; os.time,
 * os.date, os.clock only). NULL on allocation failure. Close with luax_close. */
lua_State *luax_new(void);
/* Closes a state made by luax_new (and frees its memory counter). */
void luax_close(lua_State *L);
/* 1 if an allocation was refused for LUAX_MEMORY since the last call (to
 * explain a memory error); resets the flag. */
int luax_out_of_memory(lua_State *L);

/* Arms the instruction budget for the next call (resets the counter). */
void luax_budget(lua_State *L, long long instructions);

/* Pushes v as a Lua value: maps -> tables, lists -> sequences, dates ->
 * date tables (see luax_push_date), null -> nil (in tables: absent). */
void luax_push_val(lua_State *L, const val *v, int tz_minutes);

/* Converts the Lua value at idx to a val (tables with 1..n keys -> lists,
 * other tables -> maps with keys sorted, date tables -> dates, functions
 * and other values -> an error). NULL with *err set on failure. Caller frees. */
val *luax_to_val(lua_State *L, int idx, int depth, const char **err);

/* Pushes a date table {year, month, day, hour, minute, second, epoch,
 * has_time} with comparison metamethods and __tostring (ISO 8601). */
void luax_push_date(lua_State *L, long long epoch, int tz_minutes, int has_time);

/* Loads and runs a Lua file in the sandbox; leaves its single result on
 * the stack. Errors: diagnostic "file:line: message" and -1 (stack unchanged). */
int luax_run_file(lua_State *L, const char *path, const char *display, diag_list *d);

/* Splits a Lua error message "@file:12: text" / "file:12: text" into a
 * file, line and message and adds it as a diagnostic (page names the page
 * being rendered, or NULL). */
void luax_report(diag_list *d, const char *msg, const char *page);

/* Calls the function at the top of the stack (with nargs below it) under
 * the budget and with a traceback. 0 or -1; on error the message is on the stack. */
int luax_pcall(lua_State *L, int nargs, int nres);

#endif
