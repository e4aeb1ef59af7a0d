#!/usr/bin/env bash
# marrow split: the joined-bones phantom (two balls + a neck) split with markers and with
# --auto gives two named parts whose voxels add up to the original segment; bad input fails
# with one line, writing nothing.
set -u
marrow="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$marrow" phantom "$tmp/ct.nii.gz" --joined-bones --labels "$tmp/bones.nii.gz" >"$tmp/phantom.out" \
    || fail "phantom --joined-bones failed"
a=$(sed -n 's/^centre A: //p' "$tmp/phantom.out")
b=$(sed -n 's/^centre B: //p' "$tmp/phantom.out")
[ -n "$a" ] && [ -n "$b" ] || fail "no centres printed: $(cat "$tmp/phantom.out")"

expect_error() {  # expect_error <what-the-message-must-name> args...
    local name="$1"; shift
    if "$marrow" split "$@" >"$tmp/out" 2>"$tmp/err"; then fail "accepted: $*"; fi
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "not one line for '$*': $(cat "$tmp/err")"
    grep -q -- "$name" "$tmp/err" || fail "message for '$*' does not name $name: $(cat "$tmp/err")"
}
expect_error "not on segment" "$tmp/bones.nii.gz" --label 1 --markers "0,0,0;$b" -o "$tmp/x.nii.gz"
expect_error "outside the image" "$tmp/bones.nii.gz" --label 1 --markers "$a;500,0,0" -o "$tmp/x.nii.gz"
expect_error "no label 7" "$tmp/bones.nii.gz" --label 7 --markers "$a;$b" -o "$tmp/x.nii.gz"
expect_error "no segment named 'femur'" "$tmp/bones.nii.gz" --label femur --markers "$a;$b" -o "$tmp/x.nii.gz"
expect_error "--markers" "$tmp/bones.nii.gz" --label 1 --markers "1,2" -o "$tmp/x.nii.gz"
expect_error "either --markers or --auto" "$tmp/bones.nii.gz" --label 1 -o "$tmp/x.nii.gz"
expect_error "ball of" "$tmp/bones.nii.gz" --label 1 --auto --min-size-mm 40 -o "$tmp/x.nii.gz"
expect_error "refusing to overwrite" "$tmp/bones.nii.gz" --label 1 --auto -o "$tmp/bones.nii.gz"
[ ! -e "$tmp/x.nii.gz" ] || fail "an output was written despite the error"

"$marrow" split "$tmp/bones.nii.gz" --label 1 --markers "$a;$b" --names head,acetabulum -o "$tmp/m.nii.gz" \
    >"$tmp/m.out" || fail "split with markers failed"
"$marrow" split "$tmp/bones.nii.gz" --label bone --auto --min-size-mm 8 --names big,small -o "$tmp/a.nii.gz" \
    >"$tmp/a.out" || fail "split --auto failed"
grep -q "into 2 parts" "$tmp/m.out" || fail "markers: $(cat "$tmp/m.out")"
grep -q "into 2 parts" "$tmp/a.out" || fail "auto: $(cat "$tmp/a.out")"
grep -qP "^1\thead\t" "$tmp/m.tsv" && grep -qP "^2\tacetabulum\t" "$tmp/m.tsv" || fail "names: $(cat "$tmp/m.tsv")"
# The big ball is part 1 with --auto; with markers A (small ball) came first.
head_voxels=$(sed -n "s/^part 1: label 1 'head', \([0-9]*\) voxels.*/\1/p" "$tmp/m.out")
small_voxels=$(sed -n "s/^part 2: label 2 'small', \([0-9]*\) voxels.*/\1/p" "$tmp/a.out")
[ -n "$head_voxels" ] && [ "$head_voxels" = "$small_voxels" ] || fail "the two ways disagree: $(cat "$tmp/m.out" "$tmp/a.out")"

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
"$py" - "$tmp/bones.nii.gz" "$tmp/m.nii.gz" <<'PY' || exit 1
import sys
try:
    import nibabel, numpy
except ImportError:
    sys.exit(0)
before = numpy.asarray(nibabel.load(sys.argv[1]).dataobj)
after = numpy.asarray(nibabel.load(sys.argv[2]).dataobj)
assert set(numpy.unique(after)) == {0, 1, 2}, numpy.unique(after)
assert ((after > 0) == (before > 0)).all(), "the split moved voxels in or out of the bone"
assert (after == 1).sum() > 0 and (after == 2).sum() > (after == 1).sum()
PY
echo "ok"
