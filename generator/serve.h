/* serve: lotrinh serve, a local preview server. Builds the site into
 * <source>/.lotrinh-cache/serve/ with build_run (so the served tree is
 * always one complete build), serves it over HTTP (libmicrohttpd), watches
 * the sources (inotify) and rebuilds on change, and tells open pages to
 * reload, or to show the errors of a failed build, through Server-Sent
 * Events. */
#ifndef LT_SERVE_H
#define LT_SERVE_H

#define SERVE_DEFAULT_PORT 1313
#define SERVE_DEFAULT_BIND "127.0.0.1"
#define SERVE_EVENTS_PATH "/__lotrinh/events"
#define SERVE_SCRIPT_PATH "/__lotrinh/reload.js"

typedef struct serve_opts {
    const char *source;      /* default "." */
    const char *bind;        /* an IPv4 or IPv6 address, or "localhost" */
    int port;                /* 0: any free port (printed at start) */
    int drafts;              /* show drafts, with a banner (serve's default) */
    int future;
    int jobs;                /* 0: one per core */
    const char *now_date;    /* --now, or NULL */
} serve_opts;

/* Runs until SIGINT or SIGTERM. Returns 0 after a clean stop, 1 when the
 * server could not start (message printed). Builds that fail do not stop
 * it: their errors are printed and sent to the open pages. */
int serve_run(const serve_opts *o);

/* 1 if bind is an address serve_run accepts. */
int serve_bind_ok(const char *bind);
/* 1 if a decoded request path is safe to look up below the site: starts
 * with '/', no "." or ".." segment, no control character or backslash. */
int serve_path_ok(const char *path);
/* The Content-Type for a file name, by its extension. */
const char *serve_content_type(const char *name);

#endif
