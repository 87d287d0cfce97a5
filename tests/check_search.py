#!/usr/bin/env python3
"""Checks the search index of a built site (docs/search.md).

usage: check_search.py SITE [--base /cong/] [--query LANG QUERY URL]... [--absent LANG URL]...
                       [--twins LANG URL URL]...

For every language under SITE/search/: the manifest, the docs chunks and
the token shards parse; document ids, URLs and sections are consistent;
every token is folded like a slug and sits in the shard its longest prefix
names; postings are well formed; the manifest's hash matches the files.
--query runs a query the way static/js/search.js does (folded tokens, all
words must match, the last one as a prefix) and expects URL among the
results; --absent expects URL not to be indexed; --twins expects two pages
(such as one saved in NFC and its copy in NFD) to have the same tokens and
weights. Exits 1 on any failure.
"""
import json
import os
import sys
import unicodedata


def fold(s):
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFC", s))
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    return s.replace("đ", "d").replace("Đ", "d").casefold()


def words(s):
    out, cur = [], ""
    for c in fold(s):
        if unicodedata.category(c)[0] in "LN":
            cur += c
        elif cur:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def fnv(h, data):
    for b in data:
        h ^= b
        h = (h * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


class Index:
    def __init__(self, folder, errors):
        self.errors = errors
        self.folder = folder
        with open(os.path.join(folder, "index.json"), encoding="utf-8") as f:
            self.man = json.load(f)
        m = self.man
        self.err_if(m.get("version") != 1, "version is not 1")
        self.err_if(m.get("lang") != os.path.basename(folder), "lang does not match its folder")
        raw = []
        self.docs = []
        for k, start in enumerate(m["docs"]):
            self.err_if(start != len(self.docs), f"docs-{k}.json starts at {start}, not {len(self.docs)}")
            data = open(os.path.join(folder, f"docs-{k}.json"), "rb").read()
            raw.append(data)
            self.docs.extend(json.loads(data))
        self.err_if(len(self.docs) != m["count"], f"{len(self.docs)} docs, manifest says {m['count']}")
        urls = [d[0] for d in self.docs]
        self.err_if(urls != sorted(urls, key=lambda u: u.encode()), "docs are not sorted by URL")
        self.err_if(len(set(urls)) != len(urls), "a URL is indexed twice")
        for d in self.docs:
            self.err_if(len(d) != 4 or not d[0].startswith("/") or not isinstance(d[1], str)
                        or not 0 <= d[2] < len(m["sections"]) or not isinstance(d[3], str), f"bad doc {d}")
        files = sorted(set(m["shards"].values()))
        self.err_if(files != list(range(len(files))), "shard files are not numbered 0..n-1")
        self.postings = {}
        for k in files:
            data = open(os.path.join(folder, f"terms-{k}.json"), "rb").read()
            raw.append(data)
            shard = json.loads(data)
            self.err_if(len(shard["t"]) != len(shard["p"]), f"terms-{k}.json: tokens and postings differ in number")
            for tok, post in zip(shard["t"], shard["p"]):
                self.err_if(tok in self.postings, f"token {tok!r} is in two shards")
                self.err_if(fold(tok) != tok or words(tok) != [tok] or len(tok.encode()) > 48,
                            f"token {tok!r} is not a folded word")
                pre = max((p for p in m["shards"] if tok.startswith(p)), key=len, default=None)
                self.err_if(pre is None or m["shards"][pre] != k,
                            f"token {tok!r} is in terms-{k}.json, its prefix {pre!r} says another")
                self.err_if(len(post) % 2 or not post, f"postings of {tok!r} are not pairs")
                ids, doc = [], 0
                for i in range(0, len(post), 2):
                    doc += post[i]
                    self.err_if(i and post[i] < 1, f"postings of {tok!r} are not in order")
                    self.err_if(not 1 <= post[i + 1] <= 31, f"weight {post[i + 1]} of {tok!r}")
                    ids.append((doc, post[i + 1]))
                self.err_if(ids and ids[-1][0] >= len(self.docs), f"postings of {tok!r} name a missing doc")
                self.postings[tok] = ids
        self.err_if(len(self.postings) != m["terms"], "the number of tokens differs from the manifest")
        h = 1469598103934665603
        for data in raw:
            h = fnv(h, data)
        self.err_if(m["hash"] != f"{h:016x}", "the hash does not match the files")

    def err_if(self, cond, msg):
        if cond:
            self.errors.append(f"{self.folder}: {msg}")

    def query(self, q):
        ws = words(q)
        if not ws:
            return []
        score = None
        for i, w in enumerate(ws):
            got = {}
            for tok, ids in self.postings.items():
                if tok == w or (i == len(ws) - 1 and tok.startswith(w)):
                    for doc, wt in ids:
                        got[doc] = max(got.get(doc, 0), wt)
            score = got if score is None else {d: s + got[d] for d, s in score.items() if d in got}
        return [self.docs[d][0] for d, _ in sorted(score.items(), key=lambda x: (-x[1], x[0]))]


def main(argv):
    site, base, queries, absent, twins = argv[1], "/", [], [], []
    i = 2
    while i < len(argv):
        if argv[i] == "--base":
            base, i = argv[i + 1], i + 2
        elif argv[i] == "--query":
            queries.append(argv[i + 1:i + 4])
            i += 4
        elif argv[i] == "--twins":
            twins.append(argv[i + 1:i + 4])
            i += 4
        elif argv[i] == "--absent":
            absent.append(argv[i + 1:i + 3])
            i += 3
        else:
            print(__doc__, file=sys.stderr)
            return 2
    errors = []
    root = os.path.join(site, "search")
    langs = sorted(os.listdir(root)) if os.path.isdir(root) else []
    if not langs:
        errors.append(f"{site}: no search index")
    idx = {}
    for lang in langs:
        try:
            idx[lang] = Index(os.path.join(root, lang), errors)
        except (OSError, ValueError, KeyError, TypeError) as e:
            errors.append(f"{root}/{lang}: {e}")
            continue
        for d in idx[lang].docs:
            path = os.path.join(site, d[0][len(base):], "index.html") if d[0].endswith("/") \
                else os.path.join(site, d[0][len(base):])
            if not d[0].startswith(base) or not os.path.isfile(path):
                errors.append(f"{root}/{lang}: {d[0]} is not a page of the site")
    for lang, q, url in queries:
        got = idx[lang].query(q) if lang in idx else []
        if url not in got:
            errors.append(f"query {q!r} ({lang}) does not find {url}; it finds {got[:5]}")
    for lang, url in absent:
        if lang in idx and url in [d[0] for d in idx[lang].docs]:
            errors.append(f"{url} ({lang}) is indexed but should not be")
    for lang, a, b in twins:
        ix = idx.get(lang)
        urls = [d[0] for d in ix.docs] if ix else []
        if a not in urls or b not in urls:
            errors.append(f"twins {a} and {b} ({lang}) are not both indexed")
            continue
        ia, ib = urls.index(a), urls.index(b)
        va = sorted((t, w) for t, ids in ix.postings.items() for d, w in ids if d == ia)
        vb = sorted((t, w) for t, ids in ix.postings.items() for d, w in ids if d == ib)
        if not va or va != vb:
            errors.append(f"{a} and {b} ({lang}) are indexed differently: {set(va) ^ set(vb)}")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
