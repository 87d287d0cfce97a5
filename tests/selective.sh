#!/usr/bin/env bash
# Incremental builds render only the pages an edit affects. On a generated
# corpus (bench/gen_corpus.py, 200 pages, the benchmark's layouts), each
# case edits the sources, builds with --explain (one line per page rendered,
# and why) and checks which pages were rendered; the last case compares the
# result with a clean build. Prints "P what" / "F what" lines.
# usage: tests/selective.sh BIN WORKDIR
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$2" && mkdir -p "$2"
W=$(cd "$2" && pwd)
S=$W/src
D=$W/pub
python3 "$REPO/bench/gen_corpus.py" 200 "$S" --body-kb 1 2 --no-hugo >/dev/null
P=$S/content/tin-tuc/trang-000002.md

build() { "$BIN" build --explain --source "$S" --dest "$D" --now 2026-11-23 >"$W/out" 2>&1; }
rendered() { grep '^lotrinh: render ' "$W/out" | sed 's/^lotrinh: render \/\([^:]*\):.*/\1/'; }
count() { rendered | wc -l | tr -d ' '; }
ok() { echo "P $1"; }
bad() { echo "F $1: $(rendered | head -5 | tr '\n' ' ') $(grep -v '^lotrinh: render' "$W/out" | head -3 | tr '\n' ' ')"; }
# only: every page rendered matches the pattern (an extended regex)
only() { [ -z "$(rendered | grep -Ev "$1")" ]; }

build || { echo "F first build failed: $(head -3 "$W/out")"; exit 0; }
total=$(count)
[ "$total" -gt 300 ] && ok "first build renders every page ($total)" || bad "first build: $total pages"
build
grep -q "up to date" "$W/out" && [ "$(count)" = 0 ] && ok "no edit: up to date, nothing rendered" || bad "no edit"

# a paragraph added at the end: only the page itself (its summary is the same)
printf '\nMột đoạn cuối mới.\n' >>"$P"
build
[ "$(rendered)" = "tin-tuc/trang-000002/index.html" ] && ok "last paragraph edited: 1 page rendered" || bad "last paragraph"

# a new first paragraph (the summary): the benchmark's lists show titles
# and dates only, so only the page is rendered, and the feeds (which show
# summaries) are written again
awk 'n == 2 && !done { print "Một đoạn mở đầu mới."; print ""; done = 1 } { print } /^---$/ { n++ }' "$P" >"$W/p" && mv "$W/p" "$P"
build
[ "$(rendered)" = "tin-tuc/trang-000002/index.html" ] && grep -q "Một đoạn mở đầu mới" "$D/tin-tuc/index.xml" &&
    ! grep -q "Một đoạn mở đầu mới" "$D/en/tin-tuc/index.xml" &&
    ok "summary edited: 1 page rendered, the feeds that show it rewritten" || bad "summary edited"

# the title: also shown by lists; not by the translation
sed -i 's/^title: "\(.*\)"$/title: "\1 (sửa)"/' "$P"
build
n=$(count)
rendered | grep -qx "tin-tuc/trang-000002/index.html" && [ "$n" -le 12 ] && ! rendered | grep -q '^en/' &&
    ok "title edited: $n pages, none English" || bad "title edited ($n)"

# the date: the page moves in its lists, so all their pagers change
sed -i 's/^date: .*/date: 2019-01-01/' "$P"
build
n=$(count)
only '^tin-tuc/trang-000002/|^index\.html|^page/|^tin-tuc/|^(sectors|tags)/' && [ "$n" -gt 3 ] &&
    ok "date edited: the page and its lists' pagers ($n)" || bad "date edited ($n)"

# a file touched but not changed: nothing to render
touch "$S/content/tin-tuc/trang-000006.md"
build
[ "$(count)" = 0 ] && grep -q "0 of [0-9]* pages rendered" "$W/out" && ok "a file touched, not changed: nothing rendered" || bad "touch"

# the layout of regular pages: every regular page, no list
sed -i 's|<article>|<article class="p">|' "$S/layouts/_default/single.html"
build
n=$(count)
only '/(trang|page)-[0-9]+/index\.html$' && [ "$n" -ge 200 ] && ok "single.html edited: the $n regular pages, no list" || bad "single.html ($n)"

# the list layout: lists only
sed -i 's|<ul>|<ul class="l">|' "$S/layouts/_default/list.html"
build
n=$(count)
[ "$n" -gt 0 ] && ! rendered | grep -Eq '/(trang|page)-[0-9]+/index\.html$' && ok "list.html edited: $n list pages, no regular page" || bad "list.html ($n)"

# a new, more specific layout for one section: that section's pages only
mkdir -p "$S/layouts/tin-tuc"
cp "$S/layouts/_default/single.html" "$S/layouts/tin-tuc/single.html"
sed -i 's|<article class="p">|<article class="tin">|' "$S/layouts/tin-tuc/single.html"
build
n=$(count)
only '^(en/)?tin-tuc/(trang|page)-[0-9]+/index\.html$' && [ "$n" -gt 10 ] && ok "tin-tuc/single.html added: its $n pages only" || bad "tin-tuc/single.html added ($n)"
rm -r "$S/layouts/tin-tuc"
build
only '^(en/)?tin-tuc/(trang|page)-[0-9]+/index\.html$' && ok "tin-tuc/single.html removed: its pages only" || bad "tin-tuc/single.html removed"

# a tag added: the page, the new term and the lists of terms
sed -i 's/^tags: \[/tags: [the-moi, /' "$P"
build
rendered | grep -q '^tags/the-moi/index\.html$' && rendered | grep -qx 'tags/index.html' &&
    ! rendered | grep -q '^en/' && ok "tag added: its term page and the tag list" || bad "tag added"

# a page no other page links to, deleted: the lists that showed it, no other page
gone=
for f in "$S"/content/tin-tuc/trang-*.md; do
    b=$(basename "$f")
    case $b in *.en.md) continue ;; esac
    grep -rlq "/$b\|(${b}" "$S/content" || { gone=${b%.md}; break; }
done
rm "$S/content/tin-tuc/$gone.md"
build
n=$(count)
[ -n "$gone" ] && [ "$n" -gt 0 ] && ! rendered | grep -Eq '^tin-tuc/trang-[0-9]+/index\.html$' && [ ! -e "$D/tin-tuc/$gone" ] &&
    ok "page deleted ($gone): $n pages rendered, none of its section's other pages, and it is gone" || bad "page deleted ($gone, $n)"

# the same as a clean build
"$BIN" build -q --clean --source "$S" --dest "$W/clean" --now 2026-11-23 >/dev/null 2>&1
diff -r "$D" "$W/clean" >"$W/diff" && ok "the incremental result equals a clean build" || bad "differs from a clean build: $(head -3 "$W/diff" | tr '\n' ' ')"

# a damaged build cache: a full render, the same site
for f in "$S"/.lotrinh-cache/build-*.bin; do head -c 1000 "$f" >"$f.tmp" && mv "$f.tmp" "$f"; done
printf '\nThêm.\n' >>"$S/content/tin-tuc/trang-000006.md"
build
n=$(count)
"$BIN" build -q --clean --source "$S" --dest "$W/clean" --now 2026-11-23 >/dev/null 2>&1
[ "$n" -gt 300 ] && diff -r "$D" "$W/clean" >/dev/null && ok "a damaged build cache: everything rendered, same site" || bad "damaged cache ($n)"
for f in "$S"/.lotrinh-cache/build-*.bin; do printf 'garbage' >"$f"; done
printf '\nThêm nữa.\n' >>"$S/content/tin-tuc/trang-000006.md"
build && [ "$(count)" -gt 300 ] && ok "a cache file of garbage: everything rendered" || bad "garbage cache"
exit 0
