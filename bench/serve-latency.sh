#!/usr/bin/env bash
# Measures lotrinh serve's edit-to-reload latency: the time from writing a
# content file to the "reload" event on the events stream (what an open
# browser tab waits for), for EDITS edits of one page.
# usage: bench/serve-latency.sh BIN SITE [EDITS]
#   python3 bench/gen_corpus.py 10000 /tmp/c10k && cp -r bench/corpus-layouts /tmp/c10k/layouts
#   bench/serve-latency.sh build/lotrinh /tmp/c10k 10
# The page edited is the first Markdown file under content/; it is restored
# at the end. Prints one line per edit, then min / median / max.
set -u
BIN=$1; SITE=$2; EDITS=${3:-10}
W=$(mktemp -d)
page=$(find "$SITE/content" -name '*.md' ! -name '_index*' 2>/dev/null | sort | head -n 1)
if [ -z "$page" ] || ! cp "$page" "$W/page.bak"; then
    echo "no page to edit under $SITE/content" >&2
    rm -rf "$W"
    exit 1
fi
server=""; stream=""
cleanup() {
    [ -n "$stream" ] && kill "$stream" 2>/dev/null
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    cp "$W/page.bak" "$page"
    rm -rf "$W"
}
trap cleanup EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() {   # FILE PATTERN COUNT SECONDS
    local end=$(( $(ms) + $4 * 1000 ))
    while [ "$(grep -cE -- "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
        [ "$(ms)" -gt "$end" ] && return 1
        sleep 0.002
    done
}
"$BIN" serve --source "$SITE" --port 0 >"$W/log" 2>&1 &
server=$!
wait_for "$W/log" ' start: ' 1 600 && wait_for "$W/log" ' start: rebuilt ' 1 1 ||
    { echo "serve did not start, or its first build failed:"; cat "$W/log"; exit 1; }
sed -n 's/^lotrinh: [0-9:]* start: /first build: /p' "$W/log"
U=$(sed -n 's|.* at \(http://[^ ]*\)/[ ,].*|\1|p' "$W/log" | head -n 1)
curl -sN "$U/__lotrinh/events" >"$W/sse" &
stream=$!
wait_for "$W/sse" '^retry:' 1 10 || { echo "no events stream"; exit 1; }
times=()
for i in $(seq 1 "$EDITS"); do
    sleep 1
    t0=$(ms)
    printf '\nĐoạn sửa số %d.\n' "$i" >>"$page"
    if ! wait_for "$W/sse" '^event: (reload|error)' "$i" 600; then echo "edit $i: no event"; exit 1; fi
    dt=$(( $(ms) - t0 ))
    times+=("$dt")
    built=$(grep ' rebuilt in ' "$W/log" | tail -n 1 | sed -n 's/.* rebuilt in \([0-9]*\) ms.*/\1/p')
    echo "edit $i: reload event after $dt ms (build $built ms)"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
n=${#times[@]}
echo "edits: $n; min $(echo "$sorted" | head -n 1) ms, median $(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p") ms, max $(echo "$sorted" | tail -n 1) ms"
