#include "ui/test_probe.h"

#include <imgui.h>

#include <array>
#include <cstdio>
#include <map>

namespace marrow::ui {
namespace {

struct Probe {
    std::array<float, 4> rect{};
    bool reported = false;
};
std::map<std::string, Probe>& probes() {
    static std::map<std::string, Probe> p;  // UI thread only
    return p;
}

}  // namespace

void probeItem(const std::string& id) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const std::array<float, 4> rect{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y};
    Probe& p = probes()[id];
    if (p.rect != rect) p = {rect, false};
}

std::vector<std::string> takeProbeLines() {
    std::vector<std::string> out;
    for (auto& [id, p] : probes()) {
        if (p.reported) continue;
        char line[256];
        std::snprintf(line, sizeof line, "WIDGET %s %.0f %.0f %.0f %.0f", id.c_str(), p.rect[0], p.rect[1], p.rect[2],
                      p.rect[3]);
        out.push_back(line);
        p.reported = true;
    }
    return out;
}

}  // namespace marrow::ui
