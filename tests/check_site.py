"""Checks a built site: every HTML page parses; hreflang alternates are
reciprocal and point at existing pages; internal links and sitemap <loc>s
resolve to files in the output."""
import os
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlparse, unquote

root = sys.argv[1]
problems = []


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates = {}
        self.links = []
        self.ids = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a.get("href")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def site_path(url):
    """The file in the output for an URL of the site, or None if external."""
    u = urlparse(url)
    if u.scheme and u.scheme not in ("http", "https"):
        return None
    if u.netloc and u.netloc not in base_hosts:
        return None
    path = unquote(u.path)
    if not path.startswith("/"):
        return None
    path = path[len(base_path) - 1:] if path.startswith(base_path) else path
    full = os.path.join(root, path.lstrip("/"))
    if path.endswith("/"):
        full = os.path.join(full, "index.html")
    return full


# base URL from the sitemap's first <loc>
sm = ET.parse(os.path.join(root, "sitemap.xml")).getroot()
ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
locs = [l.text for l in sm.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
first = urlparse(locs[0]) if locs else urlparse("https://example.org/")
base_hosts = {first.netloc}
# the base path is the longest folder every <loc> shares ("/" or "/portal/")
paths = [urlparse(l).path for l in locs] or ["/"]
base_path = os.path.commonprefix(paths)
base_path = base_path[:base_path.rfind("/") + 1] or "/"

pages = {}
for dirpath, _, files in os.walk(root):
    for name in files:
        if name.endswith(".html"):
            full = os.path.join(dirpath, name)
            p = Page()
            with open(full, encoding="utf-8") as fh:
                text = fh.read()
            p.feed(text)
            if not text.startswith("<!DOCTYPE html>"):
                problems.append("%s: no <!DOCTYPE html>" % full)
            if not p.lang:
                problems.append("%s: <html> has no lang" % full)
            pages[os.path.normpath(full)] = p

for loc in locs:
    f = site_path(loc)
    if f and not os.path.exists(f):
        problems.append("sitemap <loc> %s has no file" % loc)

for full, p in pages.items():
    for lang, href in p.alternates.items():
        f = site_path(href)
        if not f or not os.path.exists(f):
            problems.append("%s: hreflang %s -> %s does not exist" % (full, lang, href))
            continue
        other = pages.get(os.path.normpath(f))
        if lang != "x-default" and other is not None and other.alternates:
            if set(other.alternates.items()) != set(p.alternates.items()):
                problems.append("%s: hreflang set differs from that of %s" % (full, f))
    for href in p.links:
        if href.startswith("#") or href.startswith("mailto:"):
            continue
        f = site_path(href)
        if f is None:
            continue
        if not os.path.exists(f):
            problems.append("%s: link %s does not resolve" % (full, href))
            continue
        frag = urlparse(href).fragment
        target = pages.get(os.path.normpath(f))
        if frag and target is not None and frag not in target.ids:
            problems.append("%s: link %s: no id %r there" % (full, href, frag))

# every link in every feed resolves to a file of the site
for dirpath, _, files in os.walk(root):
    if "index.xml" not in files:
        continue
    feed = ET.parse(os.path.join(dirpath, "index.xml")).getroot()
    for link in feed.iter("link"):
        if link.text:
            f = site_path(link.text)
            if f is None or not os.path.exists(f):
                problems.append("%s/index.xml: link %s does not resolve" % (dirpath, link.text))
    for link in feed.iter("{http://www.w3.org/2005/Atom}link"):
        f = site_path(link.get("href", ""))
        if f is None or not os.path.exists(f.replace("index.html", "")):
            problems.append("%s/index.xml: self link %s does not resolve" % (dirpath, link.get("href")))

for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
