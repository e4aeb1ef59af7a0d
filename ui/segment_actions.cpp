#include "ui/segment_actions.h"

#include <algorithm>

#include "io/label_table.h"
#include "io/labeled_volume.h"
#include "seg/stage_timer.h"
#include "seg/tools/islands.h"
#include "ui/edit_actions.h"

namespace marrow::ui {
namespace {

LabelsKey keyOf(const ViewerState& s) {
    return {s.doc.get(), s.doc->originalLabels().raw(), s.segmentsUi.generation, s.doc->labels().version()};
}

double voxelMl(const ImageGeometry& g) { return g.spacing().x * g.spacing().y * g.spacing().z / 1000.0; }

}  // namespace

std::vector<Label> filterSegments(const Document& doc, const std::string& search, bool bonesOnly) {
    // The label table's own search and bone test, so the panel and the CLI agree on names.
    const LabelTable table = doc.labelTable();
    std::vector<uint32_t> hits = table.search(search);
    if (bonesOnly) {
        const std::vector<uint32_t> bones = table.bones();
        std::erase_if(hits, [&](uint32_t v) { return !std::binary_search(bones.begin(), bones.end(), v); });
    }
    std::vector<Label> out;
    for (const Segment& seg : doc.labels().segments())
        if (std::binary_search(hits.begin(), hits.end(), uint32_t(seg.id))) out.push_back(seg.id);
    return out;
}

void lockAllOthers(Document& doc, Label keep) {
    ScopedStep step(doc.editor(), "Lock all segments but one");
    for (const Segment& seg : std::vector<Segment>(doc.labels().segments()))
        if (seg.locked != (seg.id != keep)) doc.editor().setSegmentLocked(seg.id, seg.id != keep);
    step.commit();
}

void unlockAll(Document& doc) {
    ScopedStep step(doc.editor(), "Unlock all segments");
    for (const Segment& seg : std::vector<Segment>(doc.labels().segments()))
        if (seg.locked) doc.editor().setSegmentLocked(seg.id, false);
    step.commit();
}

void showAllSegments(LabelMap& map, bool visible) {
    for (const Segment& seg : std::vector<Segment>(map.segments())) map.setSegmentVisible(seg.id, visible);
}

void showBonesOnly(LabelMap& map) {
    for (const Segment& seg : std::vector<Segment>(map.segments())) map.setSegmentVisible(seg.id, isBone(seg.name));
}

void deleteSegmentJob(ViewerState& s, Label id) {
    if (s.edit.segment == id) s.edit.segment = 0;
    runEditJob(s, "delete segment", [id](Document& doc, const ProgressFn&) {
        const std::string name = doc.labels().segment(id) ? doc.labels().segment(id)->name : std::to_string(id);
        doc.editor().removeSegment(id);
        return "deleted segment " + name;
    });
}

void mergeSegmentJob(ViewerState& s, Label from, Label into) {
    if (from == into || into == 0) {
        s.message = "merge: choose another segment to merge into";
        return;
    }
    s.edit.segment = into;
    runEditJob(s, "merge segments", [from, into](Document& doc, const ProgressFn&) {
        const size_t moved = doc.labels().countLabel(from);
        doc.editor().mergeSegments(into, from);
        return "merged " + std::to_string(moved) + " voxels into " + doc.labels().segment(into)->name;
    });
}

void relabelSegmentJob(ViewerState& s, Label id, int to) {
    if (to < 1 || to > int(kMaxLabel)) {
        s.message = "relabel: the new value must be 1.." + std::to_string(int(kMaxLabel));
        return;
    }
    if (const Segment* taken = s.doc->labels().segment(Label(to)); taken && taken->id != id) {
        s.message = "relabel: value " + std::to_string(to) + " is taken by '" + taken->name + "'";
        return;
    }
    if (s.edit.segment == id) s.edit.segment = Label(to);
    runEditJob(s, "relabel segment", [id, to](Document& doc, const ProgressFn&) {
        doc.editor().relabelSegment(id, Label(to));
        return "'" + doc.labels().segment(Label(to))->name + "' now has the value " + std::to_string(to);
    });
}

void splitByIslandsJob(ViewerState& s, Label id) {
    runEditJob(s, "split by islands", [id](Document& doc, const ProgressFn& progress) {
        tools::IslandsParams p;
        p.operation = tools::IslandOperation::SplitIntoSegments;
        p.segment = id;
        const auto r = tools::islands(doc.editor(), p, progress);
        return "split into " + std::to_string(r.newSegments.size() + 1) + " segments (" +
               std::to_string(r.newSegments.size()) + " new)";
    });
}

SegmentStats segmentStats(ViewerState& s, Label id) {
    SegmentStats out;
    if (!s.doc) return out;
    SegmentStatsCache& c = s.segmentsUi.stats;
    const Volume& original = s.doc->originalLabels();  // jobs never replace it
    const double ml = voxelMl(s.doc->image().geometry());
    out.hasOriginal = !original.empty();
    if (s.busy()) {
        out.fresh = false;  // a job owns the label map: show what was counted before it
    } else {
        const LabelsKey now = keyOf(s);
        LabelsKey originalKey = now;
        originalKey.version = 0;
        if (!c.haveOriginal || !(c.originalKey == originalKey)) {  // once per loaded label map
            c.originalCounts.assign(size_t(kMaxLabel) + 1, 0);
            if (!original.empty())
                for (const auto& [value, count] : labelHistogram(original))
                    if (value <= kMaxLabel) c.originalCounts[value] = count;
            c.originalKey = originalKey;
            c.haveOriginal = true;
        }
        if (!c.haveNow || c.segment != id || !(c.nowKey == now)) {
            if (s.edit.stroke && c.haveNow && c.segment == id) {
                out.fresh = false;  // the count would change every frame of the stroke
            } else {
                c.nowCount = s.doc->labels().countLabel(id);
                c.segment = id;
                c.nowKey = now;
                c.haveNow = true;
            }
        }
    }
    if (c.haveOriginal) {
        out.originalVoxels = c.originalCounts[id];
        out.originalMl = double(out.originalVoxels) * ml;
    }
    if (c.haveNow && c.segment == id) {
        out.nowVoxels = c.nowCount;
        out.nowMl = double(out.nowVoxels) * ml;
    } else {
        out.fresh = false;
    }
    return out;
}

render::LabelColors differenceColors() {
    render::LabelColors c{};
    c[1] = {40, 230, 40, 200};   // added: green
    c[2] = {255, 0, 255, 200};   // removed: magenta
    return c;
}

bool updateDifferenceOverlay(ViewerState& s) {
    StageTimer timer("overlay");  // the latency trace's "overlay"
    DifferenceOverlayState& d = s.segmentsUi.difference;
    if (!d.enabled || !s.doc) {
        if (d.shown) {
            s.maskOverlay = Volume();
            s.maskOverlayDirty = true;
            d.shown = false;
        }
        return false;
    }
    if (s.busy()) return false;  // the job owns the label map: catch up when it ends
    const LabelsKey now = keyOf(s);
    if (d.shown && d.key == now) return false;
    const Document& doc = *s.doc;
    const ImageGeometry& g = doc.image().geometry();
    DifferenceCounts counts{d.added, d.removed};
    // Same document, original and label map, moved forward, and our volume still in place:
    // only the voxels changed since then (the label map's change log, which undo and redo
    // write too) are compared again, and only their box is re-uploaded.
    LabelsKey sameMap = d.key;
    sameMap.version = now.version;
    const bool incremental = d.shown && sameMap == now && now.version > d.key.version &&
                             s.maskOverlay.type() == ScalarType::UInt8 && s.maskOverlay.geometry().dims() == g.dims();
    if (incremental) {
        const VoxelBox box = doc.labels().changedSince(d.key.version).intersect(VoxelBox::of(g));
        doc.updateDifference(box, s.maskOverlay, counts);
        s.maskOverlayDirtyBox.include(box);
    } else {
        s.maskOverlay = Volume(g, ScalarType::UInt8, true);
        counts = {};
        doc.updateDifference(VoxelBox::of(g), s.maskOverlay, counts);
        s.maskColors = differenceColors();
        s.maskOverlayDirty = true;
    }
    d.added = counts.added;
    d.removed = counts.removed;
    d.shown = true;
    d.key = now;
    return true;
}

void labelsReplaced(ViewerState& s) {
    s.edit.stroke.reset();
    s.edit.click.forgetMarks();  // drawn on the map just replaced
    ++s.segmentsUi.generation;
    s.segmentsUi.editing = s.segmentsUi.mergeInto = 0;
    const auto& segments = s.doc->labels().segments();
    s.edit.segment = segments.empty() ? 0 : segments.front().id;
    s.labelsDirty = s.view3dDirty = true;
    if (!s.doc->recoveryProblem().empty()) s.message = "autosave is off: " + s.doc->recoveryProblem();
}

bool loadLabelsOnto(ViewerState& s, const std::string& path) {
    if (!s.doc || s.volume().empty()) {
        s.message = path + ": open an image before its label map";
        return false;
    }
    if (s.busy()) {
        s.message = "busy: " + s.job.name() + " is still running";
        return false;
    }
    try {
        s.edit.stroke.reset();
        const std::vector<std::string> notes = s.doc->loadLabels(path);
        labelsReplaced(s);
        const auto& segments = s.doc->labels().segments();
        s.message = "labels: " + path + " (" + std::to_string(segments.size()) + " segments, locked: unlock to edit)";
        for (const auto& note : notes) s.message += "\n" + note;
        return true;
    } catch (const std::exception& e) {
        s.message = e.what();
        return false;
    }
}

}  // namespace marrow::ui
