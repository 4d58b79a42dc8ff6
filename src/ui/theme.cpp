#include "ui/theme.h"

#include <cstdio>

namespace ui {

namespace {
bool g_dark = false;
Fonts g_fonts;

bool file_exists(const std::string& path) {
    if (FILE* f = std::fopen(path.c_str(), "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

ImU32 rgb(unsigned hex, float alpha) {
    return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, static_cast<int>(alpha * 255.0f + 0.5f));
}
} // namespace

Fonts& fonts() { return g_fonts; }

void load_fonts(ImGuiIO& io, float scale, const std::string& regular_otf, const std::string& semibold_otf) {
    if (scale < 1.0f) scale = 1.0f;
    io.Fonts->Clear();
    // Latin-1 Supplement and Latin Extended-A (names such as "Þórunn Ægisdóttir"), plus the symbols the UI draws:
    // en/em dash, ellipsis, bullet, arrows, triangles, ≤ ≥ ×.
    // Latin-1 and Extended-A, Greek (the Δ and Σ of definitions), dashes, bullet, ellipsis, euro, arrows (→ ↔),
    // minus, ≤ ≥, the ▲▼ of deltas, and U+FFFD (what importers put for undecodable bytes)
    static const ImWchar ranges[] = {0x0020, 0x017F, 0x0370, 0x03FF, 0x2013, 0x2014, 0x2022, 0x2022, 0x2026, 0x2026,
                                     0x20AC, 0x20AC, 0x2190, 0x2194, 0x2212, 0x2212, 0x2264, 0x2265,
                                     0x25B2, 0x25B2, 0x25BC, 0x25BC, 0xFFFD, 0xFFFD, 0};
    ImFontConfig cfg;
    cfg.OversampleH = 1; // rasterised at the device scale already: no need to oversample
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    auto add = [&](const std::string& path, float px) -> ImFont* {
        if (!path.empty() && file_exists(path))
            return io.Fonts->AddFontFromFileTTF(path.c_str(), px * scale, &cfg, ranges);
        ImFontConfig fallback;
        fallback.SizePixels = px * scale;
        return io.Fonts->AddFontDefault(&fallback);
    };
    g_fonts.body = add(regular_otf, 14.0f);
    g_fonts.small = add(regular_otf, 12.0f);
    g_fonts.heading = add(semibold_otf.empty() ? regular_otf : semibold_otf, 16.0f);
    g_fonts.kpi = add(semibold_otf.empty() ? regular_otf : semibold_otf, 24.0f);
    io.FontDefault = g_fonts.body;
    io.FontGlobalScale = 1.0f / scale;
    io.Fonts->Build();
}

bool is_dark() { return g_dark; }

void apply_theme(bool dark) {
    g_dark = dark;
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    if (dark) ImGui::StyleColorsDark(&s); else ImGui::StyleColorsLight(&s);
    s.WindowRounding = 0;
    s.ChildRounding = 8;
    s.FrameRounding = 6;
    s.PopupRounding = 6;
    s.GrabRounding = 6;
    s.TabRounding = 6;
    s.ScrollbarRounding = 6;
    s.WindowBorderSize = 0;
    s.ChildBorderSize = 1;
    s.FrameBorderSize = 0;
    s.WindowPadding = ImVec2(16, 12);
    s.FramePadding = ImVec2(10, 6);
    s.ItemSpacing = ImVec2(10, 8);
    s.CellPadding = ImVec2(8, 5);
    s.ScrollbarSize = 12;
    ImVec4* c = s.Colors;
    auto col = [](unsigned hex, float a = 1.0f) {
        return ImVec4(((hex >> 16) & 0xFF) / 255.0f, ((hex >> 8) & 0xFF) / 255.0f, (hex & 0xFF) / 255.0f, a);
    };
    if (dark) {
        c[ImGuiCol_WindowBg] = col(0x15181E);
        c[ImGuiCol_ChildBg] = col(0x1C2028);
        c[ImGuiCol_PopupBg] = col(0x222731);
        c[ImGuiCol_Border] = col(0x2E3440);
        c[ImGuiCol_Text] = col(0xE6E8EC);
        c[ImGuiCol_TextDisabled] = col(0x8B93A1);
        c[ImGuiCol_FrameBg] = col(0x262B35);
        c[ImGuiCol_FrameBgHovered] = col(0x2F3541);
        c[ImGuiCol_FrameBgActive] = col(0x353C4A);
        c[ImGuiCol_Button] = col(0x2A3140);
        c[ImGuiCol_ButtonHovered] = col(0x34405A);
        c[ImGuiCol_ButtonActive] = col(0x3D4B6B);
        c[ImGuiCol_Header] = col(0x2A3140);
        c[ImGuiCol_HeaderHovered] = col(0x34405A);
        c[ImGuiCol_HeaderActive] = col(0x3D4B6B);
        c[ImGuiCol_Tab] = col(0x1C2028);
        c[ImGuiCol_TabHovered] = col(0x34405A);
        c[ImGuiCol_TabActive] = col(0x2F3B52);
        c[ImGuiCol_TableHeaderBg] = col(0x222731);
        c[ImGuiCol_TableRowBgAlt] = col(0xFFFFFF, 0.03f);
        c[ImGuiCol_MenuBarBg] = col(0x1C2028);
    } else {
        c[ImGuiCol_WindowBg] = col(0xF5F6F8);
        c[ImGuiCol_ChildBg] = col(0xFFFFFF);
        c[ImGuiCol_PopupBg] = col(0xFFFFFF);
        c[ImGuiCol_Border] = col(0xE1E4EA);
        c[ImGuiCol_Text] = col(0x1F2430);
        c[ImGuiCol_TextDisabled] = col(0x6B7383);
        c[ImGuiCol_FrameBg] = col(0xEEF0F4);
        c[ImGuiCol_FrameBgHovered] = col(0xE4E8EF);
        c[ImGuiCol_FrameBgActive] = col(0xDCE1EA);
        c[ImGuiCol_Button] = col(0xE8ECF3);
        c[ImGuiCol_ButtonHovered] = col(0xD9E1EE);
        c[ImGuiCol_ButtonActive] = col(0xC9D5E8);
        c[ImGuiCol_Header] = col(0xE8ECF3);
        c[ImGuiCol_HeaderHovered] = col(0xDCE4F0);
        c[ImGuiCol_HeaderActive] = col(0xCCD8EA);
        c[ImGuiCol_Tab] = col(0xF5F6F8);
        c[ImGuiCol_TabHovered] = col(0xDCE4F0);
        c[ImGuiCol_TabActive] = col(0xFFFFFF);
        c[ImGuiCol_TableHeaderBg] = col(0xF0F2F6);
        c[ImGuiCol_TableRowBgAlt] = col(0x000000, 0.025f);
        c[ImGuiCol_MenuBarBg] = col(0xFFFFFF);
    }
}

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
ImU32 team_color(TeamColor t, float alpha) {
    switch (t) {
    case TeamColor::marketing: return rgb(0xE69F00, alpha);  // orange
    case TeamColor::sales: return rgb(0x0072B2, alpha);      // blue
    case TeamColor::success: return rgb(0x009E73, alpha);    // bluish green
    case TeamColor::revops: return rgb(0xCC79A7, alpha);     // reddish purple
    case TeamColor::neutral: break;
    }
    return rgb(g_dark ? 0x8B93A1 : 0x6B7383, alpha);
}

ImU32 series_color(int i, float alpha) {
    static const unsigned k[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, 0xD55E00, 0xF0E442, 0x999999};
    return rgb(k[static_cast<unsigned>(i) % 8], alpha);
}
ImU32 text_color(float alpha) { return rgb(g_dark ? 0xE6E8EC : 0x1F2430, alpha); }
ImU32 muted_text_color() { return rgb(g_dark ? 0x8B93A1 : 0x6B7383, 1.0f); }
ImU32 grid_color() { return rgb(g_dark ? 0x2E3440 : 0xE6E9EE, 1.0f); }
ImU32 good_color() { return rgb(0x009E73, 1.0f); }
ImU32 bad_color() { return rgb(0xD55E00, 1.0f); }
ImU32 card_color() { return rgb(g_dark ? 0x1C2028 : 0xFFFFFF, 1.0f); }

} // namespace ui
