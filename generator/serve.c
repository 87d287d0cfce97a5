/* serve: the preview server (see serve.h).
 *
 * Threads: libmicrohttpd runs one thread per connection, so a Server-Sent
 * Events stream may block in its reader while other requests go on. The
 * calling thread watches the sources and runs the builds; HTTP keeps serving
 * the last good tree meanwhile. The two sides share only the event hub.
 *
 * The served tree is replaced by build_run's atomic exchange of folders. A
 * request opens the tree's root once and resolves every name below that
 * descriptor, so it sees one build from start to end (its file, or the
 * folder's index.html, or the 404 page), even when a swap happens in
 * between; files already open stay readable after the old tree is deleted.
 * (A request caught by the swap may find a file of the old tree already
 * deleted and get a 404; the reload event that follows every swap repairs
 * that page.) */
#include "serve.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "fsx.h"
#include "out.h"
#include "site.h"
#include "watch.h"

#define QUIET_MS 15          /* a change is built once no other came for this long (an
                              * editor's save, temporary file and rename, takes a few ms;
                              * a change that comes later makes another build) */
#define MAX_WAIT_MS 1000     /* ...but never later than this after the first */
#define PING_SECONDS 15      /* a comment on idle streams finds closed tabs */

/* ---- the event hub: the last build's outcome, for every open stream ---- */

typedef struct hub {
    pthread_mutex_t mu;
    pthread_cond_t cv;       /* broadcast on a new outcome and on stop */
    unsigned long gen;       /* counts the outcomes published */
    int failed;              /* the last build failed */
    char *errors;            /* its diagnostics, owned (NULL when it succeeded) */
    int stopping;
} hub;

static void hub_init(hub *h)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->mu, NULL);
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&h->cv, &a);
    pthread_condattr_destroy(&a);
}

static void hub_destroy(hub *h)
{
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h->errors);
}

/* Publishes a build outcome; errors (taken over) is NULL after a success. */
static void hub_publish(hub *h, char *errors)
{
    pthread_mutex_lock(&h->mu);
    free(h->errors);
    h->errors = errors;
    h->failed = errors != NULL;
    h->gen++;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static void hub_stop(hub *h)
{
    pthread_mutex_lock(&h->mu);
    h->stopping = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

/* ---- one Server-Sent Events stream ---- */

typedef struct stream {
    hub *h;
    unsigned long seen;      /* the last outcome sent */
    buf out;                 /* bytes not yet handed to MHD */
    size_t off;
} stream;

/* "event: NAME" and one "data:" line per line of text, as SSE requires. */
static void put_event(buf *b, const char *name, const char *text)
{
    buf_printf(b, "event: %s\n", name);
    const char *p = text;
    do {
        size_t n = strcspn(p, "\r\n");
        buf_puts(b, "data: ");
        buf_put(b, p, n);
        buf_putc(b, '\n');
        p += n;
        if (*p == '\r') p++;
        if (*p == '\n') p++;
    } while (*p);
    buf_putc(b, '\n');
}

/* Called with h->mu held. */
static void put_outcome(stream *s)
{
    s->seen = s->h->gen;
    if (s->h->failed) {
        put_event(&s->out, "error", s->h->errors);
    } else {
        char gen[32];
        snprintf(gen, sizeof gen, "%lu", s->h->gen);
        put_event(&s->out, "reload", gen);
    }
}

/* Waits for the next outcome (or a ping's time) and queues it in s->out.
 * -1 when the server stops. */
static int stream_wait(stream *s)
{
    hub *h = s->h;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += PING_SECONDS;
    pthread_mutex_lock(&h->mu);
    while (!h->stopping && s->seen == h->gen)
        if (pthread_cond_timedwait(&h->cv, &h->mu, &until) == ETIMEDOUT) break;
    int rc = h->stopping ? -1 : 0;
    if (!rc && s->seen == h->gen) buf_puts(&s->out, ": ping\n\n");
    else if (!rc) put_outcome(s);
    pthread_mutex_unlock(&h->mu);
    return rc;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *dst, size_t max)
{
    (void)pos;
    stream *s = cls;
    if (s->off == s->out.len) {
        buf_reset(&s->out);
        s->off = 0;
        if (stream_wait(s) < 0) return MHD_CONTENT_READER_END_OF_STREAM;
        if (s->out.failed) return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    size_t n = s->out.len - s->off;
    if (n > max) n = max;
    memcpy(dst, s->out.data + s->off, n);
    s->off += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    stream *s = cls;
    buf_free(&s->out);
    free(s);
}

/* ---- HTTP ---- */

typedef struct server {
    char *root;              /* the site's folder (absolute) */
    char *out_dir;           /* the served tree: ROOT/.lotrinh-cache/serve */
    char *base_url;          /* "http://127.0.0.1:1313/" */
    char *inject;            /* script tag (+ drafts banner) put in every page */
    build_opts bo;
    hub events;
    watcher *w;
    int sig_fd;              /* signalfd for SIGINT, SIGTERM, SIGHUP */
    int color;
} server;

const char *serve_content_type(const char *name)
{
    static const char *const types[][2] = {
        {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"}, {"xml", "application/xml; charset=utf-8"},
        {"json", "application/json"}, {"geojson", "application/geo+json"},
        {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"}, {"webp", "image/webp"}, {"gif", "image/gif"},
        {"ico", "image/x-icon"}, {"pdf", "application/pdf"},
        {"txt", "text/plain; charset=utf-8"}, {"woff2", "font/woff2"}, {"woff", "font/woff"},
        {"csv", "text/csv; charset=utf-8"},
    };
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash : name, '.');
    if (dot)
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (!strcasecmp(dot + 1, types[i][0])) return types[i][1];
    return "application/octet-stream";
}

/* A segment that is "." or "..", also when written with %2e (in case a
 * path reaches us still encoded). */
static int dot_segment(const char *s, size_t n)
{
    size_t dots = 0;
    for (size_t i = 0; i < n; ) {
        if (s[i] == '.') { dots++; i++; }
        else if (n - i >= 3 && s[i] == '%' && s[i + 1] == '2' && (s[i + 2] | 0x20) == 'e') {
            dots++;
            i += 3;
        } else {
            return 0;
        }
    }
    return dots == 1 || dots == 2;
}

int serve_path_ok(const char *path)
{
    if (!path || path[0] != '/') return 0;
    for (const char *q = path + 1; ; ) {
        size_t n = strcspn(q, "/");
        if (dot_segment(q, n)) return 0;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)q[i] < 0x20 || q[i] == 0x7f || q[i] == '\\') return 0;
        if (!q[n]) return 1;
        q += n + 1;
    }
}

static enum MHD_Result queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                             const char *type)
{
    if (!r) return MHD_NO;
    if (type) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    /* every response is fresh: a reload must show the new build */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    enum MHD_Result rc = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
                                                             MHD_RESPMEM_MUST_COPY);
    return queue(c, status, r, "text/plain; charset=utf-8");
}

/* Sends the open file fd (taken over) with the type of name. */
static enum MHD_Result reply_fd(struct MHD_Connection *c, unsigned status, int fd, const char *name)
{
    struct stat st;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return reply_text(c, 500, "cannot read the file\n");
    }
    struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
    if (!r) close(fd);
    return queue(c, status, r, serve_content_type(name));
}

/* Opens rel (segments separated by '/', checked by serve_path_ok) below the
 * folder dir_fd one segment at a time, never following a symbolic link, so
 * nothing outside the served tree can be reached. -1 with errno. */
static int open_below(int dir_fd, const char *rel)
{
    int cur = dup(dir_fd);
    while (cur >= 0 && *rel) {
        size_t n = strcspn(rel, "/");
        if (n == 0) { rel++; continue; }
        char seg[256];
        if (n >= sizeof seg) { close(cur); errno = ENAMETOOLONG; return -1; }
        memcpy(seg, rel, n);
        seg[n] = '\0';
        rel += n;
        int last = !rel[strspn(rel, "/")];
        int next = openat(cur, seg, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY));
        int e = errno;
        close(cur);
        errno = e;
        cur = next;
    }
    return cur;
}

/* The 404 page of the language folder the path is in, else the site's. */
static enum MHD_Result reply_404(struct MHD_Connection *c, int root_fd, const char *path)
{
    size_t n = strcspn(path + 1, "/");
    int fd = -1;
    if (path[1 + n] == '/' && n < 64) {
        char rel[80];
        snprintf(rel, sizeof rel, "%.*s/404.html", (int)n, path + 1);
        fd = open_below(root_fd, rel);
    }
    if (fd < 0) fd = open_below(root_fd, "404.html");
    if (fd < 0) return reply_text(c, 404, "404: no such page\n");
    return reply_fd(c, 404, fd, "404.html");
}

/* A folder asked for without its final '/': relative links need it. */
static enum MHD_Result reply_slash(struct MHD_Connection *c, const char *path)
{
    buf loc = BUF_INIT;
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p)) {
            buf_putc(&loc, (char)*p);
        } else {
            buf_putc(&loc, '%');
            buf_putc(&loc, hex[*p >> 4]);
            buf_putc(&loc, hex[*p & 15]);
        }
    }
    buf_putc(&loc, '/');
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (r) MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, buf_cstr(&loc));
    buf_free(&loc);
    return queue(c, 301, r, NULL);
}

/* Before the first successful build there is nothing to serve yet. */
static enum MHD_Result reply_building(const server *sv, struct MHD_Connection *c)
{
    buf b = BUF_INIT;
    buf_puts(&b, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                 "<title>lotrinh</title>\n</head>\n<body>\n"
                 "<p>Đang dựng trang… · Building the site…</p>\n");
    buf_puts(&b, sv->inject);
    buf_puts(&b, "</body>\n</html>\n");
    size_t len;
    char *html = buf_detach(&b, &len);
    if (!html) return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, html, MHD_RESPMEM_MUST_FREE);
    if (!r) free(html);
    return queue(c, 503, r, "text/html; charset=utf-8");
}

static enum MHD_Result reply_file(const server *sv, struct MHD_Connection *c, const char *path)
{
    if (!serve_path_ok(path)) return reply_text(c, 400, "400: this path is not allowed\n");
    int root_fd = open(sv->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) return reply_building(sv, c);
    enum MHD_Result rc;
    const char *name = path;
    int fd = open_below(root_fd, path + 1);
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (path[strlen(path) - 1] != '/') {
            close(fd);
            close(root_fd);
            return reply_slash(c, path);
        }
        int index = openat(fd, "index.html", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = index;
        name = "index.html";
        if (fd >= 0 && (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))) { close(fd); fd = -1; }
    } else if (fd >= 0 && !S_ISREG(st.st_mode)) {
        close(fd);
        fd = -1;
    }
    rc = fd >= 0 ? reply_fd(c, 200, fd, name) : reply_404(c, root_fd, path);
    close(root_fd);
    return rc;
}

static enum MHD_Result reply_events(server *sv, struct MHD_Connection *c)
{
    stream *s = calloc(1, sizeof *s);
    if (!s) return MHD_NO;
    s->h = &sv->events;
    /* a page opened after a failed build shows its errors at once */
    buf_puts(&s->out, "retry: 1000\n\n");
    pthread_mutex_lock(&s->h->mu);
    s->seen = s->h->gen;
    if (s->h->failed) put_outcome(s);
    pthread_mutex_unlock(&s->h->mu);
    struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, stream_read,
                                                              s, stream_free);
    if (!r) { stream_free(s); return MHD_NO; }
    return queue(c, 200, r, "text/event-stream; charset=utf-8");
}

/* The script every page loads in serve mode. textContent, never innerHTML:
 * the errors quote the site's own (possibly hostile) text. */
static const char reload_js[] =
    "(function () {\n"
    "  'use strict';\n"
    "  var box = null;\n"
    "  function show(text) {\n"
    "    if (!box) {\n"
    "      box = document.createElement('pre');\n"
    "      box.id = 'lotrinh-errors';\n"
    "      box.setAttribute('role', 'alert');\n"
    "      var s = box.style;\n"
    "      s.position = 'fixed'; s.top = s.left = s.right = s.bottom = '0'; s.margin = '0';\n"
    "      s.zIndex = '2147483647'; s.overflow = 'auto'; s.padding = '1.5em';\n"
    "      s.background = 'rgba(24, 24, 24, 0.95)'; s.color = '#ffd2d2';\n"
    "      s.font = '14px/1.5 monospace'; s.whiteSpace = 'pre-wrap';\n"
    "      document.body.appendChild(box);\n"
    "    }\n"
    "    box.textContent = 'lotrinh: the last build failed; this is the last good version ' +\n"
    "      'of the page.\\n\\n' + text;\n"
    "  }\n"
    "  var banner = document.getElementById('lotrinh-drafts');\n"
    "  if (banner) {\n"
    "    var b = banner.style;\n"
    "    b.position = 'fixed'; b.bottom = b.right = '0'; b.margin = '0'; b.zIndex = '2147483646';\n"
    "    b.padding = '0.3em 0.8em'; b.background = '#7a4b00'; b.color = '#fff';\n"
    "    b.font = '13px/1.4 sans-serif';\n"
    "  }\n"
    "  var events = new EventSource('" SERVE_EVENTS_PATH "');\n"
    "  events.addEventListener('reload', function () {\n"
    "    if (box) { box.remove(); box = null; }\n"
    "    location.reload();\n"
    "  });\n"
    "  events.addEventListener('error', function (e) {\n"
    "    if (typeof e.data === 'string') show(e.data);   /* not a lost connection */\n"
    "  });\n"
    "})();\n";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    (void)version; (void)upload; (void)upload_size;
    server *sv = cls;
    /* Answer on the second call, once MHD has read the whole request:
     * answering on the first makes it close the connection (no keep-alive). */
    if (!*con_cls) {
        *con_cls = sv;
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
        return reply_text(c, 405, "405: only GET and HEAD\n");
    if (!strcmp(url, SERVE_EVENTS_PATH)) return reply_events(sv, c);
    if (!strcmp(url, SERVE_SCRIPT_PATH)) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            sizeof reload_js - 1, (void *)reload_js, MHD_RESPMEM_PERSISTENT);
        return queue(c, 200, r, serve_content_type("reload.js"));
    }
    return reply_file(sv, c, url);
}

/* ---- listening ---- */

/* Parses host into an address with port; 0 or -1. */
static int parse_bind(const char *host, int port, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (!strcmp(host, "localhost")) host = "127.0.0.1";
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    char addr[INET6_ADDRSTRLEN + 2];
    snprintf(addr, sizeof addr, "%s", host);
    size_t n = strlen(addr);
    if (n > 2 && addr[0] == '[' && addr[n - 1] == ']') {   /* [::1] */
        memmove(addr, addr + 1, n - 2);
        addr[n - 2] = '\0';
    }
    if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((unsigned short)port);
        *len = sizeof *v4;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((unsigned short)port);
        *len = sizeof *v6;
        return 0;
    }
    return -1;
}

int serve_bind_ok(const char *host)
{
    struct sockaddr_storage ss;
    socklen_t len;
    return host && strlen(host) < INET6_ADDRSTRLEN + 2 && parse_bind(host, 0, &ss, &len) == 0;
}

/* Our own listening socket, so a port in use gets a clear message and
 * --port 0 learns its port. Returns the socket, or -1 (message printed). */
static int listen_on(const char *host, int *port)
{
    struct sockaddr_storage ss;
    socklen_t len;
    if (parse_bind(host, *port, &ss, &len) < 0) {
        fprintf(stderr, "lotrinh: cannot listen on \"%s\": not an IP address\n", host);
        return -1;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) < 0 || listen(fd, 64) < 0 ||
        getsockname(fd, (struct sockaddr *)&ss, &len) < 0) {
        int e = errno;
        if (e == EADDRINUSE)
            fprintf(stderr, "lotrinh: port %d on %s is in use (another server?); "
                            "choose another with --port\n", *port, host);
        else
            fprintf(stderr, "lotrinh: cannot listen on %s port %d: %s\n", host, *port, strerror(e));
        if (fd >= 0) close(fd);
        return -1;
    }
    *port = ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
                                          : ((struct sockaddr_in6 *)&ss)->sin6_port);
    return fd;
}

/* The address pages link to: the bind address, or localhost for "any". */
static char *base_url_for(const char *addr, int port)
{
    buf b = BUF_INIT;
    const char *host = addr;
    if (!strcmp(addr, "0.0.0.0") || !strcmp(addr, "::") || !strcmp(addr, "[::]")) host = "localhost";
    if (strchr(host, ':') && host[0] != '[') buf_printf(&b, "http://[%s]:%d/", host, port);
    else buf_printf(&b, "http://%s:%d/", host, port);
    return buf_detach(&b, NULL);
}

/* ---- building ---- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The diagnostics as plain text (no colour); caller frees. */
static char *capture_diags(diag_list *d)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return NULL;
    diag_print(d, f, 0);
    fclose(f);
    return text;
}

/* Builds the site, prints one line (or the errors), and tells the pages. */
static void rebuild(server *sv, const char *why)
{
    diag_list *d = diag_new();
    char *log = NULL;
    size_t log_len = 0;
    FILE *lf = open_memstream(&log, &log_len);
    if (!d || !lf) {
        fputs("lotrinh: out of memory\n", stderr);
        if (lf) fclose(lf);
        free(log);
        diag_free(d);
        return;
    }
    double t0 = now_ms();
    int rc = build_run(&sv->bo, d, lf);
    double ms = now_ms() - t0;
    fclose(lf);
    time_t t = time(NULL);
    char clock[16];
    strftime(clock, sizeof clock, "%H:%M:%S", localtime(&t));
    diag_print(d, stderr, sv->color);
    if (rc == 0) {
        hub_publish(&sv->events, NULL);
        size_t n = strcspn(log, "\n");
        const char *summary = strncmp(log, "lotrinh: ", 9) ? log : log + 9;
        printf("lotrinh: %s %s: rebuilt in %.0f ms | %.*s\n", clock, why, ms,
               (int)(n - (size_t)(summary - log)), summary);
        fflush(stdout);
        /* between builds: the kept previous site the next build updates in place */
        out_prime_previous(sv->out_dir, sv->root);
    } else {
        size_t n = diag_errors(d);
        char *text = capture_diags(d);
        hub_publish(&sv->events, text ? text : strdup("the build failed"));
        fprintf(stderr, "lotrinh: %s %s: %zu error%s in %.0f ms; still serving the last good site\n",
                clock, why, n, n == 1 ? "" : "s", ms);
    }
    free(log);
    diag_free(d);
}

/* ---- watching ---- */

/* Watches the fixed folders and site.lua, plus the layout, static and
 * i18n folders site.lua names (read again whenever site.lua changes). */
static void watch_site(server *sv)
{
    static const char *const fixed[] = { "content", "layouts", "static", "data", "i18n",
                                         "archetypes" };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) watch_tree(sv->w, fixed[i]);
    watch_file(sv->w, "site.lua");
    site s;
    memset(&s, 0, sizeof s);
    s.root = sv->root;
    diag_list *d = diag_new();
    if (d && site_config_load(&s, d) == 0) {    /* errors: the build reports them */
        for (size_t i = 0; i < s.cfg.n_layout_dirs; i++) watch_tree(sv->w, s.cfg.layout_dirs[i]);
        for (size_t i = 0; i < s.cfg.n_static_dirs; i++) watch_tree(sv->w, s.cfg.static_dirs[i]);
        for (size_t i = 0; i < s.cfg.n_i18n_dirs; i++) watch_tree(sv->w, s.cfg.i18n_dirs[i]);
    }
    site_config_free(&s.cfg);
    diag_free(d);
}

/* Takes the pending signal off the signalfd (else it would be delivered,
 * and kill us, when the mask is restored). Returns 0: stop. */
static int stop_signal(server *sv)
{
    struct signalfd_siginfo si;
    if (read(sv->sig_fd, &si, sizeof si) != (ssize_t)sizeof si) return 0;
    return 0;
}

/* Waits for a change, then until the changes stop for QUIET_MS (editors
 * write several files, or a file in several steps). 1 changed, 0 stop. */
static int wait_changes(server *sv, watch_news *news)
{
    struct pollfd pf[2] = { { watch_fd(sv->w), POLLIN, 0 }, { sv->sig_fd, POLLIN, 0 } };
    memset(news, 0, sizeof *news);
    while (!news->changes) {
        if (poll(pf, 2, -1) < 0 && errno != EINTR) return 0;
        if (pf[1].revents) return stop_signal(sv);
        if (pf[0].revents) watch_read(sv->w, news);
    }
    double first = now_ms();
    for (;;) {
        size_t before = news->changes;
        int r = poll(pf, 2, QUIET_MS);
        if (r > 0 && pf[1].revents) return stop_signal(sv);
        if (r > 0 && pf[0].revents) watch_read(sv->w, news);
        if (news->changes == before || now_ms() - first > MAX_WAIT_MS) return 1;
    }
}

/* ---- setup and the main loop ---- */

static char *make_inject(int drafts)
{
    buf b = BUF_INIT;
    if (drafts)   /* before the script, which styles it when it runs */
        buf_puts(&b, "<p id=\"lotrinh-drafts\" role=\"status\">"
                     "Bản xem trước: hiển thị cả bản nháp · Preview: drafts shown</p>\n");
    buf_puts(&b, "<script src=\"" SERVE_SCRIPT_PATH "\"></script>\n");
    return buf_detach(&b, NULL);
}

/* SIGINT, SIGTERM and SIGHUP are blocked in every thread and read from a
 * signalfd by the main loop: no handler, so no global state is needed. */
static int signals_to_fd(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &set, old) != 0) {
        pthread_sigmask(SIG_BLOCK, NULL, old);   /* the mask to restore: unchanged */
        return -1;
    }
    signal(SIGPIPE, SIG_IGN);   /* a closed tab is an error return, not a death */
    return signalfd(-1, &set, SFD_CLOEXEC);
}

static int server_init(server *sv, const serve_opts *o)
{
    memset(sv, 0, sizeof *sv);
    sv->sig_fd = -1;
    hub_init(&sv->events);
    sv->root = realpath(o->source ? o->source : ".", NULL);
    if (!sv->root || fsx_kind(sv->root) != 1) {
        fprintf(stderr, "lotrinh: cannot use the source folder \"%s\": %s\n",
                o->source ? o->source : ".", sv->root ? "not a folder" : strerror(errno));
        return -1;
    }
    sv->out_dir = fsx_join(sv->root, ".lotrinh-cache/serve");
    sv->inject = make_inject(o->drafts);
    sv->color = isatty(2) && !getenv("NO_COLOR");
    sv->bo = (build_opts){ .source = sv->root, .dest = sv->out_dir, .drafts = o->drafts,
                           .future = o->future, .jobs = o->jobs, .now = -1,
                           .now_date = o->now_date, .inject_html = sv->inject };
    return sv->out_dir && sv->inject ? 0 : -1;
}

static void server_free(server *sv)
{
    watch_free(sv->w);
    if (sv->sig_fd >= 0) close(sv->sig_fd);
    hub_destroy(&sv->events);
    free(sv->root);
    free(sv->out_dir);
    free(sv->base_url);
    free(sv->inject);
}

/* Listens and starts the HTTP threads; sets sv->base_url. NULL on failure
 * (message printed). */
static struct MHD_Daemon *start_http(server *sv, const serve_opts *o)
{
    int port = o->port;
    int lfd = listen_on(o->bind, &port);
    if (lfd < 0) return NULL;
    struct MHD_Daemon *mhd = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0,
        NULL, NULL, on_request, sv,
        MHD_OPTION_LISTEN_SOCKET, lfd,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
        MHD_OPTION_END);
    if (!mhd) {
        fprintf(stderr, "lotrinh: cannot start the HTTP server\n");
        close(lfd);
        return NULL;
    }
    sv->base_url = base_url_for(o->bind, port);
    sv->bo.base_url = sv->base_url;
    return mhd;
}

/* Builds, then rebuilds after every change, until a signal comes. */
static void serve_loop(server *sv)
{
    rebuild(sv, "start");
    watch_news news;
    while (wait_changes(sv, &news)) {
        if (news.config) watch_site(sv);
        char why[600];
        if (news.changes > 1) snprintf(why, sizeof why, "%s (+%zu)", news.first, news.changes - 1);
        else snprintf(why, sizeof why, "%s", news.first);
        rebuild(sv, why);
    }
}

int serve_run(const serve_opts *o)
{
    server sv;
    sigset_t old_mask;
    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line per rebuild, seen at once */
    if (server_init(&sv, o) < 0) { server_free(&sv); return 1; }
    sv.sig_fd = signals_to_fd(&old_mask);   /* before any thread starts */
    if (sv.sig_fd < 0) fprintf(stderr, "lotrinh: cannot catch signals: %s\n", strerror(errno));
    struct MHD_Daemon *mhd = sv.sig_fd < 0 ? NULL : start_http(&sv, o);
    sv.w = mhd ? watch_new(sv.root) : NULL;
    if (mhd && !sv.w) fprintf(stderr, "lotrinh: cannot watch the sources: %s\n", strerror(errno));
    int rc = 1;
    if (sv.w) {
        watch_site(&sv);
        printf("lotrinh: serving %s at %s%s (Ctrl-C to stop)\n", sv.root, sv.base_url,
               o->drafts ? ", drafts shown" : "");
        serve_loop(&sv);
        puts("lotrinh: stopped");
        rc = 0;
    }
    hub_stop(&sv.events);            /* lets open streams end, so MHD can join them */
    if (mhd) MHD_stop_daemon(mhd);   /* also closes the listening socket */
    server_free(&sv);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    return rc;
}
