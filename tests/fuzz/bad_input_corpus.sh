#!/usr/bin/env bash
# Runs `marrow` over every entry of the generated bad-input corpus (manifest.tsv, see
# tests/fuzz/corpus.h) and checks its exact class:
#   error   exit 1, stderr exactly one line "marrow: error: ..." containing MUST_NAME
#   warning exit 0, a warning (stderr "marrow: warning:" or info's "warnings" list)
#           containing MUST_NAME (its base name for files) unless MUST_NAME is -
#   accept  exit 0, no "marrow: error" on stderr
# Every run: no crash or abort (exit > 1), no hang (60 s), no sanitizer report.
# Prints one FAIL line per wrong entry and a summary; exit 1 when any entry fails.
set -uo pipefail
MARROW=$1
CORPUS=$2
[ -f "$CORPUS/manifest.tsv" ] || { echo "no manifest in $CORPUS (run marrow_fuzz_corpus)"; exit 1; }
export MARROW_MEMORY_LIMIT_MB=1024
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
HAS_VIEW=0
"$MARROW" --help 2>/dev/null | grep -q '^ *view' && [ -n "${DISPLAY:-}" ] && HAS_VIEW=1

has_warning() {  # stdout stderr name
    local name=$3
    [ "$name" = - ] && name=""
    python3 - "$1" "$2" "$name" <<'PY'
import json, sys
out, err, name = (open(sys.argv[1], errors="replace").read(), open(sys.argv[2], errors="replace").read(), sys.argv[3])
texts = [l for l in err.splitlines() if "warning" in l.lower()]
try:
    texts += [str(w) for w in json.loads(out).get("warnings", [])]
except Exception:
    texts += [l for l in out.splitlines() if "warning" in l.lower()]
sys.exit(0 if any(name in t for t in texts) else 1)
PY
}

total=0 failed=0 skipped=0
while IFS=$'\t' read -r -a entry; do
    id=${entry[0]} cls=${entry[1]} name=${entry[2]}
    args=("${entry[@]:3}")
    if [ "${args[0]}" = view ] && [ $HAS_VIEW = 0 ]; then skipped=$((skipped + 1)); continue; fi
    total=$((total + 1))
    timeout 60 "$MARROW" "${args[@]}" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    lines=$(wc -l <"$WORK/err")
    first=$(head -c 300 "$WORK/err" | head -n 1)
    problem=""
    if [ $rc -eq 124 ]; then problem="hang (> 60 s)"
    elif [ $rc -gt 1 ]; then problem="exit $rc (crash/abort or wrong status)"
    elif grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$WORK/err"; then problem="sanitizer report"
    else
        case $cls in
        error)
            if [ $rc -ne 1 ]; then problem="exit $rc, want 1"
            elif [ "$lines" -ne 1 ]; then problem="stderr has $lines lines, want 1"
            elif [[ $first != "marrow: error: "* ]]; then problem="stderr does not start with 'marrow: error: '"
            elif [[ $first != *"$name"* ]]; then problem="error does not name '$name'"
            fi ;;
        warning)
            local_name=$name
            [ "$name" != - ] && [[ $name == /* ]] && local_name=$(basename "$name")
            if [ $rc -ne 0 ]; then problem="exit $rc, want 0 with a warning"
            elif ! has_warning "$WORK/out" "$WORK/err" "$local_name"; then problem="no warning naming '$local_name'"
            fi ;;
        accept)
            if [ $rc -ne 0 ]; then problem="exit $rc, want 0"
            elif grep -q 'marrow: error' "$WORK/err"; then problem="error printed"
            fi ;;
        esac
    fi
    if [ -n "$problem" ]; then
        failed=$((failed + 1))
        echo "FAIL $id (want $cls): $problem; stderr: ${first:-<empty>}"
    fi
done <"$CORPUS/manifest.tsv"
echo "bad_input_corpus: $((total - failed)) of $total entries as expected, $failed wrong, $skipped skipped (no view/DISPLAY)"
[ $failed -eq 0 ]
