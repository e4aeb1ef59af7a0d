#!/usr/bin/env bash
# The GNU parallel recipe of docs/batch.md on localhost ("-S :"): one `marrow batch --row`
# per manifest row, all into one output folder, then --merge-summaries. The merged summary
# equals a single `marrow batch` run's (but for the seconds column). Args: $1 marrow.
# Exit 77 (skip) without GNU parallel (a failure under CI=true; scripts/deps.sh installs it).
set -euo pipefail
MARROW=$1
command -v parallel >/dev/null || { [ "${CI:-}" = true ] && { echo "parallel missing under CI"; exit 1; }
    echo "skip: GNU parallel missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
. "$(dirname "$0")/lib/batch_studies.sh"
make_studies "$tmp/studies" 5
echo '{"threshold": "200:3071", "keep-largest": true, "stl": true}' >"$tmp/pipeline.json"

"$MARROW" batch "$tmp/studies" -o "$tmp/single" --pipeline "$tmp/pipeline.json" -j 2 >/dev/null 2>&1 || true

# The recipe (docs/batch.md), with this test's marrow and localhost as the only host.
"$MARROW" batch "$tmp/studies" --list >"$tmp/manifest.csv"
n=$(wc -l <"$tmp/manifest.csv")
[ "$n" -eq 8 ] || fail "manifest has $n rows"
seq "$n" | parallel -S : --jobs 2 "$MARROW" batch "$tmp/manifest.csv" --row {} -o "$tmp/parallel" \
    --pipeline "$tmp/pipeline.json" -j 1 >"$tmp/parallel.log" 2>&1 && fail "parallel reported no failed job"
"$MARROW" batch --merge-summaries -o "$tmp/parallel" | grep -q "merged 8 study records (1 failed)" \
    || fail "merge line"

[ "$(grep -c ',ok,' "$tmp/single/summary.csv")" -eq 7 ] || fail "single run: $(cat "$tmp/single/summary.csv")"
diff <(summary_without_seconds "$tmp/single/summary.csv") <(summary_without_seconds "$tmp/parallel/summary.csv") \
    || fail "the merged summary differs from the single run's"
echo "ok: parallel recipe over $n studies, merged summary equals the single run's"
