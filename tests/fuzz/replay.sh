#!/usr/bin/env bash
# Replays the saved fuzz findings (tests/fuzz/regressions/TARGET-NAME) and
# the seed corpora (tests/fuzz/corpus/TARGET/) through the fuzz harnesses,
# built as plain programs (no libFuzzer, see tests/fuzz/fuzz.h) with CC
# (default gcc) against the generator objects of BUILD.
#
# usage: tests/fuzz/replay.sh [BUILD]     BUILD defaults to $BUILD, then build
# The objects must exist: run `make generator` (or `make BUILD=build-asan
# CFLAGS=... generator`, as make test-asan does) first. With sanitizer
# objects the harnesses are linked with ASan and UBSan too.
# Prints a line per failing file and ends with "N passed, N failed"; the
# exit status is 0 only when nothing failed.
set -u
cd "$(dirname "$0")/../.."
BUILD=${1:-${BUILD:-build}}
CC=${CC:-gcc}
# the libraries' flags as the Makefile has them
FLAGS=$(make -s --no-print-directory print-flags)
LIB_CFLAGS=$(echo "$FLAGS" | sed -n 1p)
LIB_LIBS=$(echo "$FLAGS" | sed -n 2p)
WARN="-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter"
OUT=$BUILD/fuzz-replay
pass=0
fail=0

objs=()
for o in "$BUILD"/obj/*.o; do
    [ "$(basename "$o")" = main.o ] || objs+=("$o")
done
if [ ! -f "$BUILD/obj/buf.o" ] || [ ! -f "$BUILD/obj/prelude.o" ]; then
    echo "replay: no generator objects in $BUILD/obj (run make generator first)" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
san=""
if nm "$BUILD/obj/buf.o" 2>/dev/null | grep -q __asan; then
    san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
fi
mkdir -p "$OUT"

for t in fm md tpl slug build; do
    bin=$OUT/fuzz_$t
    # shellcheck disable=SC2046
    if ! $CC -std=c11 -D_GNU_SOURCE $WARN -O1 -g $san $LIB_CFLAGS -Igenerator \
        -o "$bin" tests/fuzz/fuzz_$t.c "${objs[@]}" $LIB_LIBS 2>"$OUT/$t.build.err"; then
        echo "FAIL: replay: cannot build fuzz_$t" >&2
        cat "$OUT/$t.build.err" >&2
        fail=$((fail + 1))
        continue
    fi
    for f in tests/fuzz/regressions/"$t"-* tests/fuzz/corpus/"$t"/*; do
        [ -f "$f" ] || continue
        # (the outer 2>/dev/null only hides bash's own "Aborted" notice)
        if { ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
            timeout 60 "$bin" "$f" >"$OUT/last.out" 2>"$OUT/last.err"; } 2>/dev/null; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            echo "FAIL: fuzz_$t $f" >&2
            grep -E 'fuzz check failed|ERROR: |SUMMARY: |runtime error' -A1 "$OUT/last.err" | head -n 6 >&2
        fi
    done
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
