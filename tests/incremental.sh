#!/usr/bin/env bash
# Incremental builds: after each edit, an incremental build of the same
# destination must equal a clean build byte for byte, and a build with no
# edit must write nothing. Prints "P what" / "F what" lines.
# usage: tests/incremental.sh BIN WORKDIR
set -u
BIN=$1
W=$2
NOW=2026-11-23
rm -rf "$W" && mkdir -p "$W"
cp -r tests/sites/basic "$W/src"
rm -rf "$W/src/expected" "$W/src/.lotrinh-cache"
S=$W/src

same() {   # the incremental build and a clean build agree
    local what=$1
    if ! "$BIN" build -q --source "$S" --dest "$W/pub" --now $NOW 2>"$W/err"; then
        echo "F $what: the incremental build failed: $(head -3 "$W/err")"; return
    fi
    rm -rf "$W/clean"
    "$BIN" build -q --clean --source "$S" --dest "$W/clean" --now $NOW 2>/dev/null
    if diff -r "$W/pub" "$W/clean" >"$W/diff"; then echo "P $what"
    else echo "F $what: incremental and clean builds differ: $(head -5 "$W/diff" | tr '\n' ' ')"; fi
}

same "first build"
same "second build (fills the kept previous site)"
same "third build (updates the previous site in place)"

# a build with no edit writes nothing and says so
touch "$W/marker"; sleep 0.01
out=$("$BIN" build --source "$S" --dest "$W/pub" --now $NOW 2>&1)
if echo "$out" | grep -q "up to date" && [ -z "$(find "$W/pub" "$W/.pub.lotrinh-prev" -newer "$W/marker")" ]; then
    echo "P no-change build writes nothing"
else echo "F no-change build: $out"; fi

# an edit writes only the files it changes
printf '\nMột đoạn mới.\n' >>"$S/content/tin-tuc/hop-bao.md"
out=$("$BIN" build --source "$S" --dest "$W/pub" --now $NOW 2>&1)
n=$(echo "$out" | sed -n 's/.* \([0-9]*\) files written, \([0-9]*\) copied, \([0-9]*\) unchanged.*/\1 \2 \3/p')
set -- $n
if [ -n "$n" ] && [ "$2" = 0 ] && [ "$1" -ge 1 ] && [ "$1" -lt 10 ] && [ "$3" -gt 30 ]; then echo "P a body edit rewrites few files ($1 written, $3 unchanged)"
else echo "F a body edit: $out"; fi
same "body edit"

sed -i 's/^title: Họp báo/title: Họp báo quý IV/' "$S/content/tin-tuc/hop-bao.md"; same "title edit"
mv "$S/content/tin-tuc/hop-bao.md" "$S/content/tin-tuc/hop-bao-quy-4.md"; same "rename a page"
rm "$S/content/tin-tuc/ban-nhap.md"; same "delete a draft"
rm "$S/content/tin-tuc/hop-bao-quy-4.md"; same "delete a page"
printf -- '---\ntitle: Tin mới\ndate: 2026-01-02\n---\nNội dung.\n' >"$S/content/tin-tuc/tin-moi.md"; same "add a page"
mkdir "$S/content/tin-tuc/tin-moi" && mv "$S/content/tin-tuc/tin-moi.md" "$S/content/tin-tuc/tin-moi/index.md" \
    && cp "$S/content/ke-hoach/lo-trinh/tom-tat.txt" "$S/content/tin-tuc/tin-moi/"; same "a page becomes a bundle"
sed -i 's|<h1>|<h1 class="t">|' "$S/layouts/_default/single.html"; same "layout edit"
echo 'body { color: #111 }' >>"$S/static/css/site.css"; same "static file edit"
mkdir -p "$S/static/img" && printf 'x' >"$S/static/img/a.txt"; same "static file added"
rm -r "$S/static/img"; same "static folder removed"
sed -i 's/Đọc tiếp/Xem tiếp/' "$S/i18n/vi.yaml"; same "i18n edit"
printf 'x' >>"$S/content/ke-hoach/lo-trinh/so-do.png"; same "photo replaced"
sed -i 's/paginate = 2/paginate = 1/' "$S/site.lua"; same "site.lua edit (pagination)"
# a failed build leaves the site, and the next good build still agrees
cp "$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md" "$W/keep.md"
printf -- '---\ntitle: [\n---\n' >"$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md"
if "$BIN" build -q --source "$S" --dest "$W/pub" --now $NOW 2>/dev/null; then echo "F a broken page should fail"
else echo "P a broken page fails"; fi
cp "$W/keep.md" "$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md"; same "good build after a failed one"
# the previous site was removed or replaced behind lotrinh's back
rm -rf "$W/.pub.lotrinh-prev"; sed -i 's/Xem tiếp/Đọc thêm/' "$S/i18n/vi.yaml"; same "previous site deleted by hand"
rm -rf "$W/pub"; same "destination deleted by hand"
