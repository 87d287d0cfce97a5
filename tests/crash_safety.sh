#!/usr/bin/env bash
# Kills builds with SIGKILL at random moments and checks that the
# destination is always one complete build: the previous one or the new one.
# usage: tests/crash_safety.sh BIN WORKDIR ROUNDS  (prints "P" or "F reason" per round)
set -u
BIN=$1; W=$2; ROUNDS=${3:-8}
rm -rf "$W"; mkdir -p "$W"
python3=/usr/bin/python3
$python3 bench/gen_corpus.py 2000 "$W/src" >/dev/null
cp -r bench/corpus-layouts "$W/src/layouts"
# two reference builds: A (old content) and B (content with one more page)
"$BIN" build -q --source "$W/src" --dest "$W/ref-a" --now 2026-11-23 || exit 1
printf -- '---\ntitle: Trang mới\ndate: 2025-01-01\n---\nMới.\n' > "$W/src/content/tin-tuc/moi.md"
"$BIN" build -q --source "$W/src" --dest "$W/ref-b" --now 2026-11-23 || exit 1
snap() { (cd "$1" && find . -type f | sort | xargs md5sum) > "$2"; }
# kill_build DELAY LABEL: a build killed after DELAY seconds leaves A or B
kill_build() {
    "$BIN" build -q --source "$W/src" --dest "$W/public" --now 2026-11-23 &
    local pid=$!
    sleep "$1"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    snap "$W/public" "$W/now.sum"
    if cmp -s "$W/now.sum" "$W/a.sum" || cmp -s "$W/now.sum" "$W/b.sum"; then echo P
    else echo "F $2: public/ is neither the old nor the new build"; fi
}
snap "$W/ref-a" "$W/a.sum"; snap "$W/ref-b" "$W/b.sum"
for i in $(seq 1 "$ROUNDS"); do
    rm -rf "$W/public"; cp -r "$W/ref-a" "$W/public"
    kill_build "0.$(( (i * 37) % 10 ))$(( (i * 53) % 10 ))" "round $i"
done
# incremental builds update the kept previous site in place: kill those too,
# switching between the two contents, and check a finished build after each
rm -rf "$W/public" "$W/.public.lotrinh-prev"
rm "$W/src/content/tin-tuc/moi.md"
"$BIN" build -q --source "$W/src" --dest "$W/public" --now 2026-11-23
"$BIN" build -q --clean --source "$W/src" --dest "$W/public" --now 2026-11-23
for i in $(seq 1 "$ROUNDS"); do
    if [ -f "$W/src/content/tin-tuc/moi.md" ]; then rm "$W/src/content/tin-tuc/moi.md"; want=a
    else printf -- '---\ntitle: Trang mới\ndate: 2025-01-01\n---\nMới.\n' > "$W/src/content/tin-tuc/moi.md"; want=b; fi
    kill_build "0.$(( (i * 41) % 10 ))$(( (i * 29) % 10 ))" "incremental round $i"
    "$BIN" build -q --source "$W/src" --dest "$W/public" --now 2026-11-23
    snap "$W/public" "$W/now.sum"
    if cmp -s "$W/now.sum" "$W/$want.sum"; then echo P
    else echo "F incremental round $i: the build after a killed one is not the $want build"; fi
done
# a later build cleans up what killed builds left behind
"$BIN" build -q --source "$W/src" --dest "$W/public" --now 2026-11-23
left=$(ls -a "$W" | grep -c '^\.public\.lotrinh-new-' || true)
sleep 1
left=$(ls -a "$W" | grep '^\.public\.lotrinh-new-' | wc -l)
[ "$left" -le 1 ] && echo P || echo "F $left staging folders left behind"
rm -rf "$W"
