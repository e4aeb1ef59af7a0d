// The embedded phantom: a procedural CT torso, evaluated voxel by voxel.
//
// Each voxel centre is classified into one tissue by a fixed precedence of simple
// shapes (ellipses, ellipsoids, rods, shells) in LPS millimetres: outside-in the body
// wall (skin, subcutaneous fat, muscle), then organs, then bone, which wins over
// everything. Tissue -> HU is a table; the bone label is "tissue is cortical or
// cancellous bone", so labels and noiseless CT agree exactly (every bone HU >= 200,
// every other tissue <= 150).
//
// Grid: cubic, identity direction (i -> patient Left, j -> Posterior, k -> Superior),
// centred on the LPS origin. The patient lies supine on a carbon-fibre table behind
// (+y) the back, separated by an air gap.
//
// Determinism: only +, -, *, / and sqrt (all correctly rounded in IEEE 754) decide a
// voxel's tissue, and the noise is an integer hash of (seed, voxel index) turned into an
// Irwin-Hall sum of eight uniforms (approximately Gaussian, no libm). So the bytes are
// the same on every machine, compiler and thread count.
//
// Cost: O(voxels), one pass, parallel over slices with TBB (bench_nifti_io measures
// the 256^3 build).
#include "io/phantom.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace marrow {
namespace {

enum Tissue : uint8_t {
    Air, Skin, Fat, Muscle, SoftTissue, Lung, Heart, Liver, Spleen, Kidney, Aorta, Bladder, Csf, Disc,
    TableShell, TableFoam, Cortical, CorticalDense, Cancellous, TissueCount
};

constexpr int16_t kHu[TissueCount] = {
    -1000,  // Air
    40,     // Skin
    -100,   // Fat (subcutaneous)
    50,     // Muscle
    30,     // SoftTissue (mediastinum, bowel, pelvic soft tissue)
    -850,   // Lung
    40,     // Heart (blood and myocardium)
    60,     // Liver
    45,     // Spleen
    30,     // Kidney
    40,     // Aorta (unenhanced blood)
    10,     // Bladder (urine)
    10,     // Csf (spinal canal)
    90,     // Disc (intervertebral)
    150,    // TableShell (carbon fibre)
    -900,   // TableFoam
    1000,   // Cortical (thin bones: ribs, arches, pelvis)
    1200,   // CorticalDense (vertebral body shell, femoral head shell)
    250,    // Cancellous
};

constexpr bool isBone(Tissue t) { return t == Cortical || t == CorticalDense || t == Cancellous; }

inline double sq(double v) { return v * v; }
// Normalised ellipse/ellipsoid radius: <= 1 inside.
inline double ell2(double x, double y, double a, double b) { return sq(x / a) + sq(y / b); }
inline double ell3(double x, double y, double z, double a, double b, double c) {
    return sq(x / a) + sq(y / b) + sq(z / c);
}

// Body layout in mm (LPS). yc: centre of the body ellipse (anterior of the grid centre
// so the table fits behind the back).
constexpr double kYc = -15;
constexpr double kBodyB = 110;                 // A-P semi-axis
constexpr double kSkin = 2, kFat = 18, kMuscle = 12;
constexpr double kTableTop = kYc + kBodyB + 8;  // 8 mm air gap under the back
constexpr double kSpineY = 35;                  // vertebral body centre
constexpr double kDiscPeriod = 30, kDiscHeight = 6;

double bodyA(double z) { return 165 + (z < -90 ? std::min(15.0, (-90 - z) * 0.3) : 0.0); }

// Scan table: carbon-fibre shells (2 mm) around foam, wider than the patient.
Tissue table(double x, double y) {
    if (std::abs(x) > 190 || y < kTableTop || y > kTableTop + 20) return Air;
    return (y < kTableTop + 2 || y > kTableTop + 18) ? TableShell : TableFoam;
}

// Positive modulo for the vertebra period.
double wrap(double v, double period) {
    const double r = std::fmod(v, period);
    return r < 0 ? r + period : r;
}

Tissue spine(double x, double y, double z) {
    const double phase = wrap(z + 200, kDiscPeriod);  // discs at phase [0, kDiscHeight)
    const bool disc = phase < kDiscHeight;
    const double dy = y - kSpineY;
    if (ell2(x, dy, 22, 18) <= 1) {
        if (disc) return Disc;
        const double toEndplate = std::min(phase - kDiscHeight, kDiscPeriod - phase);
        if (ell2(x, dy, 20, 16) > 1 || toEndplate < 1.5) return CorticalDense;
        return Cancellous;
    }
    // Posterior arch around the canal, spinous and transverse processes (not at discs).
    const double cy = y - (kSpineY + 28);
    const double r2 = x * x + cy * cy;
    if (r2 <= 81) return Csf;
    if (disc || phase > kDiscPeriod - 3) return Air;  // Air = "not spine"
    if (r2 <= 196) return Cortical;
    if (std::abs(x) < 4 && cy > 0 && cy < 26) return Cortical;          // spinous process
    if (std::abs(x) < 42 && std::abs(cy + 2) < 4) return Cortical;      // transverse processes
    return Air;
}

// Ribs: rods of 5 mm radius following an ellipse in the chest wall, sloping down
// anteriorly, with a gap in front (costal cartilage) and behind (spine).
Tissue ribs(double x, double y, double z) {
    if (z < 5 || z > 185) return Air;
    const double a = 138, b = 83;
    const double u = x / a, v = (y - kYc) / b;
    const double rho = std::sqrt(u * u + v * v);
    if (rho < 0.75 || rho > 1.25) return Air;
    const double cu = u / rho, cv = v / rho;  // point on the unit circle
    if (cv < -0.85 || (cv > 0 && std::abs(x) < 30)) return Air;
    const double px = a * cu, py = kYc + b * cv;
    const double inPlane2 = sq(x - px) + sq(y - py);
    const double level = std::clamp(std::round((z - 20 - 12 * cv) / 25), 0.0, 6.0);
    const double zc = 20 + 25 * level + 12 * cv;
    const double d2 = inPlane2 + sq(z - zc);
    if (d2 > 25) return Air;
    return d2 > 3.2 * 3.2 ? Cortical : Cancellous;
}

Tissue sternum(double x, double y, double z) {
    if (z < 30 || z > 160 || std::abs(x) > 14) return Air;
    const double front = kYc - kBodyB + kSkin + kFat;  // just under the fat
    if (y < front || y > front + 10) return Air;
    const double depth = std::min({14 - std::abs(x), y - front, front + 10 - y, z - 30, 160 - z});
    return depth < 1.5 ? Cortical : Cancellous;
}

// Pelvis: iliac wings (curved plates flaring upwards), femoral heads with acetabula.
Tissue pelvis(double x, double y, double z) {
    if (z > -95) return Air;
    for (int s = -1; s <= 1; s += 2) {
        // Femoral head: dense shell over a cancellous core; the acetabulum cups it from
        // above and medially, with a 3 mm joint space.
        const double hx = x - s * 88, hy = y - 5, hz = z + 170;
        const double r2 = hx * hx + hy * hy + hz * hz;
        if (r2 <= 24 * 24) return r2 > 21.5 * 21.5 ? CorticalDense : Cancellous;
        if (r2 >= 27 * 27 && r2 <= 32 * 32 && hz > -8 && hx * s < 12) return Cortical;
        // Iliac wing.
        if (z >= -175) {
            const double ai = 60 + 0.35 * (z + 185), bi = 50;
            const double wx = x - s * 45, wy = y - 25;
            if (wx * s > -10 && wy > -25) {  // the lateral-posterior sweep only
                const double rho = std::sqrt(ell2(wx, wy, ai, bi));
                const double d = std::abs(rho - 1) * std::min(ai, bi);  // approximate mm
                if (d < 4) return d > 2.5 ? Cortical : Cancellous;
            }
        }
    }
    return Air;
}

Tissue organs(double x, double y, double z) {
    const double yr = y - kYc;
    if (z > -5) {
        if (ell3(x - 22, y + 35, z - 45, 52, 42, 48) <= 1) return Heart;
    }
    if (z > -110 && sq(x - 18) + sq(y - 8) <= 144) return Aorta;
    if (ell3(x - 62, y - 35, z + 55, 28, 22, 50) <= 1) return Kidney;
    if (ell3(x + 62, y - 35, z + 55, 28, 22, 50) <= 1) return Kidney;
    if (ell3(x + 55, y + 5, z + 10, 85, 70, 65) <= 1) return Liver;   // patient's right (-x)
    if (ell3(x - 80, y - 20, z - 15, 35, 30, 45) <= 1) return Spleen;  // patient's left
    if (ell3(x - 68, yr - 8, z - 100, 58, 68, 100) <= 1) return Lung;
    if (ell3(x + 68, yr - 8, z - 100, 58, 68, 100) <= 1) return Lung;
    if (ell3(x, y + 40, z + 175, 40, 30, 30) <= 1) return Bladder;
    if (z < 0 && (sq(std::abs(x) - 40) + sq(y - 40) <= 18 * 18)) return Muscle;  // psoas
    return SoftTissue;
}

Tissue classify(double x, double y, double z) {
    const double a = bodyA(z), yr = y - kYc;
    if (ell2(x, yr, a, kBodyB) > 1) return table(x, y);
    Tissue bone = spine(x, y, z);
    if (bone == Air) bone = ribs(x, y, z);
    if (bone == Air) bone = sternum(x, y, z);
    if (bone == Air) bone = pelvis(x, y, z);
    if (bone != Air) return bone;
    if (ell2(x, yr, a - kSkin, kBodyB - kSkin) > 1) return Skin;
    const double fatIn = kSkin + kFat;
    if (ell2(x, yr, a - fatIn, kBodyB - fatIn) > 1) return Fat;
    const double cavity = fatIn + kMuscle;
    if (ell2(x, yr, a - cavity, kBodyB - cavity) > 1) return Muscle;
    if (ell2(x, y - kSpineY - 20, 60, 40) <= 1) return Muscle;  // paraspinal muscles
    return organs(x, y, z);
}

// splitmix64: a well-mixed 64-bit hash of the voxel index.
inline uint64_t splitmix64(uint64_t v) {
    v += 0x9E3779B97F4A7C15ull;
    v = (v ^ (v >> 30)) * 0xBF58476D1CE4E5B9ull;
    v = (v ^ (v >> 27)) * 0x94D049BB133111EBull;
    return v ^ (v >> 31);
}

// Approximately standard-normal: centred sum of eight 16-bit uniforms (Irwin-Hall).
inline double gaussianish(uint64_t seed, uint64_t index) {
    const uint64_t h1 = splitmix64(seed ^ (index * 2)), h2 = splitmix64(seed ^ (index * 2 + 1));
    int64_t sum = 0;
    for (int s = 0; s < 64; s += 16) sum += int64_t((h1 >> s) & 0xFFFF) + int64_t((h2 >> s) & 0xFFFF);
    constexpr double kStd = 65536.0 * 0.816496580927726;  // 65536 * sqrt(8/12)
    return double(sum - 8 * 32767.5) / kStd;
}

}  // namespace

Phantom makePhantom(const PhantomOptions& options) {
    if (options.size < 8 || options.size > 2048)
        throw Error("phantom", "size must be between 8 and 2048 voxels, got " + std::to_string(options.size));
    if (!(options.fieldOfViewMm > 0)) throw Error("phantom", "field of view must be positive");
    const int n = options.size;
    const double s = options.fieldOfViewMm / n;
    const double o = -0.5 * (n - 1) * s;
    const ImageGeometry g({n, n, n}, {s, s, s}, {o, o, o});
    Phantom p{Volume(g, ScalarType::Int16, false), Volume(g, ScalarType::UInt8, false)};
    int16_t* ct = p.ct.data<int16_t>();
    uint8_t* bones = p.bones.data<uint8_t>();
    const uint64_t seed = splitmix64(options.seed);
    const double noise = options.noiseHu;

    tbb::parallel_for(0, n, [&](int k) {
        const double z = (o + k * s);
        for (int j = 0; j < n; ++j) {
            const double y = (o + j * s);
            const size_t row = g.linearIndex(0, j, k);
            for (int i = 0; i < n; ++i) {
                const double x = (o + i * s);
                const Tissue t = classify(x, y, z);
                const size_t idx = row + size_t(i);
                bones[idx] = isBone(t) ? 1 : 0;
                double hu = kHu[t];
                if (noise > 0) hu += noise * gaussianish(seed, idx);
                ct[idx] = int16_t(std::clamp(std::round(hu), -32768.0, 32767.0));
            }
        }
    });
    p.ct.meta = {{"modality", "CT"}, {"units", "HU"}, {"source", "phantom"},
                 {"description", "Marrow procedural torso phantom"}};
    p.bones.meta = {{"modality", "SEG"}, {"source", "phantom"}, {"description", "Marrow phantom bone labels"}};
    return p;
}

}  // namespace marrow

namespace marrow {

JoinedBonesPhantom makeJoinedBonesPhantom(const JoinedBonesOptions& o) {
    if (!(o.radiusAMm > 0 && o.radiusBMm > 0 && o.gapMm >= 0 && o.neckRadiusMm > 0 && o.marginMm >= 0) ||
        !(o.spacingMm.x > 0 && o.spacingMm.y > 0 && o.spacingMm.z > 0))
        throw Error("phantom", "joined bones: radii and spacing must be positive, gap and margin non-negative");
    const double rMax = std::max(o.radiusAMm, o.radiusBMm);
    const Vec3 extent{2 * o.marginMm + o.radiusAMm + o.gapMm + o.radiusBMm + o.radiusAMm + o.radiusBMm,
                      2 * (o.marginMm + rMax), 2 * (o.marginMm + rMax)};
    const std::array<int, 3> dims{int(std::ceil(extent.x / o.spacingMm.x)), int(std::ceil(extent.y / o.spacingMm.y)),
                                  int(std::ceil(extent.z / o.spacingMm.z))};
    const ImageGeometry g(dims, o.spacingMm, {0, 0, 0});
    JoinedBonesPhantom p{Volume(g, ScalarType::Int16, false), Volume(g, ScalarType::UInt8, false), {}, {}};
    const double yc = 0.5 * (dims[1] - 1) * o.spacingMm.y, zc = 0.5 * (dims[2] - 1) * o.spacingMm.z;
    p.centreAMm = {o.marginMm + o.radiusAMm, yc, zc};
    p.centreBMm = {p.centreAMm.x + o.radiusAMm + o.gapMm + o.radiusBMm, yc, zc};
    int16_t* ct = p.ct.data<int16_t>();
    uint8_t* truth = p.truth.data<uint8_t>();
    const uint64_t seed = splitmix64(o.seed);
    tbb::parallel_for(0, dims[2], [&](int k) {
        for (int j = 0; j < dims[1]; ++j)
            for (int i = 0; i < dims[0]; ++i) {
                const Vec3 x{i * o.spacingMm.x, j * o.spacingMm.y, k * o.spacingMm.z};
                auto d2 = [&](Vec3 c) { return (x.x - c.x) * (x.x - c.x) + (x.y - c.y) * (x.y - c.y) + (x.z - c.z) * (x.z - c.z); };
                const double axial2 = (x.y - yc) * (x.y - yc) + (x.z - zc) * (x.z - zc);
                const uint8_t t = d2(p.centreAMm) <= o.radiusAMm * o.radiusAMm   ? 1
                                  : d2(p.centreBMm) <= o.radiusBMm * o.radiusBMm ? 2
                                  : (x.x >= p.centreAMm.x && x.x <= p.centreBMm.x &&
                                     axial2 <= o.neckRadiusMm * o.neckRadiusMm)
                                      ? 3
                                      : 0;
                const size_t idx = g.linearIndex(i, j, k);
                truth[idx] = t;
                double hu = t ? o.boneHu : o.softTissueHu;
                if (o.noiseHu > 0) hu += o.noiseHu * gaussianish(seed, idx);
                ct[idx] = int16_t(std::clamp(std::round(hu), -32768.0, 32767.0));
            }
    });
    p.ct.meta = {{"modality", "CT"}, {"units", "HU"}, {"source", "joined bones phantom"}};
    return p;
}

}  // namespace marrow
