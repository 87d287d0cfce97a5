#!/usr/bin/env bash
# Runs every test: unit programs, golden sites, bad-input cases, output
# validation. Ends with one line "N passed, N failed".
# BUILD selects the build folder (build or build-asan).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN=$BUILD/lotrinh
OUT=tests/out/$BUILD
PY=/usr/bin/python3
NOW=2026-11-23
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if "$@"; then ok; else bad "$*"; fi; }
rm -rf "$OUT"
mkdir -p "$OUT"

# 1. unit test programs: each prints "N passed, N failed"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    "$t" >"$OUT/$(basename "$t").out" 2>"$OUT/$(basename "$t").err"
    rc=$?
    line=$(tail -n 1 "$OUT/$(basename "$t").out")
    p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -z "$p" ]; then
        bad "$t crashed or printed no summary"; cat "$OUT/$(basename "$t").err" >&2
    else
        pass=$((pass + p)); fail=$((fail + f))
        [ "$rc" = 0 ] || [ "$f" != 0 ] || bad "$t exited $rc"
        [ "$f" = 0 ] || { echo "FAIL: $t" >&2; cat "$OUT/$(basename "$t").err" >&2; }
    fi
done

# 1b. fuzz findings and seed corpora replayed through the harnesses
line=$(bash tests/fuzz/replay.sh "$BUILD" 2>"$OUT/replay.err" | tail -n 1)
p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
if [ -n "$p" ]; then pass=$((pass + p)); fail=$((fail + f)); [ "$f" = 0 ] || cat "$OUT/replay.err" >&2
else bad "fuzz replay printed no summary"; cat "$OUT/replay.err" >&2; fi

# 2. golden sites: build and compare file by file with expected/
for site in tests/sites/*/; do
    name=$(basename "$site")
    [ -d "$site/expected" ] || continue
    if "$BIN" build -q --source "$site" --dest "$OUT/$name" --now $NOW -j 2 2>"$OUT/$name.err"; then
        ok
        if diff -r "$site/expected" "$OUT/$name" >"$OUT/$name.diff"; then ok
        else bad "golden $name differs from expected (see $OUT/$name.diff)"; head -40 "$OUT/$name.diff" >&2; fi
        # the same build on one thread is byte-identical
        "$BIN" build -q --source "$site" --dest "$OUT/$name-j1" --now $NOW -j 1 2>/dev/null
        check diff -rq "$OUT/$name" "$OUT/$name-j1"
        # a sitemap that validates against the sitemaps.org schema (+ xhtml:link)
        check xmllint --noout --nonet --schema ../shared/schemas/sitemap-hreflang.xsd "$OUT/$name/sitemap.xml"
        # every feed parses and every entry has title, link and date
        for f in $(find "$OUT/$name" -name index.xml | sort); do
            check $PY tests/check_feed.py "$f"
        done
        # every HTML page parses, hreflang sets are reciprocal, links resolve
        check $PY tests/check_site.py "$OUT/$name"
        # strict HTML5 parsing, ids and references; more where the site asks
        # for it in html-checks (--meta: description and Open Graph, --a11y)
        check $PY tests/check_html.py "$OUT/$name" $(cat "$site/html-checks" 2>/dev/null)
    else
        bad "golden $name did not build"; cat "$OUT/$name.err" >&2
    fi
done

# 2a. numbers and dates per language (golden files hold them; say so plainly)
g=tests/sites/basic/expected
grep -q '1.113.681 · 0,75 · 01/07/2025 · tháng 7/2025' "$g/tin-tuc/ban-hanh-ke-hoach/index.html" && ok || bad "Vietnamese number/date formats"
grep -q '1,113,681 · 0.75 · 1 Jul 2025 · July 2025' "$g/en/news/plan-issued/index.html" && ok || bad "English number/date formats"
grep -q '23 tháng 11 năm 2026' "$g/index.html" && grep -q '23 November 2026' "$g/en/index.html" && ok || bad "long dates"

# sitemap: false keeps a page out of the sitemap (but it is still built)
[ -f "$g/tin-tuc/hop-bao/index.html" ] && ! grep -q "tin-tuc/hop-bao/" "$g/sitemap.xml" && ok || bad "sitemap: false"

# extra output formats (site.lua outputs): JSON beside the news list, in both languages
for f in "$g/tin-tuc/index.json" "$g/en/news/index.json"; do
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["items"] and all(i["url"].startswith("https://") for i in d["items"])' "$f" \
        && ok || bad "outputs: $f is not the expected JSON"
done

# responsive images: sizes + WebP made once, cached, re-made only when the photo or settings change
im=$OUT/images; rm -rf "$im" && mkdir -p "$im" && cp -r tests/sites/basic "$im/src" && rm -rf "$im/src/.lotrinh-cache" "$im/src/expected"
ibuild() { "$BIN" build --clean --source "$im/src" --dest "$im/public" --now $NOW 2>&1 | grep -o '[0-9]* image sizes ([0-9]* made, [0-9]* cached)'; }
[ "$(ibuild)" = "6 image sizes (6 made, 0 cached)" ] && ok || bad "images: first build should make 6 sizes"
[ "$(ibuild)" = "6 image sizes (0 made, 6 cached)" ] && ok || bad "images: second build should re-make nothing"
sed -i 's/quality = 70/quality = 60/' "$im/src/site.lua"
[ "$(ibuild)" = "6 image sizes (6 made, 0 cached)" ] && ok || bad "images: a new quality should re-make every size"
[ "$(ls "$im/src/.lotrinh-cache/images" | grep -c q70)" = 0 ] && ok || bad "images: stale cache files were not pruned"
printf 'x' >>"$im/src/content/ke-hoach/lo-trinh/so-do.png"
[ "$(ibuild)" = "6 image sizes (6 made, 0 cached)" ] && ok || bad "images: a changed photo should be re-made"
$PY - "$g/ke-hoach/lo-trinh" <<'PYEOF' && ok || bad "images: srcset files, sizes and dimensions"
import re, sys, os, struct
d = sys.argv[1]
html = open(os.path.join(d, "index.html"), encoding="utf-8").read()
img = re.search(r'<img src="([^"]+)" srcset="([^"]+)" sizes="[^"]+" width="(\d+)" height="(\d+)" alt="[^"]+" loading="lazy"', html)
src = re.search(r'<source type="image/webp" srcset="([^"]+)"', html)
assert img and src, "no <picture>"
for part in (img.group(2) + ", " + src.group(1)).split(", "):
    u, w = part.split(" ")
    f = os.path.join(d, os.path.basename(u))
    data = open(f, "rb").read()
    if f.endswith(".png"):
        assert struct.unpack(">I", data[16:20])[0] == int(w[:-1]), f
    else:
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", f
assert (img.group(3), img.group(4)) == ("320", "200")
PYEOF

# derived pages (site.lua derive): built, translated, in the sitemap with alternates
f=tests/sites/fallback/expected
grep -q 'Có 2 trang nguồn.' "$f/tin-tuc/tong-hop/index.html" && [ -f "$f/en/news/tong-hop/index.html" ] \
    && grep -q 'hreflang="en" href="https://example.org/cong/en/news/tong-hop/"' "$f/sitemap.xml" && ok || bad "derived pages"

# the portal fixture (the portal's own layouts): overdue against the build
# date, the home page's next deadlines, agencies overdue first, Open Graph
f=tests/sites/portal/expected
grep -c 'class="is-overdue"' "$f/ke-hoach/ke-hoach-thu/index.html" | grep -qx 1 \
    && grep -q '<tr id="task-2" class="is-overdue" data-overdue="' "$f/ke-hoach/ke-hoach-thu/index.html" && ok || bad "portal: overdue rows"
deadlines=$(sed -n '/id="deadlines-title"/,/<\/section>/p' "$f/index.html" | grep -o '#task-[0-9]*' | tr '\n' ' ')
[ "$deadlines" = "#task-3 #task-4 #task-2 " ] && grep -q 'stat-overdue"><span class="stat-value">1<' "$f/index.html" && ok \
    || bad "portal: home deadlines and overdue count ($deadlines)"
lead=$(grep -o '#task-[0-9]*' "$f/en/agencies/so-khcn/index.html" | tr '\n' ' ')
[ "$lead" = "#task-2 #task-3 #task-6 #task-1 #task-4 " ] && ok || bad "portal: agency tasks overdue first ($lead)"
grep -q '<meta property="og:url" content="https://example.org/cong/en/plans/test-plan/">' "$f/en/plans/test-plan/index.html" \
    && grep -q '<meta property="og:image" content="https://example.org/cong/images/og-lang-son.png">' "$f/index.html" \
    && grep -q '<meta property="og:image" content="https://example.org/cong/en/policies/test-decision/so-do.png">' "$f/en/policies/test-decision/index.html" \
    && grep -q '(PDF, 605 bytes)' "$f/en/policies/test-decision/index.html" && ok || bad "portal: Open Graph and attachment"

# fallback copies with three languages: a copy lists the real versions only
f=tests/sites/fallback3/expected
grep -q 'href="/tin-tuc/b/">vi<' "$f/en/tin-tuc/b/index.html" && ! grep -q '/tin-tuc/a/' "$f/en/tin-tuc/b/index.html" \
    && ! grep -q '/en/tin-tuc/a/' "$f/fr/tin-tuc/a/index.html" && ok || bad "fallback copies list each other"
grep -q 'href="/fr/tin-tuc/c/">fr<' "$f/en/tin-tuc/c/index.html" && ! grep -q '/en/tin-tuc/c/' "$f/tin-tuc/c/index.html" \
    && ! grep -q 'rel="alternate"' "$f/en/tin-tuc/c/index.html" && ok || bad "fallback copy and real translations"

# 2a'. destinations fixture: open data and structured data of both languages
g=tests/sites/tourism/expected
if [ -d "$g" ]; then
    check $PY tests/check_geojson.py "$g" "$g/diem-den/index.geojson" --bounds 21.3,106.05,22.5,107.4 --pages diem-den
    check $PY tests/check_geojson.py "$g" "$g/en/destinations/index.geojson" --bounds 21.3,106.05,22.5,107.4 --pages en/destinations
    check $PY tests/check_jsonld.py "$g"/diem-den/*/index.html "$g"/en/destinations/*/index.html
    # "</script>" in a description cannot end the JSON-LD early
    grep -q 'chùa \\u003c\\/script\\u003e cổ' "$g/diem-den/dong-tam-thanh/index.html" && ok || bad "JSON-LD escapes </script>"
    # every destination is a link on the map, and the highlighted one is marked as the current page
    [ "$(grep -c 'class="map-pin' "$g/diem-den/index.html")" = 3 ] && ok || bad "map page: one marker per destination"
    grep -q 'class="map-pin is-here" aria-label="Tam Thanh Cave" aria-current="page"' "$g/en/destinations/tam-thanh-cave/index.html" && ok || bad "destination page: its own marker"
fi

# 2b. a page saved in NFD builds exactly like its NFC twin
f=$OUT/fallback/tin-tuc
if [ -f "$f/nfc/index.html" ] && sed 's/nfd/nfc/g' "$f/nfd/index.html" | cmp -s - "$f/nfc/index.html"; then ok
else bad "NFD page does not build like its NFC twin"; fi
# 2c. search index (docs/search.md): well formed; found with and without
#     diacritics and in NFD; search: false, sitemap: false, pager pages and
#     fallback copies left out; NFC and NFD twins indexed alike; split into
#     shards by prefix (basic sets a tiny shard_size); search = false writes none
nfd=$($PY -c 'import unicodedata; print(unicodedata.normalize("NFD", "Lộ Trình"))')
check $PY tests/check_search.py "$OUT/basic" --query vi "lộ trình" /ke-hoach/lo-trinh/ \
    --query vi "lo trinh" /ke-hoach/lo-trinh/ --query vi "$nfd" /ke-hoach/lo-trinh/ \
    --query vi "ban hanh ke hoa" /tin-tuc/ban-hanh-ke-hoach/ --query en "bord" /en/sectors/border-gate-economy/ \
    --absent en /en/plans/technology-roadmap/ --absent vi /tin-tuc/hop-bao/ --absent vi /page/2/
[ "$(ls "$OUT/basic/search/vi" | grep -c '^terms-')" -gt 1 ] && [ "$(ls "$OUT/basic/search/vi" | grep -c '^docs-')" -gt 1 ] \
    && ok || bad "search: the basic site's index is not split into shards"
check $PY tests/check_search.py "$OUT/fallback" --base /cong/ --twins vi /cong/tin-tuc/nfc/ /cong/tin-tuc/nfd/ \
    --query vi "hoi nghi chuyen doi" /cong/tin-tuc/nfd/ --absent en /cong/en/news/nfc/
[ -d "$OUT/periods" ] && [ ! -e "$OUT/periods/search" ] && ok || bad "search = false still wrote an index"

"$BIN" check --translations --source tests/sites/basic >"$OUT/check.out" 2>&1; rc=$?
[ $rc = 1 ] && grep -q "content/tin-tuc/hop-bao.md: no 'en' translation" "$OUT/check.out" && ok \
    || bad "check --translations (exit $rc)"

# 2c. lotrinh check over a built site: a fixture with deliberate mistakes
#     (every finding listed in tests/check/expected.txt), JSON = text, exit codes
cs=$OUT/check-site
if "$BIN" build -q --source tests/check/site --dest "$cs" --now $NOW 2>"$OUT/check-site.err"; then ok
else bad "tests/check/site did not build"; cat "$OUT/check-site.err" >&2; fi
"$BIN" check --source tests/check/site --dest "$cs" -j 2 >"$OUT/check.txt" 2>&1; rc=$?
[ $rc = 1 ] && ok || bad "check of the broken fixture exits $rc, want 1"
if sed "s|$cs/|DEST/|g" "$OUT/check.txt" | diff -u tests/check/expected.txt - >"$OUT/check.diff"; then ok
else bad "lotrinh check findings differ from tests/check/expected.txt"; head -40 "$OUT/check.diff" >&2; fi
"$BIN" check --source tests/check/site --dest "$cs" --format json -j 1 >"$OUT/check.json" 2>&1
check $PY tests/check_json.py "$OUT/check.json" "$OUT/check.txt"
"$BIN" check --source tests/check/site --dest "$OUT/no-such-folder" >/dev/null 2>"$OUT/check-nodest.err"; rc=$?
[ $rc = 2 ] && grep -q "build first" "$OUT/check-nodest.err" && ok || bad "check without a built site exits $rc, want 2"
"$BIN" check --format xml >/dev/null 2>&1; [ $? = 2 ] && ok || bad "check --format xml exits 2"
# the golden sites and the portal have no errors; warnings fail only with --strict
for site in tests/sites/*/; do
    name=$(basename "$site")
    [ -d "$OUT/$name" ] || continue
    "$BIN" check --source "$site" --dest "$OUT/$name" >"$OUT/$name.check" 2>&1 && ok \
        || { bad "lotrinh check on golden $name"; cat "$OUT/$name.check" >&2; }
done
"$BIN" check --source tests/sites/basic --dest "$OUT/basic" --strict >/dev/null 2>&1; rc=$?
[ $rc = 1 ] && ok || bad "check --strict with an untranslated page exits $rc, want 1"

# 3. bad input: each case overlays tests/bad/_base; expect = exit code, then
#    lines that stderr must contain. The previous site must stay untouched.
#    An optional `output` file asserts the built site (see tests/bad/README.md):
#    "+ PATH TEXT" PATH contains TEXT, "- PATH TEXT" it does not ("*": no
#    file of the site does), "safe": no page can run script (check_safe.py).
for case in tests/bad/*/; do
    name=$(basename "$case")
    [ "$name" = _base ] && continue
    work="$OUT/bad/$name"
    mkdir -p "$work/src"
    cp -r tests/bad/_base/. "$work/src/"
    cp -r "$case/." "$work/src/"
    rm -f "$work/src/expect" "$work/src/output" "$work/src/setup.sh"
    [ -x "$case/setup.sh" ] && (cd "$work/src" && "$OLDPWD/$case/setup.sh")
    mkdir -p "$work/public"
    echo previous >"$work/public/marker.txt"
    : >"$work/stdout"; : >"$work/stderr"
    # (the build's own cache, src/.lotrinh-cache, and the staging and kept
    # previous site beside the destination, .public.lotrinh-*, are allowed)
    before=$(cd "$work" && find . \( -path ./public -o -path ./src/.lotrinh-cache -o -path './.public.lotrinh-*' \) -prune -o -print | sort)
    want=$(head -n 1 "$case/expect")
    timeout 60 "$BIN" build -q --source "$work/src" --dest "$work/public" --now $NOW \
        >"$work/stdout" 2>"$work/stderr"
    got=$?
    after=$(cd "$work" && find . \( -path ./public -o -path ./src/.lotrinh-cache -o -path './.public.lotrinh-*' \) -prune -o -print | sort)
    [ "$before" = "$after" ] && ok || bad "bad/$name: the build changed files outside the destination: $(diff <(echo "$before") <(echo "$after") | grep '^[<>]' | head -3 | tr '\n' ' ')"
    if [ -f "$case/output" ]; then
        while IFS= read -r line; do
            case "$line" in
            ''|'#'*) continue ;;
            safe) if $PY tests/check_safe.py "$work/public" 2>"$work/safe.err"; then ok
                  else bad "bad/$name: a page can run script"; head -5 "$work/safe.err" >&2; fi ;;
            [+-]' '*)
                sign=${line%% *}; rest=${line#? }; path=${rest%% *}; text=${rest#* }
                if [ "$path" = '*' ]; then found=$(grep -rlF -- "$text" "$work/public" | head -n 1)
                else found=$(grep -lF -- "$text" "$work/public/$path" 2>/dev/null); fi
                if { [ "$sign" = + ] && [ -n "$found" ]; } || { [ "$sign" = - ] && [ -z "$found" ]; }; then ok
                else bad "bad/$name: output: $line${found:+ (found in $found)}"; fi ;;
            *) bad "bad/$name: output: cannot read the line: $line" ;;
            esac
        done <"$case/output"
    fi
    if [ "$got" = "$want" ]; then ok; else bad "bad/$name: exit $got, want $want"; cat "$work/stderr" >&2; fi
    tail -n +2 "$case/expect" | while IFS= read -r line; do
        [ -z "$line" ] && continue
        if grep -qF -- "$line" "$work/stderr"; then echo P; else echo "F $line"; fi
    done >"$work/checks"
    while read -r r rest; do
        if [ "$r" = P ]; then ok; else bad "bad/$name: stderr lacks: $rest"; sed 's/^/    /' "$work/stderr" >&2; fi
    done <"$work/checks"
    if [ "$want" != 0 ]; then
        if [ "$(cat "$work/public/marker.txt" 2>/dev/null)" = previous ] && [ "$(ls "$work/public")" = marker.txt ]; then ok
        else bad "bad/$name: the previous public/ was changed"; fi
    fi
    # nothing may appear outside the destination
    if [ -z "$(find "$work" -newer "$work/public/marker.txt" -name 'pwned*' 2>/dev/null)" ] && [ ! -e /tmp/lotrinh-pwned ]; then ok
    else bad "bad/$name: a file was written outside the destination"; fi
done

# 3b. a site of more than 50,000 URLs gets a sitemap index and children
big=$OUT/big
rm -rf "$big" && $PY bench/gen_corpus.py 51000 "$big/src" --body-kb 0 0 --no-hugo --search
if "$BIN" build -q --source "$big/src" --dest "$big/public" --now $NOW 2>"$big.err"; then ok
else bad "the 51,000-page site did not build"; head "$big.err" >&2; fi
check xmllint --noout --nonet --schema ../shared/schemas/siteindex.xsd "$big/public/sitemap.xml"
for f in "$big"/public/sitemap-*.xml; do
    check xmllint --noout --nonet --schema ../shared/schemas/sitemap-hreflang.xsd "$f"
done
# its search index is split by token prefixes of up to three characters
check $PY tests/check_search.py "$big/public"
grep -q '"[a-z0-9][a-z0-9][a-z0-9]":' "$big/public/search/vi/index.json" && ok || bad "big site: no 3-character shard prefix"
n=$(cat "$big"/public/sitemap-*.xml | grep -c '<loc>')
want=$(find "$big/public" -name index.html -not -path '*/page/*' | wc -l)
[ "$n" = "$want" ] && [ "$n" -gt 50000 ] && ok || bad "sitemap children list $n URLs, want $want (> 50000)"
rm -rf "$big"

# 3b'. incremental builds equal clean builds after every kind of edit (the basic
#      site, the portal fixture with the portal's layouts, the destinations)
while read -r r rest; do
    if [ "$r" = P ]; then ok; else bad "incremental: $rest"; fi
done < <(bash tests/incremental.sh "$BIN" "$OUT/incremental" 2>&1)

# 3b''. incremental builds render only what an edit affects (--explain), and a
#       damaged build cache only costs a full render
while read -r r rest; do
    if [ "$r" = P ]; then ok; else bad "selective: $rest"; fi
done < <(bash tests/selective.sh "$BIN" "$OUT/selective" 2>&1)

# 3b''. the benchmark corpus (make bench): deterministic, both languages,
# builds with lotrinh; the Hugo twin's files exist (Hugo itself is not run here)
bc=$OUT/bench-corpus
rm -rf "$bc" && $PY bench/gen_corpus.py 200 "$bc/a" && $PY bench/gen_corpus.py 200 "$bc/b"
check diff -r "$bc/a" "$bc/b"
[ "$(find "$bc/a/content" -name 'trang-*.en.md' | wc -l)" = 100 ] &&
    [ "$(find "$bc/a/content" -name 'trang-*.md' ! -name '*.en.md' | wc -l)" = 100 ] && ok ||
    bad "bench corpus: want 100 pages per language"
grep -q 'Ủy ban nhân dân' -r "$bc/a/content" && grep -q '^| STT |' -r "$bc/a/content" &&
    grep -q '^\[\^1\]: ' -r "$bc/a/content" && ok || bad "bench corpus: Vietnamese prose, tables, footnotes"
$PY bench/gen_corpus.py 200 "$bc/c" --seed 7 && ! diff -rq "$bc/a/content" "$bc/c/content" >/dev/null && ok ||
    bad "bench corpus: another seed gives another corpus"
for f in hugo.toml layouts/_default/baseof.html layouts/_default/single.html layouts/_default/list.html \
         layouts/_default/terms.html layouts/_default/rss.xml layouts/_default/_markup/render-link.html layouts/404.html; do
    [ -s "$bc/a/hugo/$f" ] && ok || bad "bench corpus: hugo/$f missing"
done
if "$BIN" build -q --source "$bc/a" --dest "$bc/out" --now $NOW 2>"$bc.err"; then ok
else bad "the bench corpus did not build"; head "$bc.err" >&2; fi
[ -f "$bc/out/en/tags/index.html" ] && [ -f "$bc/out/tin-tuc/page/2/index.html" ] && ok ||
    bad "bench corpus: term list or pager missing"
rm -rf "$bc" "$bc.err"

# 3c. crash safety: builds killed with SIGKILL leave the old or the new site
while read -r r rest; do
    if [ "$r" = P ]; then ok; else bad "crash safety: $rest"; fi
done < <(bash tests/crash_safety.sh "$BIN" "$OUT/crash" 6 2>/dev/null)

# 3d. lotrinh serve: pages, 404, traversal, reload and error events, drafts
#     banner, a clean stop ("I" lines are information: the measured latency)
serve_done=0
while read -r r rest; do
    case "$r" in
        P) ok ;;
        I) echo "$rest" ;;
        D) serve_done=1 ;;
        *) bad "serve: $rest" ;;
    esac
done < <(bash tests/serve.sh "$BIN" "$OUT/serve" 2>/dev/null)
[ "$serve_done" = 1 ] && ok || bad "tests/serve.sh stopped before its end"

# 4. command line
"$BIN" --version | grep -q '^lotrinh [0-9]' && ok || bad "--version"
"$BIN" --help | grep -q 'usage: lotrinh build' && ok || bad "--help"
"$BIN" --help | grep -q 'lotrinh serve \[options\]' && ok || bad "--help lists serve"
"$BIN" build --no-such-option >/dev/null 2>"$OUT/usage.err"; [ $? = 2 ] && ok || bad "unknown option exits 2"
grep -q "unknown option --no-such-option" "$OUT/usage.err" && ok || bad "unknown option message"
"$BIN" frobnicate >/dev/null 2>&1; [ $? = 2 ] && ok || bad "unknown command exits 2"
"$BIN" build --jobs 0 >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--jobs 0 exits 2"
# lotrinh new: from the archetype, today's date filled in, never overwrites
rm -rf "$OUT/new" && mkdir -p "$OUT/new/archetypes" "$OUT/new/content"
printf -- '---\ntitle: "{{title}}"\ndate: {{date}}\n---\n' > "$OUT/new/archetypes/tin-tuc.md"
"$BIN" new tin-tuc/hop-bao --source "$OUT/new" --now 2026-11-23 >/dev/null
[ "$(cat "$OUT/new/content/tin-tuc/hop-bao.md")" = "$(printf -- '---\ntitle: "hop bao"\ndate: 2026-11-23\n---')" ] && ok || bad "lotrinh new output"
"$BIN" new tin-tuc/hop-bao --source "$OUT/new" >/dev/null 2>&1; [ $? = 1 ] && ok || bad "lotrinh new must not overwrite"
"$BIN" new ../x --source "$OUT/new" >/dev/null 2>&1; [ $? = 2 ] && ok || bad "lotrinh new ../x exits 2"
# today's date: UTC without site.lua, the site's zone with one (17:30 UTC is
# already the next day at +07:00); a --now with a zone is moved into it
printf -- '---\ndate: {{date}}\n---\n' > "$OUT/new/archetypes/tz.md"
SOURCE_DATE_EPOCH=1763919000 "$BIN" new tz/utc --source "$OUT/new" >/dev/null
grep -qx 'date: 2025-11-23' "$OUT/new/content/tz/utc.md" && ok || bad "lotrinh new without site.lua: date in UTC"
printf 'return { title = "t", base_url = "https://example.org/", timezone = "+07:00" }\n' > "$OUT/new/site.lua"
SOURCE_DATE_EPOCH=1763919000 "$BIN" new tz/site --source "$OUT/new" >/dev/null
grep -qx 'date: 2025-11-24' "$OUT/new/content/tz/site.md" && ok || bad "lotrinh new: date in the site's zone"
"$BIN" new tz/now --source "$OUT/new" --now 2026-11-23T20:00:00Z >/dev/null
grep -qx 'date: 2026-11-24' "$OUT/new/content/tz/now.md" && ok || bad "lotrinh new --now with a zone"
printf 'return {\n' > "$OUT/new/site.lua"
"$BIN" new tz/broken --source "$OUT/new" >/dev/null 2>"$OUT/new.err"; rc=$?
[ $rc = 1 ] && grep -q 'site.lua:2' "$OUT/new.err" && [ ! -e "$OUT/new/content/tz/broken.md" ] && ok \
    || bad "lotrinh new with a broken site.lua (exit $rc)"

# 5. reproducible: two builds of the portal example are identical
if [ -f site.lua ] && [ -d content ]; then
    if "$BIN" build -q --source . --dest "$OUT/portal-a" --now $NOW 2>"$OUT/portal.err"; then ok
    else bad "the portal did not build"; cat "$OUT/portal.err" >&2; fi
    "$BIN" build -q --source . --dest "$OUT/portal-b" --now $NOW -j 1 2>/dev/null
    check diff -rq "$OUT/portal-a" "$OUT/portal-b"
    # lotrinh check: no errors; overdue tasks (data-overdue) are warnings
    "$BIN" check --source . --dest "$OUT/portal-a" --format json >"$OUT/portal-check.json" 2>&1 && ok \
        || { bad "lotrinh check on the portal"; grep '"error"' "$OUT/portal-check.json" | head >&2; }
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["errors"] == 0 and any(f["check"] == "overdue" for f in d["findings"]) else 1)' \
        "$OUT/portal-check.json" && ok || bad "lotrinh check on the portal reports no overdue task"
    # the portal itself: links, strict HTML, Open Graph on every page, landmarks
    check $PY tests/check_site.py "$OUT/portal-a"
    check $PY tests/check_html.py "$OUT/portal-a" --meta --image --a11y
    for f in $(find "$OUT/portal-a" -name index.xml | sort); do
        check $PY tests/check_feed.py "$f"
    done
    check $PY tests/check_search.py "$OUT/portal-a" --query vi "cua khau" /tin-tuc/cua-khau-so-nang-luc-thong-quan/ \
        --query en "border gate" /en/news/digital-border-gate-clearance/ --absent vi /tim-kiem/ --absent en /en/search/
    # the portal builds without a warning, its links resolve, its destinations' data is valid
    [ ! -s "$OUT/portal.err" ] && ok || { bad "the portal build printed warnings"; cat "$OUT/portal.err" >&2; }
    P=$OUT/portal-a
    check $PY tests/check_geojson.py "$P" "$P/diem-den/index.geojson" --bounds 21.3,106.05,22.5,107.4 --pages diem-den
    check $PY tests/check_geojson.py "$P" "$P/en/destinations/index.geojson" --bounds 21.3,106.05,22.5,107.4 --pages en/destinations
    check $PY tests/check_jsonld.py "$P"/diem-den/*/index.html "$P"/en/destinations/*/index.html
    n=$(ls -d "$P"/diem-den/*/ | grep -vc '/page/$')
    [ "$n" -ge 12 ] && ok || bad "the portal has $n destinations, fewer than 12"
    # lotrinh new diem-den/NAME/index.vi.md: a bundle from the archetype; it
    # names the blanks to fill, then builds
    t=$OUT/new-dest
    rm -rf "$t" && mkdir -p "$t/content" && cp -r site.lua data i18n layouts static archetypes "$t/"
    "$BIN" new diem-den/thu/index.vi.md --source "$t" --now $NOW >/dev/null && ok || bad "lotrinh new of a page bundle"
    f=$t/content/diem-den/thu/index.vi.md
    "$BIN" build -q --source "$t" --dest "$t/public" --now $NOW 2>"$t.err"
    [ $? = 1 ] && grep -q "thu/index.vi.md:[0-9]*:[0-9]*: error: 'communes' names \"\"" "$t.err" \
        && grep -q "thu/index.vi.md:[0-9]*:[0-9]*: warning: 'location' (0, 0) lies outside" "$t.err" && ok \
        || { bad "a page from the archetype: blanks not reported"; cat "$t.err" >&2; }
    sed -i 's/^communes: ""/communes: mau-son/; s/^  lat: 0$/  lat: 21.858/; s/^  lon: 0$/  lon: 106.953/; s/^    alt: ""/    alt: "Ảnh thử"/' "$f"
    cp content/diem-den/mau-son/minh-hoa.jpg "$t/content/diem-den/thu/anh-1.jpg"
    "$BIN" build -q --drafts --source "$t" --dest "$t/public" --now $NOW 2>"$t.err" && [ ! -s "$t.err" ] \
        && [ -f "$t/public/diem-den/thu/index.html" ] && ok || { bad "a page from the archetype does not build"; cat "$t.err" >&2; }
fi

# 5b. SOURCE_DATE_EPOCH is the build date when --now is not given
sde=1795366800     # 2026-11-23T00:00:00+07:00: what --now 2026-11-23 means
SOURCE_DATE_EPOCH=$sde "$BIN" build -q --source tests/sites/basic --dest "$OUT/sde-a" -j 2 2>/dev/null
check diff -rq tests/sites/basic/expected "$OUT/sde-a"
SOURCE_DATE_EPOCH=$sde "$BIN" build -q --source tests/sites/basic --dest "$OUT/sde-b" -j 1 2>/dev/null
check diff -rq "$OUT/sde-a" "$OUT/sde-b"
SOURCE_DATE_EPOCH=1798761600 "$BIN" build -q --source tests/sites/basic --dest "$OUT/sde-c" 2>/dev/null
grep -q '1 tháng 1 năm 2027' "$OUT/sde-c/index.html" && grep -q '1 January 2027' "$OUT/sde-c/en/index.html" \
    && ok || bad "SOURCE_DATE_EPOCH=1798761600 does not show 1 January 2027 as the build date"
SOURCE_DATE_EPOCH=1798761600 "$BIN" build -q --source tests/sites/basic --dest "$OUT/sde-d" --now $NOW 2>/dev/null
check diff -rq tests/sites/basic/expected "$OUT/sde-d"      # --now wins
if [ -f site.lua ] && [ -d content ]; then
    SOURCE_DATE_EPOCH=$sde "$BIN" build -q --source . --dest "$OUT/portal-sde-a" 2>/dev/null
    SOURCE_DATE_EPOCH=$sde "$BIN" build -q --source . --dest "$OUT/portal-sde-b" -j 1 2>/dev/null
    [ -f "$OUT/portal-sde-a/index.html" ] && diff -rq "$OUT/portal-sde-a" "$OUT/portal-sde-b" >/dev/null \
        && diff -rq "$OUT/portal-a" "$OUT/portal-sde-a" >/dev/null && ok \
        || bad "portal builds with SOURCE_DATE_EPOCH are not byte-identical (to each other and to --now)"
fi

# 6. a second site (Lai Châu) built by the same binary with the portal's layouts
if [ -d examples/lai-chau ]; then
    if "$BIN" build --source examples/lai-chau --dest "$OUT/lai-chau" --now $NOW >"$OUT/lai-chau.out" 2>"$OUT/lai-chau.err" \
        && grep -q " 0 warnings" "$OUT/lai-chau.out"; then ok
    else bad "examples/lai-chau did not build cleanly"; cat "$OUT/lai-chau.err" >&2; fi
    check $PY tests/check_site.py "$OUT/lai-chau"
    check $PY tests/check_html.py "$OUT/lai-chau" --meta --a11y
    cmp -s "$OUT/lai-chau/css/site.css" static/css/site.css && ok || bad "static_path: the portal's CSS was not copied"
    grep -q 'Lai Châu' "$OUT/lai-chau/index.html" && ! grep -rq 'Lạng Sơn' "$OUT/lai-chau/index.html" && ok \
        || bad "Lai Châu home page names the wrong province"
    # i18n_path: the site's own string wins over the portal's; the rest comes from the portal
    grep -q 'lộ trình 2026 – 2035' "$OUT/lai-chau/index.html" && ! grep -q 'lộ trình 2025 – 2035' "$OUT/lai-chau/index.html" \
        && grep -q 'Bỏ qua, đến nội dung chính' "$OUT/lai-chau/index.html" && ok || bad "i18n_path: strings not merged"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
