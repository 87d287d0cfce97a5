/* Unit tests for fm.c: front matter split, YAML typing, positions, errors
 * and the limits that refuse hostile documents. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "t.h"
#include "buf.h"
#include "fm.h"

/* State of one fm_split_parse call. */
typedef struct run {
    int rc;
    val *v;
    size_t body_off;
    int body_line;
    diag_list *d;
} run;

static run split(const char *text)
{
    run r;
    memset(&r, 0, sizeof r);
    r.d = diag_new();
    r.body_off = 12345;
    r.body_line = -1;
    r.rc = fm_split_parse("p.md", text, strlen(text), &r.v, &r.body_off, &r.body_line, r.d);
    return r;
}

static void done(run *r)
{
    val_free(r->v);
    diag_free(r->d);
}

/* The first diagnostic's message ("" when none). */
static const char *msg0(run *r)
{
    const diag_item *it = diag_get(r->d, 0);
    return it && it->msg ? it->msg : "";
}
static int line0(run *r) { const diag_item *it = diag_get(r->d, 0); return it ? it->line : -1; }
static int col0(run *r) { const diag_item *it = diag_get(r->d, 0); return it ? it->col : -1; }
static const char *hint0(run *r)
{
    const diag_item *it = diag_get(r->d, 0);
    return it && it->hint ? it->hint : "";
}

static val *get(run *r, const char *k) { return val_map_get(r->v, k); }

static void test_scalars(void)
{
    static const char text[] = "---\n"
                  "n1: null\n"        /* 2 */
                  "n2: ~\n"
                  "n3:\n"
                  "b1: true\n"        /* 5 */
                  "b2: False\n"
                  "b3: TRUE\n"
                  "i1: 42\n"
                  "i2: -17\n"
                  "i3: 0x1F\n"        /* 10 */
                  "i4: 0o17\n"
                  "i5: +9223372036854775807\n"
                  "f1: 3.25\n"
                  "f2: -1e3\n"
                  "f3: .inf\n"        /* 15 */
                  "f4: -.Inf\n"
                  "f5: .nan\n"
                  "s1: hello world\n"
                  "s2: \"42\"\n"
                  "s3: 'true'\n"      /* 20 */
                  "s4: yes\n"
                  "s5: 1_000\n"
                  "s6: |\n"
                  "  line one\n"
                  "  line two\n"      /* 25 */
                  "d1: 2026-11-23\n"
                  "d2: 2026-11-23T08:30:00+07:00\n"
                  "d3: 2026-11-23 08:30\n"
                  "d4: 2026-02-29\n"
                  "d5: \"2026-11-23\"\n" /* 30 */
                  "---\n"
                  "# Body\n";
    run r = split(text);
    val *v;
    CHECK_INT(r.rc, 0);
    CHECK_INT(diag_count(r.d), 0);
    if (r.rc != 0) { done(&r); return; }
    CHECK_INT(r.v->kind, VAL_MAP);
    CHECK_INT(r.v->u.map.n, 27);
    CHECK_STR(r.v->u.map.keys[0], "n1");
    CHECK_STR(r.v->u.map.keys[26], "d5");
    CHECK_INT(get(&r, "n1")->kind, VAL_NULL);
    CHECK_INT(get(&r, "n2")->kind, VAL_NULL);
    CHECK_INT(get(&r, "n3")->kind, VAL_NULL);
    CHECK_INT(get(&r, "b1")->kind, VAL_BOOL);
    CHECK_INT(get(&r, "b1")->u.boolean, 1);
    CHECK_INT(get(&r, "b2")->u.boolean, 0);
    CHECK_INT(get(&r, "b3")->u.boolean, 1);
    CHECK_INT(get(&r, "i1")->kind, VAL_INT);
    CHECK_INT(get(&r, "i1")->u.integer, 42);
    CHECK_INT(get(&r, "i2")->u.integer, -17);
    CHECK_INT(get(&r, "i3")->u.integer, 31);
    CHECK_INT(get(&r, "i4")->u.integer, 15);
    CHECK_INT(get(&r, "i5")->u.integer, 9223372036854775807LL);
    CHECK_INT(get(&r, "f1")->kind, VAL_FLOAT);
    CHECK(get(&r, "f1")->u.number == 3.25);
    CHECK(get(&r, "f2")->u.number == -1000.0);
    CHECK(isinf(get(&r, "f3")->u.number) && get(&r, "f3")->u.number > 0);
    CHECK(isinf(get(&r, "f4")->u.number) && get(&r, "f4")->u.number < 0);
    CHECK(isnan(get(&r, "f5")->u.number));
    CHECK_INT(get(&r, "s1")->kind, VAL_STRING);
    CHECK_STR(get(&r, "s1")->u.str.s, "hello world");
    CHECK_INT(get(&r, "s1")->u.str.len, 11);
    CHECK_INT(get(&r, "s2")->kind, VAL_STRING);
    CHECK_STR(get(&r, "s2")->u.str.s, "42");
    CHECK_INT(get(&r, "s3")->kind, VAL_STRING);
    CHECK_INT(get(&r, "s4")->kind, VAL_STRING);    /* YAML 1.2: not a bool */
    CHECK_INT(get(&r, "s5")->kind, VAL_STRING);
    CHECK_STR(get(&r, "s6")->u.str.s, "line one\nline two\n");
    v = get(&r, "d1");
    CHECK_INT(v->kind, VAL_DATE);
    CHECK_STR(v->u.date.text, "2026-11-23");
    CHECK_INT(v->u.date.d.day, 23);
    v = get(&r, "d2");
    CHECK_INT(v->kind, VAL_DATE);
    CHECK_INT(v->u.date.d.tz_minutes, 420);
    CHECK_STR(v->u.date.text, "2026-11-23T08:30:00+07:00");
    CHECK_INT(get(&r, "d3")->kind, VAL_DATE);
    CHECK_INT(get(&r, "d3")->u.date.d.minute, 30);
    CHECK_INT(get(&r, "d4")->kind, VAL_STRING);    /* not a real day */
    CHECK_INT(get(&r, "d5")->kind, VAL_STRING);    /* quoted */
    /* positions: line in the page file, 1-based column of the value */
    CHECK_INT(get(&r, "n1")->line, 2);
    CHECK_INT(get(&r, "n1")->col, 5);
    CHECK_INT(get(&r, "i1")->line, 8);
    CHECK_INT(get(&r, "d5")->line, 30);
    CHECK_INT(get(&r, "d5")->col, 5);
    CHECK_INT(r.v->line, 2);
    CHECK_INT(r.v->col, 1);
    CHECK_INT(r.body_line, 32);
    CHECK_STR(text + r.body_off, "# Body\n");
    done(&r);
}

static void test_body_and_nesting(void)
{
    const char *text = "---\n"
                       "title: Hello\n"               /* 2 */
                       "tags:\n"                      /* 3 */
                       "  - a\n"                      /* 4 */
                       "  - b\n"
                       "author:\n"                    /* 6 */
                       "  name: Lan\n"                /* 7 */
                       "  links: {web: 'x', n: [1, 2]}\n" /* 8 */
                       "---   \n"                    /* 9: trailing spaces */
                       "Body line\n";
    run r = split(text);
    val *v, *a;
    CHECK_INT(r.rc, 0);
    if (r.rc != 0) { done(&r); return; }
    CHECK_INT(r.body_line, 10);
    CHECK_STR(text + r.body_off, "Body line\n");
    v = get(&r, "title");
    CHECK_INT(v->line, 2);
    CHECK_INT(v->col, 8);
    v = get(&r, "tags");
    CHECK_INT(v->kind, VAL_LIST);
    CHECK_INT(v->u.list.n, 2);
    CHECK_STR(v->u.list.items[1]->u.str.s, "b");
    CHECK_INT(v->u.list.items[1]->line, 5);
    CHECK_INT(v->u.list.items[1]->col, 5);
    a = get(&r, "author");
    CHECK_INT(a->kind, VAL_MAP);
    CHECK_INT(a->line, 7);
    CHECK_INT(a->col, 3);
    v = val_map_get(val_map_get(a, "links"), "n");
    CHECK_INT(v->kind, VAL_LIST);
    CHECK_INT(v->u.list.items[1]->u.integer, 2);
    CHECK_INT(v->u.list.items[1]->line, 8);
    CHECK_INT(v->u.list.items[1]->col, 28);
    done(&r);

    /* closing with "...", body at end of file without newline */
    text = "---\na: 1\n...";
    r = split(text);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.body_off, strlen(text));
    CHECK_INT(r.body_line, 4);
    done(&r);

    /* empty front matter */
    text = "---\n---\nx";
    r = split(text);
    CHECK_INT(r.rc, 0);
    CHECK(r.v && r.v->kind == VAL_MAP && r.v->u.map.n == 0);
    CHECK_INT(r.body_off, 8);
    CHECK_INT(r.body_line, 3);
    done(&r);

    /* comments only */
    r = split("---\n# nothing here\n---\n");
    CHECK_INT(r.rc, 0);
    CHECK(r.v && r.v->kind == VAL_MAP && r.v->u.map.n == 0);
    done(&r);
}

static void test_no_front_matter(void)
{
    const char *texts[] = { "# Title\n\n---\nmore\n", "", "----\na: 1\n----\n",
                            "--- a: 1\n---\n", "\n---\na: 1\n---\n" };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        run r = split(texts[i]);
        CHECK_INT(r.rc, 0);
        CHECK(r.v && r.v->kind == VAL_MAP && r.v->u.map.n == 0);
        CHECK_INT(r.body_off, 0);
        CHECK_INT(r.body_line, 1);
        CHECK_INT(diag_count(r.d), 0);
        done(&r);
    }
}

static void test_errors(void)
{
    run r;
    /* never closed */
    r = split("---\ntitle: x\n\nbody text\n");
    CHECK_INT(r.rc, -1);
    CHECK(r.v == NULL);
    CHECK_INT(diag_errors(r.d), 1);
    CHECK_INT(line0(&r), 1);
    CHECK_INT(col0(&r), 1);
    CHECK_CONTAINS(msg0(&r), "never ends with a '---' line");
    CHECK_CONTAINS(hint0(&r), "add a line with only '---'");
    done(&r);
    r = split("---");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 1);
    done(&r);

    /* not a map */
    r = split("---\n- a\n- b\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK(r.v == NULL);
    CHECK_INT(line0(&r), 2);
    CHECK_INT(col0(&r), 1);
    CHECK_CONTAINS(msg0(&r), "not a list");
    done(&r);
    r = split("---\n\n  just some words\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 3);
    CHECK_INT(col0(&r), 3);
    CHECK_CONTAINS(msg0(&r), "'just some words'");
    done(&r);

    /* syntax error: position from libyaml's problem mark */
    r = split("---\ntitle: ok\nbad: a: b\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(diag_errors(r.d), 1);
    CHECK_INT(line0(&r), 3);
    CHECK_INT(col0(&r), 7);
    CHECK_CONTAINS(msg0(&r), "mapping values are not allowed");
    CHECK_CONTAINS(msg0(&r), "'bad: a: b'");
    CHECK_CONTAINS(hint0(&r), "quotes");
    done(&r);
    r = split("---\na: 1\n\tb: 2\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 3);
    CHECK_INT(col0(&r), 1);
    CHECK_CONTAINS(msg0(&r), "yaml syntax error");
    CHECK_CONTAINS(hint0(&r), "tabs");
    done(&r);
    r = split("---\nx: 1\na: \"open\nb: 2\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 3);                     /* where the quote opens */
    CHECK_INT(col0(&r), 4);
    CHECK_CONTAINS(msg0(&r), "quoted scalar");
    CHECK_CONTAINS(hint0(&r), "closing quote");
    done(&r);
    r = split("---\na: [1, 2\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "flow sequence on line 2");
    CHECK_CONTAINS(hint0(&r), "']'");
    done(&r);
    r = split("---\na: 1\x01\n---\n");      /* reader error: byte offset */
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 2);
    CHECK_INT(col0(&r), 5);
    CHECK_CONTAINS(msg0(&r), "control characters");
    done(&r);

    /* duplicate keys */
    r = split("---\ntitle: a\ndate: 2026-01-01\ntitle: b\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 4);
    CHECK_INT(col0(&r), 1);
    CHECK_CONTAINS(msg0(&r), "duplicate key 'title' (first on line 2, again on line 4)");
    done(&r);
    r = split("---\nx:\n  k: 1\n  k: 2\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 4);
    CHECK_INT(col0(&r), 3);
    CHECK_CONTAINS(msg0(&r), "duplicate key 'k'");
    done(&r);

    /* non-scalar keys */
    r = split("---\n? [a, b]\n: 1\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 2);
    CHECK_CONTAINS(msg0(&r), "a key must be plain text, not a list");
    done(&r);
    r = split("---\n{a: 1}: x\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "not a map");
    done(&r);

    /* too large integer */
    r = split("---\nid: 123456789012345678901234567890\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 2);
    CHECK_INT(col0(&r), 5);
    CHECK_CONTAINS(msg0(&r), "too large");
    done(&r);
}

static void test_tags(void)
{
    run r = split("---\n"
                  "a: !!str 42\n"
                  "b: !!int \"17\"\n"
                  "c: !!float 3\n"
                  "d: !!str 2026-11-23\n"
                  "e: !!bool \"true\"\n"
                  "f: ! 12\n"
                  "g: !!float \"-2.5\"\n"
                  "---\n");
    CHECK_INT(r.rc, 0);
    if (r.rc == 0) {
        CHECK_INT(get(&r, "a")->kind, VAL_STRING);
        CHECK_STR(get(&r, "a")->u.str.s, "42");
        CHECK_INT(get(&r, "b")->kind, VAL_INT);
        CHECK_INT(get(&r, "b")->u.integer, 17);
        CHECK_INT(get(&r, "c")->kind, VAL_FLOAT);
        CHECK(get(&r, "c")->u.number == 3.0);
        CHECK_INT(get(&r, "d")->kind, VAL_STRING);
        CHECK_INT(get(&r, "e")->kind, VAL_BOOL);
        CHECK_INT(get(&r, "f")->kind, VAL_STRING);
        CHECK(get(&r, "g")->u.number == -2.5);
    }
    done(&r);

    r = split("---\nx: 1\nn: !!int abc\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 3);
    CHECK_INT(col0(&r), 4);
    CHECK_CONTAINS(msg0(&r), "'abc' is not an integer (tag !!int)");
    done(&r);
    r = split("---\nn: !!float 1.2.3\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "'1.2.3' is not a number");
    done(&r);
    r = split("---\nn: !custom x\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "unknown tag '!custom'");
    done(&r);
    r = split("---\nn: !!map [1]\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "tag '!!map' does not fit a list");
    done(&r);
}

static void test_aliases(void)
{
    run r = split("---\n"
                  "base: &b\n"                  /* 2 */
                  "  color: red\n"
                  "  size: [1, 2]\n"
                  "copy: *b\n"                  /* 5 */
                  "&k name: Lan\n"              /* 6: anchor on a key */
                  "who: *k\n"                   /* 7 */
                  "n: &n 5\n"
                  "m: *n\n"
                  "---\n");
    val *b, *c;
    CHECK_INT(r.rc, 0);
    if (r.rc == 0) {
        b = get(&r, "base");
        c = get(&r, "copy");
        CHECK(b && c && b != c);
        CHECK_INT(c->kind, VAL_MAP);
        CHECK_STR(val_map_get(c, "color")->u.str.s, "red");
        CHECK(val_map_get(c, "color") != val_map_get(b, "color"));   /* deep copy */
        CHECK_INT(val_map_get(c, "size")->u.list.items[1]->u.integer, 2);
        CHECK_INT(c->line, 5);                   /* where the alias is used */
        CHECK_INT(c->col, 7);
        CHECK_STR(get(&r, "who")->u.str.s, "name");
        CHECK_INT(get(&r, "m")->kind, VAL_INT);
        CHECK_INT(get(&r, "m")->u.integer, 5);
    }
    done(&r);

    r = split("---\na: *nope\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_INT(line0(&r), 2);
    CHECK_INT(col0(&r), 4);
    CHECK_CONTAINS(msg0(&r), "unknown alias '*nope'");
    done(&r);
    r = split("---\na: &x [1, *x]\n---\n");       /* alias inside itself */
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "unknown alias '*x'");
    done(&r);
    r = split("---\na: &x 1\n*x : 2\n---\n");
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "not an alias '*x'");
    done(&r);
}

static void test_bombs(void)
{
    buf b = BUF_INIT;
    clock_t t0;
    run r;
    const char *names = "abcdefghi";

    /* billion laughs: 9 levels of 9 aliases each */
    buf_puts(&b, "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (int lvl = 1; lvl < 9; lvl++) {
        buf_printf(&b, "%c: &%c [", names[lvl], names[lvl]);
        for (int k = 0; k < 9; k++) buf_printf(&b, "%s*%c", k ? ", " : "", names[lvl - 1]);
        buf_puts(&b, "]\n");
    }
    buf_puts(&b, "---\n");
    t0 = clock();
    r = split(buf_cstr(&b));
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
    CHECK_INT(r.rc, -1);
    CHECK(r.v == NULL);
    CHECK_INT(diag_errors(r.d), 1);
    CHECK_CONTAINS(msg0(&r), "too many values after expanding aliases (alias bomb?)");
    CHECK_INT(line0(&r), 7);                     /* f: 9 * 66430 > 200000 */
    CHECK_INT(col0(&r), 12);                     /* the second *e */
    done(&r);

    /* big strings copied many times: refused on bytes */
    buf_reset(&b);
    buf_puts(&b, "---\ns: &s \"");
    for (int k = 0; k < 100000; k++) buf_putc(&b, 'x');
    buf_puts(&b, "\"\nl: [");
    for (int k = 0; k < 1000; k++) buf_puts(&b, k ? ", *s" : "*s");
    buf_puts(&b, "]\n---\n");
    r = split(buf_cstr(&b));
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "alias bomb");
    done(&r);

    /* depth bomb: 200 nested lists */
    buf_reset(&b);
    buf_puts(&b, "---\nx: ");
    for (int k = 0; k < 200; k++) buf_putc(&b, '[');
    for (int k = 0; k < 200; k++) buf_putc(&b, ']');
    buf_puts(&b, "\n---\n");
    r = split(buf_cstr(&b));
    CHECK_INT(r.rc, -1);
    CHECK_INT(diag_errors(r.d), 1);
    CHECK_CONTAINS(msg0(&r), "nested deeper than 64 levels");
    CHECK_INT(line0(&r), 2);
    CHECK_INT(col0(&r), 4 + 63);                /* the map is level 1 */
    done(&r);

    /* exactly at the limit is fine: map + 63 lists */
    buf_reset(&b);
    buf_puts(&b, "---\nx: ");
    for (int k = 0; k < 63; k++) buf_putc(&b, '[');
    for (int k = 0; k < 63; k++) buf_putc(&b, ']');
    buf_puts(&b, "\n---\n");
    r = split(buf_cstr(&b));
    CHECK_INT(r.rc, 0);
    done(&r);

    /* depth grown through aliases is refused too */
    buf_reset(&b);
    buf_puts(&b, "---\na: &a ");
    for (int k = 0; k < 40; k++) buf_putc(&b, '[');
    for (int k = 0; k < 40; k++) buf_putc(&b, ']');
    buf_puts(&b, "\nb: ");
    for (int k = 0; k < 30; k++) buf_putc(&b, '[');
    buf_puts(&b, "*a");
    for (int k = 0; k < 30; k++) buf_putc(&b, ']');
    buf_puts(&b, "\n---\n");
    r = split(buf_cstr(&b));
    CHECK_INT(r.rc, -1);
    CHECK_CONTAINS(msg0(&r), "after expanding alias '*a'");
    CHECK_INT(line0(&r), 3);
    done(&r);

    /* a large flat map stays fast (duplicate check is hashed) */
    buf_reset(&b);
    buf_puts(&b, "---\n");
    for (int k = 0; k < 60000; k++) buf_printf(&b, "k%d: %d\n", k, k);
    buf_puts(&b, "---\n");
    t0 = clock();
    r = split(buf_cstr(&b));
    CHECK_INT(r.rc, 0);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0);
    if (r.rc == 0) {
        CHECK_INT(r.v->u.map.n, 60000);
        CHECK_INT(get(&r, "k59999")->u.integer, 59999);
        CHECK_INT(get(&r, "k59999")->line, 60001);
    }
    done(&r);
    buf_free(&b);
}

static void test_parse_yaml(void)
{
    diag_list *d = diag_new();
    val *v = NULL;
    const char *doc = "- 1\n- two\n- [3]\n";
    CHECK_INT(fm_parse_yaml("data.yml", doc, strlen(doc), 0, &v, d), 0);
    CHECK(v && v->kind == VAL_LIST && v->u.list.n == 3);
    if (v && v->kind == VAL_LIST && v->u.list.n == 3) {
        CHECK_INT(v->u.list.items[1]->line, 2);
        CHECK_INT(v->u.list.items[1]->col, 3);
    }
    val_free(v);
    v = NULL;
    CHECK_INT(fm_parse_yaml("data.yml", "", 0, 0, &v, d), 0);
    CHECK(v && v->kind == VAL_NULL);
    val_free(v);
    v = NULL;
    CHECK_INT(fm_parse_yaml("data.yml", "# c\n", 4, 0, &v, d), 0);
    CHECK(v && v->kind == VAL_NULL);
    val_free(v);
    v = NULL;
    CHECK_INT(fm_parse_yaml("data.yml", "hello", 5, 10, &v, d), 0);
    CHECK(v && v->kind == VAL_STRING && v->line == 11);
    val_free(v);
    v = NULL;
    CHECK_INT(diag_count(d), 0);
    doc = "a: 1\n---\nb: 2\n";
    CHECK_INT(fm_parse_yaml("data.yml", doc, strlen(doc), 0, &v, d), -1);
    CHECK(v == NULL);
    CHECK_INT(diag_errors(d), 1);
    if (diag_count(d)) {
        CHECK_INT(diag_get(d, 0)->line, 2);
        CHECK_STR(diag_get(d, 0)->file, "data.yml");
        CHECK_CONTAINS(diag_get(d, 0)->msg, "second yaml document");
    }
    diag_free(d);
}

int main(void)
{
    test_scalars();
    test_body_and_nesting();
    test_no_front_matter();
    test_errors();
    test_tags();
    test_aliases();
    test_bombs();
    test_parse_yaml();
    return t_done();
}
