#!/usr/bin/env bash
# Issue 10: a real series folder with one damaged slice added still loads, with a warning
# naming the skipped file (before: GDCM asserted and `marrow info` died with exit 134, or
# read the slice wrong). Each damage is one changed byte or value in a copy of a real
# slice: an unknown VR in (0002,0013) and in (0002,0000), BitsAllocated 8 on 16-bit data.
set -uo pipefail
MARROW=$1
SHARED=$2
SERIES=$SHARED/data/totalseg/example_ct_dicom
if [ ! -d "$SERIES" ]; then
    [ "${CI:-}" = true ] && { echo "sample missing under CI: $SERIES"; exit 1; }
    echo "skip: $SERIES not found"; exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
FIRST=$(ls "$SERIES" | head -1)

# damage NAME TAG_HEX OFFSET BYTE: a copy of the first slice with one byte at
# (first occurrence of TAG_HEX) + OFFSET set to BYTE, added to a copy of the series.
damage() {
    local name=$1 tag=$2 offset=$3 byte=$4
    rm -rf "$WORK/series"; mkdir "$WORK/series"
    cp "$SERIES"/* "$WORK/series/"
    python3 - "$SERIES/$FIRST" "$WORK/series/$name" "$tag" "$offset" "$byte" <<'PY'
import sys
src, dst, tag, offset, byte = sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
data = bytearray(open(src, 'rb').read())
at = data.find(tag, 132)
assert at > 0, "tag not found"
data[at + offset] = byte
open(dst, 'wb').write(data)
PY
    [ $? -eq 0 ] || { echo "cannot build $name"; exit 1; }
}

# expect_skipped NAME WHY: info exits 0, lists a warning naming the file, keeps 20 slices.
expect_skipped() {
    local file=$WORK/series/$1
    "$MARROW" info "$WORK/series" >"$WORK/out" 2>"$WORK/err"
    local rc=$?
    [ $rc -eq 0 ] || { fail "$1: exit $rc: $(cat "$WORK/err")"; return; }
    grep -qF "\"skipped damaged DICOM file $file: $2" "$WORK/out" || fail "$1: no warning naming it: $(cat "$WORK/out")"
    tr -d ' \n' <"$WORK/out" | grep -q '"dims":\[512,512,20\]' || fail "$1: dims changed"
}

damage bad_meta_version.dcm 020013005348 5 88     # (0002,0013) SH -> SX
expect_skipped bad_meta_version.dcm "element (0002,0013) at byte"
damage bad_group_length.dcm 02000000554c 5 88     # (0002,0000) UL -> UX
expect_skipped bad_group_length.dcm "element (0002,0000) at byte"
damage bad_bits.dcm 280000015553 8 8              # BitsAllocated 16 -> 8, BitsStored stays 12
expect_skipped bad_bits.dcm "BitsStored 12 is not between 1 and BitsAllocated 8"

[ $failures -eq 0 ] || exit 1
echo "ok"
