/* site: the configuration (site.lua) and the page graph of one build:
 * content files -> pages with languages, URLs, translations, sections,
 * taxonomy terms, pagination. Nothing here renders or writes. */
#ifndef LT_SITE_H
#define LT_SITE_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include "deps.h"
#include "val.h"
#include "diag.h"
#include "md.h"
#include "hmap.h"
#include "schema.h"
#include "img.h"

typedef struct site_lang {
    char *code;          /* "vi" */
    char *name;          /* "Tiếng Việt" */
    char *title;         /* site title in this language (NULL: site title) */
    char *prefix;        /* "" for a language at the root, else "/en" */
    int weight;
} site_lang;

typedef struct site_taxo {
    char *key;           /* front matter key, e.g. "sectors" */
    char **segment;      /* URL segment per language, e.g. "linh-vuc" / "sectors" */
    int feeds;           /* a feed per term */
} site_taxo;

typedef struct site_perma {
    char *section;       /* folder name */
    char *pattern;       /* "/:section/:year/:slug/" */
} site_perma;

/* An extra output of a kind of page, rendered with layouts/<type>/<kind>.<ext>
 * into index.<ext> beside the page's index.html (site.lua `outputs`). */
typedef struct site_output {
    char *section;       /* section folder, or "home" for the home page */
    int single;          /* 0: the list page; 1: each regular page */
    char *ext;           /* "geojson" */
} site_output;

typedef struct site_config {
    char *title;
    char *base_url;      /* "https://example.org" with no trailing slash */
    char *base_path;     /* path part of base_url + "/", e.g. "/" or "/portal/" */
    site_lang *langs;    /* sorted by weight; langs[0] is the default */
    size_t n_langs;
    site_taxo *taxos;
    size_t n_taxos;
    site_perma *permas;
    size_t n_permas;
    int paginate;        /* list page size */
    int tz_minutes;      /* site time zone, e.g. +420 */
    int slugs_from_title;/* 1: pages without slug: take it from the title */
    int untranslated;    /* 0: omit a missing translation; 1: fall back, with a notice */
    int feed_items;
    int feed_full;       /* 1: full content in feeds; 0: summary */
    int sitemap;         /* write sitemap.xml/robots.txt */
    char *redirects_file;/* server redirect map of aliases, or NULL */
    int redirects_nginx; /* 1: nginx rewrite rules; 0: "old new 301" lines */
    md_options md;
    schema_set schemas;  /* front matter schemas per section */
    char **layout_dirs;  /* search path, first wins; relative to the source */
    size_t n_layout_dirs;
    char **static_dirs;  /* copied to the output root, first wins */
    size_t n_static_dirs;
    char **i18n_dirs;    /* interface strings: per key, the first folder that has it wins */
    size_t n_i18n_dirs;
    img_settings images; /* responsive sizes of page-bundle photos */
    site_output *outputs;/* extra output formats, sorted */
    size_t n_outputs;
    int search;          /* write the search index (site.lua search) */
    char *search_path;   /* its folder in the output, "search" */
    size_t search_shard; /* bytes: token shards and doc chunks are split above this */
    int search_summary;  /* characters of summary per page in the index */
} site_config;

typedef enum {
    PAGE_REGULAR, PAGE_SECTION, PAGE_HOME, PAGE_TAXONOMY, PAGE_TERM, PAGE_404, PAGE_ALIAS
} page_kind;

typedef struct page page;

/* A file of a page bundle that is copied beside the page. */
typedef struct page_res {
    char *src;           /* path relative to the source root */
    char *name;          /* file name */
    long long size;
} page_res;

struct page {
    page_kind kind;
    size_t id;           /* index in site->pages */
    size_t lang;         /* index in config langs */
    char *src;           /* "content/ke-hoach/x.vi.md" or NULL for generated pages */
    char *dir;           /* folder of src relative to content/ ("" at the top) */
    char *section;       /* first folder under content/ ("" for top-level pages) */
    char *name;          /* file or bundle name without language and .md */
    char *slug;
    char *url;           /* "/ke-hoach/x/" (without base path) */
    char *out;           /* "ke-hoach/x/index.html" relative to the destination */
    char *title;
    char *description;
    char *summary_fm;    /* front matter summary */
    char *layout, *type;
    char *tkey;          /* translation key */
    val *fm;             /* front matter (owned) */
    long long date, lastmod, publish, expiry;   /* epoch, -1 when absent */
    long long weight;
    int draft;
    int bundle;          /* index.md of a bundle */
    int no_sitemap;
    int no_search;       /* search: false */
    int no_feed;         /* front matter feed: false: in no RSS feed */
    int no_list;         /* _build-like: not in lists */
    char *body;          /* Markdown body of a derived page (NFC); source pages
                          * keep no body: it is read again when needed */
    size_t body_len;
    int body_line;
    int has_body;        /* the page has Markdown to render */
    size_t body_off;     /* source pages: where the body starts in the file's text */
    int body_verbatim;   /* the file's bytes are its text (no BOM, CR or NFD) */
    uint64_t src_sig;    /* size, time and inode of src when it was read */
    const unsigned char *fm_bytes; /* its front matter encoded (ser_val), as the build
                          * cache has it, or made when the file was read; or NULL */
    size_t fm_bytes_len;
    unsigned char *fm_owned; /* fm_bytes when this build made them */
    uint64_t fm_hash;    /* hash of fm_bytes (0: none) */
    /* Markdown, rendered by whichever thread first needs it (site_md) */
    md_result md;
    int md_state;        /* SITE_MD_* (under site->md_lock) */
    int md_pins;         /* readers copying from md (under site->md_lock) */
    int md_plain;        /* md has its plain text */
    int md_busy;         /* a thread is rendering it (under site->md_lock) */
    char **links;        /* sources its .md links pointed to, from its Markdown */
    size_t n_links;
    uint64_t hash[DEP_SLOTS]; /* this build's hash of each slot (0: not known yet) */
    page_res *res;
    size_t n_res;
    /* lists: home, section, taxonomy, term */
    page **kids;         /* pages listed, sorted */
    size_t n_kids;
    char *term;          /* term key for PAGE_TERM */
    size_t taxo;         /* taxonomy index for TAXONOMY/TERM */
    /* pagination: a list page with more kids than paginate gets pager pages */
    size_t pager_no;     /* 1-based */
    size_t pager_total;
    page *pager_first;   /* the first page of this paginated list */
    size_t per_pager;    /* front matter paginate (0: site.lua's); see site_per_pager() */
    page **trans;        /* translations indexed by language (NULL: none) */
    page **terms;        /* term pages (first pager) that list this page */
    size_t n_terms;
    char *lkey;          /* key in site->lists for home/section pages */
    int derived;         /* made by site.lua's derive hook (no source file) */
    char *label;         /* how messages name a page without a source file */
    page *alias_of;      /* PAGE_ALIAS: where it redirects */
    page *fallback_of;   /* untranslated = "fallback": the original shown in this language */
};

typedef struct site {
    char *root;          /* source folder */
    site_config cfg;
    page **pages;
    size_t n_pages, cap_pages;
    val *data;           /* the data folder's YAML files as a map, owned */
    int drafts, future;  /* build options */
    int jobs;            /* threads for reading and rendering (at least 1) */
    const struct bcache *cache; /* the last build's (files not changed since are not read), or NULL */
    const struct incr_snap *snap; /* what this build's scan of the inputs saw, or NULL */
    long long now;       /* build time (SOURCE_DATE_EPOCH or clock) */
    size_t untranslated_count;
    hmap by_src;         /* source path -> page (not aliases) */
    hmap lists;          /* "kind:lang:dir" -> first page of a home/section list */
    pthread_mutex_t md_lock; /* Markdown state of every page (site_md) */
    pthread_cond_t md_cond;
    int md_sync;         /* md_lock and md_cond are initialised */
} site;

/* The largest page or data file read (bytes). A 20 MB page builds in a few
 * seconds and about 30 times its size in memory; bigger ones are refused. */
#define SITE_MAX_FILE_BYTES (64 * 1024 * 1024)

/* Reads site.lua from root into s->cfg. Returns 0 or -1 with diagnostics. */
int site_config_load(site *s, diag_list *d);
void site_config_free(site_config *c);

/* Walks content/, reads every page, applies drafts/future/expiry, computes
 * URLs, translations, lists, terms and pagination, and checks collisions. */
int site_load(site *s, diag_list *d);

/* States of a page's Markdown (page.md_state). */
enum { SITE_MD_NONE, SITE_MD_RUNNING, SITE_MD_DONE, SITE_MD_FAILED, SITE_MD_SUMMARY };
/* What a reader of a page's Markdown needs (site_md). */
enum { SITE_NEED_SUMMARY, SITE_NEED_HTML, SITE_NEED_PLAIN };

/* The rendered Markdown of p, rendered now if no thread has yet (others
 * wait for it). need: SITE_NEED_SUMMARY (the summary and word count, which
 * are kept after site_md_trim), _HTML (also the HTML, table of contents,
 * headings), _PLAIN (also the plain text). Returns the result pinned (call site_md_unpin
 * once done reading it), or NULL when the Markdown has errors (reported
 * to d by the thread that rendered it). Thread-safe once site_load is done.
 * A page without Markdown gives an empty result. */
const md_result *site_md(site *s, page *p, int need, diag_list *d);
void site_md_unpin(site *s, page *p);
/* Frees what only p's own page needed (HTML, plain text, table of
 * contents, headings), keeping the summary; read again if asked. */
void site_md_trim(site *s, page *p);
/* Renders every page's Markdown (tests, fuzzing). */
int site_render_markdown(site *s, diag_list *d);

/* The first page of the home (dir NULL) or section list dir in a language. */
page *site_find_list(const site *s, page_kind kind, size_t lang, const char *dir);

/* Looks up a page by source path relative to the root ("content/x.md"). */
page *site_find_src(const site *s, const char *src);

void site_free(site *s);

/* Absolute URL of a site path ("/ke-hoach/x/" -> base_url + base_path...). */
char *site_abs_url(const site *s, const char *path);
/* Site path with the base path ("/ke-hoach/" -> "/portal/ke-hoach/"). */
char *site_rel_url(const site *s, const char *path);

/* Items per pager of the list p (or of the list whose pager page p is): its
 * front matter 'paginate', else site.lua's. */
size_t site_per_pager(const site *s, const page *p);

const char *page_kind_name(page_kind k);

/* A signature of a file's size, modification time and inode. */
uint64_t site_file_sig(const struct stat *sb);

#endif
