// Colours, fonts and spacing: one colour per team used everywhere (Okabe-Ito, colour-blind safe), light and dark.
#pragma once
#include <imgui.h>

#include <string>

namespace ui {

struct Fonts {
    ImFont* body = nullptr;     // 14 px
    ImFont* small = nullptr;    // 12 px
    ImFont* heading = nullptr;  // 16 px semibold
    ImFont* kpi = nullptr;      // 24 px semibold: the big numbers on cards
};
Fonts& fonts();

// Rasterises Inter at `scale` (devicePixelRatio) with Latin-1, Latin Extended-A and the symbols we draw, and sets
// FontGlobalScale so ImGui still lays out in CSS pixels. Falls back to ImGui's built-in font when a file is missing.
void load_fonts(ImGuiIO& io, float scale, const std::string& regular_otf, const std::string& semibold_otf);

void apply_theme(bool dark);
bool is_dark();

enum class TeamColor { marketing, sales, success, revops, neutral };
ImU32 team_color(TeamColor t, float alpha = 1.0f);
ImU32 series_color(int i, float alpha = 1.0f);   // categorical palette for chart series
ImU32 text_color(float alpha = 1.0f);
ImU32 muted_text_color();
ImU32 grid_color();
ImU32 good_color();
ImU32 bad_color();
ImU32 card_color();

} // namespace ui
