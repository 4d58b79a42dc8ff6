// Draws every tab of the dashboard for a few frames with ImGui and no renderer: layout code runs for real (fonts,
// tables, charts, notices), ImGui's own assertions are counted (imconfig_revlens.h) and must stay at zero.
#include "ui/app.h"
#include "ui/imconfig_revlens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <gtest/gtest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
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
    // and what the views write: Δ, Σ (definitions), → ↔ (handoffs, matching), ▲ ▼ (deltas)
    for (ImWchar c : {0x00DE, 0x00F3, 0x00C6, 0x0142, 0x015E, 0x2014, 0x20AC, 0x0394, 0x03A3, 0x2192, 0x2194, 0x25B2,
                      0x25BC})
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

// Edge cases each view must draw without an ImGui assertion: one deal, deals without billing data or stage
// history, leads only, and a period with nothing in it.
TEST(UiSmoke, EveryTabDrawsOnEdgeCaseData) {
    const char* cases[] = {
        // one deal (no billing data, no stage history, no leads)
        R"({"revenue_lens":1,"deals":[{"id":"D1","name":"Only deal","state":"won","amount":1200,
            "created_at":"2025-01-10","closed_at":"2025-02-01","owner":"\u00DE\u00F3runn \u00C6gisd\u00F3ttir"}]})",
        // open deals only, one without an amount, one in a currency without a rate
        R"({"revenue_lens":1,"deals":[{"id":"D1","state":"open","amount":500,"created_at":"2025-01-10",
            "expected_close":"2025-03-01"},{"id":"D2","state":"open","created_at":"2025-01-11"},
            {"id":"D3","state":"open","amount":900,"currency":"SEK","created_at":"2025-01-12"}]})",
        // leads only
        R"({"revenue_lens":1,"leads":[{"id":"L1","created_at":"2025-01-01","lead_at":"2025-01-01",
            "mql_at":"2025-01-05"},{"id":"L2","created_at":"2025-02-01","sql_at":"2025-02-03"}]})",
    };
    for (const char* c : cases) {
        Ui ui;
        ui::App app;
        std::string text(c);
        auto rep = app.load("edge.json", std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()),
                                                                    text.size()));
        ASSERT_TRUE(rep.ok) << rep.error;
        for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
            app.set_tab(static_cast<ui::Tab>(t));
            for (int i = 0; i < 2; ++i) EXPECT_GT(ui.frame(app), 100) << ui::tab_name(static_cast<ui::Tab>(t));
        }
        // a custom period with nothing in it
        std::string err;
        ASSERT_TRUE(app.set_filter_json(R"({"period":"custom","from":"2010-01-01","to":"2010-12-31"})", err)) << err;
        for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
            app.set_tab(static_cast<ui::Tab>(t));
            EXPECT_GT(ui.frame(app), 100);
        }
    }
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}

TEST(UiSmoke, DrillDownsDrawAndCountTheRecordsBehind) {
    Ui ui;
    ui::App app;
    std::string text = R"({"revenue_lens":1,"deals":[
        {"id":"W1","state":"won","amount":100,"created_at":"2025-01-10","closed_at":"2025-02-01"},
        {"id":"W2","state":"won","amount":300,"created_at":"2025-01-11","closed_at":"2025-03-01"},
        {"id":"L1","state":"lost","amount":50,"created_at":"2025-01-12","closed_at":"2025-03-02"},
        {"id":"O1","state":"open","amount":70,"created_at":"2025-01-13","expected_close":"2025-04-01"}]})";
    ASSERT_TRUE(app.load("d.json", std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()),
                                                            text.size())).ok);
    // as_of = 2025-03-02 (latest event); the default period holds all of it.
    app.open_drill("bookings", "", "Bookings");        // the two won deals
    EXPECT_TRUE(app.drill_open());
    EXPECT_EQ(app.drill_rows(), 2u);
    EXPECT_GT(ui.frame(app), 100);
    app.open_drill("win_rate", "", "Closed");          // won and lost: 3
    EXPECT_EQ(app.drill_rows(), 3u);
    app.open_drill("open_pipeline", "", "Open");       // one open deal
    EXPECT_EQ(app.drill_rows(), 1u);
    EXPECT_GT(ui.frame(app), 100);
    app.close_drill();
    EXPECT_FALSE(app.drill_open());
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}

TEST(UiSmoke, ViewStateRoundTripsAndBadViewsAreRefused) {
    ui::App app;
    app.load_sample();
    std::string err;
    ASSERT_TRUE(app.set_filter_json(R"({"period":"last_quarter","owner":"Kenji Watanabe"})", err)) << err;
    app.set_tab(ui::Tab::sales);
    const std::string view = app.view_json();
    ui::App other;
    other.load_sample();
    ASSERT_TRUE(other.set_view_json(view, err)) << err;
    EXPECT_EQ(other.view_json(), view);
    EXPECT_EQ(other.tab(), ui::Tab::sales);
    EXPECT_EQ(other.report_json(), app.report_json());
    // a broken view changes nothing and says why
    EXPECT_FALSE(other.set_view_json(R"({"tab":"nope"})", err));
    EXPECT_FALSE(err.empty());
    EXPECT_EQ(other.view_json(), view);
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

// Every table a view draws itself has a CSV button (ids "<tab>.<name>"); asked for by id, the next frame saves it
// through host.download with a header row and raw values. The owner leaderboard's rows are checked against the
// Report JSON (the same numbers, read independently of the CSV code).
namespace {
std::vector<std::vector<std::string>> parse_csv(const std::string& text) { // enough of RFC 4180 for the test
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') rows.back().back() += '"', ++i;
            else if (c == '"') quoted = false;
            else rows.back().back() += c;
        } else if (c == '"') quoted = true;
        else if (c == ',') rows.back().emplace_back();
        else if (c == '\r') continue;
        else if (c == '\n') rows.emplace_back(1);
        else rows.back().back() += c;
    }
    if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
    return rows;
}
} // namespace

TEST(UiSmoke, ViewTablesExportTheirRowsAsCsv) {
    EXPECT_EQ(ui::csv_number(1234), "1234");
    EXPECT_EQ(ui::csv_number(0.1), "0.1");
    EXPECT_EQ(ui::csv_number(2.0 / 3), "0.6666666666666666");
    EXPECT_EQ(ui::csv_number(NAN), "");

    Ui ui;
    ui::App app;
    std::vector<std::pair<std::string, std::string>> saved; // (name, text)
    app.host.download = [&](const std::string& name, const std::string& mime, std::span<const uint8_t> bytes) {
        EXPECT_EQ(mime, "text/csv");
        saved.emplace_back(name, std::string(bytes.begin(), bytes.end()));
    };
    app.load_sample();
    std::vector<std::string> ids;
    for (int t = 0; t < static_cast<int>(ui::Tab::count); ++t) {
        app.set_tab(static_cast<ui::Tab>(t));
        ui.frame(app);
        ui.frame(app);
        for (const std::string& id : app.tables()) {
            EXPECT_EQ(id.substr(0, id.find('.')), ui::tab_key(static_cast<ui::Tab>(t)));
            ids.push_back(id);
        }
    }
    for (const char* id : {"overview.bottlenecks", "marketing.conversion", "marketing.sources", "sales.stages",
                           "sales.owners", "sales.slipped", "sales.stale", "success.cohorts", "forecast.accuracy",
                           "stack.tools", "data.files", "data.quality", "data.per_file"})
        EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
    app.set_tab(ui::Tab::overview);
    ui.frame(app);
    for (const std::string& id : ids) {
        saved.clear();
        app.request_table_csv(id); // switches to the table's tab
        ui.frame(app);
        EXPECT_FALSE(app.table_csv_pending()) << id;
        ASSERT_EQ(saved.size(), 1u) << id;
        auto rows = parse_csv(saved[0].second);
        ASSERT_GE(rows.size(), 2u) << id << ": a header and rows";
        for (const auto& r : rows) EXPECT_EQ(r.size(), rows[0].size()) << id;
    }
    app.request_table_csv("sales.no_such_table");
    ui.frame(app);
    EXPECT_TRUE(app.table_csv_pending());
    app.cancel_table_csv();

    saved.clear();
    app.request_table_csv("sales.owners");
    ui.frame(app);
    ASSERT_EQ(saved.size(), 1u);
    EXPECT_EQ(saved[0].first, "Owner leaderboard.csv");
    auto rows = parse_csv(saved[0].second);
    const nlohmann::json owners = nlohmann::json::parse(app.report_json())["sales"]["owner_leaderboard"];
    ASSERT_EQ(rows.size(), owners.size() + 1);
    EXPECT_EQ(rows[0][0], "Owner");
    EXPECT_EQ(rows[0][1], "Won amount");
    auto number = [](const nlohmann::json& j) { return j.is_null() ? NAN : j.get<double>(); };
    double last_won = INFINITY;
    for (size_t i = 1; i < rows.size(); ++i) {
        const auto& r = rows[i];
        auto it = std::find_if(owners.begin(), owners.end(), [&](const auto& o) { return o["owner"] == r[0]; });
        ASSERT_NE(it, owners.end()) << r[0];
        EXPECT_EQ(std::stod(r[1]), (*it)["won_amount"].get<double>()) << r[0];
        EXPECT_EQ(std::stoll(r[2]), (*it)["won_count"].get<int64_t>());
        EXPECT_EQ(std::stoll(r[3]), (*it)["lost_count"].get<int64_t>());
        double wr = number((*it)["win_rate"]);
        if (std::isnan(wr)) EXPECT_EQ(r[4], "");
        else EXPECT_EQ(std::stod(r[4]), wr);
        EXPECT_EQ(std::stod(r[7]), (*it)["open_pipeline_value"].get<double>());
        EXPECT_EQ(std::stoll(r[8]), (*it)["open_pipeline_count"].get<int64_t>());
        double won = std::stod(r[1]);
        EXPECT_LE(won, last_won) << "shown (and saved) by won amount, largest first";
        last_won = won;
    }
    EXPECT_EQ(revlens_imgui_assert_count(), 0);
}
