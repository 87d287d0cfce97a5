#!/usr/bin/env bash
# make bench: builds the same generated corpus with lotrinh and with Hugo, in
# the same run, measures the floor, and prints medians and ratios.
# See docs/performance.md.
#
# Environment (all optional):
#   BENCH_SIZES="1000 10000 50000"  corpus sizes (pages, half per language)
#   BENCH_RUNS=3                    clean builds of each tool per size
#   BENCH_BODY_KB="2 8"             body sizes in KiB (gen_corpus.py --body-kb)
#   BENCH_DIR=$TMPDIR               where the corpora and outputs go (deleted at the end)
#   BENCH_KEEP=1                    keep them
#   BENCH_HUGO=0                    skip Hugo
#   BENCH_SETTLE=5                  seconds to wait after deleting an output tree
#                                   and syncing, before a timed clean build
#   BUILD=build                     the folder of build/lotrinh and build/floor
# Raw rows go to $BUILD/bench/results.tsv; the table to standard output.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SIZES=${BENCH_SIZES:-"1000 10000 50000"}
RUNS=${BENCH_RUNS:-3}
BODY_KB=${BENCH_BODY_KB:-"2 8"}
USE_HUGO=${BENCH_HUGO:-1}
SETTLE=${BENCH_SETTLE:-5}
PY=/usr/bin/python3

sh scripts/install-deps.sh --bench >&2
make --no-print-directory -s generator "$BUILD/floor" >&2
BIN=$PWD/$BUILD/lotrinh
FLOOR=$PWD/$BUILD/floor
mkdir -p "$BUILD/bench"
RES=$PWD/$BUILD/bench/results.tsv
: > "$RES"

WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/lotrinh-bench.XXXXXX")
WORK=$(cd "$WORK" && pwd)
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] && echo "bench: kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
row() { printf '%s\n' "$*" | tr ' ' '\t' >> "$RES"; }

# timed SIZE TOOL RUN cmd...: runs cmd under /usr/bin/time (wall, user,
# system, peak RSS of the process and the children it waited for) and
# appends a row; stderr of cmd goes to $WORK/stderr.
timed() {
    local size=$1 tool=$2 run=$3
    shift 3
    if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" 2>"$WORK/stderr" >/dev/null; then
        log "$tool failed on the $size-page corpus:"
        tail -n 5 "$WORK/stderr" >&2
        tail -n 1 "$WORK/time" >&2
        exit 1
    fi
    local e u s m
    read -r e u s m < <(tail -n 1 "$WORK/time")
    row "$size $tool $run $e $(awk "BEGIN { print $u + $s }") $m"
}

# lotrinh deletes replaced trees (.lot.lotrinh-*, apart from the kept
# previous site .lot.lotrinh-prev) in a detached child; wait for that, so
# it does not load the next run.
wait_deleted() {
    local i=0 f busy
    while [ $i -lt 600 ]; do
        busy=
        for f in "$WORK"/.lot.lotrinh-*; do
            [ -e "$f" ] && [ "$f" != "$WORK/.lot.lotrinh-prev" ] && busy=1
        done
        [ -z "$busy" ] && break
        sleep 0.1
        i=$((i + 1))
    done
}

# fresh DIR...: deletes the trees, then lets the file system settle. On ext4
# without a journal (this machine), creating inodes right after many were
# deleted is several times slower (the kernel's recently_deleted() check, 5 s
# for clean inode table blocks, 300 s for dirty ones), so every clean build
# starts the same way: nothing deleted in the last SETTLE seconds, synced.
fresh() {
    [ $# = 0 ] || rm -rf "$@"
    sync
    sleep "$SETTLE"
}

swapped() { awk '/^pswpin|^pswpout/ { n += $2 } END { print n + 0 }' /proc/vmstat; }

# counts DIR: files, HTML files, XML files (Hugo's /page/1/ redirects apart)
counts() {
    local all html xml p1
    all=$(find "$1" -type f | wc -l)
    html=$(find "$1" -type f -name '*.html' | wc -l)
    xml=$(find "$1" -type f -name '*.xml' | wc -l)
    p1=$(find "$1" -type f -path '*/page/1/index.html' | wc -l)
    echo "$all $html $xml $p1"
}

log "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), swap $(awk '/SwapTotal/ { printf "%.0f MiB", $2 / 1024 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
row "meta date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
row "meta machine $(nproc)-cores $(awk '/MemTotal/ { printf "%.0fGiB", $2 / 1048576 }' /proc/meminfo) swap=$(awk '/SwapTotal/ { printf "%.0fMiB", $2 / 1024 }' /proc/meminfo)"
row "meta load_start $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
row "meta lotrinh $("$BIN" --version | tr ' ' _) $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ "$USE_HUGO" = 1 ] && row "meta hugo $(hugo version | cut -d' ' -f2)"
row "meta runs $RUNS"
row "meta body_kb ${BODY_KB// /-}"

t_start=$(date +%s)
for n in $SIZES; do
    need=$((n * 100 / 1024))   # MiB: content, three output trees, file system blocks
    avail=$(df -Pm "$WORK" | awk 'NR == 2 { print $4 }')
    if [ "$avail" -lt "$need" ]; then
        log "skipping $n pages: $avail MiB free in $WORK, about $need MiB needed"
        continue
    fi
    src=$WORK/src
    rm -rf "$src" "$WORK/lot" "$WORK/hugo-out" "$WORK/floor-out"
    log "$n pages: generating the corpus"
    # shellcheck disable=SC2086
    $PY bench/gen_corpus.py "$n" "$src" --body-kb $BODY_KB
    sw0=$(swapped)
    for r in $(seq 1 "$RUNS"); do
        log "$n pages: run $r of $RUNS"
        wait_deleted
        fresh "$WORK/lot" "$WORK"/.lot.lotrinh-* "$src/.lotrinh-cache"
        LOTRINH_TIMING=1 timed "$n" lotrinh "$r" "$BIN" build -q --source "$src" --dest "$WORK/lot"
        phases=$(sed -n 's/^lotrinh: \([a-z+]*\) *\([0-9.]*\) s$/\1=\2/p' "$WORK/stderr" | tr '\n' ' ')
        row "$n phases $r $phases"
        if [ "$USE_HUGO" = 1 ]; then
            fresh "$WORK/hugo-out"
            timed "$n" hugo "$r" hugo --quiet --source "$src/hugo" --destination "$WORK/hugo-out"
        fi
        fresh "$WORK/floor-out"
        if ! "$FLOOR" "$src/content" "$WORK/lot" "$WORK/floor-out" > "$WORK/floor.txt"; then
            log "floor failed"; exit 1
        fi
        row "$n floor $r $(tr ' ' '\n' < "$WORK/floor.txt" | sed -n 's/^floor_s=//p') - - $(cat "$WORK/floor.txt")"
    done
    row "$n count-lotrinh 0 $(counts "$WORK/lot")"
    [ "$USE_HUGO" = 1 ] && row "$n count-hugo 0 $(counts "$WORK/hugo-out")"
    rm -rf "$WORK/hugo-out" "$WORK/floor-out"

    # Rebuilds into the existing output: with nothing changed, and with one
    # page edited. What they cost depends on lotrinh's incremental work. One
    # untimed rebuild after an edit first, so that every timed one finds
    # what a rebuild usually finds (lotrinh keeps the previous site beside
    # the destination from the second build on).
    page=$src/content/tin-tuc/trang-000002.md
    cp "$page" "$WORK/page.orig"
    printf '\nMột câu thêm vào trước khi đo.\n' >> "$page"
    "$BIN" build -q --source "$src" --dest "$WORK/lot"
    for r in $(seq 1 "$RUNS"); do
        wait_deleted; fresh
        timed "$n" nochange "$r" "$BIN" build -q --source "$src" --dest "$WORK/lot"
        wait_deleted; fresh
        printf '\nMột câu thêm vào lần sửa thứ %s.\n' "$r" >> "$page"
        timed "$n" edit "$r" "$BIN" build -q --source "$src" --dest "$WORK/lot"
    done
    wait_deleted
    cp "$WORK/page.orig" "$page"
    row "$n swap 0 $(( $(swapped) - sw0 ))"
    rm -rf "$src" "$WORK/lot" "$WORK"/.lot.lotrinh-*
done
row "meta load_end $(cut -d' ' -f1-3 /proc/loadavg | tr ' ' ,)"
row "meta seconds $(( $(date +%s) - t_start ))"
$PY bench/table.py "$RES"
