/* main: the command line. Parses arguments and calls the modules; the only
 * place that prints diagnostics and chooses the exit code. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "build.h"
#include "site.h"
#include "diag.h"
#include "val.h"

#define LOTRINH_VERSION "0.1.0"

static const char usage[] =
    "usage: lotrinh build [options]     build the site into the destination folder\n"
    "       lotrinh check --translations [--source DIR]\n"
    "                                  list pages that lack a translation (exit 1 if any)\n"
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
    "  -q, --quiet          print only errors and warnings\n"
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

static int cmd_build(int argc, char **argv)
{
    build_opts o = { .now = -1 };
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"dest", required_argument, 0, 'd'},
        {"drafts", no_argument, 0, 'D'}, {"future", no_argument, 0, 'F'},
        {"base-url", required_argument, 0, 'b'}, {"jobs", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'}, {"now", required_argument, 0, 'N'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:d:DFb:j:qh", longs, NULL)) != -1) {
        switch (c) {
        case 's': o.source = optarg; break;
        case 'd': o.dest = optarg; break;
        case 'D': o.drafts = 1; break;
        case 'F': o.future = 1; break;
        case 'b':
            if (strncmp(optarg, "http://", 7) && strncmp(optarg, "https://", 8))
                return usage_error("--base-url must start with http:// or https://, not \"%s\"", optarg);
            o.base_url = optarg;
            break;
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 64) return usage_error("--jobs takes a number from 1 to 64, not \"%s\"", optarg);
            o.jobs = (int)n;
            break;
        }
        case 'q': o.quiet = 1; break;
        case 'N': {
            val_date dt;
            if (val_parse_date(optarg, strlen(optarg), &dt) < 0)
                return usage_error("--now takes a date such as 2026-11-23, not \"%s\"", optarg);
            o.now = val_date_epoch(&dt, 420);
            break;
        }
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

/* lotrinh check --translations: lists pages that lack a translation. */
static int cmd_check(int argc, char **argv)
{
    const char *source = ".";
    int translations = 0;
    static const struct option longs[] = {
        {"source", required_argument, 0, 's'}, {"translations", no_argument, 0, 't'},
        {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}
    };
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":s:th", longs, NULL)) != -1) {
        switch (c) {
        case 's': source = optarg; break;
        case 't': translations = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        case ':': return usage_error("%s needs a value", argv[optind - 1]);
        default: return usage_error("unknown option %s", argv[optind - 1]);
        }
    }
    if (!translations) return usage_error("%s", "check needs --translations (more checks are planned)");
    site s;
    memset(&s, 0, sizeof s);
    s.root = (char *)source;
    s.now = (long long)time(NULL);
    diag_list *d = diag_new();
    int rc = 1;
    if (site_config_load(&s, d) == 0 && site_load(&s, d) == 0) {
        size_t missing = 0;
        for (size_t i = 0; i < s.n_pages; i++) {
            const page *p = s.pages[i];
            if (!p->src || p->fallback_of || (p->kind != PAGE_REGULAR && p->kind != PAGE_SECTION &&
                                              p->kind != PAGE_HOME))
                continue;
            for (size_t l = 0; l < s.cfg.n_langs; l++) {
                if (p->trans[l] && !p->trans[l]->fallback_of) continue;
                printf("%s: no '%s' translation\n", p->src, s.cfg.langs[l].code);
                missing++;
            }
        }
        printf("%zu missing translation%s\n", missing, missing == 1 ? "" : "s");
        rc = missing ? 1 : 0;
    }
    diag_print(d, stderr, isatty(2) && !getenv("NO_COLOR"));
    diag_free(d);
    s.root = NULL;
    site_free(&s);
    return rc;
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
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    return usage_error("unknown command \"%s\"", cmd);
}
