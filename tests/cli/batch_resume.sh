#!/usr/bin/env bash
# marrow batch over 30 generated studies (27 DICOM series of varying size and noise, 2 NIfTI,
# one corrupt .nii.gz) with -j 2: the corrupt one is recorded as failed with an error naming
# the file, the other 29 complete (labels, STL, report, done marker), the exit status is
# non-zero and the last line counts the failure. Then a batch killed with -9 midway and
# re-run runs only the studies that had not finished. Args: $1 marrow.
set -euo pipefail
MARROW=$1
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/lib/batch_studies.sh"
make_studies "$tmp/studies"
cat >"$tmp/pipeline.json" <<'JSON'
{"threshold": "150:3071", "keep-largest": true, "fill-holes": true, "close-mm": 4, "stl": true, "smooth": 5}
JSON
ok_rows() { if [ -f "$1/summary.csv" ]; then grep -c ',ok,$' "$1/summary.csv" || true; else echo 0; fi; }
inputs_sum() { (cd "$tmp/studies" && find . -type f -print0 | sort -z | xargs -0 md5sum | md5sum); }
inputs_before=$(inputs_sum)

# 1. The whole batch: 29 ok, 1 failed, and the batch says so.
if "$MARROW" batch "$tmp/studies" -o "$tmp/out" --pipeline "$tmp/pipeline.json" -j 2 >"$tmp/log" 2>"$tmp/err"; then
    fail "batch with a corrupt study exited 0"
fi
grep -q "1 of 30 studies failed" "$tmp/err" || fail "no final failure count: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/out/summary.csv")" -eq 31 ] || fail "summary rows: $(cat "$tmp/out/summary.csv")"
[ "$(ok_rows "$tmp/out")" -eq 29 ] || fail "not 29 ok rows"
grep '^corrupt,' "$tmp/out/summary.csv" | grep ',failed,' | grep -q 'corrupt.nii.gz:' \
    || fail "the corrupt study's row lacks status=failed and an error naming the file: $(grep '^corrupt,' "$tmp/out/summary.csv")"
for d in "$tmp/studies"/ct* "$tmp/studies"/nii_*; do
    id=$(basename "$d"); id=${id%.gz}; id=${id%.nii}
    for f in labels.nii.gz model.stl report.json done.json; do
        [ -s "$tmp/out/$id/$f" ] || fail "$id lacks $f"
    done
done
/usr/bin/python3 - "$tmp/out" <<'PY' || exit 1
import csv, json, sys, os
out = sys.argv[1]
for row in csv.DictReader(open(os.path.join(out, "summary.csv"))):
    if row["status"] != "ok":
        continue
    r = json.load(open(os.path.join(out, row["study"], "report.json")))
    assert [s["name"] for s in r["steps"]][0] == "threshold", r["steps"]
    assert r["segment"]["voxels"] == int(row["voxels"]) > 0, (row, r["segment"])
    assert abs(r["volume_ml"] - float(row["ml"])) < 1e-3, row
    if row["study"].startswith("ct"):
        assert row["series"] == r["series"]["uid"] != "", row
PY

# 2. Killed midway (kill -9 once a few studies are in the summary), then re-run.
"$MARROW" batch "$tmp/studies" -o "$tmp/killed" --pipeline "$tmp/pipeline.json" -j 2 >"$tmp/log1" 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
    [ "$(ok_rows "$tmp/killed")" -ge 4 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
kill -9 "$pid" 2>/dev/null || fail "the batch ended before it could be killed"
wait "$pid" 2>/dev/null || true
pid=
finished=$(ls "$tmp"/killed/*/done.json | wc -l)
[ "$finished" -ge 4 ] && [ "$finished" -lt 29 ] || fail "$finished studies finished before the kill"
for m in "$tmp"/killed/*/done.json; do stat -c '%n %Y.%y' "$m"; done >"$tmp/before"
"$MARROW" batch "$tmp/studies" -o "$tmp/killed" --pipeline "$tmp/pipeline.json" -j 2 >"$tmp/log2" 2>&1 || true
grep -q "skipped $finished finished, running $((30 - finished))" "$tmp/log2" || fail "re-run did not skip $finished: $(head -3 "$tmp/log2")"
while read -r name _; do
    grep -qF "$(stat -c '%n %Y.%y' "$name")" "$tmp/before" || fail "$name was rewritten by the re-run"
done <"$tmp/before"
ran=$(grep -c '^\[' "$tmp/log2")
[ "$ran" -eq $((30 - finished)) ] || fail "re-run ran $ran studies, expected $((30 - finished))"
[ "$(ok_rows "$tmp/killed")" -eq 29 ] || fail "after the re-run: not 29 ok rows"
[ -z "$(find "$tmp/killed" -name '.marrow-tmp-*')" ] || fail "temporary files left after the re-run"
[ "$(inputs_sum)" = "$inputs_before" ] || fail "an input file was changed"
echo "ok: 29 ok + 1 failed; killed after $finished, re-run ran $ran"
