#!/usr/bin/env bash
# End-to-end NIfTI times of the CLI against nibabel's load + save of the same files
# (issue 12, bench/RESULTS.md "NIfTI I/O at page-cache speed").
# Usage: bench/nifti_cli_times.sh MARROW_BINARY WORK_DIR [RUNS]
# WORK_DIR gets typical.nii/.nii.gz (512x512x400 int16: the 512^3 phantom's middle 400
# slices, written by nibabel) on the first run; own.nii.gz is the same as the tested
# marrow writes it. Prints the best wall time of RUNS (3).
set -euo pipefail
marrow=$(realpath "$1"); dir=$2; runs=${3:-3}
py=/usr/bin/python3  # Debian's python3-nibabel
mkdir -p "$dir" && cd "$dir"
if [ ! -f typical.nii.gz ]; then
  "$marrow" phantom --size 512 p512.nii >/dev/null
  "$py" - <<'EOF'
import nibabel as nib, numpy as np
im = nib.load('p512.nii')
out = nib.Nifti1Image(np.asarray(im.dataobj)[:, :, 56:456], im.affine)
out.set_data_dtype(np.int16)
nib.save(out, 'typical.nii'); nib.save(out, 'typical.nii.gz')
EOF
  rm p512.nii
fi
best() {  # best wall seconds of $runs runs of "$@"
  local b=999 t0 t1 t
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc); (( $(echo "$t < $b" | bc) )) && b=$t
  done
  printf '%-60s %6.2f s\n' "${*/#$marrow/marrow}" "$b"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
best "$marrow" info typical.nii
best "$marrow" info typical.nii.gz
best "$marrow" convert typical.nii out.nii
best "$marrow" convert typical.nii out.nii.gz
best "$marrow" convert typical.nii.gz out.nii
best "$marrow" segment typical.nii -o m.nii --threshold 150:3071 --keep-largest
best "$marrow" segment typical.nii.gz -o m.nii.gz --threshold 150:3071 --keep-largest
"$marrow" convert typical.nii own.nii.gz >/dev/null  # a .nii.gz as this marrow writes it
best "$marrow" info own.nii.gz
best "$marrow" segment own.nii.gz -o m.nii.gz --threshold 150:3071 --keep-largest
best "$py" -c "import nibabel as n; n.save(n.load('typical.nii.gz'), 'nib.nii.gz')"
best "$py" -c "import nibabel as n, numpy as np; i = n.load('typical.nii.gz'); d = np.asarray(i.dataobj); n.save(n.Nifti1Image(((d >= 150) & (d <= 3071)).astype(np.uint8), i.affine), 'nib_m.nii.gz')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f out.nii out.nii.gz own.nii.gz m.nii m.nii.gz nib.nii.gz nib_m.nii.gz
