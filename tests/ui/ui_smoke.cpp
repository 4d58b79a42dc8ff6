// Draws every tab of the dashboard for a few frames with ImGui and no renderer: layout code runs for real (fonts,
// tables, charts, notices), ImGui's own assertions are counted (imconfig_revlens.h) and must stay at zero.
#include "ui/app.h"
#include "ui/imconfig_revlens.h"
#include "ui/theme.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

const char* kInter = "/usr/share/fonts/opentype/inter/Inter-Regular.otf";
const char* kInterSemi = "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf";

struct Ui {
    explicit Ui(float dpr = 2.0f) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DisplayFramebufferScale = ImVec2(dpr, dpr);
        io.DeltaTime = 1.0f / 60;
        ui::load_fonts(io, dpr, kInter, kInterSemi);
        unsigned char* px = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
        ui::apply_theme(false);
    }
    ~Ui() { ImGui::DestroyContext(); }
    // Returns the number of vertices drawn.
    int frame(ui::App& app) {
        ImGui::NewFrame();
        app.frame();
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }
};

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

} // namespace

TEST(UiSmoke, FontsCoverLatinExtendedAtDeviceScale) {
    Ui ui(2.0f);
    ImFont* f = ui::fonts().body;
    ASSERT_NE(f, nullptr);
    // "Þórunn Ægisdóttir": Þ U+00DE, ó U+00F3, Æ U+00C6; Latin Extended-A: ł U+0142, Ş U+015E
    for (ImWchar c : {0x00DE, 0x00F3, 0x00C6, 0x0142, 0x015E, 0x2014, 0x20AC})
        EXPECT_NE(f->FindGlyphNoFallback(c), nullptr) << "glyph U+" << std::hex << c;
    // Rasterised at 2x (14 px body text -> 28 px), laid out at 1x.
    EXPECT_FLOAT_EQ(f->FontSize, 28.0f);
    EXPECT_FLOAT_EQ(ImGui::GetIO().FontGlobalScale, 0.5f);
}

TEST(UiSmoke, EmptyStateDraws) {
    Ui ui;
    ui::App app;
    int opened = 0;
    app.host.open_files = [&] { ++opened; };
    EXPECT_GT(ui.frame(app), 100);
    EXPECT_GT(ui.frame(app), 100);
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}

TEST(UiSmoke, EveryTabDrawsWithSampleData) {
    Ui ui;
    ui::App app;
    app.load_sample();
    for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
        app.set_tab(static_cast<ui::Tab>(t));
        for (int i = 0; i < 3; ++i) EXPECT_GT(ui.frame(app), 200) << ui::tab_name(static_cast<ui::Tab>(t));
    }
    app.dark = true;
    ui::apply_theme(true);
    for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
        app.set_tab(static_cast<ui::Tab>(t));
        ui.frame(app);
    }
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}

TEST(UiSmoke, EveryTabDrawsWithFixtures) {
    Ui ui;
    ui::App app;
    for (const char* f : {"/hubspot/hubspot_deals.json", "/stripe/stripe_subscriptions.json",
                          "/salesforce/salesforce_opportunities.json", "/zoho/zoho-crm_leads.json"}) {
        auto bytes = read_file(std::string(REVLENS_FIXTURES) + f);
        ASSERT_FALSE(bytes.empty()) << f;
        app.load(f, bytes);
    }
    for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
        app.set_tab(static_cast<ui::Tab>(t));
        for (int i = 0; i < 2; ++i) EXPECT_GT(ui.frame(app), 100);
    }
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}

TEST(UiSmoke, BadFileKeepsWhatWasLoaded) {
    Ui ui;
    ui::App app;
    app.load_sample();
    std::string before = app.report_json();
    const std::string junk = "{\"not\": \"an export\"";
    auto rep = app.load("junk.json", std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(junk.data()),
                                                                junk.size()));
    EXPECT_FALSE(rep.ok);
    EXPECT_NE(rep.error.find("junk.json"), std::string::npos) << rep.error;
    EXPECT_EQ(app.report_json(), before);
    EXPECT_GT(ui.frame(app), 100);
}
