#!/usr/bin/env bash
# marrow segment --threshold auto: the bone threshold comes from the scan's histogram, is
# printed on stdout and written in the report, lies in the bone search range, and is the
# threshold the labels were made with.
set -u
marrow="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$marrow" segment phantom -o "$tmp/bone.nii.gz" --threshold auto --remove-table --report "$tmp/r.json" \
    >"$tmp/out" || fail "segment --threshold auto failed"
hu=$(sed -n 's/^auto threshold: \([0-9.]*\) HU.*/\1/p' "$tmp/out")
[ -n "$hu" ] || fail "no threshold on stdout: $(cat "$tmp/out")"
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
"$py" - "$tmp/r.json" "$hu" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
hu = float(sys.argv[2])
assert r["auto_threshold_hu"] == hu, (r["auto_threshold_hu"], hu)
assert r["threshold_hu"] == [hu, 3071], r["threshold_hu"]
assert 100 <= hu <= 400, hu
assert r["volume_ml"] > 0, r
PY
# The same threshold given by hand gives the same voxels.
"$marrow" segment phantom -o "$tmp/fixed.nii.gz" --threshold "$hu:3071" --remove-table >"$tmp/fixed.out" \
    || fail "segment with the printed threshold failed"
a=$(sed -n 's/.*: \([0-9]*\) voxels.*/\1/p' "$tmp/out")
b=$(sed -n 's/.*: \([0-9]*\) voxels.*/\1/p' "$tmp/fixed.out")
[ -n "$a" ] && [ "$a" = "$b" ] || fail "auto and fixed differ: '$a' vs '$b'"
if "$marrow" segment phantom -o "$tmp/x.nii.gz" --threshold automatic 2>"$tmp/err"; then fail "accepted 'automatic'"; fi
grep -q -- "--threshold" "$tmp/err" || fail "error does not name --threshold: $(cat "$tmp/err")"
echo "ok"
