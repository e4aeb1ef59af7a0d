#!/usr/bin/env bash
# `marrow view phantom --seg LABELS --export-stl DIR` (no window needed): one binary STL per
# segment, the size the report states (84 + 50 bytes a triangle), closed and manifold;
# without --seg it refuses with a one-line error and exit 1.
# Args: $1 = marrow binary, $2 = shared folder. In e2e: it needs the GUI build's `view`.
set -euo pipefail
M=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$M" phantom "$T/p.nii.gz" --labels "$T/labels.nii.gz" >/dev/null
"$M" view phantom --seg "$T/labels.nii.gz" --export-stl "$T/stl" > "$T/out.txt"
cat "$T/out.txt"
fail=0
line=$(grep '^stl: ' "$T/out.txt" | head -1)
[ "$(grep -c '^stl: ' "$T/out.txt")" = 1 ] || { echo "FAIL: expected one STL (the phantom has one bone label)"; fail=1; }
file=$(echo "$line" | sed -E 's/^stl: ([^:]+): .*/\1/')
tri=$(echo "$line" | sed -E 's/.*: ([0-9]+) triangles.*/\1/')
[ -f "$file" ] || { echo "FAIL: $file was not written"; exit 1; }
[ "$(dirname "$file")" = "$T/stl" ] || { echo "FAIL: written outside the export folder: $file"; fail=1; }
size=$(stat -c %s "$file")
[ "$size" = $((84 + 50 * tri)) ] || { echo "FAIL: $size bytes, expected $((84 + 50 * tri)) for $tri triangles"; fail=1; }
[ "$tri" -gt 1000 ] || { echo "FAIL: only $tri triangles"; fail=1; }
echo "$line" | grep -q 'closed yes, manifold yes' || { echo "FAIL: not closed/manifold"; fail=1; }
if "$M" view phantom --export-stl "$T/none" 2> "$T/err.txt"; then echo "FAIL: --export-stl without --seg succeeded"; fail=1; fi
grep -q 'needs a label map' "$T/err.txt" || { echo "FAIL: no clear error: $(cat "$T/err.txt")"; fail=1; }
[ $fail = 0 ] && echo "PASS: $tri triangles, $size bytes, closed and manifold"
exit $fail
