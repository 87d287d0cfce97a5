/* main: the command line. Parses arguments and calls the modules; the only
 * place that prints diagnostics and chooses the exit code. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "build.h"
#include "serve.h"
#include "site.h"
#include "buf.h"
#include "diag.h"
#include "fsx.h"
#include "val.h"
#include "sitecheck.h"
#include <libxml/parser.h>


static const char usage[] =
    "usage: lotrinh build [options]     build the site into the destination folder\n"
    "       lotrinh serve [options]     preview: serve, rebuild on change, reload the browser\n"
    "       lotrinh check [--source DIR] [--dest DIR] [--format text|json] [--strict]\n"
    "                                  check the built site: links, anchors, alt text,\n"
    "                                  duplicate ids, translations, overdue items\n"
    "       lotrinh check --translations [--source DIR]\n"
    "                                  list pages that lack a translation (exit 1 if any)\n"
    "       lotrinh new SECTION/NAME [--source DIR]\n"
    "                                  start content/SECTION/NAME.md from archetypes/SECTION.md\n"
    "       lotrinh new SECTION/NAME/index.LANG.md [--source DIR]\n"
    "                                  the same, as a page bundle (a folder for the page and its photos)\n"
    "       lotrinh --help | --version\n"
    "\n"
    "build options:\n"
    "  -s, --source DIR     the site's folder (default: the current folder)\n"
    "  -d, --dest DIR       the output folder (default: SOURCE/public)\n"
    "  -D, --drafts         include pages with draft: true (and expired ones)\n"
    "  -F, --future         include pages whose publishDate is in the future\n"
    "  -b, --base-url URL   use URL instead of site.lua's base_url\n"
    "  -j, --jobs N         render with N threads (default: one per core)\n"
    "      --now DATE       build as if today were DATE (YYYY-MM-DD), for tests\n"
    "      --clean          ignore the previous build: render and write every file\n"
    "      --explain        print each page rendered again, and why\n"
    "  -q, --quiet          print only errors and warnings\n"
    "\n"
    "serve options (the output goes to SOURCE/.lotrinh-cache/serve/):\n"
    "  -s, --source DIR     the site's folder (default: the current folder)\n"
    "  -p, --port N         the TCP port (default: 1313; 0: any free port)\n"
    "      --bind ADDR      the address to listen on (default: 127.0.0.1)\n"
    "      --no-drafts      leave drafts out (serve shows them, with a banner)\n"
    "  -F, --future, -j, --jobs N, --now DATE: as for build\n"
    "\n"
    "check options: -s, -d, -j, -b as for build, and\n"
    "      --format FMT     text (default) or json\n"
    "      --strict         exit 1 on warnings too\n"
    "\n"
    "exit status: 0 built, 1 the content has errors (public/ left as it was),\n"
    "2 wrong usage. See lotrinh(1) and docs/.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("lotrinh: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'lotrinh --help'.\n", stderr);
    return 2;
}

/* --jobs N: 1 to 64. Returns N, or -1. */
static int parse_jobs(const char *arg)
{
    char *end;
    long n = strtol(arg, &end, 10);
    return *end || end == arg || n < 1 || n > 64 ? -1 : (int)n;
}

/* --now DATE: a date or date-time. */
static int now_ok(const char *arg)
{
    val_date dt;
    return val_parse_date(arg, strlen(arg), &dt) == 0;
}

static int cmd_build(int argc, char **argv)
{
    build_opts o = { .now = -1 };
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"dest", required_argument, 0, 'd'},
        {"drafts", no_argument, 0, 'D'}, {"future", no_argument, 0, 'F'},
        {"base-url", required_argument, 0, 'b'}, {"jobs", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'}, {"now", required_argument, 0, 'N'},
        {"help", no_argument, 0, 'h'}, {"clean", no_argument, 0, 'C'},
        {"explain", no_argument, 0, 'E'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:d:DFb:j:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'C': o.clean = 1; break;
        case 'E': o.explain = 1; break;
        case 's': o.source = optarg; break;
        case 'd': o.dest = optarg; break;
        case 'D': o.drafts = 1; break;
        case 'F': o.future = 1; break;
        case 'b':
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return usage_error("--base-url must start with http:// or https://, not \"%s\"", optarg);
            o.base_url = optarg;
            break;
        case 'j':
            if ((o.jobs = parse_jobs(optarg)) < 0)
                return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", optarg);
            break;
        case 'q': o.quiet = 1; break;
        case 'N':
            if (!now_ok(optarg))
                return usage_error("--now takes a date such as 2026-11-23, not \"%s\"", optarg);
            o.now_date = optarg;   /* read in the site's zone once site.lua is loaded */
            break;
        case 'h': fputs(usage, stdout); return 0;
        case ':': return usage_error("%s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error("unexpected argument \"%s\"", argv[optind]);
    diag_list *d = diag_new();
    if (!d) { fputs("lotrinh: out of memory\n", stderr); return 1; }
    int rc = build_run(&o, d, stdout);
    int color = isatty(2) && !getenv("NO_COLOR");
    diag_print(d, stderr, color);
    if (rc != 0) {
        size_t n = diag_errors(d);
        fprintf(stderr, "lotrinh: %zu error%s; nothing was written (the previous site is untouched)\n",
                n, n == 1 ? "" : "s");
    }
    diag_free(d);
    return rc ? 1 : 0;
}

/* lotrinh serve: builds into SOURCE/.lotrinh-cache/serve/, serves it and
 * rebuilds on every change until Ctrl-C. */
static int cmd_serve(int argc, char **argv)
{
    serve_opts o = { .bind = SERVE_DEFAULT_BIND, .port = SERVE_DEFAULT_PORT, .drafts = 1 };
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"port", required_argument, 0, 'p'},
        {"bind", required_argument, 0, 'B'}, {"no-drafts", no_argument, 0, 'n'},
        {"future", no_argument, 0, 'F'}, {"jobs", required_argument, 0, 'j'},
        {"now", required_argument, 0, 'N'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:p:Fj:h", longs, NULL)) != -1) {
        switch (c) {
        case 's': o.source = optarg; break;
        case 'p': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 0 || n > 65535)
                return usage_error("--port takes a number from 0 to 65535, not \"%s\"", optarg);
            o.port = (int)n;
            break;
        }
        case 'B':
            if (!serve_bind_ok(optarg))
                return usage_error("--bind takes an IP address such as 127.0.0.1 or ::1, not \"%s\"", optarg);
            o.bind = optarg;
            break;
        case 'n': o.drafts = 0; break;
        case 'F': o.future = 1; break;
        case 'j':
            if ((o.jobs = parse_jobs(optarg)) < 0)
                return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", optarg);
            break;
        case 'N':
            if (!now_ok(optarg))
                return usage_error("--now takes a date such as 2026-11-23, not \"%s\"", optarg);
            o.now_date = optarg;   /* read in the site's zone once site.lua is loaded */
            break;
        case 'h': fputs(usage, stdout); return 0;
        case ':': return usage_error("%s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error("unexpected argument \"%s\"", argv[optind]);
    return serve_run(&o);
}

/* Calls fn for every page and language that lacks a translation (regular,
 * section and home pages with a source file; fallback copies do not count). */
static size_t each_untranslated(const site *s, void (*fn)(const site *, const page *, size_t, void *),
                                void *ud)
{
    size_t missing = 0;
    for (size_t i = 0; i < s->n_pages; i++) {
        const page *p = s->pages[i];
        if (!p->src || p->fallback_of || (p->kind != PAGE_REGULAR && p->kind != PAGE_SECTION &&
                                          p->kind != PAGE_HOME))
            continue;
        for (size_t l = 0; l < s->cfg.n_langs; l++) {
            if (p->trans[l] && !p->trans[l]->fallback_of) continue;
            fn(s, p, l, ud);
            missing++;
        }
    }
    return missing;
}

static void print_untranslated(const site *s, const page *p, size_t l, void *ud)
{
    (void)ud;
    printf("%s: no '%s' translation\n", p->src, s->cfg.langs[l].code);
}

typedef struct untr_ctx { sc_report *r; sc_level level; } untr_ctx;

static void report_untranslated(const site *s, const page *p, size_t l, void *ud)
{
    untr_ctx *c = ud;
    buf m = BUF_INIT, h = BUF_INIT;
    buf_printf(&m, "no '%s' translation", s->cfg.langs[l].code);
    buf_printf(&h, "add the page in %s (name.%s.md, or the same translationKey), or leave it "
               "if it is meant for one language", s->cfg.langs[l].name ? s->cfg.langs[l].name :
               s->cfg.langs[l].code, s->cfg.langs[l].code);
    char *at = site_rel_url(s, p->url);
    sc_add(c->r, c->level, "untranslated", p->src, 0, at, s->cfg.langs[l].code, buf_cstr(&m),
           buf_cstr(&h));
    free(at);
    buf_free(&m);
    buf_free(&h);
}

/* lotrinh check: the built site (links, anchors, alt, ids, overdue items,
 * translations); with --translations only the source's translations. */
static int cmd_check(int argc, char **argv)
{
    const char *source = ".", *dest = NULL, *base_url = NULL, *format = "text";
    int translations = 0, strict = 0, jobs = 0;
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"translations", no_argument, 0, 't'},
        {"dest", required_argument, 0, 'd'}, {"format", required_argument, 0, 'f'},
        {"strict", no_argument, 0, 'S'}, {"jobs", required_argument, 0, 'j'},
        {"base-url", required_argument, 0, 'b'}, {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:d:f:j:b:th", longs, NULL)) != -1) {
        switch (c) {
        case 's': source = optarg; break;
        case 'd': dest = optarg; break;
        case 't': translations = 1; break;
        case 'S': strict = 1; break;
        case 'f':
            if (strcmp(optarg, "text") && strcmp(optarg, "json"))
                return usage_error("--format takes text or json, not \"%s\"", optarg);
            format = optarg;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 64) return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", optarg);
            jobs = (int)n;
            break;
        }
        case 'b':
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return usage_error("--base-url must start with http:// or https://, not \"%s\"", optarg);
            base_url = optarg;
            break;
        case 'h': fputs(usage, stdout); return 0;
        case ':': return usage_error("%s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error("unexpected argument \"%s\"", argv[optind]);
    int json = !strcmp(format, "json");
    site s;
    memset(&s, 0, sizeof s);
    s.root = (char *)source;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    s.now = sde && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL);
    diag_list *d = diag_new();
    char *dest_owned = NULL;
    sc_report r;
    memset(&r, 0, sizeof r);
    int rc = 1;
    if (site_config_load(&s, d) < 0 || site_load(&s, d) < 0) goto done;
    if (translations && !json) {              /* the original listing */
        size_t missing = each_untranslated(&s, print_untranslated, NULL);
        printf("%zu missing translation%s\n", missing, missing == 1 ? "" : "s");
        rc = missing ? 1 : 0;
        goto done;
    }
    if (translations) {
        untr_ctx u = { &r, SC_ERROR };
        each_untranslated(&s, report_untranslated, &u);
    } else {
        if (!dest) dest = dest_owned = fsx_join(source, "public");
        if (fsx_kind(dest) != 1) {
            fprintf(stderr, "lotrinh: %s is not a built site (no such folder); build first:\n"
                            "  lotrinh build --source %s --dest %s\n", dest, source, dest);
            rc = 2;
            goto done;
        }
        /* base URL and path as the build would use them */
        buf bu = BUF_INIT, bp = BUF_INIT;
        if (base_url) {
            const char *h = strstr(base_url, "://") + 3;
            const char *slash = strchr(h, '/');
            buf_put(&bu, base_url, slash ? (size_t)(slash - base_url) : strlen(base_url));
            buf_puts(&bp, slash ? slash : "/");
            if (bp.data[bp.len - 1] != '/') buf_putc(&bp, '/');
        } else {
            buf_puts(&bu, s.cfg.base_url ? s.cfg.base_url : "");
            buf_puts(&bp, s.cfg.base_path ? s.cfg.base_path : "/");
        }
        int n = jobs ? jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
        sitecheck_opts o = { dest, buf_cstr(&bu), buf_cstr(&bp), n < 1 ? 1 : n > 64 ? 64 : n };
        xmlInitParser();
        sitecheck_run(&o, &r);
        buf_free(&bu);
        buf_free(&bp);
        untr_ctx u = { &r, SC_WARNING };
        each_untranslated(&s, report_untranslated, &u);
    }
    sc_sort(&r);
    if (json) sc_print_json(&r, translations ? NULL : dest, stdout);
    else sc_print_text(&r, stdout, isatty(1) && !getenv("NO_COLOR"));
    rc = r.errors || r.oom || (strict && r.warnings) ? 1 : 0;
done:
    fflush(stdout);
    diag_print(d, stderr, isatty(2) && !getenv("NO_COLOR"));
    diag_free(d);
    sc_free(&r);
    free(dest_owned);
    s.root = NULL;
    site_free(&s);
    return rc;
}

/* The zone of site.lua in folder source (minutes east of UTC) in *tz; 0 (UTC)
 * when there is no site.lua. Prints site.lua's errors and returns -1 on them. */
static int site_zone(const char *source, int *tz)
{
    char cfg[1024];
    snprintf(cfg, sizeof cfg, "%s/site.lua", source);
    *tz = 0;
    if (access(cfg, F_OK) != 0) return 0;
    site s;
    memset(&s, 0, sizeof s);
    s.root = (char *)source;
    diag_list *d = diag_new();
    if (!d) { fputs("lotrinh: out of memory\n", stderr); return -1; }
    int rc = site_config_load(&s, d);
    if (rc == 0) *tz = s.cfg.tz_minutes;
    diag_print(d, stderr, isatty(2) && !getenv("NO_COLOR"));
    diag_free(d);
    s.root = NULL;
    site_free(&s);
    return rc < 0 ? -1 : 0;
}

/* 1 if s is "index.md" or "index.LANG.md" (LANG: two lower-case letters). */
static int is_bundle_index(const char *s)
{
    if (!strcmp(s, "index.md")) return 1;
    return strlen(s) == 11 && !strncmp(s, "index.", 6) && s[6] >= 'a' && s[6] <= 'z' &&
           s[7] >= 'a' && s[7] <= 'z' && !strcmp(s + 8, ".md");
}

/* lotrinh new SECTION/NAME[.lang.md], or SECTION/NAME/index[.lang].md for a
 * page bundle (a folder for the page and its photos): a page from
 * archetypes/SECTION.md (else archetypes/default.md, else a minimal front
 * matter), with {{title}} and {{date}} filled in. Never overwrites a file. */
static int cmd_new(int argc, char **argv)
{
    const char *source = ".";
    const char *now_arg = NULL;
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"now", required_argument, 0, 'N'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:h", longs, NULL)) != -1) {
        switch (c) {
        case 's': source = optarg; break;
        case 'N': now_arg = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        case ':': return usage_error("%s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    if (optind + 1 != argc) return usage_error("%s", "new takes one SECTION/NAME, e.g. tin-tuc/hop-bao");
    const char *arg = argv[optind];
    const char *slash = strchr(arg, '/');
    const char *slash2 = slash ? strchr(slash + 1, '/') : NULL;
    if (!slash || slash == arg || !slash[1] || strstr(arg, "..") || arg[0] == '/' ||
        (slash2 && (slash2 == slash + 1 || strchr(slash2 + 1, '/') || !is_bundle_index(slash2 + 1))))
        return usage_error("new takes SECTION/NAME or, for a page bundle, SECTION/NAME/index.LANG.md, not \"%s\"", arg);
    char section[256], name[256];
    snprintf(section, sizeof section, "%.*s", (int)(slash - arg), arg);
    if (slash2) snprintf(name, sizeof name, "%.*s", (int)(slash2 - slash - 1), slash + 1);
    else snprintf(name, sizeof name, "%s", slash + 1);
    size_t nl = strlen(name);
    char path[1024], arch[1024];
    if (slash2)   /* a bundle: content/SECTION/NAME/index.LANG.md */
        snprintf(path, sizeof path, "%s/content/%s/%s/%s", source, section, name, slash2 + 1);
    else
        snprintf(path, sizeof path, "%s/content/%s/%s%s", source, section, name,
                 nl > 3 && !strcmp(name + nl - 3, ".md") ? "" : ".md");
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "lotrinh: %s already exists; not overwriting it\n", path);
        return 1;
    }
    /* title: the name with '-' as spaces; date: today in the site's zone
     * (site.lua's timezone), or in UTC when the folder has no site.lua */
    char title[256];
    snprintf(title, sizeof title, "%s", name);
    char *dot = strchr(title, '.');
    if (dot) *dot = '\0';
    for (char *q = title; *q; q++) if (*q == '-') *q = ' ';
    val_date dt;
    if (now_arg && val_parse_date(now_arg, strlen(now_arg), &dt) < 0)
        return usage_error("--now takes a date such as 2026-11-23, not \"%s\"", now_arg);
    int tz = 0;
    if (site_zone(source, &tz) < 0) return 1;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long long now = now_arg ? val_date_epoch(&dt, tz)
                  : sde && *sde ? strtoll(sde, NULL, 10) : (long long)time(NULL);
    val_date_from_epoch(now, tz, &dt);
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", dt.year, dt.month, dt.day);
    buf text = BUF_INIT;
    snprintf(arch, sizeof arch, "%s/archetypes/%s.md", source, section);
    if (fsx_read(arch, &text) < 0) {
        snprintf(arch, sizeof arch, "%s/archetypes/default.md", source);
        if (fsx_read(arch, &text) < 0) {
            buf_reset(&text);
            buf_puts(&text, "---\ntitle: \"{{title}}\"\ndate: {{date}}\ndraft: true\n---\n");
        }
    }
    buf out = BUF_INIT;
    const char *t = buf_cstr(&text);
    for (const char *q = t; *q; ) {
        if (!strncmp(q, "{{title}}", 9)) { buf_puts(&out, title); q += 9; }
        else if (!strncmp(q, "{{date}}", 8)) { buf_puts(&out, date); q += 8; }
        else buf_putc(&out, *q++);
    }
    int rc = fsx_write(path, buf_cstr(&out), out.len);
    if (rc < 0) fprintf(stderr, "lotrinh: cannot write %s: %s\n", path, strerror(errno));
    else printf("created %s\n", path);
    buf_free(&out);
    buf_free(&text);
    return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fputs(usage, stderr); return 2; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("lotrinh %s\n", LOTRINH_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "build")) return cmd_build(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve")) return cmd_serve(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "new")) return cmd_new(argc - 1, argv + 1);
    return usage_error("unknown command \"%s\"", cmd);
}
