#pragma once
// A panel's explanatory line: the disabled text colour, wrapped at the panel's edge. ImGui's
// TextDisabled never wraps, so in the 330 px side panel a hint such as "press M (or
// double-click, navigating) to maximise a view" was cut off (issue 11: no truncated labels).
namespace marrow::ui {

void hintText(const char* fmt, ...);

}  // namespace marrow::ui
