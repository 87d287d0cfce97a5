"""Checks the JSON of `lotrinh check --format json` (read from the file in
argv[1]): the schema of docs/cli.md, counts that match the findings, the
sorted order, and the same findings as the text output (argv[2]), line for
line. Exit 1 with a reason on the first difference."""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
text = [l.rstrip("\n") for l in open(sys.argv[2], encoding="utf-8")]


def fail(why):
    print("check_json: " + why, file=sys.stderr)
    sys.exit(1)


for key, kind in (("version", int), ("pages", int), ("errors", int), ("warnings", int),
                  ("complete", bool), ("findings", list)):
    if not isinstance(doc.get(key), kind):
        fail("%r is missing or not %s" % (key, kind.__name__))
if doc["version"] != 1:
    fail("version %r" % doc["version"])
if not (doc["dest"] is None or isinstance(doc["dest"], str)):
    fail("dest is neither a string nor null")
fields = ["severity", "check", "file", "line", "page", "target", "message", "hint"]
lines = []
for f in doc["findings"]:
    if sorted(f) != sorted(fields):
        fail("finding has keys %s, want %s" % (sorted(f), sorted(fields)))
    if f["severity"] not in ("error", "warning"):
        fail("severity %r" % f["severity"])
    if not (f["line"] is None or (isinstance(f["line"], int) and f["line"] > 0)):
        fail("line %r" % f["line"])
    for k in ("check", "file", "message"):
        if not isinstance(f[k], str) or not f[k]:
            fail("%s is empty in %r" % (k, f))
    at = f["file"] + (":%d" % f["line"] if f["line"] else "")
    lines.append("%s: %s: %s [%s]" % (at, f["severity"], f["message"], f["check"]))
    if f["hint"]:
        lines.append("  hint: " + f["hint"])
errors = sum(f["severity"] == "error" for f in doc["findings"])
if errors != doc["errors"] or len(doc["findings"]) - errors != doc["warnings"]:
    fail("counts %d/%d do not match the findings" % (doc["errors"], doc["warnings"]))
keys = [(f["file"], f["line"] or 0) for f in doc["findings"]]
if keys != sorted(keys):
    fail("findings are not sorted by file and line")
if lines != text[:-1]:
    for i, (a, b) in enumerate(zip(lines, text)):
        if a != b:
            fail("finding %d differs from the text output:\n  json: %s\n  text: %s" % (i, a, b))
    fail("%d lines from JSON, %d in the text output" % (len(lines), len(text) - 1))
