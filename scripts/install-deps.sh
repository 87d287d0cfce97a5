#!/bin/sh
# Installs the Debian packages lotrinh needs, only those that are missing.
# Usage: scripts/install-deps.sh [--test | --fuzz | --browser | --valgrind | --bench]
#   (what make test / make fuzz / make test-browser / make test-valgrind /
#   make bench also use; Hugo is installed for make bench only)
set -eu
pkgs="gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev
      liblua5.4-dev libxml2-dev libutf8proc-dev libvips-dev libmicrohttpd-dev libxxhash-dev
      libmimalloc-dev"
case "${1:-}" in
    --test) pkgs="$pkgs libxml2-utils python3 python3-feedparser python3-html5lib curl" ;;
    --fuzz) pkgs="$pkgs clang libclang-rt-14-dev" ;;
    --bench) pkgs="$pkgs python3 hugo time procps" ;;
    # the browser tests: node and npm for playwright-core and axe-core, and
    # Debian's chromium (playwright never downloads a browser of its own)
    --browser) pkgs="$pkgs nodejs chromium fonts-noto-core"
               command -v npm >/dev/null 2>&1 || pkgs="$pkgs npm" ;;
    --valgrind) pkgs="$pkgs valgrind libxml2-utils python3 python3-feedparser" ;;
esac
missing=""
for p in $pkgs; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: missing packages:$missing (no apt-get here; install them by hand)" >&2
    exit 1
fi
if [ "$(id -u)" != 0 ]; then
    SUDO=sudo
else
    SUDO=
fi
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
