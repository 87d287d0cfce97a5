/* Unit tests for val.c: tree building, copy, map order, dates, epochs. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "val.h"

/* Parses s as a date; returns 0 or -1 like val_parse_date. */
static int pd(const char *s, val_date *d) { return val_parse_date(s, strlen(s), d); }

static void test_tree(void)
{
    val *m = val_new(VAL_MAP, 1, 1);
    val *l = val_new(VAL_LIST, 2, 3);
    val *s = val_new_string("hi", 2, 4, 5);
    val *c, *i;
    CHECK(m && l && s);
    CHECK_INT(s->line, 4);
    CHECK_INT(s->col, 5);
    CHECK_STR(s->u.str.s, "hi");
    CHECK_INT(s->u.str.len, 2);
    for (int k = 0; k < 100; k++) {
        i = val_new(VAL_INT, 3, 1);
        i->u.integer = k;
        CHECK_INT(val_list_push(l, i), 0);
    }
    CHECK_INT(l->u.list.n, 100);
    CHECK_INT(l->u.list.items[99]->u.integer, 99);
    CHECK_INT(val_map_set(m, "b", s), 0);
    CHECK_INT(val_map_set(m, "a", l), 0);
    CHECK_INT(val_map_add(m, "c", val_new(VAL_NULL, 1, 1)), 0);
    CHECK_INT(m->u.map.n, 3);
    CHECK_STR(m->u.map.keys[0], "b");            /* insertion order */
    CHECK_STR(m->u.map.keys[1], "a");
    CHECK(val_map_get(m, "a") == l);
    CHECK(val_map_get(m, "zz") == NULL);
    CHECK(val_map_get(l, "a") == NULL);           /* not a map */
    i = val_new(VAL_BOOL, 9, 9);
    i->u.boolean = 1;
    CHECK_INT(val_map_set(m, "b", i), 0);         /* replace frees "hi" */
    CHECK_INT(m->u.map.n, 3);
    CHECK_STR(m->u.map.keys[0], "b");
    CHECK_INT(val_map_get(m, "b")->kind, VAL_BOOL);
    CHECK_INT(val_list_push(m, i), -1);           /* wrong kind */

    c = val_copy(m);
    CHECK(c && c != m);
    CHECK_INT(c->u.map.n, 3);
    CHECK(val_map_get(c, "a") != l);
    CHECK_INT(val_map_get(c, "a")->u.list.n, 100);
    CHECK_INT(val_map_get(c, "a")->u.list.items[42]->u.integer, 42);
    CHECK_INT(val_map_get(c, "a")->line, 2);
    /* the copy keeps growing correctly */
    CHECK_INT(val_list_push(val_map_get(c, "a"), val_new(VAL_NULL, 0, 0)), 0);
    CHECK_INT(val_map_add(c, "d", val_new_string("x", 1, 0, 0)), 0);
    CHECK_STR(val_map_get(c, "d")->u.str.s, "x");
    val_free(m);
    val_free(c);
    val_free(NULL);

    s = val_new_string(NULL, 0, 1, 1);
    CHECK(s && s->u.str.s && s->u.str.s[0] == '\0');
    val_free(s);

    CHECK_STR(val_kind_name(VAL_DATE), "date");
    CHECK_STR(val_kind_name(VAL_MAP), "map");
    CHECK_STR(val_kind_name(VAL_STRING), "string");
}

static void test_dates(void)
{
    val_date d;
    CHECK_INT(pd("2026-11-23", &d), 0);
    CHECK_INT(d.year, 2026); CHECK_INT(d.month, 11); CHECK_INT(d.day, 23);
    CHECK_INT(d.has_time, 0); CHECK_INT(d.has_tz, 0);
    CHECK_INT(pd("2026-11-23T08:30:00", &d), 0);
    CHECK_INT(d.hour, 8); CHECK_INT(d.minute, 30); CHECK_INT(d.second, 0);
    CHECK_INT(d.has_time, 1); CHECK_INT(d.has_tz, 0);
    CHECK_INT(pd("2026-11-23 08:30", &d), 0);
    CHECK_INT(d.hour, 8); CHECK_INT(d.minute, 30); CHECK_INT(d.has_time, 1);
    CHECK_INT(pd("2026-11-23T08:30:15.123456Z", &d), 0);
    CHECK_INT(d.second, 15); CHECK_INT(d.has_tz, 1); CHECK_INT(d.tz_minutes, 0);
    CHECK_INT(pd("2026-11-23T08:30+07:00", &d), 0);
    CHECK_INT(d.has_tz, 1); CHECK_INT(d.tz_minutes, 420);
    CHECK_INT(pd("2026-11-23 08:30:00 -05:30", &d), 0);
    CHECK_INT(d.tz_minutes, -330);
    CHECK_INT(pd("2024-02-29", &d), 0);
    CHECK_INT(pd("2000-02-29", &d), 0);
    CHECK_INT(pd("2026-12-31T23:59:59", &d), 0);

    CHECK_INT(pd("2026-02-29", &d), -1);          /* not a leap year */
    CHECK_INT(pd("1900-02-29", &d), -1);
    CHECK_INT(pd("2026-13-01", &d), -1);
    CHECK_INT(pd("2026-00-10", &d), -1);
    CHECK_INT(pd("2026-04-31", &d), -1);
    CHECK_INT(pd("2026-04-00", &d), -1);
    CHECK_INT(pd("2026-11-23T24:00", &d), -1);
    CHECK_INT(pd("2026-11-23T08:60", &d), -1);
    CHECK_INT(pd("2026-11-23T08:30:61", &d), -1);
    CHECK_INT(pd("2026-11-23T08", &d), -1);
    CHECK_INT(pd("2026-11-23T08:30+7", &d), -1);
    CHECK_INT(pd("2026-11-23T08:30+07:60", &d), -1);
    CHECK_INT(pd("2026-11-23T08:30:00.", &d), -1);
    CHECK_INT(pd("2026-11-23x", &d), -1);
    CHECK_INT(pd("2026-11-23 ", &d), -1);
    CHECK_INT(pd("2026-1-23", &d), -1);
    CHECK_INT(pd("26-11-23", &d), -1);
    CHECK_INT(pd("", &d), -1);
    CHECK_INT(pd("hello", &d), -1);
    CHECK_INT(val_parse_date("2026-11-23", 7, &d), -1); /* respects len */
    CHECK_INT(val_parse_date("2026-11-23junk", 10, &d), 0);
}

static void test_epoch(void)
{
    val_date d, e;
    CHECK_INT(pd("1970-01-01", &d), 0);
    CHECK_INT(val_date_epoch(&d, 0), 0);
    CHECK_INT(val_date_epoch(&d, 420), -420 * 60);  /* site zone +07:00 */
    CHECK_INT(pd("2000-03-01T00:00:00Z", &d), 0);
    CHECK_INT(val_date_epoch(&d, 999), 951868800);
    CHECK_INT(pd("2026-11-23T08:30:00+07:00", &d), 0);
    CHECK_INT(val_date_epoch(&d, 0), 1795397400LL); /* 01:30 UTC */
    CHECK_INT(pd("2026-11-23T01:30:00Z", &e), 0);
    CHECK_INT(val_date_epoch(&e, 0), val_date_epoch(&d, 0));
    CHECK_INT(pd("1969-12-31T23:59:59Z", &d), 0);
    CHECK_INT(val_date_epoch(&d, 0), -1);

    val_date_from_epoch(1795397400LL, 420, &e);
    CHECK_INT(e.year, 2026); CHECK_INT(e.month, 11); CHECK_INT(e.day, 23);
    CHECK_INT(e.hour, 8); CHECK_INT(e.minute, 30); CHECK_INT(e.second, 0);
    CHECK_INT(e.has_tz, 1); CHECK_INT(e.tz_minutes, 420);
    val_date_from_epoch(-1, 0, &e);
    CHECK_INT(e.year, 1969); CHECK_INT(e.month, 12); CHECK_INT(e.day, 31);
    CHECK_INT(e.hour, 23); CHECK_INT(e.second, 59);
    val_date_from_epoch(1795397400LL, -330, &e);
    CHECK_INT(e.day, 22); CHECK_INT(e.hour, 20); CHECK_INT(e.minute, 0);

    /* round trips over many days, times and zones, across leap years */
    int bad = 0;
    for (long long t = -2208988800LL; t < 4102444800LL; t += 86400LL * 37 + 3671) {
        int zones[] = { 0, 420, -330, 840, -720 };
        for (int z = 0; z < 5; z++) {
            val_date_from_epoch(t, zones[z], &e);
            if (val_date_epoch(&e, 0) != t) bad++;
            char s[40];
            snprintf(s, sizeof s, "%04d-%02d-%02dT%02d:%02d:%02d", e.year, e.month, e.day,
                     e.hour, e.minute, e.second);
            if (pd(s, &d) != 0 || val_date_epoch(&d, zones[z]) != t) bad++;
        }
    }
    CHECK_INT(bad, 0);
    /* every day of 2024 maps to a valid, consecutive date */
    bad = 0;
    pd("2024-01-01", &d);
    long long t0 = val_date_epoch(&d, 0);
    int feb29 = 0;
    for (int k = 0; k < 366; k++) {
        val_date_from_epoch(t0 + k * 86400LL, 0, &e);
        if (e.month == 2 && e.day == 29) feb29 = 1;
        if (e.year != 2024) bad++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(feb29, 1);
}

int main(void)
{
    test_tree();
    test_dates();
    test_epoch();
    return t_done();
}
