#!/usr/bin/env bash
# marrow batch never writes over an input: the output folder may not be the studies folder,
# and a study whose outputs would replace files of its own input folder fails (recorded, the
# files untouched) while the others complete. Bad pipelines fail before any study runs.
# Args: $1 marrow.
set -euo pipefail
MARROW=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$tmp/studies"
"$MARROW" phantom --dicom "$tmp/studies/a" --size 48 >/dev/null
"$MARROW" phantom --dicom "$tmp/out/b" --size 48 >/dev/null
echo "precious" >"$tmp/out/b/report.json"    # b's input folder holds a report.json
printf 'study,input\na,%s\nb,%s\n' "$tmp/studies/a" "$tmp/out/b" >"$tmp/manifest.csv"
echo '{"threshold": "150:3071"}' >"$tmp/p.json"

if "$MARROW" batch "$tmp/studies" -o "$tmp/studies" --pipeline "$tmp/p.json" 2>"$tmp/err"; then fail "-o = studies accepted"; fi
grep -q "the output folder is the studies folder" "$tmp/err" || fail "message: $(cat "$tmp/err")"
[ ! -e "$tmp/studies/summary.csv" ] || fail "wrote into the studies folder"

echo '{"threshold": "150:3071", "keep_largest": true}' >"$tmp/typo.json"
if "$MARROW" batch "$tmp/manifest.csv" -o "$tmp/out" --pipeline "$tmp/typo.json" 2>"$tmp/err"; then fail "typo accepted"; fi
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q 'typo.json: unknown pipeline key "keep_largest"' "$tmp/err" \
    || fail "typo message: $(cat "$tmp/err")"
[ ! -e "$tmp/out/summary.csv" ] || fail "a study ran with a bad pipeline"

if "$MARROW" batch "$tmp/manifest.csv" -o "$tmp/out" --pipeline "$tmp/p.json" >"$tmp/log" 2>"$tmp/err"; then
    fail "b overwrote its input and the batch exited 0"
fi
[ "$(cat "$tmp/out/b/report.json")" = precious ] || fail "b's input report.json was overwritten"
grep -q '^b,.*,failed,.*report.json.*refusing to overwrite' "$tmp/out/summary.csv" \
    || fail "b's row: $(cat "$tmp/out/summary.csv")"
grep -q '^a,.*,ok,$' "$tmp/out/summary.csv" || fail "a did not complete"
echo "ok"
