// The actions of the "Split segment" panel (ui/split_tools.h): each checks on the UI thread
// what is cheap to check (a document, no job, a selected unlocked segment, markers on it),
// then runs planSplit / applySplit on the background job.
#include <cstdio>
#include <string>

#include "ui/edit_actions.h"
#include "ui/split_tools.h"
#include "ui/viewer_state.h"

namespace marrow::ui {
namespace {

// The selected segment, unlocked; else a message and 0.
Label splitTarget(ViewerState& s) {
    if (!s.doc) return 0;
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return 0;
    }
    const Segment* seg = s.doc->labels().segment(s.edit.segment);
    if (!seg) {
        s.message = "split: select the segment to split first (Ctrl+click it in a view)";
        return 0;
    }
    if (seg->locked) {
        s.message = "split: segment '" + seg->name + "' is locked; unlock it to split it";
        return 0;
    }
    return seg->id;
}

// The segment to split when it and the markers are ready (two markers, or Auto); else 0.
Label readyToSplit(ViewerState& s) {
    const Label segment = splitTarget(s);
    if (segment && !s.edit.split.automatic && s.edit.split.markers.size() < 2) {
        s.message = "split: click at least two markers on the segment (or tick Auto)";
        return 0;
    }
    return segment;
}

tools::SplitWatershedParams params(const ViewerState& s, Label segment) {
    const SplitToolState& t = s.edit.split;
    tools::SplitWatershedParams p;
    p.segment = segment;
    p.minSizeMm = t.minSizeMm;
    if (!t.automatic)
        for (size_t m = 0; m < t.markers.size(); ++m)
            p.markers.push_back({t.markers[m], m < t.names.size() ? std::string(t.names[m].data()) : std::string()});
    return p;
}

std::string describeParts(const LabelMap& map, const tools::SplitPlan& plan) {
    std::string text = std::to_string(plan.partVoxels.size()) + " parts:";
    const Segment* seg = map.segment(plan.segment);
    for (size_t part = 0; part < plan.partVoxels.size(); ++part) {
        const std::string name = plan.names[part].empty() && seg ? seg->name : plan.names[part];
        text += " '" + name + "' " + std::to_string(plan.partVoxels[part]) + (part + 1 < plan.partVoxels.size() ? "," : "");
    }
    return text;
}

}  // namespace

std::string splitMarkersText(const SplitToolState& t) {
    std::string text;
    for (const Vec3& m : t.markers) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%s%.3f,%.3f,%.3f", text.empty() ? "" : ";", m.x, m.y, m.z);
        text += buf;
    }
    return text;
}

void addSplitMarker(ViewerState& s, Vec3 p) {
    const Label segment = splitTarget(s);
    if (!segment) return;
    const ImageGeometry& g = s.doc->labels().geometry();
    const Index3 v = g.patientToNearestVoxel(p);
    if (!g.contains(v[0], v[1], v[2]) || s.doc->labels().at(v) != segment) {
        s.message = "split: the marker must lie on the selected segment '" + s.doc->labels().segment(segment)->name +
                    "' (not added)";
        return;
    }
    SplitToolState& t = s.edit.split;
    t.automatic = false;
    t.markers.push_back(p);
    if (t.names.size() < t.markers.size()) t.names.resize(t.markers.size(), std::array<char, 64>{});
    t.preview.reset();
    char text[128];
    std::snprintf(text, sizeof text, "split: marker %zu at %.1f, %.1f, %.1f mm", t.markers.size(), p.x, p.y, p.z);
    s.message = text;
}

bool splitPreviewCurrent(const ViewerState& s) {
    const SplitToolState& t = s.edit.split;
    // While a job runs, the preview job may be filling the plan (and an edit job the labels).
    return !s.busy() && t.preview && s.doc && t.previewDocument == s.doc.get() && t.previewVersion == s.doc->labels().version();
}

void previewSplit(ViewerState& s) {
    const Label segment = readyToSplit(s);
    if (!segment) return;
    SplitToolState& t = s.edit.split;
    auto plan = std::make_shared<tools::SplitPlan>();
    t.preview = plan;
    t.previewDocument = s.doc.get();
    t.previewVersion = s.doc->labels().version();
    const std::string markers = splitMarkersText(t);
    runEditJob(s, "Split preview", [p = params(s, segment), plan, markers](Document& doc, const ProgressFn& progress) {
        *plan = tools::planSplit(doc.labels(), p, progress);
        return "split preview: " + describeParts(doc.labels(), *plan) + (markers.empty() ? "" : "; markers " + markers);
    });
}

void applySplit(ViewerState& s) {
    const Label segment = readyToSplit(s);
    if (!segment) return;
    SplitToolState& t = s.edit.split;
    std::vector<std::string> names;
    for (const auto& n : t.names) names.emplace_back(n.data());
    // A current preview is applied as it is; otherwise the plan is made first, on the job.
    std::shared_ptr<tools::SplitPlan> plan = splitPreviewCurrent(s) ? t.preview : nullptr;
    runEditJob(s, "Split segment", [p = params(s, segment), plan, names](Document& doc, const ProgressFn& progress) {
        const tools::SplitPlan made = plan ? tools::SplitPlan{} : tools::planSplit(doc.labels(), p, progress);
        const tools::SplitPlan& use = plan ? *plan : made;
        tools::applySplit(doc.editor(), use, names);
        return "split: " + describeParts(doc.labels(), use) + " (one undo step)";
    });
    t.clear();
}

}  // namespace marrow::ui
