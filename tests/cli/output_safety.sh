#!/usr/bin/env bash
# No output of any command may be one of its inputs (same path by any spelling, a
# symlink, a hard link, a file inside an input folder) unless --force, and no two outputs
# may be one file; every refusal, like every option error, is one line
# "marrow: error: ..." with exit 1, and the input is left untouched.
set -u
marrow="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_refusal <text the line must hold> marrow-args...: exit 1, one line "marrow: error: ...".
expect_refusal() {
    local want="$1"; shift
    "$marrow" "$@" >out.txt 2>err.txt
    local rc=$?
    [ $rc -eq 1 ] || fail "$*: exit $rc, want 1"
    [ "$(wc -l <err.txt)" -eq 1 ] || fail "$*: stderr is not one line: $(cat err.txt)"
    grep -q "^marrow: error: " err.txt || fail "$*: not 'marrow: error: ...': $(cat err.txt)"
    grep -qF -- "$want" err.txt || fail "$*: message lacks '$want': $(cat err.txt)"
}

"$marrow" phantom CT.nii --size 24 --labels L.nii >/dev/null || { echo "FAIL: phantom"; exit 1; }
cp CT.nii CT.orig && cp L.nii L.orig
mkdir sub dicom
ln CT.nii hard.nii
ln -s CT.nii link.nii
ln -s CT.nii ct_link.stl  # outputs whose name suits the format, linked to an input
ln -s L.nii l_link.stl
"$marrow" convert CT.nii dicom_src.nii >/dev/null

# Every command, every spelling of "the input".
refused="refusing to overwrite it (use --force)"
expect_refusal "CT.nii: is the input file CT.nii; $refused" segment CT.nii -o CT.nii
expect_refusal "$refused" segment ./sub/../CT.nii -o CT.nii
expect_refusal "$refused" segment "$tmp/CT.nii" -o ./CT.nii
expect_refusal "hard.nii: is the input file CT.nii" segment CT.nii -o hard.nii
expect_refusal "$refused" segment link.nii -o CT.nii
expect_refusal "$refused" segment CT.nii -o s.nii.gz --report CT.nii
expect_refusal "$refused" segment CT.nii -o s.nii.gz --stl ct_link.stl
expect_refusal "$refused" mesh L.nii --label 1 -o l_link.stl
expect_refusal "$refused" convert CT.nii hard.nii
expect_refusal "$refused" convert L.nii L.nii --labelmap
expect_refusal "$refused" compare L.nii L.nii --json sub/../L.nii
# The names table beside a NIfTI label map is an input of compare and an output of segment.
expect_refusal "$refused" compare L.nii L.nii --json L.tsv
expect_refusal "CT.tsv" segment phantom -o CT.nii.gz --report CT.tsv
if "$marrow" view --help 2>/dev/null | grep -q -- --screenshot; then  # GUI builds only
    expect_refusal "$refused" view CT.nii --screenshot link.nii
fi
cmp -s CT.nii CT.orig || fail "the input CT was changed"
cmp -s L.nii L.orig || fail "the input labels were changed"

# A file inside an input folder is an input; a new file written into it is not.
"$marrow" phantom dicom/x.nii --size 8 >/dev/null
expect_refusal "inside the input folder" convert dicom dicom/x.nii --labelmap
"$marrow" segment CT.nii -o sub/new.nii.gz >/dev/null || fail "writing a new file failed"

# Two outputs that are one file, --force or not.
expect_refusal "two outputs cannot be one file" segment CT.nii -o same.nii --report same.nii
expect_refusal "two outputs cannot be one file" segment CT.nii -o same.nii --report sub/../same.nii --force
expect_refusal "two outputs cannot be one file" phantom out.nii --labels out.nii
[ ! -e same.nii ] && [ ! -e out.nii ] || fail "an output was written despite a refusal"

# --force allows overwriting the input on purpose.
cp CT.nii forced.nii
"$marrow" segment forced.nii -o forced.nii --force >/dev/null || fail "--force refused"
cmp -s forced.nii CT.orig && fail "--force did not write"

# Option errors: one line, exit 1 (CLI11 alone exits 104-107 and adds a line).
expect_refusal "segment: --smooth: Value 5000 not in range" segment CT.nii -o x.nii --stl x.stl --smooth 5000
expect_refusal "segment: --output is required" segment CT.nii
expect_refusal "--nope" segment CT.nii -o x.nii --nope
expect_refusal "mesh: input is required" mesh
expect_refusal "excludes" mesh L.nii --label 1 --all -o x.stl
"$marrow" segment --help >/dev/null || fail "--help does not exit 0"

# Out of memory (std::bad_alloc) is one line naming the file (before: "std::bad_alloc").
(ulimit -v 1500000; "$marrow" phantom big.nii --size 1024 >out.txt 2>err.txt) 2>/dev/null
if ! grep -q AddressSanitizer err.txt; then  # ASan cannot run under ulimit -v
    [ "$(cat err.txt)" = "marrow: error: big.nii: out of memory (the data needs more memory than this machine can give)" ] ||
        fail "out of memory: $(cat err.txt)"
fi

[ $failures -eq 0 ] || exit 1
echo "ok"
