"""Checks that no HTML page under a built site can run script: no <script>,
<iframe>, <object>, <embed> or <form> element, no on* event attribute, and
no javascript:, vbscript: or file: URL (nor data: except images) in href,
src or action. Used by bad-input cases whose `output` file says `safe`."""
import os
import sys
from html.parser import HTMLParser

root = sys.argv[1]
problems = []
BAD_TAGS = {"script", "iframe", "object", "embed", "form"}


class Page(HTMLParser):
    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path

    def handle_starttag(self, tag, attrs):
        where = "%s:%d" % (self.path, self.getpos()[0])
        if tag in BAD_TAGS:
            problems.append("%s: <%s> element" % (where, tag))
        for name, value in attrs:
            if name.startswith("on"):
                problems.append("%s: event attribute %s=%r on <%s>" % (where, name, value, tag))
            if name in ("href", "src", "action") and value:
                v = "".join(c for c in value.lstrip("\x00\t\n\f\r ") if c not in "\t\n\r").lower()
                if v.startswith(("javascript:", "vbscript:", "file:")) or \
                        (v.startswith("data:") and not (tag == "img" and v.startswith(
                            ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")))):
                    problems.append("%s: unsafe URL %s=%r on <%s>" % (where, name, value, tag))


for dirpath, _, files in os.walk(root):
    for name in sorted(files):
        if name.endswith(".html"):
            full = os.path.join(dirpath, name)
            p = Page(full)
            with open(full, encoding="utf-8") as fh:
                p.feed(fh.read())
            p.close()
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
