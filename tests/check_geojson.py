"""Checks the destinations' open data: check_geojson.py SITE_DIR FILE.geojson
[--bounds S,W,N,E] [--langs vi,en] [--pages DIR]

- FILE parses as JSON and is a GeoJSON FeatureCollection (RFC 7946);
- every feature is a Feature with a Point geometry whose coordinates are
  [lon, lat] numbers, inside the bounds when given;
- every feature has a unique id and, for each language, name_<lang> and
  url_<lang>, and every URL is a page built in SITE_DIR;
- with --pages DIR (a section folder of SITE_DIR), every page folder there
  has a feature, and no feature points elsewhere.
Prints one line per problem and exits 1 if there is any."""
import json
import os
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlparse, unquote

args = sys.argv[1:]
opts = {}
while len(args) > 2 and args[-2].startswith("--"):
    opts[args[-2][2:]] = args[-1]
    args = args[:-2]
if len(args) != 2:
    sys.exit(__doc__)
root, path = args
langs = opts.get("langs", "vi,en").split(",")
bounds = [float(x) for x in opts["bounds"].split(",")] if "bounds" in opts else None
problems = []

# the base path of the site ("/" or "/portal/"), from the sitemap's <loc>s
locs = [l.text for l in ET.parse(os.path.join(root, "sitemap.xml")).getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
base_path = os.path.commonprefix([urlparse(l).path for l in locs] or ["/"])
base_path = base_path[:base_path.rfind("/") + 1] or "/"


def built_file(url):
    """The file in root that an absolute page URL points at."""
    p = unquote(urlparse(url).path)
    if p.startswith(base_path):
        p = "/" + p[len(base_path):]
    f = os.path.join(root, p.lstrip("/"))
    return os.path.join(f, "index.html") if p.endswith("/") else f


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


try:
    with open(path, encoding="utf-8") as fh:
        doc = json.load(fh)
except (OSError, ValueError) as e:
    sys.exit("%s: does not parse as JSON: %s" % (path, e))

if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
    problems.append("%s: not a FeatureCollection" % path)
    doc = {}
features = doc.get("features")
if not isinstance(features, list) or not features:
    problems.append("%s: 'features' must be a non-empty list" % path)
    features = []

ids, linked = set(), set()
for i, f in enumerate(features):
    where = "%s: features[%d]" % (path, i)
    if not isinstance(f, dict) or f.get("type") != "Feature":
        problems.append("%s: not a Feature" % where)
        continue
    g = f.get("geometry") or {}
    c = g.get("coordinates")
    if g.get("type") != "Point" or not isinstance(c, list) or len(c) != 2 or not all(map(is_number, c)):
        problems.append("%s: geometry must be a Point with [lon, lat] numbers, not %r" % (where, g))
    else:
        lon, lat = c
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            problems.append("%s: [%s, %s] is not a longitude and latitude" % (where, lon, lat))
        if bounds and not (bounds[0] <= lat <= bounds[2] and bounds[1] <= lon <= bounds[3]):
            problems.append("%s: [%s, %s] lies outside the bounds %s (lon and lat swapped?)" % (where, lon, lat, bounds))
    props = f.get("properties")
    if not isinstance(props, dict):
        problems.append("%s: no properties" % where)
        continue
    fid = props.get("id")
    if not fid or fid in ids:
        problems.append("%s: id %r is missing or not unique" % (where, fid))
    ids.add(fid)
    for lang in langs:
        name, url = props.get("name_" + lang), props.get("url_" + lang)
        if not isinstance(name, str) or not name.strip():
            problems.append("%s: no name_%s" % (where, lang))
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            problems.append("%s: url_%s must be an absolute URL, not %r" % (where, lang, url))
            continue
        target = built_file(url)
        if not os.path.isfile(target):
            problems.append("%s: url_%s %s is not a page of the site (no %s)" % (where, lang, url, target))
        linked.add(os.path.normpath(target))

if "pages" in opts:
    section = os.path.join(root, opts["pages"])
    for name in sorted(os.listdir(section)):
        page = os.path.normpath(os.path.join(section, name, "index.html"))
        if os.path.isfile(page) and name != "page" and page not in linked:
            problems.append("%s: the page %s has no feature" % (path, page))

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
