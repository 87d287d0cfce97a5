"""Checks the schema.org data of destination pages: check_jsonld.py PAGE.html...

Each page must hold at least one <script type="application/ld+json"> whose
text parses as JSON and is a TouristAttraction with a name, a url, geo
(GeoCoordinates with numeric latitude and longitude) and a PostalAddress;
image, when present, is a list of absolute URLs, and
openingHoursSpecification a list of entries with dayOfWeek, opens and
closes (HH:MM). Prints one line per problem and exits 1 if there is any."""
import json
import re
import sys
from html.parser import HTMLParser

problems = []


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside = False
        self.blocks = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self.inside = True
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check(where, ld):
    if ld.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("%s: @context is %r" % (where, ld.get("@context")))
    if ld.get("@type") != "TouristAttraction":
        problems.append("%s: @type is %r, not TouristAttraction" % (where, ld.get("@type")))
    for key in ("name", "url"):
        if not isinstance(ld.get(key), str) or not ld[key]:
            problems.append("%s: no %s" % (where, key))
    geo = ld.get("geo") or {}
    if geo.get("@type") != "GeoCoordinates" or not is_number(geo.get("latitude")) or not is_number(geo.get("longitude")):
        problems.append("%s: geo must be GeoCoordinates with numbers, not %r" % (where, geo))
    addr = ld.get("address") or {}
    if addr.get("@type") != "PostalAddress" or not addr.get("streetAddress"):
        problems.append("%s: address must be a PostalAddress with streetAddress" % where)
    img = ld.get("image")
    if img is not None and (not isinstance(img, list) or not all(isinstance(u, str) and u.startswith(("http://", "https://")) for u in img)):
        problems.append("%s: image must be a list of absolute URLs, not %r" % (where, img))
    hours = ld.get("openingHoursSpecification")
    if hours is not None:
        if not isinstance(hours, list):
            problems.append("%s: openingHoursSpecification must be a list" % where)
            hours = []
        for h in hours:
            ok = (isinstance(h, dict) and h.get("@type") == "OpeningHoursSpecification"
                  and isinstance(h.get("dayOfWeek"), list) and h["dayOfWeek"]
                  and all(str(d).startswith("https://schema.org/") for d in h["dayOfWeek"])
                  and all(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", str(h.get(k, ""))) for k in ("opens", "closes")))
            if not ok:
                problems.append("%s: bad openingHoursSpecification entry %r" % (where, h))


if len(sys.argv) < 2:
    sys.exit(__doc__)
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    p = Scripts()
    p.feed(text)
    if not p.blocks:
        problems.append("%s: no <script type=\"application/ld+json\">" % path)
    for i, block in enumerate(p.blocks):
        where = "%s: ld+json #%d" % (path, i + 1)
        try:
            ld = json.loads(block)
        except ValueError as e:
            problems.append("%s: does not parse as JSON: %s" % (where, e))
            continue
        if not isinstance(ld, dict):
            problems.append("%s: not a JSON object" % where)
            continue
        check(where, ld)

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
