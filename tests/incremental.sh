#!/usr/bin/env bash
# Incremental builds: after each edit, an incremental build of the same
# destination must equal a clean build byte for byte, and a build with no
# edit must write nothing. Prints "P what" / "F what" lines.
# usage: tests/incremental.sh BIN WORKDIR
#
# Three sites, each copied into WORKDIR and edited step by step:
# - tests/sites/basic (its own layouts, i18n and static files);
# - tests/sites/portal, the golden fixture built with the portal's real
#   layouts, strings and static files through layout_path, i18n_path and
#   static_path ("../../../layouts"...): the copy keeps that shape
#   (WORKDIR/portal/tests/sites/portal beside WORKDIR/portal/layouts...), so
#   its site.lua is unchanged and every edit stays inside WORKDIR;
# - tests/sites/tourism, the destinations (GeoJSON output, photos resized by
#   image(), a site layout folder in front of the portal's), copied the same way.
# After every successful build of a case (same): the incremental build
# succeeds; a --clean build of the same sources into another folder succeeds
# and diff -r finds no difference; the output differs from the previous case's
# (so a case whose edit did not apply cannot pass; --nochange says the reverse
# is wanted); the case's own checks of the output hold; `lotrinh check` passes
# on the result; and a build with no edit says "up to date" and writes nothing.
# A failing case (fails) must exit 1 with its message, leave the destination
# as it was, and fail again when built once more without an edit. After a
# case fails, the destination is rebuilt from scratch so that the next case
# is judged on its own edit only.
# File times: a build knows an input changed by its size, time and inode. Every
# edit here comes at least three builds (tens of ms) after the last build that
# saw the file, far more than the granularity of file times; sed -i gives the
# file a new inode as well; and a file put back from WORKDIR/keep (old time and
# inode) replaces a different file or none. So no case depends on timing,
# and none needs sleep or touch -d. The build date is fixed (--now), except
# in the cases that move it on purpose.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$2" && mkdir -p "$2"
W=$(cd "$2" && pwd)
NOW=2026-11-23
OPTS=
EDIT_ERR=

# the site under test: source, incremental destination, clean destination,
# whether `lotrinh check` runs on it
use_site() { S=$1; D=$2; C=$3; CHECK=${4:-1}; }
lb() { "$BIN" build --source "$S" --now "$NOW" $OPTS "$@"; }
oneline() { head -"${2:-3}" "$1" | tr '\n' ' ' | cut -c1-400; }

# edits that must change the file (a pattern that no longer matches would
# otherwise make a case pass without testing anything)
sub() {   # sub FILE SED-ARGS...
    local f=$1; shift
    local before; before=$(cksum <"$f" 2>/dev/null)
    sed -i "$@" "$f" 2>>"$W/edit.err"
    [ "$(cksum <"$f" 2>/dev/null)" != "$before" ] || EDIT_ERR="$EDIT_ERR sed $* did nothing to ${f#"$W"/};"
}
fm_add() { sub "$1" "1a $2"; }                         # a front matter line at the top
fm_del() { sub "$1" "/^$2:/d"; }                       # a front matter key removed
put() { mkdir -p "$(dirname "$1")" && cat >"$1"; }      # a new file from stdin

# checks of a case, run in the clean build's folder
has() { grep -qF -- "$2" "$1" 2>/dev/null; }
lacks() { [ -f "$1" ] && ! grep -qF -- "$2" "$1"; }
exists() { [ -e "$1" ]; }
gone() { [ ! -e "$1" ]; }
kept() { cmp -s "$C.before/$1" "$1"; }                 # unchanged by this case
changed() { [ -e "$1" ] && ! cmp -s "$C.before/$1" "$1"; }
before() {   # before FILE A B: A appears in FILE before B
    local a b
    a=$(grep -nF -- "$2" "$1" | head -1 | cut -d: -f1)
    b=$(grep -nF -- "$3" "$1" | head -1 | cut -d: -f1)
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}
somewhere() { grep -rqF -- "$1" .; }                   # some output file has TEXT
nowhere() { ! grep -rqF -- "$1" .; }
indexed() { grep -rqF "\"$2\"" "search/$1"; }          # a folded token of the search index

# bad MESSAGE: the case fails; the destination is built again from scratch
# (and once more, to fill the kept previous site) so that the next case starts
# from a good state and fails only for its own edit
bad() {
    echo "F $what: $*"
    lb -q --clean --dest "$D" >/dev/null 2>&1
    lb -q --dest "$D" >/dev/null 2>&1
}

# same WHAT [--nochange|--any] [--fresh|--first] [CHECK...]: build and compare.
# --nochange: the output must be the same as the previous case's; --any: it
# may or may not change.
# --fresh: the build starts over (no kept previous site), so the first build
# with no edit after it fills the kept previous site and only the next one is
# up to date; --first: the very first build, the no-edit builds are the next cases.
same() {
    local what=$1; shift
    local mode=change fill=
    while :; do
        case ${1-} in
        --nochange|--any) mode=${1#--}; shift ;;
        --fresh|--first) fill=${1#--}; shift ;;
        *) break ;;
        esac
    done
    if [ -n "$EDIT_ERR" ]; then echo "F $what: the test's edit did not apply:$EDIT_ERR"; EDIT_ERR=; return; fi
    if ! lb -q --dest "$D" 2>"$W/err"; then
        bad "the incremental build failed: $(oneline "$W/err")"; return
    fi
    rm -rf "$C.before"
    [ -d "$C" ] && mv "$C" "$C.before"
    if ! lb -q --clean --dest "$C" 2>"$W/err"; then
        bad "the clean build failed: $(oneline "$W/err")"; return
    fi
    if ! diff -r "$D" "$C" >"$W/diff"; then
        bad "incremental and clean builds differ: $(oneline "$W/diff" 5)"; return
    fi
    if [ -d "$C.before" ] && [ "$mode" != any ]; then
        if diff -rq "$C.before" "$C" >"$W/diff"; then
            [ "$mode" = nochange ] || { bad "the edit changed no output file"; return; }
        else
            [ "$mode" != nochange ] || { bad "the output changed: $(oneline "$W/diff")"; return; }
        fi
    fi
    local chk
    for chk in "$@"; do
        (cd "$C" && eval "$chk") || { bad "the output does not show the edit: $chk"; return; }
    done
    if [ "$CHECK" = 1 ] && ! "$BIN" check --source "$S" --dest "$D" >"$W/check" 2>&1; then
        bad "lotrinh check fails: $(grep -m3 'error' "$W/check" | tr '\n' ' ')"; return
    fi
    [ "$fill" = first ] && { echo "P $what"; return; }
    local prev; prev="$(dirname "$D")/.$(basename "$D").lotrinh-prev"
    local out
    if [ "$fill" = fresh ]; then
        out=$(lb --dest "$D" 2>&1)
        if ! diff -r "$D" "$C" >"$W/diff"; then
            bad "the build that fills the kept previous site differs from a clean one: $(oneline "$W/diff" 5)"; return
        fi
    fi
    touch "$W/marker"; sleep 0.01
    out=$(lb --dest "$D" 2>&1)
    if ! echo "$out" | grep -q "up to date"; then
        bad "a build with no edit after it is not up to date: $out"; return
    fi
    if [ -n "$(find "$D" "$prev" -newer "$W/marker" 2>/dev/null | head -3)" ]; then
        bad "a build with no edit wrote $(find "$D" "$prev" -newer "$W/marker" | head -3 | tr '\n' ' ')"; return
    fi
    echo "P $what"
}

# fails WHAT MESSAGE: the build fails with MESSAGE on stderr and exit 1, the
# destination stays as the last good build made it, and a second build with no
# edit fails the same way (a failed build records nothing)
fails() {
    local what=$1 msg=$2 rc
    if [ -n "$EDIT_ERR" ]; then echo "F $what: the test's edit did not apply:$EDIT_ERR"; EDIT_ERR=; return; fi
    lb -q --dest "$D" >/dev/null 2>"$W/err"; rc=$?
    if [ "$rc" != 1 ]; then echo "F $what: the build exits $rc, want 1: $(oneline "$W/err")"; return; fi
    if ! grep -qF -- "$msg" "$W/err"; then echo "F $what: the error lacks \"$msg\": $(oneline "$W/err")"; return; fi
    if ! diff -r "$D" "$C" >"$W/diff"; then echo "F $what: a failed build changed the destination: $(oneline "$W/diff")"; return; fi
    lb -q --dest "$D" >/dev/null 2>"$W/err"; rc=$?
    if [ "$rc" != 1 ]; then echo "F $what: built again with no edit, it exits $rc, want 1"; return; fi
    echo "P $what"
}

# ---------------------------------------------------------------- basic site
mkdir -p "$W/basic"
cp -r "$REPO/tests/sites/basic" "$W/basic/src"
rm -rf "$W/basic/src/expected" "$W/basic/src/.lotrinh-cache"
use_site "$W/basic/src" "$W/basic/pub" "$W/basic/clean"

same "first build" --first
same "second build (up to date: nothing changed)" --nochange
same "third build (still up to date)" --nochange

# a build with no edit writes nothing and says so
touch "$W/marker"; sleep 0.01
out=$(lb --dest "$D" 2>&1)
if echo "$out" | grep -q "up to date" && [ -z "$(find "$D" "$W"/basic/.pub.lotrinh-* -newer "$W/marker" 2>/dev/null)" ]; then
    echo "P no-change build writes nothing"
else echo "F no-change build: $out"; fi

# an edit writes only the files it changes
printf '\nMột đoạn mới.\n' >>"$S/content/tin-tuc/hop-bao.md"
out=$(lb --dest "$D" 2>&1)
# (the first edit after a fresh build copies the unchanged files from the
# destination into a new folder: only the pages it renders are written)
n=$(echo "$out" | sed -n 's/.* \([0-9]*\) of \([0-9]*\) pages rendered, \([0-9]*\) files written, [0-9]* copied, \([0-9]*\) unchanged.*/\1 \2 \3 \4/p')
set -- $n
if [ -n "$n" ] && [ "$1" -ge 1 ] && [ "$1" -le 3 ] && [ "$2" -gt 15 ] && [ "$3" -ge 1 ] && [ "$3" -lt 10 ] && [ "$4" -gt 30 ]; then echo "P a body edit renders and writes few files ($1 of $2 pages rendered, $3 written, $4 unchanged)"
else echo "F a body edit: $out"; fi
same "body edit"

sub "$S/content/tin-tuc/hop-bao.md" 's/^title: Họp báo/title: Họp báo quý IV/'; same "title edit"
mv "$S/content/tin-tuc/hop-bao.md" "$S/content/tin-tuc/hop-bao-quy-4.md"; same "rename a page"
rm "$S/content/tin-tuc/ban-nhap.md"; same "delete a draft" --nochange
rm "$S/content/tin-tuc/hop-bao-quy-4.md"; same "delete a page"
printf -- '---\ntitle: Tin mới\ndate: 2026-01-02\n---\nNội dung.\n' >"$S/content/tin-tuc/tin-moi.md"; same "add a page"
mkdir "$S/content/tin-tuc/tin-moi" && mv "$S/content/tin-tuc/tin-moi.md" "$S/content/tin-tuc/tin-moi/index.md" \
    && cp "$S/content/ke-hoach/lo-trinh/tom-tat.txt" "$S/content/tin-tuc/tin-moi/"; same "a page becomes a bundle"
sub "$S/layouts/_default/single.html" 's|<h1>|<h1 class="t">|'; same "layout edit"
echo 'body { color: #111 }' >>"$S/static/css/site.css"; same "static file edit"
mkdir -p "$S/static/img" && printf 'x' >"$S/static/img/a.txt"; same "static file added"
rm -r "$S/static/img"; same "static folder removed"
sub "$S/i18n/vi.yaml" 's/chưa có bản dịch, về trang chủ/chưa dịch, về trang chủ/'; same "i18n edit" \
    'somewhere "chưa dịch, về trang chủ"' 
printf 'x' >>"$S/content/ke-hoach/lo-trinh/so-do.png"; same "photo replaced"
sub "$S/site.lua" 's/paginate = 2/paginate = 1/'; same "site.lua edit (pagination)"
# a failed build leaves the site, and the next good build still agrees
cp "$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md" "$W/keep.md"
printf -- '---\ntitle: [\n---\n' >"$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md"
fails "a broken page fails" "content/tin-tuc/ban-hanh-ke-hoach.vi.md:3:1: error: yaml syntax error"
cp "$W/keep.md" "$S/content/tin-tuc/ban-hanh-ke-hoach.vi.md"; same "good build after a failed one" --nochange
# the previous site was removed or replaced behind lotrinh's back
rm -rf "$W/basic/.pub.lotrinh-prev"; sub "$S/i18n/vi.yaml" 's/chưa dịch, về trang chủ/chưa có bản dịch/'; same "previous site deleted by hand" --fresh
rm -rf "$D"; same "destination deleted by hand" --fresh --nochange

# --------------------------------------------------------------- the portal
# WORKDIR/portal/tests/sites/portal uses WORKDIR/portal/{layouts,i18n,static}
P=$W/portal
mkdir -p "$P/tests/sites"
cp -r "$REPO/tests/sites/portal" "$P/tests/sites/portal"
rm -rf "$P/tests/sites/portal/expected" "$P/tests/sites/portal/.lotrinh-cache"
cp -r "$REPO/layouts" "$REPO/i18n" "$REPO/static" "$P/"
use_site "$P/tests/sites/portal" "$P/pub" "$P/clean"
L=$P/layouts I=$P/i18n ST=$P/static CT=$S/content
NEWS=$CT/tin-tuc PLAN=$CT/ke-hoach/ke-hoach-thu POLICY=$CT/chinh-sach/quyet-dinh-thu
mkdir -p "$W/keep"

same "portal: first build" --fresh 'exists ke-hoach/ke-hoach-thu/index.html' 'exists en/agencies/so-khcn/index.html'

# ---- page bodies and front matter
sub "$NEWS/du-thao.vi.md" 's/^Nhiệm vụ 3 của kế hoạch thử nghiệm/Nhiệm vụ số 3 của kế hoạch thử nghiệm/'
same "portal: body edit in the first paragraph (the summary changes)" \
    'has tin-tuc/du-thao/index.html "Nhiệm vụ số 3"' 'has tin-tuc/index.html "Nhiệm vụ số 3"' 'has index.xml "Nhiệm vụ số 3"'
printf '\n## Ghi chú\n\nĐoạn cuối về nghiệm thu kqzeta.\n' >>"$NEWS/du-thao.vi.md"
same "portal: body edit far below (the summary stays; page and search index change)" \
    'has tin-tuc/du-thao/index.html kqzeta' 'indexed vi kqzeta' 'kept tin-tuc/index.html' 'kept linh-vuc/khoa-hoc-va-doi-moi/index.html'
sub "$NEWS/cua-khau.vi.md" 's/^title: .*/title: "Khảo sát cửa khẩu vẫn chậm tiến độ"/'
same "portal: title edit (lists, term page, feeds, search)" \
    'has tin-tuc/index.html "vẫn chậm tiến độ"' 'has linh-vuc/kinh-te-cua-khau/index.html "vẫn chậm tiến độ"' \
    'has tin-tuc/index.xml "vẫn chậm tiến độ"' 'has search/vi/docs-0.json "vẫn chậm tiến độ"' 'kept en/news/index.html'
same "portal: no edit" --nochange
sub "$NEWS/du-thao.vi.md" 's/^date: 2026-11-03/date: 2026-10-01/'
same "portal: date edit (the list order changes)" \
    'before tin-tuc/index.html tin-tuc/cua-khau/ tin-tuc/du-thao/' 'before tin-tuc/index.xml tin-tuc/cua-khau/ tin-tuc/du-thao/'
fm_add "$NEWS/du-thao.vi.md" 'weight: 1'
same "portal: weight added (first in its lists again)" 'before tin-tuc/index.html tin-tuc/du-thao/ tin-tuc/cua-khau/'
sub "$PLAN/index.vi.md" 's/^description: .*/description: "Kế hoạch rút gọn để thử trang kế hoạch."/'
same "portal: description edit (plan list, meta, search)" \
    'has ke-hoach/index.html "Kế hoạch rút gọn"' 'has ke-hoach/ke-hoach-thu/index.html "content=\"Kế hoạch rút gọn"'
fm_add "$NEWS/du-thao.vi.md" 'summary: "Tóm tắt viết tay của tin dự thảo."'
same "portal: summary key added" 'has tin-tuc/index.html "Tóm tắt viết tay"' 'lacks tin-tuc/index.html "Nhiệm vụ số 3"'
fm_del "$NEWS/du-thao.vi.md" summary
same "portal: summary key removed" 'lacks tin-tuc/index.html "Tóm tắt viết tay"'

# ---- drafts, future and expired pages
fm_add "$NEWS/cua-khau.en.md" 'draft: true'
same "portal: draft: true (the page leaves lists, feeds, sitemap, translations)" \
    'gone en/news/survey-late/index.html' 'lacks sitemap.xml survey-late' 'lacks tin-tuc/cua-khau/index.html survey-late' \
    'lacks en/sectors/border-gate-economy/index.xml survey-late'
sub "$NEWS/cua-khau.en.md" 's/^draft: true/draft: false/'
same "portal: draft: false (it comes back)" 'exists en/news/survey-late/index.html' 'has tin-tuc/cua-khau/index.html en/news/survey-late/'
sub "$NEWS/cua-khau.en.md" 's/^date: 2026-10-20/date: 2027-01-10/'
same "portal: a future date (the page goes)" 'gone en/news/survey-late/index.html'
sub "$NEWS/cua-khau.en.md" 's/^date: 2027-01-10/date: 2026-10-20/'
same "portal: the date back in the past" 'exists en/news/survey-late/index.html'
fm_add "$NEWS/cua-khau.en.md" 'expiryDate: 2026-11-20'
same "portal: an expiryDate already passed" 'gone en/news/survey-late/index.html'
sub "$NEWS/cua-khau.en.md" 's/^expiryDate: 2026-11-20/expiryDate: 2026-12-31/'
same "portal: the expiryDate moved later" 'exists en/news/survey-late/index.html'
NOW=2027-01-05
same "portal: the build date passes the expiryDate and deadlines (--now)" \
    'gone en/news/survey-late/index.html' 'has en/plans/test-plan/index.html "id=\"task-3\" class=\"is-overdue\""'
NOW=2026-11-23
same "portal: the build date back" 'exists en/news/survey-late/index.html'
OPTS=--drafts
same "portal: the same destination built with --drafts (no drafts yet)" --nochange 'exists en/news/survey-late/index.html'
fm_add "$NEWS/du-thao.en.md" 'draft: true'
same "portal: a draft, built with --drafts" --nochange 'exists en/news/draft-due/index.html' 'has en/news/draft-due/index.html "November 2026"'
OPTS=
same "portal: built without --drafts again" 'gone en/news/draft-due/index.html'
fm_del "$NEWS/du-thao.en.md" draft
same "portal: the draft published" 'exists en/news/draft-due/index.html'

# ---- taxonomies and term labels
sub "$NEWS/cua-khau.vi.md" 's/^sectors: \[kinh-te-cua-khau\]/sectors: [kinh-te-cua-khau, khoa-hoc-doi-moi]/'
same "portal: a sector added to a page (term page and term feed)" \
    'has linh-vuc/khoa-hoc-va-doi-moi/index.html tin-tuc/cua-khau/' 'has linh-vuc/khoa-hoc-va-doi-moi/index.xml tin-tuc/cua-khau/'
fm_del "$NEWS/du-thao.en.md" sectors
sub "$PLAN/index.en.md" 's/^sectors: \[kinh-te-cua-khau, khoa-hoc-doi-moi\]/sectors: [kinh-te-cua-khau]/'
same "portal: a sector's last pages in a language drop it (its term page and feed go)" \
    'gone en/sectors/science-and-innovation/index.html' 'gone en/sectors/science-and-innovation/index.xml' \
    'exists linh-vuc/khoa-hoc-va-doi-moi/index.html' 'lacks en/sectors/index.html science-and-innovation'
sub "$NEWS/cua-khau.vi.md" 's/^sectors: \[kinh-te-cua-khau, khoa-hoc-doi-moi\]/sectors: [kinh-te-cua-khau, khoa-hoc-doi-moi, chuyen-doi-so]/'
same "portal: a new term with no entry in data/" \
    'exists linh-vuc/chuyen-doi-so/index.html' 'exists linh-vuc/chuyen-doi-so/index.xml' 'has linh-vuc/index.html linh-vuc/chuyen-doi-so/'
printf -- '- id: chuyen-doi-so\n  name: {vi: "Số hóa", en: "Digitisation"}\n  description: {vi: "Dữ liệu số.", en: "Digital data."}\n' >>"$S/data/sectors.yaml"
same "portal: its label added in data/ (its URL and title change)" \
    'exists linh-vuc/so-hoa/index.html' 'gone linh-vuc/chuyen-doi-so/index.html' 'has tin-tuc/cua-khau/index.html linh-vuc/so-hoa/'
sub "$S/data/sectors.yaml" 's/en: "Border-gate economy"/en: "Border economy"/'
same "portal: a term label edited in data/ (term URL, pages naming the term)" \
    'exists en/sectors/border-economy/index.html' 'gone en/sectors/border-gate-economy/index.html' \
    'has en/plans/test-plan/index.html en/sectors/border-economy/' 'has en/news/survey-late/index.html "Border economy"'
sub "$S/data/sectors.yaml" 's/vi: "Cửa khẩu số và logistics."/vi: "Cửa khẩu số, logistics và thương mại."/'
same "portal: a sector description in data/ (read by term pages only)" \
    'has linh-vuc/kinh-te-cua-khau/index.html "logistics và thương mại"' 'kept tin-tuc/cua-khau/index.html' 'kept en/index.html'

# ---- translations and links between pages
put "$NEWS/hop-bao.vi.md" <<'MD'
---
title: "Họp báo về cửa khẩu số"
date: 2026-11-10
sectors: [kinh-te-cua-khau]
---
Xem [tin khảo sát](cua-khau.vi.md) và [kế hoạch](/ke-hoach/ke-hoach-thu/index.vi.md#task-2).
MD
same "portal: a new page, not translated, with .md links" \
    'has tin-tuc/hop-bao/index.html "href=\"/cong/tin-tuc/cua-khau/\""' 'has tin-tuc/index.html tin-tuc/hop-bao/' \
    'has tin-tuc/hop-bao/index.html "href=\"/cong/ke-hoach/ke-hoach-thu/#task-2\""' 'has sitemap.xml tin-tuc/hop-bao/'
put "$NEWS/hop-bao.en.md" <<'MD'
---
title: "Press briefing on the digital border gate"
date: 2026-11-10
slug: press-briefing
sectors: [kinh-te-cua-khau]
---
See [the survey news](cua-khau.en.md).
MD
same "portal: its translation added (.en.md)" \
    'has tin-tuc/hop-bao/index.html "hreflang=\"en\" href=\"https://example.org/cong/en/news/press-briefing/\""' \
    'exists en/news/press-briefing/index.html' 'has en/news/press-briefing/index.html "href=\"/cong/en/news/survey-late/\""'
rm "$NEWS/hop-bao.en.md"
same "portal: the translation removed" 'gone en/news/press-briefing/index.html' 'lacks tin-tuc/hop-bao/index.html press-briefing'
sub "$NEWS/cua-khau.en.md" 's/^translationKey: news-survey$/translationKey: news-survey-en/'
same "portal: translationKey changed (the two versions are no longer linked)" \
    'lacks tin-tuc/cua-khau/index.html en/news/survey-late/' 'lacks en/news/survey-late/index.html tin-tuc/cua-khau/'
sub "$NEWS/cua-khau.en.md" 's/^translationKey: news-survey-en$/translationKey: news-survey/'
same "portal: translationKey back" 'has tin-tuc/cua-khau/index.html en/news/survey-late/'
fm_add "$NEWS/cua-khau.vi.md" 'slug: khao-sat-cua-khau'
same "portal: a slug changed (a page linking to it with a .md link changes)" \
    'exists tin-tuc/khao-sat-cua-khau/index.html' 'gone tin-tuc/cua-khau/index.html' \
    'has tin-tuc/hop-bao/index.html "href=\"/cong/tin-tuc/khao-sat-cua-khau/\""' 'has en/news/survey-late/index.html tin-tuc/khao-sat-cua-khau/'
sub "$POLICY/index.en.md" 's/^slug: test-decision$/slug: pilot-decision/'
same "portal: the slug of a bundle that a plan links to" \
    'has en/plans/test-plan/index.html "href=\"/cong/en/policies/pilot-decision/\""' 'exists en/policies/pilot-decision/van-ban.pdf' \
    'gone en/policies/test-decision' 'has en/policies/pilot-decision/index.html "og:image\" content=\"https://example.org/cong/en/policies/pilot-decision/so-do.png"'
sub "$PLAN/index.vi.md" 's/^title: .*/title: "Kế hoạch thử nghiệm đổi mới công nghệ (sửa đổi)"/'
same "portal: a plan's title (news and policies that name it in plans: change)" \
    'has tin-tuc/du-thao/index.html "(sửa đổi)"' 'has chinh-sach/quyet-dinh-thu/index.html "(sửa đổi)"' \
    'has co-quan/so-khcn/index.html "(sửa đổi)"' 'has lo-trinh/index.html "(sửa đổi)"'
mv "$NEWS/du-thao.vi.md" "$NEWS/han-du-thao.vi.md"; mv "$NEWS/du-thao.en.md" "$NEWS/han-du-thao.en.md"
same "portal: a page's files renamed" 'exists tin-tuc/han-du-thao/index.html' 'gone tin-tuc/du-thao' \
    'exists en/news/draft-due/index.html' 'has en/news/draft-due/index.html tin-tuc/han-du-thao/'
mv "$NEWS/han-du-thao.en.md" "$NEWS/deadline.en.md"
same "portal: one language's file renamed (still paired by translationKey)" --any \
    'exists en/news/draft-due/index.html' 'has en/news/draft-due/index.html tin-tuc/han-du-thao/'
mkdir "$CT/thong-bao"
mv "$NEWS/han-du-thao.vi.md" "$NEWS/deadline.en.md" "$CT/thong-bao/"
same "portal: a page moved to another (new) section" \
    'exists thong-bao/han-du-thao/index.html' 'exists thong-bao/index.html' 'exists en/thong-bao/draft-due/index.html' \
    'gone tin-tuc/han-du-thao' 'lacks tin-tuc/index.html han-du-thao'
mv "$CT/thong-bao/han-du-thao.vi.md" "$CT/thong-bao/deadline.en.md" "$NEWS/"
rmdir "$CT/thong-bao"
same "portal: moved back" 'gone thong-bao' 'exists tin-tuc/han-du-thao/index.html'
mv "$NEWS/cua-khau.vi.md" "$W/keep/cua-khau.vi.md"
fails "portal: a page that another page links to deleted: the build fails" \
    'content/tin-tuc/hop-bao.vi.md:6:5: error: link to "cua-khau.vi.md" does not match any page'
sub "$NEWS/hop-bao.vi.md" 's/\[tin khảo sát\](cua-khau.vi.md)/tin khảo sát/'
same "portal: the link removed: the build works again" 'gone tin-tuc/khao-sat-cua-khau' 'lacks tin-tuc/hop-bao/index.html khao-sat'
cp "$W/keep/cua-khau.vi.md" "$NEWS/cua-khau.vi.md"
sub "$NEWS/hop-bao.vi.md" 's/Xem tin khảo sát/Xem [tin khảo sát](cua-khau.vi.md)/'
same "portal: the page and the link restored" 'has tin-tuc/hop-bao/index.html "href=\"/cong/tin-tuc/khao-sat-cua-khau/\""'
fm_add "$CT/gioi-thieu.vi.md" 'slug: ve-cong'
same "portal: the slug of the page the footer menu finds with getpage() (every page)" \
    'exists ve-cong/index.html' 'has 404.html "href=\"/cong/ve-cong/\""' 'has co-quan/so-khcn/index.html /cong/ve-cong/' \
    'has linh-vuc/index.html /cong/ve-cong/'

# ---- layouts and partials (the portal's own, through layout_path)
sub "$L/partials/nav.html" 's/class="main-nav"/class="main-nav site-nav"/'
same "portal: a partial used by every page (nav)" \
    'has 404.html site-nav' 'has en/agencies/so-khcn/index.html site-nav' 'has linh-vuc/index.html site-nav' 'has en/index.html site-nav'
sub "$L/partials/lib.html" 's/return truncate(found or "", 160)/return truncate(found or "", 120)/'
same "portal: the helper library every layout loads (description length)" 'changed tin-tuc/han-du-thao/index.html' 'kept search/vi/index.json'
sub "$L/tin-tuc/single.html" 's/<article class="news"/<article class="news post"/'
same "portal: a layout of one section only (tin-tuc/single)" \
    'has tin-tuc/khao-sat-cua-khau/index.html "class=\"news post\""' 'has en/news/survey-late/index.html "class=\"news post\""' \
    'kept ke-hoach/ke-hoach-thu/index.html' 'kept ve-cong/index.html' 'kept tin-tuc/index.html'
sed 's/<ul class="items">/<ul class="items news-items">/' "$L/_default/list.html" >"$L/tin-tuc/list.html"
same "portal: a more specific layout added (tin-tuc/list over _default/list)" \
    'has tin-tuc/index.html news-items' 'has en/news/index.html news-items' 'kept ke-hoach/index.html' 'kept chinh-sach/index.html'
rm "$L/tin-tuc/list.html"
same "portal: the specific layout removed again" 'lacks tin-tuc/index.html news-items'
mkdir "$L/sectors"
sed 's/<header class="page-header">/<header class="page-header sector-header">/' "$L/_default/term.html" >"$L/sectors/term.html"
same "portal: a layout for one taxonomy's terms (sectors/term over _default/term)" \
    'has linh-vuc/kinh-te-cua-khau/index.html sector-header' 'has en/sectors/border-economy/index.html sector-header' \
    'lacks linh-vuc/index.html sector-header'
rm -r "$L/sectors"
same "portal: the taxonomy's layout removed" 'lacks linh-vuc/kinh-te-cua-khau/index.html sector-header'
mv "$L/tin-tuc/single.html" "$W/keep/news-single.html"
same "portal: a section's own layout removed (its pages fall back to _default/single)" \
    'lacks tin-tuc/khao-sat-cua-khau/index.html "class=\"news post\""' 'kept ke-hoach/ke-hoach-thu/index.html'
mv "$W/keep/news-single.html" "$L/tin-tuc/single.html"
same "portal: the section's layout back" 'has tin-tuc/khao-sat-cua-khau/index.html "class=\"news post\""'
sub "$L/_default/baseof.html" 's/^<body>$/<body class="portal">/'
same "portal: the base layout every layout extends (baseof)" \
    'has 404.html "<body class=\"portal\">"' 'has en/sectors/index.html "<body class=\"portal\">"' 'has lo-trinh/index.html "<body class=\"portal\">"'
sub "$L/index.html" 's/<h2 id="deadlines-title">/<h2 id="deadlines-title" class="h-deadlines">/'
same "portal: the home layout (home pages only)" 'has index.html h-deadlines' 'has en/index.html h-deadlines' 'kept tin-tuc/index.html'
sub "$L/404.html" 's/<h2>{{ t("not_found_sections") }}<\/h2>/<h2 class="nf">{{ t("not_found_sections") }}<\/h2>/'
same "portal: the 404 layout" 'has 404.html "class=\"nf\""' 'has en/404.html "class=\"nf\""' 'kept index.html'
cp "$L/tin-tuc/single.html" "$W/keep/news-single.html"
sub "$L/tin-tuc/single.html" 's/^{%- local pr = page.params -%}$/{%- local pr = page.params if then -%}/'
fails "portal: a layout with a Lua error: the build fails" "tin-tuc/single.html"
cp "$W/keep/news-single.html" "$L/tin-tuc/single.html"
same "portal: the layout fixed" --nochange

# ---- data files
sub "$S/data/agencies.yaml" 's/vi: "Hiệp hội Doanh nghiệp tỉnh"/vi: "Hiệp hội Doanh nghiệp tỉnh Thử"/'
same "portal: an agency renamed in data/ (its derived page, plans, org chart, home)" \
    'has co-quan/hiep-hoi-dn/index.html "<title>Hiệp hội Doanh nghiệp tỉnh Thử"' 'has co-quan/index.html "Hiệp hội Doanh nghiệp tỉnh Thử"' \
    'has co-cau-to-chuc/index.html "Hiệp hội Doanh nghiệp tỉnh Thử"' 'kept en/agencies/hiep-hoi-dn/index.html'
cp "$S/data/agencies.yaml" "$W/keep/agencies.yaml"
printf -- '\n- id: so-tttt\n  name: {vi: "Sở Thông tin và Truyền thông", en: "Department of Information"}\n  parent: ubnd-tinh\n  group: government\n' >>"$S/data/agencies.yaml"
same "portal: an agency added in data/ (derive makes its two pages)" \
    'exists co-quan/so-tttt/index.html' 'exists en/agencies/so-tttt/index.html' 'has co-cau-to-chuc/index.html "Sở Thông tin và Truyền thông"' \
    'has sitemap.xml en/agencies/so-tttt/' 'indexed en information'
cp "$W/keep/agencies.yaml" "$S/data/agencies.yaml"
same "portal: the agency removed (its derived pages go)" 'gone co-quan/so-tttt' 'gone en/agencies/so-tttt' 'lacks sitemap.xml so-tttt'
sub "$S/data/agencies.yaml" 's/phone: "0205 000 000"/phone: "0205 111 222"/'
same "portal: a parent agency's phone (shown on its children's pages)" \
    'has co-quan/so-khcn/index.html "0205 111 222"' 'has en/agencies/ubnd-tinh/index.html "0205 111 222"'
printf -- '- id: x\n  name: "Không dùng"\n' >"$S/data/khong-dung.yaml"
same "portal: a data file that no layout reads" --nochange
printf -- '- id: [\n' >>"$S/data/agencies.yaml"
fails "portal: broken YAML in data/: the build fails" "data/agencies.yaml:"
sub "$S/data/agencies.yaml" '$d'
same "portal: the data file fixed" --nochange

# ---- interface strings (i18n_path) and site.lua
sub "$I/vi.yaml" 's/^nav_news: "Tin tức"$/nav_news: "Tin tức mới"/'
same "portal: an i18n string of every page (i18n_path folder)" 'has 404.html "Tin tức mới"' 'has co-quan/so-khcn/index.html "Tin tức mới"'
sub "$I/en.yaml" 's/^footer_built: "Figures updated on {1}"$/footer_built: "Figures as of {1}"/'
same "portal: an English i18n string" 'has en/index.html "Figures as of"' 'lacks index.html "Figures as of"'
sub "$S/site.lua" '/label = "nav_roadmap"/d'
same "portal: site.lua: a menu entry removed (every page)" 'lacks 404.html /cong/lo-trinh/' 'exists lo-trinh/index.html'
sub "$S/site.lua" 's/deadlines = 3,/deadlines = 1,/'
same "portal: site.lua: a param read by the home layout" 'changed index.html' 'kept ke-hoach/index.html' 'kept lo-trinh/index.html'
sub "$S/site.lua" 's/paginate = 10,/paginate = 2,/'
same "portal: site.lua: pagination 10 to 2 (pager pages appear)" 'exists tin-tuc/page/2/index.html' 'has tin-tuc/index.html tin-tuc/page/2/'
sub "$S/site.lua" 's/paginate = 2,/paginate = 10,/'
same "portal: site.lua: pagination back (pager pages go)" 'gone tin-tuc/page'
sub "$S/site.lua" 's/description = "Trang thử nghiệm của bộ layout/description = "Trang thử của bộ layout/'
same "portal: site.lua: a language's description" 'has index.html "Trang thử của bộ layout"' 'kept en/index.html'
cp "$S/site.lua" "$W/keep/site.lua"
sub "$S/site.lua" 's/^  paginate = 10,$/  paginate = 10,,/'
fails "portal: a Lua syntax error in site.lua: the build fails" "site.lua:"
cp "$W/keep/site.lua" "$S/site.lua"
same "portal: site.lua fixed" --nochange

# ---- page bundle resources and static files
cp "$ST/images/og-lang-son.png" "$POLICY/so-do.png"
same "portal: a bundle's picture replaced" 'changed chinh-sach/quyet-dinh-thu/so-do.png' 'changed en/policies/pilot-decision/so-do.png'
printf 'Phụ lục của quyết định.\n' >"$POLICY/phu-luc.txt"
same "portal: a file added to a bundle" 'exists chinh-sach/quyet-dinh-thu/phu-luc.txt' 'exists en/policies/pilot-decision/phu-luc.txt'
rm "$POLICY/phu-luc.txt"
same "portal: the file removed from the bundle" 'gone chinh-sach/quyet-dinh-thu/phu-luc.txt' 'gone en/policies/pilot-decision/phu-luc.txt'
printf '%0100d' 0 >>"$POLICY/van-ban.pdf"
same "portal: a bundle's attachment grows (its size is shown on the page)" \
    'has en/policies/pilot-decision/index.html "(PDF, 705 bytes)"' 'changed chinh-sach/quyet-dinh-thu/van-ban.pdf'
echo '.portal { color: #222 }' >>"$ST/css/site.css"
same "portal: a static file edited (static_path folder)" 'has css/site.css ".portal { color: #222 }"' 'kept index.html'
printf 'console.log(1);\n' >"$ST/js/extra.js"
same "portal: a static file added" 'exists js/extra.js'
rm "$ST/js/extra.js"
same "portal: the static file removed" 'gone js/extra.js'

# ---- search index, plans and deadlines
fm_add "$CT/gioi-thieu.vi.md" 'search: false'
same "portal: search: false (the page leaves the search index)" 'lacks search/vi/docs-0.json /cong/ve-cong/' 'exists ve-cong/index.html'
fm_del "$CT/gioi-thieu.vi.md" search
same "portal: search: false removed" 'has search/vi/docs-0.json /cong/ve-cong/'
sub "$PLAN/index.vi.md" '/^  - id: "2"$/,/status:/s/status: in-progress/status: done/'
same "portal: an overdue task done (plan, home, agency and sector pages)" \
    'lacks ke-hoach/ke-hoach-thu/index.html "class=\"is-overdue\""' 'has index.html "stat-overdue\"><span class=\"stat-value\">0<"' \
    'changed co-quan/so-khcn/index.html' 'changed linh-vuc/kinh-te-cua-khau/index.html' 'kept en/index.html'
sub "$PLAN/index.vi.md" '/^  - id: "3"$/,/due:/s/due: "2026-11"/due: "2026-10"/'
same "portal: a due date moved into the past (overdue)" \
    'has ke-hoach/ke-hoach-thu/index.html "id=\"task-3\" class=\"is-overdue\""' 'has index.html "stat-overdue\"><span class=\"stat-value\">1<"' \
    'changed lo-trinh/index.html'
sub "$PLAN/index.vi.md" '/^    actual:/s/value: 15,/value: 20,/'
same "portal: a target's latest value (targets page, home, plan)" 'changed chi-tieu/index.html' 'changed index.html' 'kept en/targets/index.html'
sub "$PLAN/index.vi.md" 's/name: "Giai đoạn 1: Chuẩn bị"/name: "Giai đoạn 1: Chuẩn bị và khảo sát"/'
same "portal: a plan's phases (the roadmap finds the plan with getpage)" 'has lo-trinh/index.html "Chuẩn bị và khảo sát"'
sub "$PLAN/index.vi.md" '/^results:$/a\  - as_of: "2026-09"\n    text: "Nhiệm vụ 2 đã xong."'
same "portal: an implementation result added" 'has ke-hoach/ke-hoach-thu/index.html "Nhiệm vụ 2 đã xong."'

# ---- several edits at once, reverts, broken front matter
sub "$CT/gioi-thieu.en.md" 's/^title: "About"$/title: "About this portal"/'
sub "$L/partials/page-item.html" 's/<li class="item">/<li class="item entry">/'
sub "$S/data/agencies.yaml" 's/short: {vi: "Sở KH\&CN", en: "DOST"}/short: {vi: "Sở KHCN", en: "DOST"}/'
echo '.entry { margin: 0 }' >>"$ST/css/site.css"
rm "$S/data/khong-dung.yaml"
same "portal: several edits at once (page, partial, data, static)" \
    'has en/about/index.html "About this portal"' 'has tin-tuc/index.html "class=\"item entry\""' 'somewhere "Sở KHCN"' \
    'has css/site.css ".entry"'
sub "$NEWS/cua-khau.vi.md" 's/^title: .*/title: "Tiêu đề tạm"/'
sub "$L/partials/nav.html" 's/site-nav/site-nav2/'
sub "$S/data/sectors.yaml" 's/en: "Border economy"/en: "Border trade"/'
sub "$NEWS/cua-khau.vi.md" 's/^title: .*/title: "Khảo sát cửa khẩu vẫn chậm tiến độ"/'
sub "$L/partials/nav.html" 's/site-nav2/site-nav/'
sub "$S/data/sectors.yaml" 's/en: "Border trade"/en: "Border economy"/'
same "portal: edits and their exact reverts before one build" --nochange
rm -rf "$W/keep/site-before" && cp -r "$C" "$W/keep/site-before"
sub "$PLAN/index.en.md" 's/^title: .*/title: "Revised test plan"/'
same "portal: an edit (the English plan's title)" 'has en/plans/index.html "Revised test plan"' 'has en/agencies/so-khcn/index.html "Revised test plan"'
sub "$PLAN/index.en.md" 's/^title: .*/title: "Test plan for technology innovation"/'
same "portal: its exact revert (the site is as before the edit)" 'diff -r "$W/keep/site-before" . >/dev/null'
cp "$NEWS/hop-bao.vi.md" "$W/keep/hop-bao.vi.md"
sub "$NEWS/hop-bao.vi.md" 's/^date: 2026-11-10$/date: [2026-11-10/'
fails "portal: broken front matter: the build fails" "content/tin-tuc/hop-bao.vi.md:4:8: error: yaml syntax error"
sub "$NEWS/hop-bao.vi.md" 's/^date: \[2026-11-10$/date: 2026-11-12/'
same "portal: the front matter fixed (with a new date)" 'has tin-tuc/hop-bao/index.html 2026-11-12'
sub "$PLAN/index.vi.md" '/^  - id: "4"$/,/status:/s/status: in-progress/status: late/'
fails "portal: a task status outside the schema: the build fails" "content/ke-hoach/ke-hoach-thu/index.vi.md:61:13: error: 'tasks[4].status' is \"late\", which is not allowed"
sub "$PLAN/index.vi.md" '/^  - id: "4"$/,/status:/s/status: late/status: planned/'
same "portal: the status fixed (planned)" 'changed ke-hoach/ke-hoach-thu/index.html'

# ------------------------------------------------ destinations, photos, GeoJSON
# WORKDIR/tourism/tests/sites/tourism: its own layouts/ first, then the portal's
T=$W/tourism
mkdir -p "$T/tests/sites"
cp -r "$REPO/tests/sites/tourism" "$T/tests/sites/tourism"
rm -rf "$T/tests/sites/tourism/expected" "$T/tests/sites/tourism/.lotrinh-cache"
cp -r "$REPO/layouts" "$REPO/i18n" "$T/"
use_site "$T/tests/sites/tourism" "$T/pub" "$T/clean"
L=$T/layouts DD=$S/content/diem-den
geo() {   # the GeoJSON of both languages is valid and lists every destination page
    python3 "$REPO/tests/check_geojson.py" . diem-den/index.geojson --bounds 21.3,106.05,22.5,107.4 --pages diem-den >>"$W/geo.err" 2>&1 &&
        python3 "$REPO/tests/check_geojson.py" . en/destinations/index.geojson --bounds 21.3,106.05,22.5,107.4 --pages en/destinations >>"$W/geo.err" 2>&1
}

same "tourism: first build" --fresh 'exists diem-den/index.geojson' 'exists diem-den/mau-son/anh-240w.webp' geo
sub "$DD/mau-son/index.vi.md" 's/^location: {lat: 21.858, lon: 106.953}$/location: {lat: 21.861, lon: 106.953}/'
sub "$DD/mau-son/index.en.md" 's/^location: {lat: 21.858, lon: 106.953}$/location: {lat: 21.861, lon: 106.953}/'
same "tourism: a destination's location (GeoJSON of both languages, map pages)" \
    'has diem-den/index.geojson "[106.953,21.861]"' 'has en/destinations/index.geojson "[106.953,21.861]"' \
    'changed diem-den/index.html' 'changed diem-den/dong-tam-thanh/index.html' geo
sub "$DD/dong-nhi-thanh/index.en.md" 's/^title: "Nhị Thanh Cave"$/title: "Nhị Thanh Cave and Stream"/'
same "tourism: an English title (the Vietnamese GeoJSON names it too)" \
    'has diem-den/index.geojson "Nhị Thanh Cave and Stream"' 'has en/destinations/index.geojson "Nhị Thanh Cave and Stream"' \
    'kept diem-den/index.html' geo
cp "$DD/dong-tam-thanh/anh.jpg" "$DD/mau-son/anh.jpg"
same "tourism: a photo replaced (its sizes are made again)" \
    'changed diem-den/mau-son/anh.jpg' 'changed diem-den/mau-son/anh-160w.jpg' 'changed en/destinations/mau-son/anh-240w.webp' \
    'cmp -s diem-den/mau-son/anh-160w.jpg diem-den/dong-tam-thanh/anh-160w.jpg'
cp "$REPO/tests/sites/tourism/content/diem-den/mau-son/anh.jpg" "$DD/dong-nhi-thanh/anh.jpg"
sub "$DD/dong-nhi-thanh/index.vi.md" '/^accessibility:/i\photos:\n  - src: anh.jpg\n    alt: "Hình minh họa: suối trong hang"'
sub "$DD/dong-nhi-thanh/index.en.md" '/^accessibility:/i\photos:\n  - src: anh.jpg\n    alt: "Illustration: a stream in a cave"'
same "tourism: a photo added to a destination" \
    'exists diem-den/dong-nhi-thanh/anh-160w.webp' 'exists en/destinations/nhi-thanh-cave/anh-240w.jpg' \
    'has diem-den/dong-nhi-thanh/index.html anh-240w.webp' 'has diem-den/dong-nhi-thanh/index.html "suối trong hang"'
rm "$DD/dong-nhi-thanh/anh.jpg"
fails "tourism: a photo's file deleted while the page names it: the build fails" \
    'photos[1].src "anh.jpg" is not a file of the page bundle'
sub "$DD/dong-nhi-thanh/index.vi.md" '/^photos:$/,/alt:/d'
sub "$DD/dong-nhi-thanh/index.en.md" '/^photos:$/,/alt:/d'
same "tourism: the photo taken out of the pages too (its sizes go)" \
    'gone diem-den/dong-nhi-thanh/anh-160w.webp' 'gone en/destinations/nhi-thanh-cave/anh.jpg' 'lacks diem-den/dong-nhi-thanh/index.html dong-nhi-thanh/anh'
cp "$REPO/tests/sites/tourism/content/diem-den/mau-son/anh.jpg" "$DD/mau-son/anh.jpg"
same "tourism: the first photo restored" 'cmp -s diem-den/mau-son/anh.jpg "$REPO/tests/sites/tourism/expected/diem-den/mau-son/anh.jpg"' \
    'cmp -s diem-den/mau-son/anh-160w.jpg "$REPO/tests/sites/tourism/expected/diem-den/mau-son/anh-160w.jpg"'
put "$DD/chua-tien/index.vi.md" <<'MD'
---
title: "Chùa Tiên"
description: "Chùa cổ dưới chân núi."
date: 2026-11-18
categories: [cultural-historical]
communes: mau-son
location: {lat: 21.851, lon: 106.760}
address: "Phường Tam Thanh"
tickets: {free: true}
season: "Mùa xuân"
accessibility: "Bậc đá."
---
Chùa cổ.
MD
sed -e 's/^title: .*/title: "Tien Pagoda"/' -e 's/^description: .*/description: "An old pagoda."/' -e '/^date:/a slug: tien-pagoda' \
    "$DD/chua-tien/index.vi.md" >"$DD/chua-tien/index.en.md"
same "tourism: a new destination (GeoJSON, map, term pages, nearest destinations)" \
    'exists diem-den/chua-tien/index.html' 'exists en/destinations/tien-pagoda/index.html' \
    'has diem-den/index.geojson "\"id\":\"chua-tien\""' 'has loai-hinh/van-hoa-lich-su/index.html diem-den/chua-tien/' \
    'has xa-phuong/xa-mau-son/index.xml diem-den/chua-tien/' 'changed diem-den/dong-tam-thanh/index.html' geo
rm -r "$DD/chua-tien"
same "tourism: the destination deleted" 'gone diem-den/chua-tien' 'lacks diem-den/index.geojson chua-tien' \
    'lacks loai-hinh/van-hoa-lich-su/index.html chua-tien' geo
sub "$S/data/province.yaml" 's/^  - \[106.10, 21.88\]$/  - [106.11, 21.88]/'
same "tourism: the province outline in data/ (read by the map partial only)" \
    'changed diem-den/index.html' 'kept diem-den/index.geojson' 'kept en/index.xml'
sub "$S/data/categories.yaml" 's/name: {vi: "Sinh thái", en: "Nature"}/name: {vi: "Thiên nhiên", en: "Nature"}/'
same "tourism: a category's label in data/ (term URL, map groups)" \
    'exists loai-hinh/thien-nhien/index.html' 'gone loai-hinh/sinh-thai' 'has diem-den/index.html "Thiên nhiên"'
sub "$S/data/specialties.yaml" 's/en: "Roast duck"/en: "Roast duck of Lạng Sơn"/'
same "tourism: a specialty in data/ (destination pages that name it)" \
    'has en/destinations/tam-thanh-cave/index.html "Roast duck of Lạng Sơn"' 'kept en/destinations/mau-son/index.html'
sub "$S/site.lua" 's/widths = { 160, 240 }/widths = { 160, 200 }/'
same "tourism: image widths in site.lua (every size made again)" \
    'exists diem-den/mau-son/anh-200w.jpg' 'gone diem-den/mau-son/anh-240w.jpg' 'has diem-den/mau-son/index.html anh-200w.webp'
mkdir -p "$S/layouts/diem-den"
sed 's/<article class="destination"/<article class="destination local"/' "$L/diem-den/single.html" >"$S/layouts/diem-den/single.html"
same "tourism: a layout in the site's own folder, in front of the shared one (layout_path)" \
    'has diem-den/mau-son/index.html "class=\"destination local\""' 'kept diem-den/index.html'
rm -r "$S/layouts/diem-den"
same "tourism: that layout removed (the shared one again)" 'lacks diem-den/mau-son/index.html "destination local"'
sub "$L/diem-den/list.geojson" 's/{ type = "FeatureCollection", features = /{ type = "FeatureCollection", name = "dest", features = /'
same "tourism: the GeoJSON layout" 'has diem-den/index.geojson "\"name\":\"dest\""' 'kept diem-den/index.html' geo
sub "$L/partials/dest-map.html" 's/<svg /<svg data-map="1" /'
same "tourism: the map partial (list and destination pages)" \
    'has diem-den/index.html "data-map=\"1\""' 'has diem-den/mau-son/index.html "data-map=\"1\""' 'kept diem-den/index.geojson'
