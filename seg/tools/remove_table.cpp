#include "seg/tools/remove_table.h"

#include <cmath>

#include "seg/algo/regions.h"

namespace marrow::tools {

RemoveTableResult removeTable(LabelMapEditor& editor, const Volume& ct, const RemoveTableParams& p,
                              const ProgressFn& progress) {
    if (std::isnan(p.minHu)) throw Error("", "remove table: the body threshold must be a number");
    if (ct.geometry().dims() != editor.map().geometry().dims())
        throw Error("", "remove table: the volume is not on the label map's grid");
    reportProgress(progress, 0.0, "remove table");
    RemoveTableResult r;
    r.body = bodyMask(ct, p.minHu);
    reportProgress(progress, 0.8, "remove table");
    // Erase any (unlocked) label outside the body.
    r.edit = editor.apply(Modifier::of(r.body, true), EditMode::Erase, 0, {}, "Remove table");
    reportProgress(progress, 1.0, "remove table");
    return r;
}

}  // namespace marrow::tools
