#!/usr/bin/env bash
# `marrow info` on bad and awkward DICOM input: each error is one line naming the path
# and the problem with exit status 1 (never a crash); a damaged slice in a series, a
# missing slice and a second series are handled with a warning / a listing. Fixtures are built in a temp folder
# from the real sample (cut with head -c, copied, description patched in place).
set -uo pipefail
MARROW=$1
SHARED=$2
SERIES=$SHARED/data/totalseg/example_ct_dicom
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_error ARGS... -- EXPECTED_LINE: exit 1, stderr exactly one line, equal to it.
expect_error() {
    local args=() expected
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    expected=$2
    "$MARROW" info "${args[@]}" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    [ $rc -eq 1 ] || fail "info ${args[*]}: exit $rc, want 1"
    [ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "info ${args[*]}: stderr is not one line: $(cat "$WORK/err")"
    [ "$(cat "$WORK/err")" = "$expected" ] || fail "info ${args[*]}: got '$(cat "$WORK/err")', want '$expected'"
}

expect_error "$WORK/nope" -- "marrow: error: $WORK/nope: no such file or folder"
mkdir "$WORK/empty"
expect_error "$WORK/empty" -- "marrow: error: $WORK/empty: folder is empty (no files to read)"
mkdir "$WORK/text"
echo "hello" >"$WORK/text/a.txt"
printf 'P5\n2 2\n255\n\0\0\0\0' >"$WORK/text/b.pgm"
expect_error "$WORK/text" -- "marrow: error: $WORK/text: no DICOM files found (2 files checked)"
expect_error "$WORK/text" --series -- "marrow: error: $WORK/text: no DICOM files found (2 files checked)"

if [ ! -d "$SERIES" ]; then
    [ "${CI:-}" = true ] && { echo "sample missing under CI: $SERIES"; exit 1; }
    [ $failures -eq 0 ] || exit 1
    echo "skip: real-sample cases ($SERIES not found)"; exit 77
fi
FILES=("$SERIES"/*)

# A real JPEG 2000 slice cut inside its pixel data, alone and inside a full series.
head -c 100000 "${FILES[0]}" >"$WORK/cut.dcm"
"$MARROW" info "$WORK/cut.dcm" >/dev/null 2>"$WORK/err"
[ $? -eq 1 ] && [ "$(wc -l <"$WORK/err")" -eq 1 ] &&
    grep -q "^marrow: error: $WORK/cut.dcm: damaged DICOM file: file ends at byte 100000, inside an element that needs" \
        "$WORK/err" || fail "cut slice: $(cat "$WORK/err")"
mkdir "$WORK/series_with_cut"
cp "${FILES[@]}" "$WORK/series_with_cut/"
CUT=$WORK/series_with_cut/$(basename "${FILES[5]}")
head -c 3000 "${FILES[5]}" >"$CUT"
# In a series the cut slice is skipped with a warning naming it; its place stays empty.
"$MARROW" info "$WORK/series_with_cut" >"$WORK/out" 2>"$WORK/err"
[ $? -eq 0 ] && grep -q "\"skipped damaged DICOM file $CUT: file ends at byte 3000" "$WORK/out" ||
    fail "cut slice in a series: $(cat "$WORK/err")"

# A missing slice: loads with a warning, the gap keeps its place (still 20 slices).
mkdir "$WORK/missing"
cp "${FILES[@]}" "$WORK/missing/"
rm "$WORK/missing/$(basename "${FILES[9]}")"
"$MARROW" info "$WORK/missing" >"$WORK/out" 2>"$WORK/err" || fail "missing slice: exit $? $(cat "$WORK/err")"
grep -q '"missing slices: 1 slice(s) absent in 1 gap(s)' "$WORK/out" || fail "missing slice: no warning"
tr -d ' \n' <"$WORK/out" | grep -q '"dims":\[512,512,20\]' || fail "missing slice: dims changed"

# Two series in one folder: the real 20 slices plus 3 copies whose SeriesDescription is
# patched in place (same length, the sample's SeriesInstanceUID is blank).
mkdir -p "$WORK/two/other"
cp "${FILES[@]}" "$WORK/two/"
for f in "${FILES[@]:0:3}"; do
    sed 's/CT Body 3\.0 /CT Body 9.0 /' "$f" >"$WORK/two/other/$(basename "$f")"
done
"$MARROW" info --series "$WORK/two" >"$WORK/out" 2>"$WORK/err" || fail "two series --series: $(cat "$WORK/err")"
[ "$(grep -c '"uid"' "$WORK/out")" -eq 2 ] || fail "two series: --series does not list 2 series"
grep -q '"description": "CT Body 9.0"' "$WORK/out" || fail "two series: second series not listed"
"$MARROW" info "$WORK/two" >"$WORK/out" 2>"$WORK/err" || fail "two series default: $(cat "$WORK/err")"
tr -d ' \n' <"$WORK/out" | grep -q '"dims":\[512,512,20\]' || fail "two series: default is not the 20-slice CT"
"$MARROW" info "$WORK/two" --series-index 1 >"$WORK/out" 2>"$WORK/err" || fail "two series index 1: $(cat "$WORK/err")"
tr -d ' \n' <"$WORK/out" | grep -q '"dims":\[512,512,3\]' || fail "two series: --series-index 1 is not the 3-slice series"
expect_error "$WORK/two" --series-index 5 -- "marrow: error: $WORK/two: series index 5 out of range (2 series found)"

[ $failures -eq 0 ] || exit 1
echo "ok"
