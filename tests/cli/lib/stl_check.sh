# Shared by tests/cli/*.sh that check STL files (source it; needs $PY and $TMP set):
#   check_stl STL BOXFILE  - admesh reports no open edges, nothing fixed/reversed/removed, a
#                            positive volume, and the bbox equals "xmin xmax ymin ymax zmin
#                            zmax tol" from BOXFILE within tol mm;
#   $TMP/bounds.py         - lps_bounds(mask, affine): physical LPS bounds of a mask's voxels.
# Checks an STL with admesh against a bounding box file "xmin xmax ymin ymax zmin zmax tol".
check_stl() {
    local stl=$1 box=$2
    admesh "$stl" > "$TMP/admesh.txt"
    "$PY" - "$TMP/admesh.txt" "$box" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
want = [float(v) for v in open(sys.argv[2]).read().split()]
def stat(name, col=0):
    m = re.search(re.escape(name) + r"\s*:\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?", text)
    assert m, "admesh output lacks " + name
    return float(m.group(col + 1))
bad = []
for name in ["Facets with 1 disconnected edge", "Facets with 2 disconnected edges",
             "Facets with 3 disconnected edges", "Edges fixed", "Facets reversed",
             "Backwards edges", "Normals fixed", "Degenerate facets", "Facets removed", "Facets added"]:
    if stat(name) != 0: bad.append(f"{name} = {stat(name)}")
if stat("Volume") <= 0: bad.append("volume not positive")
got = [float(v) for v in re.findall(r"(?:Min|Max) [XYZ] =\s*(-?[\d.]+)", text)]
tol = want[6]
for g, w, n in zip(got, want[:6], ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]):
    if abs(g - w) > tol: bad.append(f"{n}: STL {g:.3f} vs mask {w:.3f} (tolerance {tol:.3f} mm)")
if bad:
    print("FAIL", sys.argv[1], *bad, sep="\n  "); sys.exit(1)
print("ok: admesh clean, bbox", " ".join(f"{v:.2f}" for v in got), "within", tol, "mm")
PY
}

# Physical LPS bounds of the voxels (their 8 corners each) where mask is set. On an oblique
# grid this is tighter than the bounds of the rotated index box around the mask.
cat > "$TMP/bounds.py" <<'PY'
import itertools, numpy as np
def lps_bounds(mask, affine):
    idx = np.argwhere(mask).astype(float)
    offsets = np.array(list(itertools.product((-0.5, 0.5), repeat=3)))
    lo = np.full(3, np.inf); hi = np.full(3, -np.inf)
    for off in offsets:
        ras = (idx + off) @ affine[:3, :3].T + affine[:3, 3]
        lps = ras * np.array([-1, -1, 1])
        lo = np.minimum(lo, lps.min(0)); hi = np.maximum(hi, lps.max(0))
    return lo, hi
PY

