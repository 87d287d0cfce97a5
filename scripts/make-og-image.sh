#!/bin/sh
# Renders scripts/og-image.html into static/images/og-lang-son.png (1200 x 630),
# the portal's default Open Graph image. Needs chromium and fonts-noto-core.
set -eu
cd "$(dirname "$0")/.."
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --window-size=1200,630 \
    --screenshot="$PWD/static/images/og-lang-son.png" "file://$PWD/scripts/og-image.html"
