// [SECTION] Cards and layout
// [SECTION] KPI tiles
// [SECTION] Record tables (sort, filter, CSV)
#include "ui/widgets.h"

#include "ui/app.h"
#include "ui/format.h"
#include "ui/theme.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace ui {

// [SECTION] Cards and layout -------------------------------------------------------------------------------------------
// ImGui 1.86 child windows cannot size themselves to their content, so a card of height 0 uses the height its
// content measured last frame (ImGuiStorage, per card id) and asks for one more frame when that changes.
static bool g_layout_changed = false;
bool layout_changed() {
    bool c = g_layout_changed;
    g_layout_changed = false;
    return c;
}

struct CardFrame {
    ImGuiID id;
    bool measured;
    float height;
};
static ImVector<CardFrame> g_cards;

bool begin_card(const char* id, const char* title, float height, const char* subtitle) {
    ImGuiID key = ImGui::GetID(id);
    ImGuiStorage* store = ImGui::GetStateStorage();
    const bool measured = height == 0;
    if (measured) height = store->GetFloat(key, 160.0f);
    g_cards.push_back({key, measured, height});
    ImGui::PushStyleColor(ImGuiCol_ChildBg, card_color());
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(14, 12));
    bool open = ImGui::BeginChild(id, ImVec2(0, height), true,
                                  measured ? ImGuiWindowFlags_AlwaysUseWindowPadding | ImGuiWindowFlags_NoScrollbar |
                                                 ImGuiWindowFlags_NoScrollWithMouse
                                           : ImGuiWindowFlags_AlwaysUseWindowPadding);
    if (title && *title) {
        ImGui::PushFont(fonts().heading);
        ImGui::TextUnformatted(title);
        ImGui::PopFont();
        if (subtitle && *subtitle) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", subtitle);
        }
    }
    return open;
}

void end_card() {
    CardFrame card = g_cards.back();
    g_cards.pop_back();
    if (card.measured) {
        float content = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
        if (std::fabs(content - card.height) > 0.5f) g_layout_changed = true;
        ImGui::EndChild();
        ImGui::GetStateStorage()->SetFloat(card.id, content);
    } else {
        ImGui::EndChild();
    }
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void columns_begin(int n, const char* id) {
    ImGui::BeginTable(id, n, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_NoPadOuterX);
    ImGui::TableNextColumn();
}
void columns_next() { ImGui::TableNextColumn(); }
void columns_end() { ImGui::EndTable(); }

void section_title(const char* text) {
    ImGui::Spacing();
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// [SECTION] KPI tiles --------------------------------------------------------------------------------------------------
bool kpi_tile(const Kpi& k, float width, float height) {
    ImGui::PushID(k.label.c_str());
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##kpi", ImVec2(width, height));
    bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + height), card_color(), 8);
    dl->AddRect(p, ImVec2(p.x + width, p.y + height), hovered ? team_color(k.team, 0.8f) : grid_color(), 8);
    dl->AddRectFilled(ImVec2(p.x, p.y + 10), ImVec2(p.x + 3, p.y + height - 10), team_color(k.team));
    dl->AddText(ImVec2(p.x + 14, p.y + 10), muted_text_color(), k.label.c_str());
    ImGui::PushFont(fonts().kpi);
    std::string v = format_value(k.value, k.kind, k.currency);
    dl->AddText(ImVec2(p.x + 14, p.y + 30), text_color(), v.c_str());
    ImGui::PopFont();
    std::string delta;
    bool better = true;
    if (k.kind == ValueKind::percent) {
        if (!std::isnan(k.value) && !std::isnan(k.previous)) {
            double d = (k.value - k.previous) * 100;
            char buf[32];
            std::snprintf(buf, sizeof buf, "%s%.1f pts", d >= 0 ? "+" : "\xE2\x88\x92", std::fabs(d));
            delta = buf;
            better = (d >= 0) == k.higher_is_better;
        }
    } else {
        delta = fmt_delta_percent(k.value, k.previous);
        better = (k.value >= k.previous) == k.higher_is_better;
    }
    ImGui::PushFont(fonts().small);
    if (!delta.empty()) {
        std::string d = (k.value >= k.previous ? "\xE2\x96\xB2 " : "\xE2\x96\xBC ") + delta;
        dl->AddText(ImVec2(p.x + 14, p.y + height - 24), better ? good_color() : bad_color(), d.c_str());
        ImVec2 ts = ImGui::CalcTextSize(d.c_str());
        dl->AddText(ImVec2(p.x + 14 + ts.x + 6, p.y + height - 24), muted_text_color(), "vs previous");
    }
    ImGui::PopFont();
    if (k.trend.size() >= 2)
        sparkline(dl, ImVec2(p.x + width * 0.58f, p.y + 34), ImVec2(p.x + width - 12, p.y + 60), k.trend,
                  team_color(k.team));
    if (hovered) {
        ImGui::BeginTooltip();
        ImGui::PushFont(fonts().heading);
        ImGui::TextUnformatted(k.label.c_str());
        ImGui::PopFont();
        ImGui::Text("This period: %s", v.c_str());
        ImGui::Text("Previous period: %s", format_value(k.previous, k.kind, k.currency).c_str());
        if (!k.help.empty()) {
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
            ImGui::TextDisabled("%s", k.help.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::TextDisabled("Click for the records behind it");
        ImGui::EndTooltip();
    }
    ImGui::PopID();
    return clicked;
}

int kpi_row(const std::vector<Kpi>& tiles, float min_width) {
    int clicked = -1;
    const float avail = ImGui::GetContentRegionAvail().x, gap = 10;
    int per_row = std::max(1, static_cast<int>((avail + gap) / (min_width + gap)));
    per_row = std::min(per_row, static_cast<int>(tiles.size()));
    if (per_row == 0) return -1;
    int rows = (static_cast<int>(tiles.size()) + per_row - 1) / per_row;
    per_row = (static_cast<int>(tiles.size()) + rows - 1) / rows; // balance the rows
    const float w = (avail - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (size_t i = 0; i < tiles.size(); ++i) {
        if (i % static_cast<size_t>(per_row) != 0) ImGui::SameLine(0, gap);
        if (kpi_tile(tiles[i], w)) clicked = static_cast<int>(i);
    }
    return clicked;
}

// [SECTION] Record tables -------------------------------------------------------------------------------------------------
std::string table_to_csv(const RecordTable& t) {
    auto quote = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string q = "\"";
        for (char c : s) {
            if (c == '"') q += '"';
            q += c;
        }
        return q + "\"";
    };
    std::string out;
    for (size_t c = 0; c < t.columns.size(); ++c) out += (c ? "," : "") + quote(t.columns[c]);
    out += "\r\n";
    for (const auto& row : t.cells) {
        for (size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + quote(row[c]);
        out += "\r\n";
    }
    return out;
}

void save_csv(Host& host, const RecordTable& t) {
    if (!host.download) return;
    std::string csv = table_to_csv(t);
    host.download(t.title + ".csv", "text/csv",
                  std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(csv.data()), csv.size()));
}

static std::string g_csv_request;          // table id the page asked for
static std::vector<std::string> g_tables;  // table ids drawn this frame

bool csv_button(const char* table_id) {
    g_tables.emplace_back(table_id);
    ImGui::PushID(table_id);
    const char* label = "CSV";
    float w = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - w));
    bool pressed = ImGui::SmallButton(label);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save this table as CSV (raw numbers, ISO dates)");
    ImGui::PopID();
    if (!g_csv_request.empty() && g_csv_request == table_id) {
        g_csv_request.clear();
        pressed = true;
    }
    return pressed;
}

std::string csv_number(double v) {
    if (std::isnan(v)) return "";
    char buf[40];
    for (int digits : {15, 16, 17}) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, v);
        if (std::strtod(buf, nullptr) == v) break;
    }
    return buf;
}

void request_table_csv(const std::string& table_id) { g_csv_request = table_id; }
bool table_csv_pending() { return !g_csv_request.empty(); }
void cancel_table_csv() { g_csv_request.clear(); }
void begin_tables_frame() { g_tables.clear(); }
const std::vector<std::string>& tables_drawn() { return g_tables; }

namespace {
bool contains_ci(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                      std::tolower(static_cast<unsigned char>(b)); });
    return it != hay.end();
}
} // namespace

bool record_table(const char* id, RecordTable& t, std::string& filter, float height) {
    ImGui::PushID(id);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s", filter.c_str());
    ImGui::SetNextItemWidth(260);
    if (ImGui::InputTextWithHint("##filter", "Filter rows\xE2\x80\xA6", buf, sizeof buf)) filter = buf;
    ImGui::SameLine();
    bool export_csv = ImGui::Button("Export CSV");
    std::vector<size_t> order;
    for (size_t r = 0; r < t.cells.size(); ++r) {
        bool keep = filter.empty();
        for (size_t c = 0; !keep && c < t.cells[r].size(); ++c) keep = contains_ci(t.cells[r][c], filter);
        if (keep) order.push_back(r);
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu of %zu rows", order.size(), t.cells.size());
    const int ncol = static_cast<int>(t.columns.size());
    if (ncol > 0 &&
        ImGui::BeginTable("##records", ncol,
                          ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                              ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollX |
                              ImGuiTableFlags_SizingFixedFit,
                          ImVec2(0, height))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        for (int c = 0; c < ncol; ++c) ImGui::TableSetupColumn(t.columns[static_cast<size_t>(c)].c_str());
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
            size_t col = static_cast<size_t>(s.ColumnIndex);
            bool asc = s.SortDirection == ImGuiSortDirection_Ascending;
            bool num = col < t.numeric.size() && t.numeric[col];
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
                if (num) {
                    double x = t.numbers[a][col], y = t.numbers[b][col];
                    if (std::isnan(x) != std::isnan(y)) return std::isnan(y); // blanks last
                    return asc ? x < y : x > y;
                }
                return asc ? t.cells[a][col] < t.cells[b][col] : t.cells[a][col] > t.cells[b][col];
            });
        }
        ImGuiListClipper clip;
        clip.Begin(static_cast<int>(order.size()));
        while (clip.Step())
            for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
                ImGui::TableNextRow();
                const auto& row = t.cells[order[static_cast<size_t>(i)]];
                for (int c = 0; c < ncol; ++c) {
                    ImGui::TableNextColumn();
                    if (static_cast<size_t>(c) < row.size()) ImGui::TextUnformatted(row[static_cast<size_t>(c)].c_str());
                }
            }
        ImGui::EndTable();
    }
    ImGui::PopID();
    return export_csv;
}

RecordTable deals_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title) {
    RecordTable t;
    t.title = title;
    t.columns = {"Deal", "Owner", "Stage", "State", "Type", "Amount", "Currency", "Created", "Closed / expected",
                 "Source", "Pipeline", "Id", "System"};
    t.numeric = {false, false, false, false, false, true, false, false, false, false, false, false, false};
    for (uint32_t i : rows) {
        if (i >= ds.deals.size()) continue;
        const core::Deal& d = ds.deals[i];
        core::Day when = core::has(d.closed_at) ? d.closed_at : d.expected_close;
        char amount[32] = "";
        if (core::has(d.amount)) std::snprintf(amount, sizeof amount, "%.2f", d.amount);
        std::vector<double> nums(t.columns.size(), NAN);
        nums[5] = d.amount;
        t.add_row({std::string(ds.str(d.name)), std::string(ds.str(d.owner)), std::string(ds.str(d.stage)),
                   core::deal_state_name(d.state), core::deal_type_name(d.type), amount,
                   std::string(ds.str(d.currency)), core::day_label(d.created_at), core::day_label(when),
                   std::string(ds.str(d.source)), std::string(ds.str(d.pipeline)), std::string(ds.str(d.id)),
                   core::system_name(d.system)},
                  std::move(nums));
    }
    return t;
}

RecordTable leads_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title) {
    RecordTable t;
    t.title = title;
    t.columns = {"Id", "Source", "Owner", "Created", "Lead", "MQL", "SQL", "Opportunity", "Customer", "Status",
                 "System"};
    t.numeric.assign(t.columns.size(), false);
    for (uint32_t i : rows) {
        if (i >= ds.leads.size()) continue;
        const core::Lead& l = ds.leads[i];
        t.add_row({std::string(ds.str(l.id)), std::string(ds.str(l.source)), std::string(ds.str(l.owner)),
                   core::day_label(l.created_at), core::day_label(l.stage_at[core::kLead]),
                   core::day_label(l.stage_at[core::kMql]), core::day_label(l.stage_at[core::kSql]),
                   core::day_label(l.stage_at[core::kOpportunity]), core::day_label(l.stage_at[core::kCustomer]),
                   std::string(ds.str(l.status)), core::system_name(l.system)},
                  std::vector<double>(t.columns.size(), NAN));
    }
    return t;
}

} // namespace ui
