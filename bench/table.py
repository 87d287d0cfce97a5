#!/usr/bin/env python3
"""Prints the tables of `make bench` from bench/run.sh's raw rows.

usage: table.py RESULTS.tsv

Rows are tab-separated: SIZE TOOL RUN WALL CPU RSS_KB [key=value...], plus
"meta" rows. Prints Markdown tables of medians, the ratios and the targets
of issue 5 (informative only: nothing here fails)."""
import statistics
import sys


def med(xs):
    return statistics.median(xs) if xs else None


def fmt(x, nd=2):
    return "–" if x is None else ("%.*f" % (nd, x))


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def main():
    meta = {}
    runs = {}        # (size, tool) -> list of (wall, cpu, rss_mb, extra dict)
    counts = {}
    phases = {}      # size -> list of dicts
    swap = {}
    sizes = []
    for line in open(sys.argv[1], encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "meta":
            meta[f[1]] = " ".join(f[2:])
            continue
        size, tool = int(f[0]), f[1]
        if size not in sizes:
            sizes.append(size)
        kv = dict(x.split("=", 1) for x in f[3:] if "=" in x)
        if tool == "phases":
            phases.setdefault(size, []).append({k: float(v) for k, v in kv.items()})
        elif tool.startswith("count-"):
            counts[(size, tool[6:])] = [int(x) for x in f[3:7]]
        elif tool == "swap":
            swap[size] = int(f[3])
        else:
            num = lambda s: None if s == "-" else float(s)
            rss = num(f[5])
            runs.setdefault((size, tool), []).append(
                (num(f[3]), num(f[4]), rss / 1024 if rss is not None else None, kv))

    def m(size, tool, i):
        xs = [r[i] for r in runs.get((size, tool), []) if r[i] is not None]
        return med(xs)

    def mk(size, tool, key):
        return med([float(r[3][key]) for r in runs.get((size, tool), []) if key in r[3]])

    print("lotrinh against Hugo: medians of %s runs, %s; %s; lotrinh %s; Hugo %s; "
          "load %s at the start, %s at the end; %s s in all."
          % (meta.get("runs", "?"), meta.get("date", "?"), meta.get("machine", "?"),
             meta.get("lotrinh", "?"), meta.get("hugo", "not run"),
             meta.get("load_start", "?"), meta.get("load_end", "?"), meta.get("seconds", "?")))
    print()
    print("| pages | tool | wall s | CPU s | peak RSS MB | Hugo/lotrinh wall | Hugo/lotrinh CPU | lotrinh/Hugo RSS | lotrinh/floor wall |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        lw, hw, fw = m(n, "lotrinh", 0), m(n, "hugo", 0), m(n, "floor", 0)
        lr, hr = m(n, "lotrinh", 2), m(n, "hugo", 2)
        lc, hc = m(n, "lotrinh", 1), m(n, "hugo", 1)
        print("| %d | lotrinh | %s | %s | %s | %s | %s | %s | %s |" % (
            n, fmt(lw), fmt(lc), fmt(lr, 0),
            fmt(ratio(hw, lw), 1) + "×" if hw else "–",
            fmt(ratio(hc, lc), 1) + "×" if hc else "–",
            fmt(ratio(lr, hr), 3) if hr else "–", fmt(ratio(lw, fw), 1) + "×"))
        if hw is not None:
            print("| %d | Hugo | %s | %s | %s | | | | |" % (n, fmt(hw), fmt(hc), fmt(hr, 0)))
        print("| %d | floor (Markdown %s + write %s) | %s | | | | | | |" % (
            n, fmt(mk(n, "floor", "md_s")), fmt(mk(n, "floor", "write_s")), fmt(fw)))
    print()
    print("Rebuilds into the existing output (lotrinh as it is in this checkout):")
    print()
    print("| pages | full build s | no change s | % of full | one page edited s |")
    print("|---:|---:|---:|---:|---:|")
    for n in sizes:
        lw, nc, ed = m(n, "lotrinh", 0), m(n, "nochange", 0), m(n, "edit", 0)
        print("| %d | %s | %s | %s | %s |" % (n, fmt(lw), fmt(nc, 3), fmt(100 * ratio(nc, lw) if nc and lw else None, 0), fmt(ed, 3)))
    print()
    print("lotrinh's phases (LOTRINH_TIMING=1, medians, seconds spent in each):")
    print()
    # each row holds the time at the end of each phase, in order: durations
    # are the differences
    names = []
    spans = {}
    for n in sizes:
        for r in phases.get(n, []):
            prev = 0.0
            for k, v in r.items():
                if k not in names:
                    names.append(k)
                spans.setdefault((n, k), []).append(v - prev)
                prev = v
    print("| pages | " + " | ".join(names) + " |")
    print("|---:|" + "---:|" * len(names))
    for n in sizes:
        print("| %d | %s |" % (n, " | ".join(fmt(med(spans.get((n, k), [])), 3) for k in names)))
    print()
    print("Output files (all / HTML / XML; Hugo's count includes its /page/1/ redirects):")
    print()
    for n in sizes:
        parts = []
        for tool in ("lotrinh", "hugo"):
            c = counts.get((n, tool))
            if c:
                parts.append("%s %d / %d / %d%s" % (tool, c[0], c[1], c[2],
                                                     " (%d redirects)" % c[3] if c[3] else ""))
        print("- %d pages: %s; swapped pages during the size: %s" % (n, "; ".join(parts), swap.get(n, "?")))
    print()
    if 10000 in sizes:
        n = 10000
        lw, hw, fw = m(n, "lotrinh", 0), m(n, "hugo", 0), m(n, "floor", 0)
        lr, hr = m(n, "lotrinh", 2), m(n, "hugo", 2)
        nc, ed = m(n, "nochange", 0), m(n, "edit", 0)
        t = []
        if hw:
            t.append(("Hugo/lotrinh wall at 10k ≥ 10", ratio(hw, lw), lambda x: x >= 10))
            t.append(("lotrinh/Hugo peak RSS at 10k ≤ 0.1", ratio(lr, hr), lambda x: x <= 0.1))
        t.append(("lotrinh/floor wall at 10k ≤ 2", ratio(lw, fw), lambda x: x <= 2))
        if 50000 in sizes:
            t.append(("lotrinh 50k/10k wall ≤ 5.5", ratio(m(50000, "lotrinh", 0), lw), lambda x: x <= 5.5))
        t.append(("one edited page at 10k < 0.1 s", ed, lambda x: x < 0.1))
        t.append(("no-change rebuild at 10k < 5% of full", ratio(nc, lw), lambda x: x < 0.05))
        print("Targets (issue 5):")
        print()
        for name, v, ok in t:
            print("- %s: %s, %s" % (name, fmt(v, 3), "–" if v is None else ("met" if ok(v) else "not met")))
        if 50000 in sizes:
            print("- 50k without swapping: %s" % ("met" if swap.get(50000) == 0 else "not met (%s pages swapped)" % swap.get(50000)))
        if 50000 in sizes and m(50000, "hugo", 0) and m(10000, "hugo", 0):
            print("- (Hugo 50k/10k wall: %s)" % fmt(ratio(m(50000, "hugo", 0), m(10000, "hugo", 0))))


if __name__ == "__main__":
    main()
