#!/bin/sh
# Runs libFuzzer targets for FUZZ_SECONDS each (default 60), each on a
# fresh scratch copy of its seed corpus, and fails if any of them crashes.
# Used by `make fuzz`:  sh tests/fuzz/run.sh DIR TARGET...
# DIR holds the binaries DIR/fuzz_TARGET; the scratch corpus goes to
# DIR/corpus/TARGET, logs to DIR/TARGET.log, crashing inputs to
# DIR/artifacts/TARGET-crash-* (minimise one with
#   DIR/fuzz_TARGET -minimize_crash=1 -runs=10000 FILE
# and save it as tests/fuzz/regressions/TARGET-SHORT-NAME).
set -u
cd "$(dirname "$0")/../.."
dir=$1
shift
secs=${FUZZ_SECONDS:-60}
failed=""
for t in "$@"; do
    bin=$dir/fuzz_$t
    corpus=$dir/corpus/$t
    rm -rf "$corpus"
    mkdir -p "$corpus" "$dir/artifacts"
    cp tests/fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null
    dict=""
    [ -f tests/fuzz/"$t".dict ] && dict="-dict=tests/fuzz/$t.dict"
    echo "fuzz_$t: ${secs}s (log: $dir/$t.log)"
    # -timeout: one input taking this long is a hang, reported as a crash
    "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/$t-" $dict "$corpus" >"$dir/$t.log" 2>&1
    rc=$?
    stats=$(grep -E '^#[0-9]+' "$dir/$t.log" | tail -n 1 | sed 's/^\(#[0-9]*\)[[:space:]]*[A-Z]*[[:space:]]*/\1 /')
    if [ "$rc" = 0 ]; then
        echo "  ok: $stats"
    else
        echo "  CRASH (exit $rc): $stats"
        grep -E 'ERROR: |fuzz check failed|runtime error|Test unit written to' "$dir/$t.log" | head -n 5 | sed 's/^/  /'
        failed="$failed $t"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes in:$failed"
    exit 1
fi
echo "fuzz: no crash in $# targets"
