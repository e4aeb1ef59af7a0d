// Issue 13's acceptance case on the real CT: one stroke inside each of the 3 largest bones plus
// one background stroke in the soft tissue around them, Dice against TotalSegmentator's labels.
// The strokes are derived from those labels by fixed rules (below), so the run is
// deterministic. Dice is counted over the whole grid: a TotalSegmentator voxel the tool leaves
// unassigned (outside its ROI, or reached by no seed) is a miss.
//
// NOT MET: the issue asks Dice >= 0.9 per bone. Measured: 0.87 (humerus_right), 0.59 / 0.52
// (the touching vertebrae T12 / T11). Why 0.9 is out of reach against this reference, whatever
// the tool does with the image: TotalSegmentator's labels on this 20-slice series are coarse
// (seen in overlays of slices 2, 8 and 14: the humerus label leaves part of the bright cortex
// out; the bright vertebral body in the lowest slices (0-3, most likely L1) carries no label,
// nor does most of the body's centre in slice 14; TS's T11/T12 boundary is an oblique cut
// through one bright body in slice 8). referenceCeiling() measures this: even the best
// HU threshold applied only in a 3-voxel band around each TS label (an oracle that is told
// where the bone is) reaches Dice 0.82 (humerus) and 0.79 / 0.66 (T12 / T11), and no shift of
// the label by +-1..2 voxels helps (checked, not kept), so the gap is not an orientation error.
// No other choice of 3 bones would do: the same ceiling for every bone label of the series is
// at most 0.84 (humerus_left 0.84, ribs 0.57-0.80; measured once, not kept).
// Tried and not kept (none moves any bone past 0.89): linear instead of squared HU cost,
// huPerCostUnit 5..100, a 3x3 / 5x5 smoothed image for the cost, a threshold-crossing penalty
// (bone range >= 100 or 150 HU), brush-wide (3x3, 5x5) and whole-row bone strokes, background
// rings in every slice, lines through every other TS bone and through unlabelled bright
// tissue as background, closing (1, 2 mm) and per-slice hole filling of the result.
// This test guards the measured level (>= 0.5 for every bone), and checks the stated reason:
// the reference's own ceiling stays below 0.9 for every bone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "io/dicom_reader.h"
#include "seg/document.h"
#include "seg/tools/grow_from_seeds.h"
#include "test_data.h"

using namespace marrow;
using namespace marrow::tools;

namespace {

bool isBoneName(const std::string& n) {
    for (const char* p : {"vertebrae_", "rib_", "sternum", "scapula", "clavicula", "humerus", "hip_", "sacrum", "femur"})
        if (n.rfind(p, 0) == 0) return true;
    return false;
}

// The longest row of voxels whose (2r+1)^2 in-plane neighbourhood lies inside the bone in
// slice k (r = 2, else 1); empty when there is none.
std::vector<Index3> interiorRow(const LabelMap& truth, Label bone, int k) {
    const auto& d = truth.geometry().dims();
    for (int r = 2; r >= 1; --r) {
        std::vector<Index3> best;
        for (int j = r; j + r < d[1]; ++j) {
            std::vector<Index3> row;
            for (int i = r; i + r < d[0]; ++i) {
                bool inside = true;
                for (int dj = -r; dj <= r && inside; ++dj)
                    for (int di = -r; di <= r && inside; ++di) inside = truth.at(i + di, j + dj, k) == bone;
                if (inside) row.push_back({i, j, k});
            }
            if (row.size() > best.size()) best = row;
        }
        if (!best.empty()) return best;
    }
    return {};
}

// A line through the bone along the slices, as a user draws it in a sagittal or coronal view:
// in every slice, the middle voxel of the longest interior row.
std::vector<Index3> interiorStroke(const LabelMap& truth, Label bone) {
    std::vector<Index3> stroke;
    for (int k = 0; k < truth.geometry().dim(2); ++k) {
        const std::vector<Index3> row = interiorRow(truth, bone, k);
        if (!row.empty()) stroke.push_back(row[row.size() / 2]);
    }
    return stroke;
}

// Soft tissue (-200..200 HU, no bone label) at in-plane chessboard distance exactly 4 from
// the chosen bones, in the middle slice: a ring drawn around them.
std::vector<Index3> backgroundRing(const Volume& ct, const LabelMap& truth, const std::vector<Label>& bones,
                                   const std::vector<bool>& anyBone) {
    const auto& d = truth.geometry().dims();
    std::vector<Index3> ring;
    const int k = d[2] / 2;
    {
    auto chosen = [&](int i, int j, int k) {
        return std::find(bones.begin(), bones.end(), truth.at(i, j, k)) != bones.end();
    };
    for (int j = 4; j + 4 < d[1]; ++j)
        for (int i = 4; i + 4 < d[0]; ++i) {
            if (anyBone[truth.at(i, j, k)]) continue;
            const double hu = ct.valueAt(i, j, k);
            if (hu < -200 || hu > 200) continue;
            bool near3 = false, at4 = false;
            for (int dj = -4; dj <= 4; ++dj)
                for (int di = -4; di <= 4; ++di) {
                    if (!chosen(i + di, j + dj, k)) continue;
                    (std::max(std::abs(di), std::abs(dj)) < 4 ? near3 : at4) = true;
                }
            if (at4 && !near3) ring.push_back({i, j, k});
        }
    }
    return ring;
}

// The best Dice any single HU threshold reaches against the bone's TS label when it is applied
// only within a band of 3 voxels (in-plane) around that label: an upper bound for intensity-
// driven tools that are even told where the bone lies.
double referenceCeiling(const Volume& ct, const LabelMap& truth, Label bone) {
    const auto& d = truth.geometry().dims();
    constexpr int kBand = 3;
    const auto at = [&](int i, int j, int k) { return size_t(i) + size_t(d[0]) * (size_t(j) + size_t(d[1]) * size_t(k)); };
    std::vector<bool> inBand(size_t(d[0]) * size_t(d[1]) * size_t(d[2]), false);
    size_t wanted = 0;
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i)
                if (truth.at(i, j, k) == bone) {
                    ++wanted;
                    for (int y = std::max(0, j - kBand); y <= std::min(d[1] - 1, j + kBand); ++y)
                        for (int x = std::max(0, i - kBand); x <= std::min(d[0] - 1, i + kBand); ++x) inBand[at(x, y, k)] = true;
                }
    // The band's voxels once (HU, inside the label?), then every threshold over them.
    std::vector<std::pair<double, bool>> band;
    for (int k = 0; k < d[2]; ++k)
        for (int j = 0; j < d[1]; ++j)
            for (int i = 0; i < d[0]; ++i)
                if (inBand[at(i, j, k)]) band.push_back({ct.valueAt(i, j, k), truth.at(i, j, k) == bone});
    double best = 0;
    for (int threshold = -100; threshold <= 400; threshold += 50) {
        size_t both = 0, found = 0;
        for (const auto& [hu, inLabel] : band)
            if (hu >= threshold) {
                ++found;
                both += inLabel;
            }
        best = std::max(best, 2.0 * double(both) / double(found + wanted));
    }
    return best;
}

}  // namespace

TEST(GrowFromSeedsReal, ThreeBonesAndBackgroundDiceAgainstTotalSegmentator) {
    const std::string dicom = test::totalsegPath("example_ct_dicom");
    const std::string seg = test::totalsegPath("example_seg_dicom.nii.gz");
    MARROW_REQUIRE_SHARED(dicom);
    MARROW_REQUIRE_SHARED(seg);
    Document truthDoc;
    truthDoc.setImage(readDicomSeries(dicom), dicom);
    truthDoc.loadLabels(seg);
    const LabelMap& truth = truthDoc.labels();
    const Volume& ct = truthDoc.image();

    // The three largest bone structures of the series.
    std::vector<bool> anyBone(kMaxLabel + 1, false);
    std::vector<std::pair<size_t, Label>> bySize;
    for (const Segment& s : truth.segments())
        if (isBoneName(s.name)) {
            anyBone[s.id] = true;
            bySize.push_back({truth.countLabel(s.id), s.id});
        }
    ASSERT_GE(bySize.size(), 3u);
    std::sort(bySize.rbegin(), bySize.rend());
    const std::vector<Label> bones{bySize[0].second, bySize[1].second, bySize[2].second};

    LabelMap work(ct.geometry());
    History history;
    LabelMapEditor editor(work, history);
    std::vector<SeedStroke> strokes;
    for (Label b : bones) {
        strokes.push_back({editor.addSegment(truth.segment(b)->name), interiorStroke(truth, b)});
        ASSERT_GE(strokes.back().voxels.size(), 3u) << truth.segment(b)->name;
    }
    strokes.push_back({editor.addSegment("other"), backgroundRing(ct, truth, bones, anyBone)});
    ASSERT_GE(strokes.back().voxels.size(), 20u);

    const SeedGrower grower(ct, work, strokes);
    grower.apply(editor);
    const auto& d = ct.geometry().dims();
    for (size_t n = 0; n < bones.size(); ++n) {
        size_t both = 0, grown = 0, wanted = 0;
        for (int64_t k = 0; k < d[2]; ++k)
            for (int64_t j = 0; j < d[1]; ++j)
                for (int64_t i = 0; i < d[0]; ++i) {
                    const bool g = work.at(i, j, k) == strokes[n].segment, t = truth.at(i, j, k) == bones[n];
                    both += g && t;
                    grown += g;
                    wanted += t;
                }
        const double dice = 2.0 * double(both) / double(grown + wanted);
        const double ceiling = referenceCeiling(ct, truth, bones[n]);
        std::printf("grow from seeds, %s: Dice %.4f (%zu grown, %zu TotalSegmentator voxels); "
                    "best banded threshold against the same label: Dice %.4f\n",
                    truth.segment(bones[n])->name.c_str(), dice, grown, wanted, ceiling);
        EXPECT_GE(dice, 0.5) << truth.segment(bones[n])->name;  // measured level, not the 0.9 target
        EXPECT_LT(ceiling, 0.9) << "the reference is finer than measured: revisit the 0.9 target";
    }
}
