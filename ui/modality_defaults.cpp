#include "ui/modality_defaults.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace marrow::ui {

PercentileRange valuePercentiles(const Volume& v, double loPercent, double hiPercent) {
    if (v.empty()) return {};
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    v.visit([&](const auto* p) {
        for (size_t n = 0; n < v.voxelCount(); ++n) {
            lo = std::min(lo, double(p[n]));
            hi = std::max(hi, double(p[n]));
        }
    });
    if (!(hi > lo)) return {lo, hi};
    constexpr int kBins = 4096;
    std::vector<size_t> counts(kBins, 0);
    const double scale = kBins / (hi - lo);
    v.visit([&](const auto* p) {
        for (size_t n = 0; n < v.voxelCount(); ++n)
            ++counts[std::min(kBins - 1, int((double(p[n]) - lo) * scale))];
    });
    // The value below which `percent` of the voxels lie: the upper edge of the bin reaching it.
    const auto at = [&](double percent) {
        const double target = std::clamp(percent, 0.0, 100.0) / 100.0 * double(v.voxelCount());
        size_t seen = 0;
        for (int b = 0; b < kBins; ++b) {
            seen += counts[b];
            if (double(seen) >= target && seen > 0) return lo + (b + (percent <= 0 ? 0 : 1)) / scale;
        }
        return hi;
    };
    return {at(loPercent), at(hiPercent)};
}

double valuePercentile(const Volume& v, double p) { return valuePercentiles(v, p, p).lo; }

ModalityDefaults modalityDefaults(const Volume& v) {
    ModalityDefaults d;
    const std::string modality = v.modality();
    const PercentileRange range = valuePercentiles(v, 1, 99);
    d.hu = modality == "CT" || (modality.empty() && range.lo <= -200);
    if (d.hu) {
        d.windowPreset = "soft-tissue";
        d.wl = render::findWindowPreset(d.windowPreset)->wl;
        d.volumePreset = "ct-bone";
        return d;
    }
    const auto units = v.meta.find("units");
    d.unit = units != v.meta.end() && !units->second.empty() && units->second != "HU" ? units->second : "value";
    d.wl.window = std::max(range.hi - range.lo, 1.0);  // a constant image still gets a usable ramp
    d.wl.level = (range.hi + range.lo) / 2;
    d.volumePreset = "mr-default";
    return d;
}

}  // namespace marrow::ui
