#!/usr/bin/env bash
# Real input through xdotool on the running viewer (phantom, no labels loaded): slice-by-slice
# marking in the axial view, then in the coronal view (another index axis).
#   1. C selects the contour tool; a press, moves through the 16 vertices of a polygon
#      (radius R1 around a point of the view) and a release fill segment 1 on that slice:
#      exactly the voxels whose centres lie inside the polygon, which tests/e2e/slicemark.py
#      computes from the vertices' pixels, the VIEWMAP line (mm <-> pixels) and the image
#      geometry (`marrow info phantom`); the count may differ only by voxels whose centres
#      lie within 0.01 mm of an edge (the mapping is printed to 6 decimals). The polygon's
#      area in voxels is printed beside it as a sanity check.
#   2. Wheel steps (one slice each, waited for on the CROSSHAIR line), a second contour of
#      radius R2 > R1 around the same point: exact count again.
#   3. The panel's "Fill between slices" button (found with its WIDGET line, the side panel
#      scrolled until it shows): the slices between gain about the polygon of linearly
#      interpolated radius each (what signed-distance interpolation gives for concentric
#      similar contours), within half a voxel along its perimeter per slice (the
#      interpolated boundary is decided at voxel centres). Ctrl+S and the saved map: nothing
#      outside the two marked slices along the view's axis (the fill ran on the right axis),
#      the marked slices unchanged, each slice between nested between the two contours and
#      within the tolerance of its interpolated polygon (the middle slices checked one by one).
#   4. Axial only: Shift + a contour on the second slice erases exactly the voxels inside it.
#   5. Ctrl+Z undoes the erase, Ctrl+Z the fill (back to the two contours), Ctrl+Y redoes
#      the fill exactly; Ctrl+Z twice more takes back the fill and the second contour, and
#      "Fill between slices" then changes nothing (one marked slice left); Ctrl+Z takes back
#      the first contour and the segment it made.
#   6. Steps 1-3 in the coronal view (four slices apart), and Ctrl+Z undoes that fill.
# Every step waits for the state line it expects (LABELS id:count after a change of the
# label map, TOOL, CROSSHAIR, WIDGET, and OUTLINE view points x y: the last vertex the app
# has taken into the outline being drawn), so a slow frame under load only makes it slower.
# Args: $1 = marrow binary, $2 = shared folder.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/xvfb_lib.bash"
gui_test_start "$@" -- xdotool

cd "$T"  # Ctrl+S writes phantom_labels.nii.gz into the current folder
"$M" info phantom > "$T/geom.json"
start_viewer phantom --size 1280x800
sm() { $PY "$HERE/slicemark.py" "$@"; }
count1() { last LABELS | tr ' ' '\n' | awk -F: '$1=="1" {c=$2} END {print (c == "" ? 0 : c)}'; }
rect() { awk -v n="$1" '$1=="VIEW" && $2==n {print $3, $4, $5, $6}' "$LOG" | tail -1; }
# Polls (every 0.05 s, up to 60 s: CI runs every e2e test at once on llvmpipe) until the
# command $2... succeeds; fails the test naming $1 when it never does.
wait_until() {
    local what=$1; shift
    for _ in $(seq 1 1200); do "$@" && return 0; sleep 0.05; done
    echo "FAIL: timed out waiting for $what"; tail -5 "$LOG"; exit 1
}
labels_differ() { [ "$(last LABELS)" != "$1" ]; }
crosshair_differs() { [ "$(last CROSSHAIR)" != "$1" ]; }
tool_is() { [ "$(last TOOL)" = "TOOL $1" ]; }
widget_known() { [ -n "$(widget "$1")" ]; }
outline_at() { [ "$(last OUTLINE | awk '{print $4, $5}')" = "$1 $2" ]; }
outline_none() { [ "$(last OUTLINE)" = "OUTLINE none" ]; }
# The crosshair's slice index along index axis $1 (geom.json: the phantom is axis-aligned).
slice_index() {
    $PY -c "import json,sys; g=json.load(open('$T/geom.json')); a=$1; print(round((float(sys.argv[1]) - g['origin'][a]) / g['spacing'][a]))" \
        "$(last CROSSHAIR | awk -v f=$(($1 + 2)) '{print $f}')"
}
# Draws a closed contour through the vertices "x,y" ...: press at the first, move to each
# next one once the app has taken the previous one into the outline, release; waits for
# the label map to change.
draw_contour() {
    local before x y
    before=$(last LABELS)
    IFS=, read -r x y <<< "$1"
    xdotool mousemove "$x" "$y"; sync_app
    xdotool mousedown 1
    wait_until "the outline's first point $x,$y" outline_at "$x" "$y"
    for v in "${@:2}"; do
        IFS=, read -r x y <<< "$v"
        xdotool mousemove "$x" "$y"
        wait_until "the outline's point $x,$y" outline_at "$x" "$y"
    done
    xdotool mouseup 1
    wait_until "the contour's end" outline_none
    wait_until "the contour's edit (LABELS)" labels_differ "$before"
}
key_and_wait() {  # an undo/redo key, then the label map change it makes
    local before; before=$(last LABELS)
    xdotool key "$1"
    wait_until "the label map change after $1" labels_differ "$before"
}
# Scrolls the side panel (wheel over it, towards the widget, each step waited for with
# sync_app) until widget $1 lies wholly in the window, then clicks its centre.
click_widget() {
    local x y w h
    wait_until "WIDGET $1" widget_known "$1"
    for _ in $(seq 1 60); do
        read -r x y w h <<< "$(widget "$1")"
        [ "$y" -ge 0 ] && [ $((y + h)) -le 770 ] && break
        xdotool mousemove 100 400 click $([ "$y" -lt 0 ] && echo 4 || echo 5)
        sync_app  # the panel has scrolled and the WIDGET line is current
    done
    [ "$y" -ge 0 ] && [ $((y + h)) -le 770 ] || { echo "FAIL: widget $1 never came on screen ($x $y $w $h)"; exit 1; }
    xdotool mousemove $((x + w / 2)) $((y + h / 2)); sync_app
    xdotool mousedown 1; sync_app; xdotool mouseup 1
}
# "N TIES AREA" -> fails unless N <= count <= N + TIES.
check_exact() {
    local what=$1 got=$2 n ties area
    read -r n ties area <<< "$3"
    echo "$what: $got voxels; expected $n (+ up to $ties on an edge), polygon area $area voxels"
    [ "$got" -ge "$n" ] && [ "$got" -le $((n + ties)) ] || { echo "FAIL: $what gave $got voxels (expected $n..$((n + ties)))"; fail=1; }
}
# In view $1 (index axis $2) around pixel $3,$4: a contour of radius $5 on the current
# slice, $7 wheel steps, a contour of radius $6, then the panel's fill between; checks the
# counts and the saved map. Sets K1 K2 c1 c2 c12 filled.
mark_and_fill() {
    local view=$1 axis=$2 cx=$3 cy=$4 r1=$5 r2=$6 steps=$7 before e n t k bk bn bt d outside unnested slices
    local base; base=$(count1)
    xdotool mousemove "$cx" "$cy"; sync_app
    K1=$(slice_index "$axis")
    read -r -a P1 <<< "$(sm polygon "$cx" "$cy" "$r1" $N)"
    draw_contour "${P1[@]}"
    c1=$(($(count1) - base))
    check_exact "$view contour 1 (slice $K1, radius $r1 px)" "$c1" "$(sm count "$T/geom.json" "$LOG" "$view" "$K1" "${P1[@]}")"
    for _ in $(seq 1 "$steps"); do  # wheel up, one slice a step
        before=$(last CROSSHAIR)
        xdotool click 4
        wait_until "a wheel step (CROSSHAIR)" crosshair_differs "$before"
    done
    K2=$(slice_index "$axis")
    [ "$K2" = $((K1 + steps)) ] || { echo "FAIL: $steps wheel steps in the $view view went from slice $K1 to $K2"; exit 1; }
    read -r -a P2 <<< "$(sm polygon "$cx" "$cy" "$r2" $N)"
    draw_contour "${P2[@]}"
    c12=$(count1)
    c2=$((c12 - base - c1))
    check_exact "$view contour 2 (slice $K2, radius $r2 px)" "$c2" "$(sm count "$T/geom.json" "$LOG" "$view" "$K2" "${P2[@]}")"

    before=$(last LABELS)
    click_widget contour.fill_between
    wait_until "the fill between slices (LABELS)" labels_differ "$before"
    filled=$(count1)
    between=$(sm between "$T/geom.json" "$LOG" "$view" "$K1" "$K2" "$cx" "$cy" "$r1" "$r2" $N)
    expect=0; tol=0
    for e in $between; do IFS=: read -r _ n t <<< "$e"; expect=$((expect + n)); tol=$((tol + t)); done
    echo "$view fill between: $c12 -> $filled voxels (+$((filled - c12))); expected +$expect +- $tol (k:expected:tolerance $between)"
    d=$((filled - c12 - expect))
    [ "${d#-}" -le "$tol" ] || { echo "FAIL: the $view fill added $((filled - c12)) voxels (expected $expect +- $tol)"; fail=1; }
    rm -f "$T/phantom_labels.nii.gz"
    xdotool key ctrl+s
    wait_until "ctrl+s to write phantom_labels.nii.gz" test -s "$T/phantom_labels.nii.gz"  # atomic: a rename
    read -r outside unnested slices <<< "$(sm check "$T/geom.json" "$T/phantom_labels.nii.gz" "$view" "$K1" "$K2" 1)"
    echo "saved map along the $view axis: $((outside - base)) voxels outside slices $K1..$K2, $unnested breaking the nesting; per slice $slices"
    [ "$outside" = "$base" ] || { echo "FAIL: the fill wrote $((outside - base)) voxels outside the marked slices (wrong axis?)"; fail=1; }
    [ "$unnested" = 0 ] || { echo "FAIL: $unnested voxels of the slices between are not nested between the contours"; fail=1; }
    for e in $slices; do
        IFS=: read -r k n <<< "$e"
        if [ "$k" = "$K1" ]; then [ "$n" = "$c1" ] || { echo "FAIL: slice $k has $n voxels after the fill (its contour: $c1)"; fail=1; }
        elif [ "$k" = "$K2" ]; then [ "$n" = "$c2" ] || { echo "FAIL: slice $k has $n voxels after the fill (its contour: $c2)"; fail=1; }
        else
            for b in $between; do
                IFS=: read -r bk bn bt <<< "$b"
                [ "$bk" = "$k" ] || continue
                d=$((n - bn))
                [ "${d#-}" -le "$bt" ] || { echo "FAIL: slice $k has $n voxels (expected $bn +- $bt)"; fail=1; }
            done
        fi
    done
}
fail=0
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: expected no segments at start, got '$(last LABELS)'"; exit 1; }
N=16
xdotool key c
wait_until "TOOL slicemark" tool_is slicemark

# 1-3. Axial view: contours of radius 45 and 75 px six slices apart, fill between.
read -r AX AY AW AH <<< "$(rect axial)"
CX=$((AX + AW / 2)); CY=$((AY + AH * 44 / 100))
mark_and_fill axial 2 "$CX" "$CY" 45 75 6
AK1=$K1; AK2=$K2; ac1=$c1; ac12=$c12; afilled=$filled

# 4. Shift + a contour inside the second one erases exactly what it encloses.
read -r -a PE <<< "$(sm polygon $((CX + 30)) "$CY" 20 8)"
xdotool keydown shift
draw_contour "${PE[@]}"
xdotool keyup shift
erased=$(count1)
check_exact "shift-contour erase (slice $AK2)" $((afilled - erased)) "$(sm count "$T/geom.json" "$LOG" axial "$AK2" "${PE[@]}")"

# 5. Undo / redo.
key_and_wait ctrl+z
[ "$(count1)" = "$afilled" ] || { echo "FAIL: ctrl+z after the erase gave $(count1) (expected $afilled)"; fail=1; }
key_and_wait ctrl+z
[ "$(count1)" = "$ac12" ] || { echo "FAIL: ctrl+z after the fill gave $(count1) (expected the two contours' $ac12)"; fail=1; }
key_and_wait ctrl+y
[ "$(count1)" = "$afilled" ] || { echo "FAIL: ctrl+y of the fill gave $(count1) (expected $afilled)"; fail=1; }
key_and_wait ctrl+z
key_and_wait ctrl+z
[ "$(count1)" = "$ac1" ] || { echo "FAIL: undoing the fill and the second contour gave $(count1) (expected $ac1)"; fail=1; }
click_widget contour.fill_between
sync_app  # the click is handled; nothing may change: a fill from one marked slice is refused
[ "$(count1)" = "$ac1" ] || { echo "FAIL: fill between with one marked slice left changed the labels ($(count1))"; fail=1; }
key_and_wait ctrl+z  # the first contour and the segment it made
[ "$(last LABELS)" = "LABELS" ] || { echo "FAIL: undoing the first contour left '$(last LABELS)'"; fail=1; }

# 6. The same on another axis: the coronal view (index axis j), four slices apart.
read -r QX QY QW QH <<< "$(rect coronal)"
mark_and_fill coronal 1 $((QX + QW / 2)) $((QY + QH * 60 / 100)) 40 60 4
key_and_wait ctrl+z
[ "$(count1)" = "$c12" ] || { echo "FAIL: ctrl+z after the coronal fill gave $(count1) (expected $c12)"; fail=1; }

[ $fail = 0 ] && echo "PASS: axial contours $ac1 + $((ac12 - ac1)), fill between +$((afilled - ac12)), shift-erase -$((afilled - erased)), undo/redo exact; coronal contours $c1 + $c2, fill between +$((filled - c12))"
exit $fail
