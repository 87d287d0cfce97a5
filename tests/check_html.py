"""Checks every HTML page of a built site more strictly than check_site.py.

    check_html.py SITE [--meta] [--image] [--a11y]

Always: the page parses as HTML5 without a single parse error (html5lib,
the WHATWG parsing algorithm), has <!DOCTYPE html> and <html lang>, no id is
used twice, every id named by aria-labelledby, aria-describedby, for,
headers and href="#..." exists on the page, every <img> has alt.

--meta: the head carries <meta name="description"> (plain text, at most 161
characters) and Open Graph: og:title, og:description (equal to the
description), og:type (article or website), og:site_name, og:locale, one
og:locale:alternate per other language the page links with hreflang, and
og:url, absolute and equal to <link rel="canonical">. Pages marked noindex
(404) need no canonical URL; redirect pages (meta refresh) are skipped.
--image: og:image too, an absolute URL of a file of the site.
--a11y: one <main id="main">, a skip link to it before any other link, one
<h1>, no heading level skipped, every <nav> named when there are several,
every layout table (outside .content) with a <caption>, every table with
<th> cells, every link with text, every <progress> labelled.

Prints one line per problem and exits 1 if there is any."""
import os
import sys
from urllib.parse import urlparse, unquote

import html5lib

HTML_NS = "{http://www.w3.org/1999/xhtml}"
args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = {a for a in sys.argv[1:] if a.startswith("--")}
unknown = flags - {"--meta", "--image", "--a11y"}
if len(args) != 1 or unknown:
    sys.exit(__doc__)
root = args[0]
problems = []


def tag(el):
    return el.tag[len(HTML_NS):] if isinstance(el.tag, str) and el.tag.startswith(HTML_NS) else el.tag


def text_of(el):
    return "".join(el.itertext()).strip()


def walk(el, parents=()):
    """Every element with the list of its ancestors."""
    yield el, parents
    for child in el:
        if isinstance(child.tag, str):
            yield from walk(child, parents + (el,))


def check_meta(name, doc, els):
    head = doc.find(HTML_NS + "head")
    metas = {}
    alternates = []
    canonical = None
    refresh = noindex = False
    for el in head if head is not None else []:
        t = tag(el)
        if t == "meta":
            key = el.get("property") or el.get("name")
            if el.get("http-equiv", "").lower() == "refresh":
                refresh = True
            if key == "robots" and "noindex" in el.get("content", ""):
                noindex = True
            if key:
                metas.setdefault(key, []).append(el.get("content", ""))
        elif t == "link" and el.get("rel") == "canonical":
            canonical = el.get("href")
        elif t == "link" and el.get("rel") == "alternate" and el.get("hreflang"):
            alternates.append(el.get("hreflang"))
    if refresh:
        return
    one = lambda k: (metas.get(k) or [None])[0]
    desc = one("description")
    if not desc:
        problems.append("%s: no <meta name=\"description\"> or it is empty" % name)
    else:
        if len(desc) > 161:
            problems.append("%s: description has %d characters (at most 161)" % (name, len(desc)))
        if "<" in desc or "\n" in desc:
            problems.append("%s: description is not one line of plain text: %r" % (name, desc[:60]))
    for k in ("og:title", "og:description", "og:type", "og:site_name", "og:locale"):
        if not (one(k) or "").strip():
            problems.append("%s: no %s or it is empty" % (name, k))
    if one("og:description") and desc and one("og:description") != desc:
        problems.append("%s: og:description differs from the description" % name)
    if one("og:type") and one("og:type") not in ("article", "website"):
        problems.append("%s: og:type %r is neither article nor website" % (name, one("og:type")))
    others = {h for h in alternates if h != "x-default"} - {doc.get("lang")}
    if len(metas.get("og:locale:alternate", [])) < len(others):
        problems.append("%s: %d other languages by hreflang but %d og:locale:alternate"
                        % (name, len(others), len(metas.get("og:locale:alternate", []))))
    if one("og:locale") in metas.get("og:locale:alternate", []):
        problems.append("%s: og:locale is also an og:locale:alternate" % name)
    url = one("og:url")
    if noindex:
        if url and canonical and url != canonical:
            problems.append("%s: og:url %s is not the canonical %s" % (name, url, canonical))
    elif not canonical:
        problems.append("%s: no <link rel=\"canonical\">" % name)
    elif url != canonical:
        problems.append("%s: og:url %s is not the canonical URL %s" % (name, url, canonical))
    elif not urlparse(url).scheme:
        problems.append("%s: og:url %s is not absolute" % (name, url))
    if "--image" in flags:
        img = one("og:image")
        if not img:
            problems.append("%s: no og:image" % name)
        elif not urlparse(img).scheme:
            problems.append("%s: og:image %s is not absolute" % (name, img))
        else:
            path = unquote(urlparse(img).path)
            # the site's base path is the folder of the canonical URL of the home
            if not any(os.path.exists(os.path.join(root, path[i:].lstrip("/")))
                       for i in range(len(path)) if path[i] == "/"):
                problems.append("%s: og:image %s is not a file of the site" % (name, img))


def check_a11y(name, doc, els):
    mains = [e for e, _ in els if tag(e) == "main"]
    if len(mains) != 1 or mains[0].get("id") != "main":
        problems.append("%s: want exactly one <main id=\"main\">, found %d" % (name, len(mains)))
    links = [e for e, _ in els if tag(e) == "a" and e.get("href")]
    if not links or links[0].get("href") != "#main":
        problems.append("%s: the first link is not a skip link to #main" % name)
    h1 = [e for e, _ in els if tag(e) == "h1"]
    if len(h1) != 1:
        problems.append("%s: %d <h1> (want 1)" % (name, len(h1)))
    last = 0
    for e, _ in els:
        t = tag(e)
        if isinstance(t, str) and len(t) == 2 and t[0] == "h" and t[1] in "123456":
            level = int(t[1])
            if last and level > last + 1:
                problems.append("%s: heading <%s> %r follows <h%d> (a level skipped)"
                                % (name, t, text_of(e)[:40], last))
            last = level
    navs = [e for e, _ in els if tag(e) == "nav"]
    if len(navs) > 1:
        for n in navs:
            if not (n.get("aria-label") or n.get("aria-labelledby")):
                problems.append("%s: a <nav> without aria-label among %d navs" % (name, len(navs)))
    for e, parents in els:
        t = tag(e)
        if t == "table":
            in_content = any("content" in (p.get("class") or "").split() for p in parents)
            if not in_content and e.find(HTML_NS + "caption") is None:
                problems.append("%s: a table without <caption>" % name)
            if not any(tag(x) == "th" for x, _ in walk(e)):
                problems.append("%s: a table without header cells" % name)
        if t == "a" and e.get("href") and not text_of(e) and not e.get("aria-label"):
            problems.append("%s: a link to %s has no text" % (name, e.get("href")))
        if t == "progress" and not (e.get("aria-label") or e.get("aria-labelledby")):
            problems.append("%s: a <progress> without a label" % name)


pages = 0
for dirpath, _, files in sorted(os.walk(root)):
    for fname in sorted(files):
        if not fname.endswith(".html"):
            continue
        full = os.path.join(dirpath, fname)
        name = os.path.relpath(full, root)
        pages += 1
        with open(full, "rb") as fh:
            raw = fh.read()
        parser = html5lib.HTMLParser(strict=False)
        doc = parser.parse(raw, transport_encoding="utf-8")
        for (line, col), code, data in parser.errors:
            problems.append("%s:%d:%d: HTML parse error: %s %s" % (name, line, col, code, data or ""))
        if not raw.startswith(b"<!DOCTYPE html>"):
            problems.append("%s: does not start with <!DOCTYPE html>" % name)
        if not doc.get("lang"):
            problems.append("%s: <html> has no lang" % name)
        els = list(walk(doc))
        ids = {}
        for e, _ in els:
            if e.get("id") is not None:
                ids[e.get("id")] = ids.get(e.get("id"), 0) + 1
        for i, n in sorted(ids.items()):
            if n > 1:
                problems.append("%s: id %r is used %d times" % (name, i, n))
        for e, _ in els:
            refs = []
            for attr in ("aria-labelledby", "aria-describedby", "headers"):
                refs += (e.get(attr) or "").split()
            if tag(e) == "label" and e.get("for"):
                refs.append(e.get("for"))
            href = e.get("href") if tag(e) == "a" else None
            if href and href.startswith("#") and len(href) > 1:
                refs.append(unquote(href[1:]))
            for r in refs:
                if r not in ids:
                    problems.append("%s: refers to id %r, which the page lacks" % (name, r))
            if tag(e) == "img" and e.get("alt") is None:
                problems.append("%s: <img src=%r> has no alt" % (name, e.get("src")))
        if "--meta" in flags:
            check_meta(name, doc, els)
        if "--a11y" in flags and not any(
                tag(e) == "meta" and e.get("http-equiv", "").lower() == "refresh" for e, _ in els):
            check_a11y(name, doc, els)

if pages == 0:
    problems.append("%s: no HTML pages" % root)
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
