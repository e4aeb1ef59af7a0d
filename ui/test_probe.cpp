#include "ui/test_probe.h"

#include <imgui.h>

#include <array>
#include <cmath>
#include <map>

namespace marrow::ui {
namespace {

struct Probe {
    std::array<int, 4> rect{};
    bool printed = false;
};

std::map<std::string, Probe>& probes() {
    static std::map<std::string, Probe> all;  // UI thread only
    return all;
}

}  // namespace

void probeItem(const std::string& id) {
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const std::array<int, 4> r{int(std::lround(lo.x)), int(std::lround(lo.y)), int(std::lround(hi.x - lo.x)),
                               int(std::lround(hi.y - lo.y))};
    Probe& p = probes()[id];
    if (p.rect != r) p = {r, false};
}

std::vector<std::string> takeProbeLines() {
    std::vector<std::string> out;
    for (auto& [id, p] : probes()) {
        if (p.printed) continue;
        out.push_back("WIDGET " + id + " " + std::to_string(p.rect[0]) + " " + std::to_string(p.rect[1]) + " " +
                      std::to_string(p.rect[2]) + " " + std::to_string(p.rect[3]));
        p.printed = true;
    }
    return out;
}

}  // namespace marrow::ui
