#pragma once
// Mesh post-processing and checks for the surfaces of surface_extraction.h. Everything
// here works in the mesh's own frame (LPS millimetres) and keeps triangle winding.
#include <cstddef>
#include <cstdint>

#include "io/geometry.h"
#include "io/mesh.h"

namespace marrow {

// Taubin lambda/mu smoothing (Taubin, "A signal processing approach to fair surface
// design", SIGGRAPH 1995): each iteration is a shrinking step (lambda > 0) and an
// inflating step (mu < -lambda) with uniform neighbour weights. It removes the voxel
// staircase while keeping volume (frequencies below passBand pass) and topology; vertices
// only move. iterations = 0 does nothing.
struct SmoothOptions {
    int iterations = 20;
    double lambda = 0.5;
    double passBand = 0.1;  // k_PB in Taubin's paper: mu = 1 / (passBand - 1 / lambda)
};
void smoothMesh(Mesh& mesh, const SmoothOptions& options = {});

// Decimation with meshoptimizer's meshopt_simplify (edge collapses under a quadric error).
// targetRatio in (0,1]: fraction of triangles to keep; maxErrorMm bounds the deviation
// (millimetres) and may stop it before the ratio (unset: no bound, the ratio decides).
// A closed manifold input stays closed and manifold: it is simplified in steps of at most
// halving; where a collapse would pinch a thin tube or handle, the triangles around the
// pinch are kept for that step and simplified in a later one. The ratio is met within ~1%
// unless pinches remain at the end (thin bone at coarse voxels, very low ratios: see
// bench/RESULTS-decimate.md). Small closed pieces (specks) may vanish. If a non-manifold
// input is given, one plain pass. Unused vertices are removed; normals are dropped.
void decimateMesh(Mesh& mesh, double targetRatio, double maxErrorMm = 1e30);

// Area-weighted vertex normals (unit length; zero vector for an isolated vertex).
void computeNormals(Mesh& mesh);

// Keeps the connected component (through shared vertices) with the most triangles;
// drops unused vertices. Returns the number of components removed.
size_t keepLargestComponent(Mesh& mesh);

// Removes vertices no triangle uses and renumbers (normals follow).
void removeUnusedVertices(Mesh& mesh);

// What a user needs to know before printing: is it closed, is it manifold, how big.
struct MeshReport {
    size_t vertices = 0;            // referenced by a triangle
    size_t triangles = 0;
    size_t edges = 0;               // undirected
    size_t boundaryEdges = 0;       // edges with one triangle (holes)
    size_t nonManifoldEdges = 0;    // edges with more than two triangles
    size_t misorientedEdges = 0;    // two triangles run the edge the same way (flipped normals)
    size_t degenerateTriangles = 0; // a repeated vertex index
    size_t components = 0;          // connected through shared vertices
    int64_t eulerCharacteristic = 0;  // V - E + F; 2 per closed genus-0 component
    double volumeMm3 = 0;           // enclosed signed volume (divergence theorem); > 0 outward
    double areaMm2 = 0;
    Vec3 boundsLo{}, boundsHi{};    // axis-aligned bounds of the used vertices (mesh frame)

    bool closed() const { return boundaryEdges == 0; }
    // Every edge shared by exactly two triangles, running it in opposite directions.
    bool manifold() const {
        return boundaryEdges == 0 && nonManifoldEdges == 0 && misorientedEdges == 0 && degenerateTriangles == 0;
    }
};
MeshReport analyzeMesh(const Mesh& mesh);

}  // namespace marrow
