#include "seg/tools/slice_marking.h"

#include <tbb/parallel_for.h>

#include "seg/algo/regions.h"
#include "seg/tools/scissors.h"
#include "seg/tools/tool_common.h"

namespace marrow::tools {

std::vector<int> SliceMarks::slices(Label segment, int axis, const History& history) const {
    auto it = marks_.find(segment);
    if (it == marks_.end() || axis < 0 || axis > 2) return {};
    // Marks from before the segment last left the table were drawn on a segment that is gone.
    const uint64_t gone = history.lastStepWithout(segment);
    std::vector<int> out;
    for (const auto& [slice, states] : it->second[size_t(axis)])
        for (uint64_t state : states)
            if (state >= gone && history.isApplied(state)) {
                out.push_back(slice);
                break;
            }
    return out;
}

EditResult markSlice(LabelMapEditor& editor, const SliceContourParams& p, SliceMarks& marks) {
    ScissorsSliceParams s;
    s.axis = p.axis;
    s.slice = p.slice;
    s.polygonLps = p.contourLps;
    s.mode = p.erase ? ScissorsMode::EraseInside : ScissorsMode::FillInside;
    s.segment = p.segment;
    s.options = p.options;
    const EditResult r = scissorsSlice(editor, s);  // validates axis, slice and polygon
    // The state this contour belongs to: its own step's serial. Inside an open step that
    // step is pushed on endStep() (nothing else is pushed before), so it gets nextSerial().
    const History& h = editor.history();
    const bool changed = r.changedVoxels > 0;
    marks.mark(p.segment, p.axis, p.slice, !changed ? h.state() : editor.inStep() ? h.nextSerial() : h.state());
    return r;
}

EditResult fillBetweenSlices(LabelMapEditor& editor, const FillBetweenParams& p, const SliceMarks& marks,
                             const ProgressFn& progress) {
    const LabelMap& lm = editor.map();
    if (p.axis < 0 || p.axis > 2) throw Error("", "fill between slices: axis must be 0, 1 or 2");
    const std::vector<int> slices = marks.slices(p.segment, p.axis, editor.history());
    if (slices.size() < 2) throw Error("", "fill between slices: mark at least two slices first");
    reportProgress(progress, 0.0, "fill between slices");
    // Only the marked slices' content is authoritative: clear the rest before interpolating.
    Mask marked = lm.segmentMask(p.segment);
    const ImageGeometry& g = lm.geometry();
    std::vector<uint8_t> isMarked(size_t(g.dim(p.axis)), 0);
    for (int s : slices)
        if (s >= 0 && s < g.dim(p.axis)) isMarked[size_t(s)] = 1;
    tbb::parallel_for(0, g.dim(2), [&](int k) {
        for (int j = 0; j < g.dim(1); ++j)
            for (int i = 0; i < g.dim(0); ++i) {
                const int idx[3] = {i, j, k};
                if (!isMarked[size_t(idx[p.axis])]) marked.at(i, j, k) = 0;
            }
    });
    const Mask filled = interpolateSlices(marked, slices, p.axis);
    reportProgress(progress, 0.8, "fill between slices");
    const EditResult r = editor.apply(Modifier::of(filled), EditMode::Set, p.segment, p.options, "Fill between slices");
    reportProgress(progress, 1.0, "fill between slices");
    return r;
}

}  // namespace marrow::tools
