// [SECTION] Data: load, sample, remove, clear, settings and filter
// [SECTION] State and report JSON (window.revlens.state() / report())
// [SECTION] Frame: top bar, tabs, empty state, notices
#include "ui/app.h"

#include "core/engine.h"
#include "core/report.h"
#include "sample/generate.h"
#include "ui/format.h"
#include "ui/theme.h"
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace ui {

struct App::Computed {
    core::Engine engine;          // keeps filter-independent work between filter and period changes
    uint64_t engine_version = 0;  // data_version_ the engine last saw
    core::Report report;
    // choices for the filter bar, refreshed when the data changes
    std::vector<std::string> owners, sources, pipelines, segments;
    // the records behind a clicked number
    bool drill_open = false;
    RecordTable drill;
    std::string drill_filter;
    Actions actions;
};

namespace {
// ImGui 1.86 indexes io.KeysDown by the platform's key codes; ours (SDL) are USB HID usage ids.
constexpr int kKey1 = 30; // '1'..'9' are 30..38

std::vector<std::string> distinct(const core::Dataset& ds, auto&& rows, auto&& field) {
    std::vector<uint8_t> seen(ds.strings.size(), 0);
    std::vector<std::string> out;
    for (const auto& r : rows) {
        core::Sym s = field(r);
        if (s && !seen[s]) {
            seen[s] = 1;
            out.emplace_back(ds.str(s));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

const char* tab_name(Tab t) {
    static const char* k[] = {"Overview", "Marketing", "Sales", "Customer success", "Forecast", "Tech stack", "Data"};
    return k[static_cast<int>(t)];
}
const char* tab_key(Tab t) {
    static const char* k[] = {"overview", "marketing", "sales", "success", "forecast", "stack", "data"};
    return k[static_cast<int>(t)];
}

App::App() : computed_(std::make_unique<Computed>()) {
    computed_->actions.drill = [this](const std::string& m, const std::string& k, const std::string& t) {
        open_drill(m, k, t);
    };
    computed_->actions.remove_file = [this](size_t i) { remove_file(i); };
    computed_->actions.clear = [this] { clear(); };
}
App::~App() = default;

// [SECTION] Data ----------------------------------------------------------------------------------------------------
const import::ImportReport& App::load(std::string_view name, std::span<const uint8_t> bytes) {
    return loaded(name, bytes.size(), import::load(name, bytes, dataset_));
}

bool App::prepare_commit(import::Staged& staged) {
    if (staged.interned.empty()) prepared_version_ = data_version_;
    if (prepared_version_ != data_version_) return false; // commit drops what was interned
    constexpr size_t kTextsPerCall = 40000; // ~10-30 ms into a pool of millions of texts
    return import::prepare_commit(staged, dataset_, kTextsPerCall);
}

const import::ImportReport& App::commit(import::Staged&& staged) {
    if (prepared_version_ != data_version_) staged.interned.clear(); // the Dataset changed meanwhile: merge interns
    const std::string name = staged.report.file;
    const uint64_t bytes = staged.report.bytes;
    return loaded(name, bytes, import::commit(std::move(staged), dataset_));
}

const import::ImportReport& App::loaded(std::string_view name, uint64_t bytes, import::ImportReport&& report) {
    last_ = std::move(report);
    if (last_.ok) {
        files_.push_back({next_file_id_++, std::string(name), bytes, last_});
        ++data_version_;
        notices_.push_back({"Loaded " + std::string(name) + " (" + fmt_count(double(last_.records_used)) +
                                " records, " + last_.format + ")",
                            false});
        report_stale_ = true;
        files_changed();
    } else {
        add_error(name, last_.error);
    }
    dirty_ = true;
    return last_;
}

void App::add_error(std::string_view file, std::string_view error) {
    errors_.push_back({std::string(file), std::string(error)});
    notices_.push_back({std::string(file) + ": " + std::string(error), true});
    dirty_ = true;
}

void App::load_sample() {
    sample::GenerateOptions opt;
    core::Dataset part = sample::generate_company(opt);
    import::ImportReport rep;
    rep.file = "Sample company (generated)";
    rep.ok = true;
    rep.format = "sample";
    rep.detected_because = "built by the demo company generator (revlens generate)";
    if (part.files.empty()) part.files.emplace_back();
    // the generator's count (every kind of record), so the Data tab's file list and quality table agree
    rep.records_read = rep.records_used = part.files[0].records_read;
    part.files[0].name = rep.file;
    part.files[0].format = rep.format;
    dataset_.merge(std::move(part));
    std::string error;
    set_settings_json(sample::generated_settings_json(opt), error); // the sample's EUR rate
    files_.push_back({next_file_id_++, rep.file, 0, rep});
    ++data_version_;
    notices_.push_back({"Loaded the sample company", false});
    report_stale_ = dirty_ = true;
    files_changed();
}

void App::remove_file(size_t index) {
    if (index >= files_.size()) return;
    // Dataset file slots are never reused, so the i-th live file is the i-th not-removed slot.
    size_t live = 0;
    for (size_t slot = 0; slot < dataset_.files.size(); ++slot) {
        if (dataset_.files[slot].removed) continue;
        if (live++ == index) {
            dataset_.remove_file(static_cast<uint16_t>(slot));
            break;
        }
    }
    files_.erase(files_.begin() + static_cast<long>(index));
    ++data_version_;
    computed_->drill_open = false; // its row indices point into the old dataset
    report_stale_ = dirty_ = true;
    files_changed();
}

void App::clear() {
    dataset_.clear();
    files_.clear();
    errors_.clear();
    settings_ = core::Settings{};
    computed_->report = core::Report{};
    computed_->drill_open = false;
    ++data_version_;
    report_stale_ = dirty_ = true;
    files_changed();
}

bool App::set_settings_json(std::string_view text, std::string& error) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) { error = "settings: not valid JSON"; return false; }
    core::Settings s = settings_;
    if (!core::settings_from_json(j, s, error)) return false;
    settings_ = s;
    report_stale_ = dirty_ = true;
    return true;
}

bool App::set_filter_json(std::string_view text, std::string& error) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) { error = "filter: not valid JSON"; return false; }
    core::Filter f;
    if (!core::filter_from_json(j, f, error)) return false;
    filter_ = f;
    report_stale_ = dirty_ = true;
    return true;
}

std::string App::view_json() const {
    nlohmann::json j = {
        {"tab", tab_key(tab_)}, {"filter", core::to_json(filter_)}, {"settings", core::to_json(settings_)}};
    return j.dump();
}

bool App::set_view_json(std::string_view text, std::string& error) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) { error = "view: expected a JSON object"; return false; }
    // Validate everything before changing anything, so a bad link leaves the view as it was.
    Tab tab = tab_;
    if (j.contains("tab")) {
        const nlohmann::json& t = j["tab"];
        bool found = false;
        for (int i = 0; i < static_cast<int>(Tab::count) && t.is_string(); ++i)
            if (t.get_ref<const std::string&>() == tab_key(static_cast<Tab>(i))) {
                tab = static_cast<Tab>(i);
                found = true;
            }
        if (!found) {
            error = "view.tab: expected one of overview, marketing, sales, success, forecast, stack, data";
            return false;
        }
    }
    core::Filter f;
    if (j.contains("filter") && !core::filter_from_json(j["filter"], f, error)) return false;
    core::Settings s = settings_;
    if (j.contains("settings") && !core::settings_from_json(j["settings"], s, error)) return false;
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "tab" && it.key() != "filter" && it.key() != "settings") {
            error = "view." + it.key() + ": unknown (known: tab, filter, settings)";
            return false;
        }
    tab_ = tab;
    if (j.contains("filter")) filter_ = f;
    settings_ = s;
    report_stale_ = dirty_ = true;
    return true;
}

void App::export_report() {
    if (!host.download) return;
    std::string text = report_json();
    host.download("revenue-lens-report.json", "application/json",
                  std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

void App::export_drill_csv() {
    if (computed_->drill_open) save_csv(host, computed_->drill);
}

void App::request_table_csv(const std::string& table_id) {
    const std::string tab = table_id.substr(0, table_id.find('.'));
    for (int i = 0; i < static_cast<int>(Tab::count); ++i)
        if (tab == tab_key(static_cast<Tab>(i))) set_tab(static_cast<Tab>(i));
    ui::request_table_csv(table_id);
    dirty_ = true;
}
bool App::table_csv_pending() const { return ui::table_csv_pending(); }
void App::cancel_table_csv() { ui::cancel_table_csv(); }
std::vector<std::string> App::tables() const { return tables_drawn(); }

core::Engine& App::engine() {
    if (computed_->engine_version != data_version_) {
        computed_->engine.reset(); // rows were added or removed in place
        computed_->engine_version = data_version_;
    }
    return computed_->engine;
}

bool App::prepare_report() { return report_stale_ && engine().prepare(dataset_, settings_, filter_); }

void App::recompute() {
    if (!report_stale_) return;
    computed_->report = engine().compute(dataset_, settings_, filter_);
    if (data_version_ != choices_version_) {
        Computed& c = *computed_;
        c.owners = distinct(dataset_, dataset_.deals, [](const core::Deal& d) { return d.owner; });
        c.sources = distinct(dataset_, dataset_.deals, [](const core::Deal& d) { return d.source; });
        for (auto& x : distinct(dataset_, dataset_.leads, [](const core::Lead& l) { return l.source; }))
            if (!std::binary_search(c.sources.begin(), c.sources.end(), x)) c.sources.push_back(x);
        std::sort(c.sources.begin(), c.sources.end());
        c.pipelines = distinct(dataset_, dataset_.deals, [](const core::Deal& d) { return d.pipeline; });
        c.segments = distinct(dataset_, dataset_.accounts, [](const core::Account& a) { return a.segment; });
        choices_version_ = data_version_;
    }
    report_stale_ = false;
}

void App::open_drill(const std::string& metric, const std::string& key, const std::string& title) {
    core::Context ctx = core::make_context(dataset_, settings_, filter_);
    std::vector<uint32_t> rows = core::deals_behind(dataset_, ctx, filter_, metric, key);
    computed_->drill = core::behind_is_leads(metric) ? leads_table(dataset_, rows, title)
                                                     : deals_table(dataset_, rows, title);
    computed_->drill_filter.clear();
    computed_->drill_open = true;
    dirty_ = true;
}

bool App::drill_open() const { return computed_->drill_open; }
size_t App::drill_rows() const { return computed_->drill_open ? computed_->drill.cells.size() : 0; }
void App::close_drill() { computed_->drill_open = false; dirty_ = true; }

// [SECTION] State and report JSON ------------------------------------------------------------------------------------
std::string App::state_json() const {
    nlohmann::json files = nlohmann::json::array();
    for (const LoadedFile& f : files_)
        files.push_back({{"id", f.id},
                         {"name", f.name},
                         {"bytes", f.bytes},
                         {"format", f.report.format},
                         {"records_read", f.report.records_read},
                         {"records_used", f.report.records_used},
                         {"records_skipped", f.report.records_skipped()},
                         {"warnings", f.report.warnings}});
    nlohmann::json errors = nlohmann::json::array();
    for (const auto& e : errors_) errors.push_back({{"file", e.first}, {"error", e.second}});
    nlohmann::json j = {{"tab", tab_key(tab_)},
                        {"files", files},
                        {"errors", errors},
                        {"settings", core::to_json(settings_)},
                        {"filter", core::to_json(filter_)},
                        {"dark", dark},
                        {"drill",
                         {{"open", computed_->drill_open},
                          {"title", computed_->drill_open ? computed_->drill.title : std::string()},
                          {"rows", drill_rows()}}},
                        {"counts",
                         {{"deals", dataset_.deals.size()},
                          {"leads", dataset_.leads.size()},
                          {"accounts", dataset_.accounts.size()},
                          {"subscriptions", dataset_.subscriptions.size()}}}};
    return j.dump();
}

std::string App::report_json() {
    recompute();
    return core::to_json(computed_->report).dump();
}

// [SECTION] Frame ---------------------------------------------------------------------------------------------------
bool App::frame() {
    dirty_ = false;
    recompute();
    begin_tables_frame();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->Pos);
    ImGui::SetNextWindowSize(vp->Size);
    ImGui::Begin("Revenue Lens", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (starting && files_.empty()) {
        draw_starting();
        ImGui::End();
        return false;
    }
    draw_top_bar();
    if (!files_.empty()) {
        draw_filter_bar();
        ImGui::Separator();
    }
    if (files_.empty()) {
        draw_empty_state();
    } else {
        ViewContext vc{dataset_, computed_->report, settings_, filter_, files_, host, computed_->actions,
                       computed_->report.base_currency.empty() ? std::string("USD") : computed_->report.base_currency};
        // no background of its own: the white cards stand on the window's grey
        ImGui::BeginChild("view", ImVec2(0, 0), false, ImGuiWindowFlags_NoBackground);
        switch (tab_) {
        case Tab::overview: draw_overview(vc); break;
        case Tab::marketing: draw_marketing(vc); break;
        case Tab::sales: draw_sales(vc); break;
        case Tab::success: draw_success(vc); break;
        case Tab::forecast: draw_forecast(vc); break;
        case Tab::stack: draw_stack(vc); break;
        case Tab::data: draw_data(vc); break;
        case Tab::count: break;
        }
        ImGui::EndChild();
    }
    ImGui::End();
    draw_drill();
    draw_notices();
    return layout_changed(); // a card measured a new height: one more frame settles the layout
}

void App::draw_top_bar() {
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted("Revenue Lens");
    ImGui::PopFont();
    ImGui::SameLine(0, 24);
    // Tabs as a segmented row: 1-7 switch them (handled here so the same keys work on every platform).
    for (int i = 0; i < static_cast<int>(Tab::count); ++i) {
        Tab t = static_cast<Tab>(i);
        bool active = t == tab_;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_TabActive));
        if (ImGui::Button(tab_name(t))) set_tab(t);
        if (active) ImGui::PopStyleColor();
        ImGui::SameLine();
        if (!ImGui::GetIO().WantTextInput && !ImGui::GetIO().KeyCtrl &&
            ImGui::IsKeyPressed(kKey1 + i, false))
            set_tab(t);
    }
    float right = ImGui::GetWindowContentRegionMax().x;
    // Ctrl+O is the page's (web/app.js): it must stop the browser's own open dialog before we would see the key.
    const char* open = "Open files\xE2\x80\xA6";
    const char* labels[] = {"Copy link", "Export\xE2\x80\xA6", open, "Sample data", dark ? "Light" : "Dark"};
    float w = 0;
    for (const char* l : labels) w += ImGui::CalcTextSize(l).x + 2 * ImGui::GetStyle().FramePadding.x;
    w += 4 * ImGui::GetStyle().ItemSpacing.x + 4;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), right - w));
    if (ImGui::Button("Copy link") && host.copy_link) host.copy_link(view_json());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A link to this view (tab, period, filters, settings); no data");
    ImGui::SameLine();
    if (ImGui::Button("Export\xE2\x80\xA6")) ImGui::OpenPopup("export_popup");
    if (ImGui::BeginPopup("export_popup")) {
        if (ImGui::Selectable("Report as JSON")) export_report();
        if (ImGui::Selectable("Dashboard as PNG") && host.save_png) host.save_png();
        ImGui::Separator();
        ImGui::TextDisabled("Tables: \"CSV\" on each table card, \"Export CSV\" in drill-downs");
        ImGui::Separator();
        if (ImGui::Selectable("Forget data") && host.forget_data) host.forget_data();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove the files this browser keeps for the next visit");
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(open) && host.open_files) host.open_files();
    ImGui::SameLine();
    if (ImGui::Button("Sample data")) load_sample();
    ImGui::SameLine();
    if (ImGui::Button(dark ? "Light" : "Dark")) {
        dark = !dark;
        apply_theme(dark);
    }
    ImGui::Separator();
}

void App::draw_starting() {
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted("Revenue Lens");
    ImGui::PopFont();
    ImGui::Separator();
    const char* text = "Opening the data\xE2\x80\xA6";
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - ImGui::CalcTextSize(text).x) * 0.5f,
                               ImGui::GetCursorPosY() + avail.y * 0.4f));
    ImGui::TextDisabled("%s", text);
}

void App::draw_empty_state() {
    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 size(std::min(avail.x - 32, 560.0f), 260);
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + (avail.x - size.x) * 0.5f,
                               ImGui::GetCursorPosY() + std::max(16.0f, (avail.y - size.y) * 0.4f)));
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), card_color(), 12);
    // dashed border: the drop zone
    const ImU32 dash = team_color(TeamColor::sales, 0.6f);
    for (float x = p.x + 12; x < p.x + size.x - 12; x += 14) {
        dl->AddLine(ImVec2(x, p.y), ImVec2(std::min(x + 7, p.x + size.x - 12), p.y), dash, 1.5f);
        dl->AddLine(ImVec2(x, p.y + size.y), ImVec2(std::min(x + 7, p.x + size.x - 12), p.y + size.y), dash, 1.5f);
    }
    for (float y = p.y + 12; y < p.y + size.y - 12; y += 14) {
        dl->AddLine(ImVec2(p.x, y), ImVec2(p.x, std::min(y + 7, p.y + size.y - 12)), dash, 1.5f);
        dl->AddLine(ImVec2(p.x + size.x, y), ImVec2(p.x + size.x, std::min(y + 7, p.y + size.y - 12)), dash, 1.5f);
    }
    auto centered = [&](const char* text, ImFont* font, ImU32 col, float y) {
        ImGui::PushFont(font);
        ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(p.x + (size.x - ts.x) * 0.5f, p.y + y), col, text);
        ImGui::PopFont();
    };
    centered("Drop your exports here", fonts().kpi, text_color(), 40);
    centered("HubSpot, Salesforce, Pipedrive, Stripe, Zoho, Close, GA4 (JSON), or CSV reports.", fonts().body,
             muted_text_color(), 84);
    centered("Everything stays in this browser tab: nothing is uploaded.", fonts().small, muted_text_color(), 106);
    const char* open = "Open files\xE2\x80\xA6";
    float bw = ImGui::CalcTextSize(open).x + ImGui::CalcTextSize("Load sample data").x +
               4 * ImGui::GetStyle().FramePadding.x + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SetCursorScreenPos(ImVec2(p.x + (size.x - bw) * 0.5f, p.y + 150));
    ImGui::PushStyleColor(ImGuiCol_Button, team_color(TeamColor::sales));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, team_color(TeamColor::sales, 0.85f));
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
    if (ImGui::Button(open) && host.open_files) host.open_files();
    ImGui::PopStyleColor(3);
    ImGui::SameLine();
    if (ImGui::Button("Load sample data")) load_sample();
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + size.y + 8));
    ImGui::Dummy(ImVec2(size.x, 1));
}

void App::draw_drill() {
    Computed& c = *computed_;
    if (!c.drill_open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.85f, vp->Size.y * 0.75f), ImGuiCond_Appearing);
    bool open = true;
    std::string title = c.drill.title + " \xE2\x80\x94 " + std::to_string(c.drill.cells.size()) + " records###drill";
    if (ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        if (record_table("drill_table", c.drill, c.drill_filter, ImGui::GetContentRegionAvail().y - 4))
            export_drill_csv();
    }
    ImGui::End();
    // ImGui 1.86 indexes IsKeyPressed by the platform key code: map ImGuiKey_Escape through the key map.
    if (!open || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) close_drill();
}

void App::draw_filter_bar() {
    Computed& c = *computed_;
    static const core::PeriodPreset presets[] = {
        core::PeriodPreset::last_12_months, core::PeriodPreset::last_30_days, core::PeriodPreset::last_90_days,
        core::PeriodPreset::this_quarter, core::PeriodPreset::last_quarter, core::PeriodPreset::year_to_date,
        core::PeriodPreset::all_time, core::PeriodPreset::custom};
    static const char* preset_labels[] = {"Last 12 months", "Last 30 days", "Last 90 days", "This quarter",
                                          "Last quarter", "Year to date", "All time", "Custom"};
    int current = 0;
    for (int i = 0; i < 8; ++i)
        if (presets[i] == filter_.preset) current = i;
    ImGui::SetNextItemWidth(150);
    if (ImGui::Combo("##period", &current, preset_labels, 8)) {
        filter_.preset = presets[current];
        if (filter_.preset == core::PeriodPreset::custom) {
            filter_.from = computed_->report.from;
            filter_.to = computed_->report.to;
        }
        report_stale_ = dirty_ = true;
    }
    if (filter_.preset == core::PeriodPreset::custom) {
        for (auto [label, day] : {std::pair{"##from", &filter_.from}, std::pair{"##to", &filter_.to}}) {
            ImGui::SameLine();
            char buf[16];
            std::snprintf(buf, sizeof buf, "%s", core::day_label(*day).c_str());
            ImGui::SetNextItemWidth(100);
            if (ImGui::InputTextWithHint(label, "YYYY-MM-DD", buf, sizeof buf,
                                         ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CharsNoBlank)) {
                if (auto d = core::parse_date(buf)) {
                    *day = *d;
                    report_stale_ = dirty_ = true;
                }
            }
        }
    } else {
        ImGui::SameLine();
        ImGui::TextDisabled("%s \xE2\x80\x93 %s", fmt_day(computed_->report.from).c_str(),
                            fmt_day(computed_->report.to).c_str());
    }
    auto choice = [&](const char* label, std::string& value, const std::vector<std::string>& options) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(150);
        std::string preview = value.empty() ? std::string("All ") + label : value;
        if (ImGui::BeginCombo((std::string("##") + label).c_str(), preview.c_str())) {
            if (ImGui::Selectable((std::string("All ") + label).c_str(), value.empty())) {
                value.clear();
                report_stale_ = dirty_ = true;
            }
            for (const std::string& o : options)
                if (ImGui::Selectable(o.c_str(), o == value)) {
                    value = o;
                    report_stale_ = dirty_ = true;
                }
            ImGui::EndCombo();
        }
    };
    choice("owners", filter_.owner, c.owners);
    choice("sources", filter_.source, c.sources);
    if (c.pipelines.size() > 1) choice("pipelines", filter_.pipeline, c.pipelines);
    if (!c.segments.empty()) choice("segments", filter_.segment, c.segments);
    static const std::vector<std::string> types = {"new", "expansion", "renewal", "unknown"};
    choice("deal types", filter_.deal_type, types);
    ImGui::SameLine();
    if (ImGui::Button("Settings")) ImGui::OpenPopup("settings_popup");
    if (ImGui::BeginPopup("settings_popup")) {
        bool changed = false;
        int basis = settings_.win_rate_basis == core::WinRateBasis::value;
        ImGui::TextDisabled("Win rate (Sales, Overview)");
        changed |= ImGui::RadioButton("by count", &basis, 0);
        ImGui::SameLine();
        changed |= ImGui::RadioButton("by value", &basis, 1);
        settings_.win_rate_basis = basis ? core::WinRateBasis::value : core::WinRateBasis::count;
        int dating = settings_.churn_dating == core::ChurnDating::canceled_at;
        ImGui::TextDisabled("Churn dated at (Customer success)");
        changed |= ImGui::RadioButton("ended_at", &dating, 0);
        ImGui::SameLine();
        changed |= ImGui::RadioButton("canceled_at", &dating, 1);
        settings_.churn_dating = dating ? core::ChurnDating::canceled_at : core::ChurnDating::ended_at;
        float gm = static_cast<float>(settings_.gross_margin * 100);
        ImGui::TextDisabled("Gross margin (LTV, CAC payback)");
        ImGui::SetNextItemWidth(200);
        if (ImGui::SliderFloat("##gm", &gm, 0, 100, "%.0f%%")) {
            settings_.gross_margin = gm / 100.0;
            changed = true;
        }
        ImGui::TextDisabled("NRR");
        changed |= ImGui::Checkbox("count reactivations", &settings_.nrr_count_reactivation);
        if (changed) report_stale_ = dirty_ = true;
        ImGui::EndPopup();
    }
    if (!filter_.owner.empty() || !filter_.source.empty() || !filter_.pipeline.empty() || !filter_.segment.empty() ||
        !filter_.deal_type.empty()) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Reset filters")) {
            core::PeriodPreset p = filter_.preset;
            core::Day f = filter_.from, t = filter_.to;
            filter_ = core::Filter{};
            filter_.preset = p, filter_.from = f, filter_.to = t;
            report_stale_ = dirty_ = true;
        }
    }
}

void App::draw_notices() {
    redraw_in_ = -1;
    if (notices_.empty()) return;
    const double now = ImGui::GetTime();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    float y = vp->Pos.y + vp->Size.y - 16;
    for (size_t i = notices_.size(); i-- > 0;) {
        Notice& n = notices_[i];
        if (n.shown_at < 0) n.shown_at = now;
        double age = now - n.shown_at, life = n.error ? 12.0 : 4.0;
        if (age > life) continue;
        if (redraw_in_ < 0 || life - age < redraw_in_) redraw_in_ = life - age; // then it is gone
        ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 16, y), ImGuiCond_Always, ImVec2(1, 1));
        ImGui::SetNextWindowBgAlpha(0.97f);
        ImGui::PushStyleColor(ImGuiCol_WindowBg, n.error ? bad_color() : ImGui::GetColorU32(ImGuiCol_PopupBg));
        if (n.error) ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
        std::string id = "##notice" + std::to_string(i);
        ImGui::Begin(id.c_str(), nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                         ImGuiWindowFlags_NoNav);
        ImGui::PushTextWrapPos(420);
        ImGui::TextUnformatted(n.text.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsWindowHovered() && ImGui::IsMouseClicked(0)) n.shown_at = now - life; // click to dismiss
        y -= ImGui::GetWindowHeight() + 8;
        ImGui::End();
        ImGui::PopStyleColor(n.error ? 2 : 1);
    }
    notices_.erase(std::remove_if(notices_.begin(), notices_.end(),
                                  [&](const Notice& n) { return n.shown_at >= 0 && now - n.shown_at > 30; }),
                   notices_.end());
}

} // namespace ui
