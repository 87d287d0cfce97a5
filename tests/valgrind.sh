#!/usr/bin/env bash
# Runs the unit test programs, whole builds (every golden site, the portal,
# bad-input cases that fail in each stage), `lotrinh check` and the fuzz
# harnesses on their regressions under valgrind, and fails on any memory
# error or definite/indirect leak. ("Still reachable" blocks of cmark-gfm,
# Lua or libxml2 do not count.) Used by `make test-valgrind`.
# usage: tests/valgrind.sh [BUILD]       ends with "N passed, N failed"
set -u
cd "$(dirname "$0")/.."
BUILD=${1:-${BUILD:-build}}
BIN=$BUILD/lotrinh
OUT=tests/out/valgrind
NOW=2026-11-23
VG=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --error-exitcode=99 --child-silent-after-fork=yes)
pass=0
fail=0
rm -rf "$OUT"
mkdir -p "$OUT"

# run NAME CMD...: CMD under valgrind; a valgrind error (exit 99) fails,
# any other exit status is the command's own and is not judged here.
run() {
    local name=$1
    shift
    "${VG[@]}" --log-file="$OUT/$name.vg" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
    local rc=$?
    if [ "$rc" = 99 ] || grep -q 'ERROR SUMMARY: [1-9]' "$OUT/$name.vg" 2>/dev/null \
        || grep -qE 'definitely lost|indirectly lost|Invalid (read|write)|uninitialised' "$OUT/$name.vg"; then
        fail=$((fail + 1))
        echo "FAIL: valgrind $name" >&2
        head -n 40 "$OUT/$name.vg" >&2
    else
        pass=$((pass + 1))
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && run "unit-$(basename "$t")" "$t"
done
for site in tests/sites/*/; do
    name=$(basename "$site")
    run "golden-$name" "$BIN" build -q --source "$site" --dest "$OUT/$name" --now $NOW -j 2
    [ -d "$OUT/$name" ] && run "check-$name" "$BIN" check --source "$site" --dest "$OUT/$name" -j 2
done
run portal "$BIN" build -q --source . --dest "$OUT/portal" --now $NOW -j 2
run check-portal "$BIN" check --source . --dest "$OUT/portal" --format json
run check-translations "$BIN" check --translations --source tests/sites/basic
run check-fixture-build "$BIN" build -q --source tests/check/site --dest "$OUT/check-site" --now $NOW
run check-fixture "$BIN" check --source tests/check/site --dest "$OUT/check-site"
# bad input: errors in site.lua, in the pages, in layouts, in the output stage
for name in site-lua-error bad-config schema-errors bad-yaml alias-bomb deep-yaml unsafe-urls \
            duplicate-url layout-runtime-error layout-syntax-error layout-endless-loop \
            symlink-static-dir xss-escaped deep-markdown; do
    case=tests/bad/$name
    [ -d "$case" ] || continue
    work=$OUT/bad/$name
    mkdir -p "$work/src"
    cp -r tests/bad/_base/. "$work/src/"
    cp -r "$case/." "$work/src/"
    [ -x "$case/setup.sh" ] && (cd "$work/src" && "$OLDPWD/$case/setup.sh")
    run "bad-$name" "$BIN" build -q --source "$work/src" --dest "$work/public" --now $NOW -j 2
done
# the fuzz harnesses (plain programs, see tests/fuzz/replay.sh) on their regressions
if bash tests/fuzz/replay.sh "$BUILD" >/dev/null 2>&1; then
    for f in tests/fuzz/regressions/*; do
        t=$(basename "$f"); t=${t%%-*}
        [ -x "$BUILD/fuzz-replay/fuzz_$t" ] && run "fuzz-$(basename "$f")" "$BUILD/fuzz-replay/fuzz_$t" "$f"
    done
else
    fail=$((fail + 1)); echo "FAIL: tests/fuzz/replay.sh $BUILD" >&2
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
