#!/bin/sh
# Rebuilds tests/sites/*/expected from the current generator. Review the
# diff (git diff tests/sites) before committing: it is the behaviour change.
set -eu
cd "$(dirname "$0")/.."
make --no-print-directory generator >/dev/null
for site in tests/sites/*/; do
    rm -rf "$site/expected"
    ./build/lotrinh build -q --source "$site" --dest "$site/expected" --now 2026-11-23
done
