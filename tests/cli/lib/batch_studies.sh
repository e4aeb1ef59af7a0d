# Sourced by the batch tests (which set MARROW). make_studies DIR [N] writes N+3 generated
# studies into DIR (N = 27 by default, 30 studies): N DICOM series of varying size (96..192 voxels per axis), noise (0..52 HU) and seed,
# 2 NIfTI files, and one corrupt study (a .nii.gz cut short), "corrupt.nii.gz".
make_studies() {
    local dir=$1 n=${2:-27} i
    mkdir -p "$dir"
    for i in $(seq 1 "$n"); do
        "$MARROW" phantom --dicom "$dir/$(printf 'ct%02d' "$i")" --size $((96 + (i % 5) * 24)) \
            --noise-hu $(((i * 13) % 53)) --seed "$i" >/dev/null || { echo "FAIL: phantom $i"; exit 1; }
    done
    "$MARROW" phantom "$dir/nii_a.nii.gz" --size 100 --seed 40 >/dev/null
    "$MARROW" phantom "$dir/nii_b.nii" --size 90 --noise-hu 0 >/dev/null
    "$MARROW" phantom "$dir/whole.nii.gz" --size 100 >/dev/null
    head -c 3000 "$dir/whole.nii.gz" >"$dir/corrupt.nii.gz"
    rm "$dir/whole.nii.gz"
}

# The summary without its seconds column (the one thing two runs of a study differ in).
summary_without_seconds() {
    /usr/bin/python3 -c 'import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
i = rows[0].index("seconds")
csv.writer(sys.stdout).writerows([r[:i] + r[i + 1:] for r in rows])' "$1"
}
