#!/usr/bin/env bash
# lotrinh serve on a copy of tests/sites/basic: pages, content types, 404,
# path traversal, reload and error events, drafts banner, a port in use, a
# clean stop. Prints "P" or "F reason" per check, "I text" for information
# (the edit-to-reload latency) and "D" at the end; no check depends on
# timing except generous time limits.
# usage: tests/serve.sh BIN WORKDIR
set -u
BIN=$1; W=$2
rm -rf "$W"; mkdir -p "$W"
cp -r tests/sites/basic "$W/site"
rm -rf "$W/site/expected"
SRC=$W/site
PAGE=content/tin-tuc/hop-bao.md
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
}
trap cleanup EXIT

pass() { echo P; }
fail() { echo "F $*"; }
t() { local what=$1; shift; if "$@"; then pass; else fail "$what"; fi; }
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# wait_for FILE PATTERN [COUNT] [SECONDS]: until FILE has COUNT lines matching PATTERN
wait_for() {
    local file=$1 pat=$2 count=${3:-1} secs=${4:-30}
    local end=$(( $(ms) + secs * 1000 ))
    while [ "$(grep -cE -- "$pat" "$file" 2>/dev/null)" -lt "$count" ]; do
        [ "$(ms)" -gt "$end" ] && return 1
        sleep 0.005
    done
}
get() { curl -s --max-time 10 --path-as-is "$@"; }
status() { curl -s --max-time 10 --path-as-is -o /dev/null -w '%{http_code}' "$@"; }
ctype() { curl -s --max-time 10 -o /dev/null -w '%{content_type}' "$@"; }

"$BIN" serve --source "$SRC" --port 0 --now 2026-11-23 >"$W/log" 2>"$W/err" &
server=$!
pids+=("$server")
if ! wait_for "$W/log" ' start: ' 1 60; then
    fail "serve did not start: $(cat "$W/log" "$W/err" | head -5)"
    echo D
    exit 0
fi
U=$(sed -n 's|.* at \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$W/log" | head -n 1)
t "serve printed its address" [ -n "$U" ]

# pages, types, headers
t "a page: 200" [ "$(status "$U/tin-tuc/hop-bao/")" = 200 ]
t "a page: text/html" [ "$(ctype "$U/tin-tuc/hop-bao/")" = "text/html; charset=utf-8" ]
t "a page has the reload script" grep -q '<script src="/__lotrinh/reload.js"></script>' <(get "$U/tin-tuc/hop-bao/")
t "Cache-Control: no-store" grep -qi '^cache-control: no-store' <(curl -sI --max-time 10 "$U/")
t "the home page" grep -q '<html lang="vi">' <(get "$U/")
t "CSS type" [ "$(ctype "$U/css/site.css")" = "text/css; charset=utf-8" ]
t "feed type" [ "$(ctype "$U/index.xml")" = "application/xml; charset=utf-8" ]
t "text type" [ "$(ctype "$U/robots.txt")" = "text/plain; charset=utf-8" ]
# image and JSON outputs, when the fixture has them
for f in ke-hoach/lo-trinh/so-do.png:image/png ke-hoach/lo-trinh/so-do-160w.webp:image/webp \
         tin-tuc/index.json:application/json; do
    [ -f "$SRC/.lotrinh-cache/serve/${f%%:*}" ] || continue
    t "type of ${f%%:*}" [ "$(ctype "$U/${f%%:*}")" = "${f#*:}" ]
    t "bytes of ${f%%:*}" cmp -s <(get "$U/${f%%:*}") "$SRC/.lotrinh-cache/serve/${f%%:*}"
done
js=$(get "$U/__lotrinh/reload.js")
t "reload.js: EventSource on the page's own host" grep -qF "new EventSource('/__lotrinh/events')" <<<"$js"
t "reload.js: errors shown with textContent" sh -c 'case "$1" in *innerHTML*) exit 1;; *textContent*) exit 0;; *) exit 1;; esac' _ "$js"
t "reload.js: type" [ "$(ctype "$U/__lotrinh/reload.js")" = "text/javascript; charset=utf-8" ]
t "a folder without its slash is redirected" grep -qi '^location: /tin-tuc/' <(curl -sI --max-time 10 "$U/tin-tuc")
t "root-relative links" grep -q 'href="/tin-tuc/' <(get "$U/")

# 404 and traversal
t "missing page: 404" [ "$(status "$U/khong-co/")" = 404 ]
t "missing page: the site's 404 page" grep -q '<h1>404</h1>' <(get "$U/khong-co/")
for p in '/../site.lua' '/../../site.lua' '/%2e%2e/%2e%2e/site.lua' '/tin-tuc/%2E%2E/%2e%2e/%2e%2e/site.lua' \
         '/..%2f..%2fsite.lua' '/.%2e/.%2e/site.lua'; do
    code=$(status "$U$p")
    body=$(get "$U$p")
    t "traversal $p refused (got $code)" sh -c '[ "$1" != 200 ] && ! printf %s "$2" | grep -q "return {"' _ "$code" "$body"
done
ln -s /etc/passwd "$SRC/.lotrinh-cache/serve/leak.txt"
t "a symbolic link in the served tree is not followed" [ "$(status "$U/leak.txt")" != 200 ]
rm -f "$SRC/.lotrinh-cache/serve/leak.txt"
t "serve never writes public/" [ ! -e "$SRC/public" ]

# drafts: shown, with the banner
t "draft page served" [ "$(status "$U/tin-tuc/ban-nhap/")" = 200 ]
t "draft page has the banner" grep -q 'Preview: drafts shown' <(get "$U/tin-tuc/ban-nhap/")
t "the search index has no banner text" sh -c '! grep -rqs "drafts shown" --exclude="*.html" "$1"' _ "$SRC/.lotrinh-cache/serve"

# reload after an edit, with the time it took
curl -sN --max-time 120 "$U/__lotrinh/events" >"$W/sse" 2>/dev/null &
pids+=("$!")
t "events stream opens" wait_for "$W/sse" '^retry:' 1 10
t0=$(ms)
printf '\nserve-edit-1\n' >>"$SRC/$PAGE"
if wait_for "$W/sse" '^event: reload' 1 30; then
    pass
    echo "I serve: edit to reload event $(( $(ms) - t0 )) ms (fixture site, $(grep -c . "$SRC/$PAGE") lines edited)"
else
    fail "no reload event after an edit"
fi
t "the page shows the edit" grep -q 'serve-edit-1' <(get "$U/tin-tuc/hop-bao/")

# a failed build: error event with file:line:col, the last good page still served
cp "$SRC/$PAGE" "$W/good.md"
printf -- '---\ntitle: [unclosed\ndate: 2025-01-01\n---\nx\n' >"$SRC/$PAGE"
t "error event after a bad edit" wait_for "$W/sse" '^event: error' 1 30
t "error event names file:line:col" grep -qE '^data: content/tin-tuc/hop-bao\.md:[0-9]+:[0-9]+: error' "$W/sse"
t "the last good page is still served" grep -q 'serve-edit-1' <(get "$U/tin-tuc/hop-bao/")
t "a page opened after the failure gets the error" grep -q '^event: error' \
    <(curl -sN --max-time 2 "$U/__lotrinh/events" 2>/dev/null)
t "the console names the error" grep -q 'hop-bao.md:[0-9]*:[0-9]*: error' "$W/err"
sed 's/serve-edit-1/serve-edit-2/' "$W/good.md" >"$SRC/$PAGE"
t "reload event after the fix" wait_for "$W/sse" '^event: reload' 2 30
t "the page shows the fix" grep -q 'serve-edit-2' <(get "$U/tin-tuc/hop-bao/")

# editor temp files are ignored; new folders are watched; site.lua too
lines=$(grep -c . "$W/log")
touch "$SRC/content/tin-tuc/.hop-bao.md.swp" "$SRC/content/tin-tuc/hop-bao.md~" "$SRC/content/4913"
sleep 0.4
t "editor temp files do not rebuild" [ "$(grep -c . "$W/log")" = "$lines" ]
rm -f "$SRC/content/tin-tuc/.hop-bao.md.swp" "$SRC/content/tin-tuc/hop-bao.md~" "$SRC/content/4913"
mkdir -p "$SRC/content/tin-tuc/2026"
sleep 0.1
printf -- '---\ntitle: Trang trong thư mục mới\ndate: 2026-01-02\n---\nserve-new-folder\n' \
    >"$SRC/content/tin-tuc/2026/moi.md"
t "a page in a new folder is built" wait_for "$W/sse" '^event: reload' 3 30
t "and served" grep -q 'serve-new-folder' <(get "$U/tin-tuc/2026/moi/")
sed -i 's/title = "Cổng thử nghiệm",/title = "Cổng đã đổi",/' "$SRC/site.lua"
t "site.lua is watched" wait_for "$W/sse" '^event: reload' 4 30
t "the change of site.lua is served" grep -q 'Cổng đã đổi' <(get "$U/")
# a layout folder outside the site, named by layout_path, is watched once site.lua names it
mkdir -p "$W/shared"
sed -i 's/^  paginate = 2,/  paginate = 2,\n  layout_path = { "..\/shared", "layouts" },/' "$SRC/site.lua"
t "layout_path added" wait_for "$W/sse" '^event: reload' 5 30
sed 's|<h1>404</h1>|<h1>404 shared-layout</h1>|' "$SRC/layouts/404.html" >"$W/shared/404.html"
t "a layout outside the site is watched" wait_for "$W/sse" '^event: reload' 6 30
t "and used" grep -q 'shared-layout' <(get "$U/khong-co/")

# command line: port in use, usage errors, --no-drafts
port=${U##*:}
"$BIN" serve --source "$SRC" --port "$port" >"$W/busy.out" 2>"$W/busy.err" &
busy=$!
pids+=("$busy")
wait "$busy"; rc=$?
t "a port in use: exit 1 (got $rc)" [ "$rc" = 1 ]
t "a port in use: clear message" grep -q "port $port on 127.0.0.1 is in use" "$W/busy.err"
"$BIN" serve --port abc >/dev/null 2>&1; t "--port abc: exit 2" [ $? = 2 ]
"$BIN" serve --bind nowhere >/dev/null 2>&1; t "--bind nowhere: exit 2" [ $? = 2 ]
"$BIN" serve extra >/dev/null 2>&1; t "serve extra: exit 2" [ $? = 2 ]
cp -r tests/sites/basic "$W/nodrafts" && rm -rf "$W/nodrafts/expected"
"$BIN" serve --source "$W/nodrafts" --port 0 --no-drafts --now 2026-11-23 >"$W/nd.log" 2>&1 &
pids+=("$!")
if wait_for "$W/nd.log" ' start: ' 1 60; then
    U2=$(sed -n 's|.* at \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$W/nd.log" | head -n 1)
    t "--no-drafts: no draft page" [ "$(status "$U2/tin-tuc/ban-nhap/")" = 404 ]
    home=$(get "$U2/")
    t "--no-drafts: no banner, still the script" sh -c 'case "$1" in *"drafts shown"*) exit 1;; *reload.js*) exit 0;; *) exit 1;; esac' _ "$home"
else
    fail "serve --no-drafts did not start"
fi

# a plain build of the same site has no trace of serve mode
"$BIN" build -q --source "$SRC" --dest "$W/plain" --now 2026-11-23 2>/dev/null
t "plain build: no reload script, no banner" sh -c '! grep -rqE "__lotrinh|drafts shown" "$1"' _ "$W/plain"

# a clean stop on SIGTERM (under ASan a leak would change the status)
kill -TERM "$server"
wait "$server"; rc=$?
t "SIGTERM: exit 0 (got $rc)" [ "$rc" = 0 ]
t "SIGTERM: stopped message" grep -q 'lotrinh: stopped' "$W/log"
if [ -s "$W/err" ] && grep -qE 'Sanitizer|runtime error' "$W/err"; then
    fail "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$W/err")"
else
    pass
fi
echo D
