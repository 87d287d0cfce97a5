"""Parses an RSS feed with feedparser; fails on any parse problem or an entry
without title, link or date, or a channel without language and self link."""
import sys
import feedparser

path = sys.argv[1]
f = feedparser.parse(path)
problems = []
if f.bozo:
    problems.append("parse error: %r" % f.bozo_exception)
if f.get("version") != "rss20":
    problems.append("not RSS 2.0: %r" % f.get("version"))
if not f.feed.get("language"):
    problems.append("channel has no language")
if not any(l.get("rel") == "self" for l in f.feed.get("links", [])):
    problems.append("channel has no atom:link rel=self")
for e in f.entries:
    for key in ("title", "link", "published_parsed", "id"):
        if not e.get(key):
            problems.append("entry %r lacks %s" % (e.get("link"), key))
    if not e.get("link", "").startswith("http"):
        problems.append("entry link is not absolute: %r" % e.get("link"))
for p in problems:
    print("%s: %s" % (path, p), file=sys.stderr)
sys.exit(1 if problems else 0)
