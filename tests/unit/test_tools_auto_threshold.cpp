#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <random>

#include "io/load.h"
#include "io/phantom.h"
#include "seg/algo/regions.h"
#include "seg/document.h"
#include "seg/segment_pipeline.h"
#include "seg/tools/auto_threshold.h"
#include "seg/tools/grow.h"
#include "seg_fixtures.h"
#include "test_data.h"

using namespace marrow;
using namespace marrow::test;
using namespace marrow::tools;

namespace {

// A synthetic scan with a known two-class histogram above the tissue floor: air around a
// body cylinder, a fat rim (-100 HU, below the floor), soft tissue (40 HU) and bone: a
// "vertebra" cylinder (radius 6 mm: a 1.5 mm cortical shell of cortexHu around cancellous
// bone of cancellousHu) and "ribs" (cortex only). The truth is the filled bone, as in
// TotalSegmentator's labels. The reconstruction kernel is modelled as a Gaussian blur of
// blurVoxels (smooth kernels) followed by noise of noiseHu (sharp kernels: more).
struct TwoClassScan {
    Volume ct;
    std::vector<uint8_t> bone;  // truth
    std::vector<uint8_t> pure;  // the noiseless blurred value is its class's own (no partial volume)
    double softHu = 40;
    TwoClassScan(double cancellousHu, double cortexHu, double blurVoxels, double noiseHu, unsigned seed = 7)
        : ct(ImageGeometry({64, 64, 40}, {0.8, 0.8, 1.5}), ScalarType::Int16) {
        const ImageGeometry& g = ct.geometry();
        std::vector<float> f(g.voxelCount());
        bone.assign(g.voxelCount(), 0);
        for (int k = 0; k < g.dim(2); ++k)
            for (int j = 0; j < g.dim(1); ++j)
                for (int i = 0; i < g.dim(0); ++i) {
                    const double x = (i - 31.5) * 0.8, y = (j - 31.5) * 0.8;
                    const double r = std::hypot(x, y);
                    const double spine = std::hypot(x, y - 8);
                    const bool rib = std::abs(r - 17) < 1.6 && std::abs(x) > 6 && (k % 10) < 4;
                    const size_t v = g.linearIndex(i, j, k);
                    bone[v] = spine < 6 || rib;
                    f[v] = float(r > 25 ? -1000 : r > 21 ? -100 : spine < 4.5 ? cancellousHu : bone[v] ? cortexHu : softHu);
                }
        const std::vector<float> sharp = f;
        if (blurVoxels > 0) blur(f, g.dims(), blurVoxels);
        pure.resize(f.size());
        for (size_t v = 0; v < f.size(); ++v) pure[v] = std::abs(f[v] - sharp[v]) < 5;
        std::mt19937 rng(seed);
        std::normal_distribution<double> noise(0, noiseHu);
        int16_t* out = ct.data<int16_t>();
        for (size_t v = 0; v < f.size(); ++v) out[v] = int16_t(std::lround(f[v] + (noiseHu > 0 ? noise(rng) : 0)));
    }
    static void blur(std::vector<float>& f, std::array<int, 3> d, double sigma) {
        const int r = int(std::ceil(3 * sigma));
        std::vector<double> w(size_t(2 * r + 1));
        double sum = 0;
        for (int t = -r; t <= r; ++t) sum += w[size_t(t + r)] = std::exp(-t * t / (2 * sigma * sigma));
        for (double& x : w) x /= sum;
        const size_t stride[3] = {1, size_t(d[0]), size_t(d[0]) * d[1]};
        for (int a = 0; a < 3; ++a) {
            std::vector<float> out(f.size());
            for (int k = 0; k < d[2]; ++k)
                for (int j = 0; j < d[1]; ++j)
                    for (int i = 0; i < d[0]; ++i) {
                        const int p[3] = {i, j, k};
                        double acc = 0;
                        for (int t = -r; t <= r; ++t) {
                            const int q = std::clamp(p[a] + t, 0, d[a] - 1);
                            acc += w[size_t(t + r)] * f[size_t(i) + stride[1] * j + stride[2] * k + stride[a] * (q - p[a])];
                        }
                        out[size_t(i) + stride[1] * j + stride[2] * k] = float(acc);
                    }
            f.swap(out);
        }
    }
    // Dice of (HU >= threshold) against the truth, over the pure voxels only when asked.
    double dice(double threshold, bool pureOnly = false) const {
        size_t both = 0, a = 0, b = 0;
        const int16_t* v = ct.data<int16_t>();
        for (size_t i = 0; i < bone.size(); ++i) {
            if (pureOnly && !pure[i]) continue;
            const bool t = v[i] >= threshold;
            both += t && bone[i];
            a += t;
            b += bone[i];
        }
        return 2.0 * double(both) / double(a + b);
    }
};

struct Kernel {
    const char* name;
    double cancellousHu, cortexHu, blur, noise;
};

}  // namespace

// Tolerance: a pure voxel of soft tissue or of cancellous bone (the less dense bone class) is
// misclassified with probability < 2% when the threshold lies at least 2.05 noise sigmas
// (the one-sided 98% normal quantile) from both means, so the threshold must lie in
// [soft + 2.05 s, cancellous - 2.05 s] and in the bone search range; on the pure voxels (no
// partial volume: the blurred noiseless value within 5 HU of its class's) that bounds the
// mask's Dice against the truth at >= 0.97. The partial-volume rim is ambiguous by nature:
// there the threshold chosen decides how thick the bone looks (the full Dice is printed).
TEST(AutoThreshold, TwoClassHistogramsOfDifferentKernelsGiveAThresholdBetweenTheClasses) {
    const Kernel kernels[] = {
        {"standard kernel", 300, 1000, 0.5, 20},
        {"smooth kernel, low dose", 300, 1000, 1.0, 8},
        {"sharp kernel, noisy", 350, 1200, 0, 50},
        {"dense bone", 450, 1400, 0.5, 20},
        {"osteoporotic, noisy", 220, 800, 0.7, 25},
    };
    for (const Kernel& k : kernels) {
        SCOPED_TRACE(k.name);
        const TwoClassScan scan(k.cancellousHu, k.cortexHu, k.blur, k.noise);
        const AutoThreshold t = autoBoneThreshold(scan.ct);
        const double lo = std::max(kBoneSearchLoHu, scan.softHu + 2.05 * k.noise);
        const double hi = std::min(kBoneSearchHiHu, k.cancellousHu - 2.05 * k.noise);
        EXPECT_GE(t.threshold, lo);
        EXPECT_LE(t.threshold, hi);
        EXPECT_GE(scan.dice(t.threshold, true), 0.97) << "threshold " << t.threshold;
        std::cout << k.name << ": threshold " << t.threshold << " HU, Dice " << scan.dice(t.threshold)
                  << " (pure voxels " << scan.dice(t.threshold, true) << ")\n";
        EXPECT_GT(t.boneVoxels, 0u);
        EXPECT_LT(t.boneVoxels, t.tissueVoxels);
    }
}

TEST(AutoThreshold, AreaMaskAndErrors) {
    const TwoClassScan scan(300, 1000, 0.5, 20);
    // Inside an area holding only air and fat, nothing is at or above the search range: an error.
    Mask noBone(scan.ct.geometry());
    for (size_t v = 0; v < scan.bone.size(); ++v) noBone.voxels[v] = scan.ct.data<int16_t>()[v] < -50;
    EXPECT_THROW(autoBoneThreshold(scan.ct, &noBone), Error);
    Mask wrong(ImageGeometry({4, 4, 4}, {1, 1, 1}));
    EXPECT_THROW(autoBoneThreshold(scan.ct, &wrong), Error);
    Volume water(ImageGeometry({8, 8, 8}, {1, 1, 1}), ScalarType::Int16);  // all 0 HU
    EXPECT_THROW(autoBoneThreshold(water), Error);
    EXPECT_THROW(localBoneThreshold(scan.ct, {0, 0, 0}, 0), Error);
    EXPECT_THROW(localBoneThreshold(scan.ct, {-500, 0, 0}, 20), Error);
}

TEST(AutoThreshold, GrowWithAutoRangeFromTheClickFindsTheBonesExactly) {
    // Bone 700 HU, soft tissue 40 HU, noise 20 HU: the local Otsu threshold lies ~16 sigma
    // from both, so the region grown from a click on ball A is exactly the true bone (both
    // balls and the neck, all connected).
    const JoinedBonesPhantom ph = makeJoinedBonesPhantom();
    const AutoThreshold local = localBoneThreshold(ph.ct, ph.centreAMm, 30);
    EXPECT_GT(local.threshold, 200);
    EXPECT_LE(local.threshold, kBoneSearchHiHu);
    EditDoc d(ph.ct.geometry());
    const Label s = d.editor.addSegment("bone");
    GrowParams p;
    p.seedLps = ph.centreAMm;
    p.lo = 5000;  // replaced by the auto range
    p.hi = 3071;
    p.autoRangeBoxMm = 30;
    p.segment = s;
    grow(d.editor, ph.ct, p);
    const uint8_t* truth = ph.truth.data<uint8_t>();
    size_t wrong = 0, bone = 0;
    const ImageGeometry& g = ph.ct.geometry();
    for (int k = 0; k < g.dim(2); ++k)
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                const bool t = truth[g.linearIndex(i, j, k)] != 0;
                bone += t;
                wrong += t != (d.map.at(i, j, k) == s);
            }
    EXPECT_GT(bone, 1000u);
    EXPECT_EQ(wrong, 0u);
    // Without the auto range, lo = 5000 > hi is refused.
    p.autoRangeBoxMm = 0;
    EXPECT_THROW(grow(d.editor, ph.ct, p), Error);
}

TEST(AutoThreshold, SegmentPipelineReportsTheChosenThreshold) {
    const TwoClassScan scan(300, 1000, 0.5, 20);
    SegmentPipelineOptions o;
    o.autoThreshold = true;
    const SegmentPipelineResult r = runSegmentPipeline(scan.ct, o);
    ASSERT_TRUE(r.autoThresholdHu.has_value());
    EXPECT_EQ(*r.autoThresholdHu, autoBoneThreshold(scan.ct).threshold);
    size_t expected = 0;
    const int16_t* v = scan.ct.data<int16_t>();
    for (size_t i = 0; i < scan.bone.size(); ++i) expected += v[i] >= *r.autoThresholdHu;
    EXPECT_EQ(r.labels.countLabel(r.segment), expected);
}

// The real CT (TotalSegmentator's example DICOM series and its labels): the automatic
// threshold lies in the bone range and the thresholded mask in the body overlaps
// TotalSegmentator's bone labels. The mask also holds contrast-filled vessels and calcified
// costal cartilage, so the Dice is of the threshold alone, before any other step.
TEST(AutoThreshold, RealCtThresholdIsInTheBoneRangeAndMatchesTotalSegmentatorBones) {
    const std::string dicom = totalsegPath("example_ct_dicom");
    const std::string seg = totalsegPath("example_seg_dicom.nii.gz");
    MARROW_REQUIRE_SHARED(dicom);
    MARROW_REQUIRE_SHARED(seg);
    Document doc;
    doc.setImage(loadVolume(dicom), dicom);
    doc.loadLabels(seg);
    Mask bones(doc.image().geometry());
    for (const Segment& s : doc.labels().segments()) {
        static const char* kBones[] = {"vertebrae", "rib", "hip", "femur", "sacrum", "humerus",
                                       "scapula", "clavicula", "sternum", "skull"};
        bool isBone = false;
        for (const char* b : kBones) isBone = isBone || s.name.rfind(b, 0) == 0;
        if (!isBone) continue;
        const Mask m = doc.labels().segmentMask(s.id);
        for (size_t v = 0; v < m.voxels.size(); ++v) bones.voxels[v] |= m.voxels[v];
    }
    ASSERT_GT(bones.count(), 10000u);
    // As `segment --remove-table --threshold auto` does: the histogram and the mask in the body.
    const Mask body = bodyMask(doc.image());
    const AutoThreshold t = autoBoneThreshold(doc.image(), &body);
    EXPECT_GE(t.threshold, 120);  // above soft tissue and contrast-enhanced organs (~80 HU here)
    EXPECT_LE(t.threshold, 300);  // below much of the cancellous bone (its median is ~260 HU here)
    auto dice = [&](double lo) {
        size_t both = 0, a = 0, b = 0;
        const int16_t* hu = doc.image().data<int16_t>();
        for (size_t v = 0; v < bones.voxels.size(); ++v) {
            const bool in = hu[v] >= lo && body.voxels[v];
            both += in && bones.voxels[v];
            a += in;
            b += bones.voxels[v];
        }
        return 2.0 * double(both) / double(a + b);
    };
    const double autoDice = dice(t.threshold), fixedDice = dice(150);
    std::cout << "real CT: auto threshold " << t.threshold << " HU, Dice vs TotalSegmentator bones " << autoDice
              << " (fixed 150 HU: " << fixedDice << ")\n";
    RecordProperty("auto_threshold_hu", std::to_string(t.threshold));
    RecordProperty("dice_auto", std::to_string(autoDice));
    EXPECT_GE(autoDice, 0.6);
    EXPECT_GE(autoDice, fixedDice - 0.02);  // at least as good as the default preset
}
