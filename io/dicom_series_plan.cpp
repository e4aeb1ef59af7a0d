// Slice sorting and grid building for one DICOM series (see dicom_series_plan.h).
// Passes: keep the majority size -> sort along the normal -> drop duplicate positions ->
// median step -> classify gaps / uneven steps -> stacking direction (tilt) -> geometry.
// O(n log n) in the number of slices; no pixel data is touched.
#include "io/dicom_series_plan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "io/error.h"

namespace marrow {

namespace {

std::string mm(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

Vec3 unit(Vec3 v) {
    const double n = norm(v);
    return n > 0 ? v * (1.0 / n) : v;
}

// Keeps the slices of the most common rows x columns (ties: the first seen).
void keepMajoritySize(std::vector<DicomSliceHeader>& slices, std::vector<std::string>& warnings) {
    std::map<std::pair<int, int>, int> count;
    for (const auto& s : slices) ++count[{s.rows, s.columns}];
    if (count.size() < 2) return;
    std::pair<int, int> best{};
    int bestCount = -1;
    for (const auto& s : slices) {
        const int c = count[{s.rows, s.columns}];
        if (c > bestCount) bestCount = c, best = {s.rows, s.columns};
    }
    const size_t before = slices.size();
    std::erase_if(slices, [&](const DicomSliceHeader& s) { return std::pair{s.rows, s.columns} != best; });
    warnings.push_back("mixed image sizes in the series: kept the " + std::to_string(slices.size()) + " slices of " +
                       std::to_string(best.second) + " x " + std::to_string(best.first) + ", skipped " +
                       std::to_string(before - slices.size()) + " of other sizes");
}

// Without positions the only order is InstanceNumber and the only step SliceThickness.
DicomSeriesPlan planWithoutPositions(std::vector<DicomSliceHeader>& slices) {
    std::stable_sort(slices.begin(), slices.end(),
                     [](const auto& a, const auto& b) { return a.instanceNumber < b.instanceNumber; });
    DicomSeriesPlan plan;
    const auto& s0 = slices.front();
    const double step = s0.sliceThickness > 0 ? s0.sliceThickness : 1.0;
    Mat3 dir;
    dir.setColumn(0, s0.rowDir);
    dir.setColumn(1, s0.colDir);
    dir.setColumn(2, unit(cross(s0.rowDir, s0.colDir)));
    plan.geometry = ImageGeometry({s0.columns, s0.rows, int(slices.size())}, {s0.spacingI, s0.spacingJ, step},
                                  s0.hasPosition ? s0.position : Vec3{}, dir);
    for (int k = 0; k < int(slices.size()); ++k) plan.sliceAtK.push_back(k);
    plan.warnings.push_back("no ImagePositionPatient: slices ordered by InstanceNumber, slice step " + mm(step) +
                            " mm taken from SliceThickness; positions in mm are not reliable");
    return plan;
}

}  // namespace

DicomSeriesPlan planDicomSeries(std::vector<DicomSliceHeader>& slices, const std::string& path) {
    std::vector<std::string> warnings;
    if (slices.empty()) throw Error(path, "series has no image slices");
    keepMajoritySize(slices, warnings);

    const size_t withPosition =
        std::count_if(slices.begin(), slices.end(), [](const auto& s) { return s.hasPosition && s.hasOrientation; });
    if (withPosition == 0) {
        DicomSeriesPlan plan = planWithoutPositions(slices);
        plan.warnings.insert(plan.warnings.begin(), warnings.begin(), warnings.end());
        return plan;
    }
    if (withPosition < slices.size()) {
        const size_t dropped = slices.size() - withPosition;
        std::erase_if(slices, [](const auto& s) { return !(s.hasPosition && s.hasOrientation); });
        warnings.push_back("skipped " + std::to_string(dropped) + " slices without ImagePositionPatient/Orientation");
    }

    const int rows = slices.front().rows, columns = slices.front().columns;
    const Vec3 rowDir = unit(slices.front().rowDir), colDir = unit(slices.front().colDir);
    const Vec3 normal = unit(cross(rowDir, colDir));
    if (norm(normal) < 0.5) throw Error(path, "ImageOrientationPatient rows and columns are parallel");
    for (const auto& s : slices) {
        if (norm(unit(s.rowDir) - rowDir) > 1e-3 || norm(unit(s.colDir) - colDir) > 1e-3) {
            warnings.push_back("slices have different orientations; using the first slice's orientation");
            break;
        }
    }

    // Sort along the normal; ties broken by InstanceNumber so duplicates keep the first.
    std::vector<double> proj(slices.size());
    std::vector<size_t> order(slices.size());
    for (size_t i = 0; i < slices.size(); ++i) proj[i] = dot(slices[i].position, normal), order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (proj[a] != proj[b]) return proj[a] < proj[b];
        return slices[a].instanceNumber < slices[b].instanceNumber;
    });
    // Positions closer than this are the same slice (DS values carry ~1e-6 mm noise).
    constexpr double kSamePositionMm = 1e-3;
    std::vector<DicomSliceHeader> sorted;
    std::vector<double> z;
    size_t duplicates = 0;
    for (size_t idx : order) {
        if (!z.empty() && proj[idx] - z.back() < kSamePositionMm) {
            ++duplicates;
            continue;
        }
        sorted.push_back(std::move(slices[idx]));
        z.push_back(proj[idx]);
    }
    slices = std::move(sorted);
    if (duplicates)
        warnings.push_back(std::to_string(duplicates) +
                           " slices repeat the position of another slice (several acquisitions in one series?); "
                           "kept the first of each position");

    const int n = int(slices.size());
    double step = 0;  // along the normal
    DicomSeriesPlan plan;
    Vec3 stack = normal;
    if (n == 1) {
        step = slices[0].sliceThickness > 0 ? slices[0].sliceThickness : 1.0;
        warnings.push_back("single slice: slice step " + mm(step) + " mm taken from SliceThickness");
        plan.sliceAtK = {0};
    } else {
        std::vector<double> steps(n - 1);
        for (int i = 0; i + 1 < n; ++i) steps[i] = z[i + 1] - z[i];
        std::vector<double> sortedSteps = steps;
        std::nth_element(sortedSteps.begin(), sortedSteps.begin() + (n - 1) / 2, sortedSteps.end());
        step = sortedSteps[(n - 1) / 2];
        const double tol = std::max(0.01, 0.02 * step);

        // Gaps of whole steps are missing slices: leave their k empty so every present
        // slice keeps its true position. Anything else is uneven spacing.
        bool onGrid = true;
        int gaps = 0;
        double worst = 0;
        std::string gapAt;
        for (int i = 0; i + 1 < n; ++i) {
            const double d = steps[i];
            const double slots = d / step;
            if (d > 1.5 * step) {
                ++gaps;
                if (gapAt.empty()) gapAt = mm(z[i]) + " and " + mm(z[i + 1]) + " mm";
            }
            if (std::abs(slots - std::round(slots)) * step > tol) onGrid = false;
            worst = std::max(worst, std::abs(d - step * std::max(1.0, std::round(slots))));
        }
        if (onGrid) {
            for (int i = 0; i < n; ++i) {
                const int k = int(std::lround((z[i] - z[0]) / step));
                if (k >= int(plan.sliceAtK.size())) plan.sliceAtK.resize(k + 1, -1);
                plan.sliceAtK[k] = i;
            }
            if (gaps) {
                const int missing = int(plan.sliceAtK.size()) - n;
                warnings.push_back("missing slices: " + std::to_string(missing) + " slice(s) absent in " +
                                   std::to_string(gaps) + " gap(s), first between " + gapAt + " (step " + mm(step) +
                                   " mm); filled with the lowest value in the series");
            }
        } else {
            for (int i = 0; i < n; ++i) plan.sliceAtK.push_back(i);
            step = (z[n - 1] - z[0]) / (n - 1);
            warnings.push_back("uneven slice spacing: steps differ by up to " + mm(worst) +
                               " mm; using the mean step " + mm(step) + " mm, positions between the ends are approximate");
        }

        // The stacking direction comes from the positions themselves; when it leans away
        // from the normal the slices are sheared (gantry tilt) and the grid follows them.
        const Vec3 along = unit(slices[n - 1].position - slices[0].position);
        const double c = std::clamp(dot(along, normal), -1.0, 1.0);
        const double degrees = std::acos(c) * 180.0 / M_PI;
        if (degrees > 0.01) {
            stack = along;
            warnings.push_back("gantry tilt of " + mm(degrees) +
                               " degrees: slices are sheared; the volume keeps their true positions");
        }
        step /= dot(stack, normal);  // distance between slice centres along the stacking direction
    }

    Mat3 dir;
    dir.setColumn(0, rowDir);
    dir.setColumn(1, colDir);
    dir.setColumn(2, stack);
    plan.geometry = ImageGeometry({columns, rows, int(plan.sliceAtK.size())},
                                  {slices[0].spacingI, slices[0].spacingJ, step}, slices[0].position, dir);
    plan.warnings = std::move(warnings);
    return plan;
}

}  // namespace marrow
