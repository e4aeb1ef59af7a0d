#include "seg/tools/smoothing.h"

#include <cmath>

#include "seg/algo/morphology.h"

namespace marrow::tools {

const char* smoothingName(SmoothingOperation op) {
    switch (op) {
        case SmoothingOperation::Closing: return "Closing";
        case SmoothingOperation::Opening: return "Opening";
        case SmoothingOperation::Dilate: return "Dilate";
        case SmoothingOperation::Erode: return "Erode";
        case SmoothingOperation::Median: return "Median";
        case SmoothingOperation::FillHoles2D: return "Fill holes (per slice)";
        case SmoothingOperation::FillHoles3D: return "Fill holes (3D)";
    }
    return "Smoothing";
}

EditResult smooth(LabelMapEditor& editor, const SmoothingParams& p, const ProgressFn& progress) {
    if (!(p.radiusMm >= 0) || !(p.radiusMm <= kMaxSmoothingRadiusMm))
        throw Error("", std::string(smoothingName(p.operation)) + ": the radius must be 0 to " +
                            std::to_string(int(kMaxSmoothingRadiusMm)) + " mm");
    if (p.operation == SmoothingOperation::FillHoles2D && (p.sliceAxis < 0 || p.sliceAxis > 2))
        throw Error("", "fill holes: slice axis must be 0, 1 or 2");
    const Segment* seg = editor.map().segment(p.segment);
    if (!seg) throw Error("", "smoothing: no segment with id " + std::to_string(int(p.segment)));
    if (seg->locked) throw Error("", "smoothing: segment '" + seg->name + "' is locked");
    reportProgress(progress, 0.0, smoothingName(p.operation));
    const Mask m = editor.map().segmentMask(p.segment);
    Mask r;
    switch (p.operation) {
        case SmoothingOperation::Closing: r = close(m, p.radiusMm); break;
        case SmoothingOperation::Opening: r = open(m, p.radiusMm); break;
        case SmoothingOperation::Dilate: r = dilate(m, p.radiusMm); break;
        case SmoothingOperation::Erode: r = erode(m, p.radiusMm); break;
        case SmoothingOperation::Median: r = median(m, p.radiusMm); break;
        case SmoothingOperation::FillHoles2D: r = fillHoles2D(m, p.sliceAxis); break;
        case SmoothingOperation::FillHoles3D: r = fillHoles3D(m); break;
    }
    reportProgress(progress, 0.8, smoothingName(p.operation));
    ScopedStep step(editor, smoothingName(p.operation));
    editor.apply(Modifier::of(r), EditMode::Set, p.segment, p.options);
    editor.apply(Modifier::of(r, true), EditMode::Erase, p.segment);
    const EditResult result = step.commit();
    reportProgress(progress, 1.0, smoothingName(p.operation));
    return result;
}

}  // namespace marrow::tools
