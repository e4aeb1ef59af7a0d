#include "ui/viewer_state.h"

#include "io/label_io.h"

#include <algorithm>
#include <limits>
#include <type_traits>

namespace marrow::ui {

const char* layoutName(Layout l) {
    static const char* names[] = {"quad", "axial", "coronal", "sagittal", "3d"};
    return names[int(l)];
}

bool parseLayout(const std::string& s, Layout& out) {
    for (int n = 0; n < 5; ++n)
        if (s == layoutName(Layout(n))) {
            out = Layout(n);
            return true;
        }
    return false;
}

void ViewerState::selectVolumePreset(const std::string& key) {
    const render::VolumePreset* p = render::findVolumePreset(key);
    if (!p) return;
    volumePreset = key;
    opacity = p->opacity;
    shiftHu = p->defaultShift;
    transferDirty = view3dDirty = true;
}

void ViewerState::selectWindowPreset(const std::string& key) {
    const render::WindowPreset* p = render::findWindowPreset(key);
    if (!p) return;
    windowPreset = key;
    wl = p->wl;
}

void ViewerState::resetViews() {
    sliceFitted = {false, false, false};
    if (!volume().empty()) camera.fit(volume().geometry());
    clipLo = glm::vec3(0.0f);
    clipHi = glm::vec3(1.0f);
    view3dDirty = true;
}

void ViewerState::clampCrosshair() {
    if (volume().empty()) return;
    Vec3 lo, hi;
    volume().geometry().patientBounds(lo, hi);
    for (int a = 0; a < 3; ++a) crosshair[a] = std::clamp(crosshair[a], lo[a], hi[a]);
}

const Volume& ViewerState::volume() const {
    static const Volume kNone;
    return doc ? doc->image() : kNone;
}

std::vector<double> huHistogram(const Volume& volume) {
    std::vector<double> bins(410, 0.0);
    auto bin = [](double v) { return std::clamp(int((v + 1024) / 10), 0, 409); };
    volume.visit([&](const auto* v) {
        using T = std::remove_const_t<std::remove_pointer_t<decltype(v)>>;
        if constexpr (sizeof(T) <= 2 && std::is_integral_v<T>) {
            // Count each value first (startup, issue 12): no per-voxel division over 100 M voxels.
            constexpr int64_t lo = std::numeric_limits<T>::min();
            std::vector<uint64_t> counts(size_t(std::numeric_limits<T>::max() - lo + 1), 0);
            for (size_t n = 0; n < volume.voxelCount(); ++n) ++counts[size_t(int64_t(v[n]) - lo)];
            for (size_t c = 0; c < counts.size(); ++c)
                if (counts[c]) bins[size_t(bin(double(int64_t(c) + lo)))] += double(counts[c]);
        } else {
            for (size_t n = 0; n < volume.voxelCount(); ++n) bins[size_t(bin(double(v[n])))] += 1;
        }
    });
    return bins;
}

void setVolume(ViewerState& s, Volume volume, const std::string& source) {
    auto doc = std::make_unique<Document>();
    doc->setImage(std::move(volume), source);
    setDocument(s, std::move(doc));
}

void setDocument(ViewerState& s, std::unique_ptr<Document> doc) {
    s.edit.stroke.reset();  // it refers to the old document's editor
    s.edit.click = {};      // slice marks and outlines belong to the old label map
    // The old labels were saved or discarded (the unsaved-edits prompt asked): no recovery.
    if (s.doc) s.doc->discardRecovery();
    if (!s.recoveryDir.empty() && !doc->journal()) {
        try {
            doc->enableRecovery(s.recoveryDir);
        } catch (const std::exception& e) {
            s.message = std::string("autosave is off: ") + e.what();
        }
    }
    s.doc = std::move(doc);
    ++s.segmentsUi.generation;  // caches keyed on the old labels (LabelsKey) never match the new
    s.source = s.doc->imageSource();
    const auto& segments = s.doc->labels().segments();
    s.edit.segment = segments.empty() ? 0 : segments.front().id;
    const auto& d = s.volume().geometry().dims();
    // The centre voxel's centre, so slice steps land on voxel centres.
    s.crosshair = s.volume().geometry().indexToPatient({double(d[0] / 2), double(d[1] / 2), double(d[2] / 2)});
    s.histogram = huHistogram(s.volume());
    if (s.opacity.empty()) s.selectVolumePreset(s.volumePreset);
    if (s.volume().modality() != "CT" && s.volume().modality() != "") s.message = "not CT: HU presets may not fit";
    // Label maps beside the image (CT_seg.nii.gz, CT.seg.nrrd, segmentations/...), offered in
    // the Data panel when none came with it. Looked up once: a few stat() calls.
    s.labelsBeside.clear();
    if (s.doc->labelsSource().empty() && s.source != "phantom") {
        try {
            s.labelsBeside = findLabelMapBeside(s.source);
        } catch (const std::exception&) {  // an unreadable folder: nothing to offer
        }
    }
    s.volumeDirty = s.transferDirty = s.filterDirty = s.labelsDirty = true;
    s.resetViews();
}

}  // namespace marrow::ui
