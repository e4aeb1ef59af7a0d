#include "ui/viewer_state.h"

#include "ui/modality_defaults.h"

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
    // Each volume starts from its own defaults (ui/modality_defaults.h): nothing of the last
    // volume's window or 3D preset carries over, and non-CT data gets a percentile window.
    const ModalityDefaults defaults = modalityDefaults(s.volume());
    s.valueUnit = defaults.unit;
    s.wl = defaults.wl;
    s.windowPreset = defaults.windowPreset;
    s.selectVolumePreset(defaults.volumePreset);
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

void say(ViewerState& s, Severity severity, std::string text) {
    s.message = text;
    s.loggedMessage = text;
    s.messages.post(severity, std::move(text));
}

void logMessages(ViewerState& s) {
    if (s.message == s.loggedMessage) return;
    s.loggedMessage = s.message;
    s.messages.post(guessSeverity(s.message), s.message);
}

void announceOpened(ViewerState& s) {
    const Volume& v = s.volume();
    std::string opened = "opened " + s.source;
    const auto meta = [&](const char* key) {
        const auto it = v.meta.find(key);
        return it == v.meta.end() ? std::string() : it->second;
    };
    if (!meta("series_uid").empty())
        opened += " (series " + meta("series_number") + " \"" + meta("description") + "\", " + meta("modality") + ")";
    s.messages.post(Severity::Info, opened);
    const std::vector<std::string> warnings = v.loadWarnings();
    std::string shown;
    for (const std::string& w : warnings) {
        s.messages.post(Severity::Warning, w);
        shown += (shown.empty() ? "" : "\n") + std::string("warning: ") + w;
    }
    s.message = s.loggedMessage = shown;
}

}  // namespace marrow::ui
