/* schema: per-section front matter schemas declared in site.lua
 * (required keys, types, allowed values, references to data files), checked
 * before anything is rendered so errors point at file:line:col. */
#ifndef LT_SCHEMA_H
#define LT_SCHEMA_H
#include <lua.h>
#include <stddef.h>
#include "diag.h"
#include "val.h"

typedef struct schema_node schema_node;
struct schema_node {
    char *type;            /* string int number bool date period list map any */
    int required;
    char **allowed;        /* allowed values (strings), or NULL */
    size_t n_allowed;
    char *ref;             /* value must be the id of an item of data/<ref>.yaml */
    int has_min, has_max;  /* number range (errors) */
    double min, max;
    int has_bounds;        /* map with lat/lon: outside the box is a warning */
    double south, west, north, east;
    schema_node *items;    /* list: the schema of each item */
    char **keys;           /* map: known fields */
    schema_node **fields;
    size_t n_fields;
};

typedef struct schema_set {
    char **sections;       /* section (or type) a schema applies to */
    schema_node **roots;   /* a map schema for the front matter */
    size_t n;
} schema_set;

/* Reads site.lua's `schemas` table (at stack index idx) into set. 0 or -1. */
int schema_load(lua_State *L, int idx, schema_set *set, diag_list *d);
void schema_free(schema_set *set);
/* The schema for a section/type, or NULL. */
const schema_node *schema_for(const schema_set *set, const char *section);
/* Checks front matter fm of file against root; data is the site's data map
 * (for ref). Adds an error per problem. Returns the number of problems. */
int schema_check(const schema_node *root, const val *fm, const char *file, const val *data,
                 diag_list *d);
/* 1 if s is a period: 2026-12-31, 2026-10, 2026-Q3, 2027, A/B, or ongoing. */
int schema_is_period(const char *s);

#endif
