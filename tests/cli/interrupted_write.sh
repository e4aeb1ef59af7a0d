#!/usr/bin/env bash
# A write killed with kill -9 leaves its temporary file; the next write into that folder
# removes it (its writer's pid is gone), and leaves nothing of its own behind.
# (Before: ".<name>.tmp<N>-<name>" files of up to 52 MB stayed forever.)
set -u
marrow="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
hidden() { ls -A out | grep '^\.' ; }

"$marrow" phantom big.nii --size 320 >/dev/null || fail "phantom"
mkdir out
left=""
for attempt in 1 2 3 4 5; do
    "$marrow" convert big.nii out/big.nii.gz >/dev/null 2>&1 &
    pid=$!
    # Wait until the writer has started filling its temporary file, then kill it.
    for _ in $(seq 1 500); do
        f=$(hidden | head -1)
        [ -n "$f" ] && [ -s "out/$f" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.01
    done
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    left=$(hidden)
    [ -n "$left" ] && break
    rm -f out/big.nii.gz  # the write won the race; try again
done
[ -n "$left" ] || { echo "skip: the write always finished before the kill"; exit 77; }
echo "left by kill -9: $left ($(stat -c %s "out/$left") bytes)"
case "$left" in .marrow-tmp-*) ;; *) fail "temporary file not named .marrow-tmp-*: $left" ;; esac

# The next write into the folder (any command) cleans up.
"$marrow" phantom out/small.nii --size 8 >/dev/null || fail "second write"
[ -z "$(hidden)" ] || fail "temporary files remain after the next write: $(hidden)"
[ -f out/small.nii ] || fail "second write missing"
echo "ok"
