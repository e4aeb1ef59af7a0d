// Statistics of every segment (voxels, mL, mean/min/max HU, box in mm), computed on the
// background job when asked, shown until the labels change.
#include <imgui.h>

#include <cmath>

#include "ui/hint_text.h"
#include "ui/panels.h"
#include "ui/tool_actions.h"

namespace marrow::ui {

void statisticsSection(ViewerState& s) {
    if (!s.doc || !ImGui::CollapsingHeader("Statistics")) return;
    if (ImGui::Button("Compute statistics")) computeStatistics(s);
    const bool fresh = statisticsFresh(s);
    if (!s.tools.statistics.result || s.busy()) return;
    if (!fresh) hintText("(the labels changed since: compute again)");
    for (const tools::SegmentStats& st : *s.tools.statistics.result) {
        const Segment* seg = s.doc->labels().segment(st.id);
        ImGui::Text("%d %s: %zu voxels, %.2f mL", int(st.id), seg ? seg->name.c_str() : "?", st.voxels, st.volumeMl);
        if (st.voxels == 0) continue;
        if (!std::isnan(st.mean)) ImGui::Text("   HU mean %.1f, min %.0f, max %.0f", st.mean, st.min, st.max);
        ImGui::Text("   box %.1f,%.1f,%.1f .. %.1f,%.1f,%.1f mm", st.boxLoMm.x, st.boxLoMm.y, st.boxLoMm.z, st.boxHiMm.x,
                    st.boxHiMm.y, st.boxHiMm.z);
    }
}

}  // namespace marrow::ui
