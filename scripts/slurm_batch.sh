#!/usr/bin/env bash
# marrow batch as a Slurm job array: one study (one manifest row) per array task, then one
# job that merges the study records into OUT_DIR/summary.csv (docs/batch.md).
#   scripts/slurm_batch.sh submit MANIFEST.csv OUT_DIR PIPELINE.json [sbatch options...]
# submits the array 1..N (N = the manifest's rows) and the merge job, which runs after every
# task whatever its outcome (afterany). OUT_DIR must be on a file system all nodes share.
# The tasks run this same script as "task ..." (SLURM_ARRAY_TASK_ID picks the row) and
# "merge ..."; MARROW names the executable (default: marrow on PATH).
#SBATCH --job-name=marrow-batch
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --output=marrow-batch-%A_%a.out
set -euo pipefail
MARROW=${MARROW:-marrow}
usage() { echo "usage: $0 submit|task|merge MANIFEST.csv OUT_DIR PIPELINE.json [sbatch options...]" >&2; exit 2; }
[ $# -ge 4 ] || usage
mode=$1 manifest=$2 out=$3 pipeline=$4
shift 4
case $mode in
submit)
    n=$("$MARROW" batch "$manifest" --list | wc -l)
    [ "$n" -gt 0 ] || { echo "$manifest: no studies" >&2; exit 1; }
    # Absolute paths: the tasks may start in another folder.
    manifest=$(realpath "$manifest") pipeline=$(realpath "$pipeline") out=$(realpath -m "$out")
    array=$(sbatch --parsable --array=1-"$n" "$@" "$0" task "$manifest" "$out" "$pipeline")
    array=${array%%;*}
    merge=$(sbatch --parsable --dependency=afterany:"$array" --job-name=marrow-merge \
        --output=marrow-merge-%j.out "$@" "$0" merge "$manifest" "$out" "$pipeline")
    echo "submitted array job $array ($n tasks) and merge job ${merge%%;*}"
    ;;
task)
    # -j 1: Slurm gives each task its CPUs (--cpus-per-task); the study's threads use them.
    exec "$MARROW" batch "$manifest" --row "${SLURM_ARRAY_TASK_ID:?not in a Slurm array task}" -o "$out" \
        --pipeline "$pipeline" -j 1
    ;;
merge)
    exec "$MARROW" batch --merge-summaries -o "$out"
    ;;
*) usage ;;
esac
