#!/usr/bin/env bash
# .nii.gz written as independent gzip members (deflated in parallel): a valid gzip that
# gzip and nibabel read, bit-exact against the .nii of the same volume; and a nibabel-written
# (single-member) .nii.gz that we read gives nibabel's voxels.
# Args: $1 = marrow binary, $2 = shared data folder (unused).
set -euo pipefail
MARROW=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 160^3 int16 = 8 MiB of voxels: a header member and several voxel members.
"$MARROW" phantom "$T/ph.nii.gz" --size 160 --seed 5 >/dev/null
"$MARROW" convert "$T/ph.nii.gz" "$T/ph.nii" >/dev/null
gzip -t "$T/ph.nii.gz" || fail "gzip -t rejects what we wrote"
cmp -s <(gzip -dc "$T/ph.nii.gz") "$T/ph.nii" || fail "gzip -dc of the .nii.gz differs from the .nii"
"$MARROW" convert "$T/ph.nii" "$T/again.nii.gz" >/dev/null
cmp -s <(gzip -dc "$T/again.nii.gz") "$T/ph.nii" || fail ".nii -> .nii.gz -> bytes changed"

if ! /usr/bin/python3 -c 'import nibabel' 2>/dev/null; then
  [ "${CI:-}" = true ] && fail "python3-nibabel missing under CI"
  echo "python3-nibabel not installed: nibabel checks skipped"; exit 0
fi
/usr/bin/python3 - "$T" <<'PY' || fail "nibabel disagrees"
import sys, os
import numpy as np, nibabel as nib
t = sys.argv[1]
gz, plain = nib.load(os.path.join(t, 'ph.nii.gz')), nib.load(os.path.join(t, 'ph.nii'))
a, b = np.asanyarray(gz.dataobj), np.asanyarray(plain.dataobj)
assert a.dtype == np.int16 and a.shape == (160, 160, 160), (a.dtype, a.shape)
assert np.array_equal(a, b) and np.allclose(gz.affine, plain.affine, atol=0), 'gz and plain differ'
# nibabel writes one gzip member holding header and voxels: the other path of our reader.
nib.save(nib.Nifti1Image(a[:, :, ::-1].copy(), gz.affine), os.path.join(t, 'nib.nii.gz'))
np.save(os.path.join(t, 'nib.npy'), a[:, :, ::-1])
PY
"$MARROW" convert "$T/nib.nii.gz" "$T/fromnib.nii" >/dev/null || fail "cannot read nibabel's .nii.gz"
/usr/bin/python3 - "$T" <<'PY' || fail "nibabel's voxels not read back exactly"
import sys, os
import numpy as np, nibabel as nib
t = sys.argv[1]
assert np.array_equal(np.asanyarray(nib.load(os.path.join(t, 'fromnib.nii')).dataobj), np.load(os.path.join(t, 'nib.npy')))
PY
echo OK
