#!/bin/sh
# Checks pages against the portal's own destination schema: copy the
# repository's site.lua and the data files it refers to into this case.
root=../../../../../..
[ -f "$root/site.lua" ] && [ -d "$root/data" ] || { echo "setup: no portal site.lua at $root" >&2; exit 1; }
cp "$root/site.lua" site.lua
mkdir -p data
cp "$root/data/communes.yaml" "$root/data/specialties.yaml" "$root/data/categories.yaml" data/
