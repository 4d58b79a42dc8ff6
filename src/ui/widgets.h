// Building blocks the views share: cards, KPI tiles, section titles, and the records table behind any number.
#pragma once
#include "core/model.h"
#include "ui/charts.h"
#include "ui/theme.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ui {

// A white rounded panel with a title; `height` 0 = fit the content (measured the frame before).
bool begin_card(const char* id, const char* title, float height = 0, const char* subtitle = nullptr);
void end_card();
// True (once) when a card's measured height changed this frame: the app draws one more frame to settle the layout.
bool layout_changed();

struct Kpi {
    std::string label;
    double value = NAN;
    double previous = NAN;                // previous period, for the delta
    ValueKind kind = ValueKind::count;
    std::string currency = "USD";
    bool higher_is_better = true;
    std::vector<double> trend;            // sparkline
    TeamColor team = TeamColor::neutral;
    std::string help;                     // shown on hover: the definition and its inputs
};
// Draws a KPI tile of the given width; returns true when clicked (open the records behind it).
bool kpi_tile(const Kpi& k, float width, float height = 104);
// Lays out tiles in rows that fit the available width. Returns the index of a clicked tile or -1.
int kpi_row(const std::vector<Kpi>& tiles, float min_width = 190);

// Two or more columns of cards: call columns_begin(n) then columns_next() between cards, columns_end() after.
void columns_begin(int n, const char* id);
void columns_next();
void columns_end();

void section_title(const char* text);
void help_marker(const char* text);

// A sortable, filterable table of records with CSV export (drill-downs and the Data tab).
struct RecordTable {
    std::string title;
    std::vector<std::string> columns;
    std::vector<bool> numeric;            // per column: sort as a number
    std::vector<std::vector<std::string>> cells;
    std::vector<std::vector<double>> numbers; // per row, per column (NaN for text columns)
    void add_row(std::vector<std::string> text, std::vector<double> nums) {
        cells.push_back(std::move(text));
        numbers.push_back(std::move(nums));
    }
};
std::string table_to_csv(const RecordTable& t);   // RFC 4180
// Draws the table; `filter` is the caller-kept filter text; returns true when "Export CSV" was pressed.
bool record_table(const char* id, RecordTable& t, std::string& filter, float height);

// Deals / leads as record tables (drill-downs).
RecordTable deals_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title);
RecordTable leads_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title);

} // namespace ui
