// Building blocks the views share: cards, KPI tiles, section titles, and the records table behind any number.
#pragma once
#include "core/model.h"
#include "ui/charts.h"
#include "ui/theme.h"

#include <imgui.h>

#include <string>
#include <vector>

namespace ui {

struct Host;

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
    RecordTable() = default;
    RecordTable(std::string title_, std::vector<std::string> columns_)
        : title(std::move(title_)), columns(std::move(columns_)) {}
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

// Saves a table as "<title>.csv" through host.download: the one download path of every CSV (drill-downs, view tables).
void save_csv(Host& host, const RecordTable& t);

// Tables a view draws itself (leaderboards, conversion tables, import reports...) export what they show: the view
// puts a CSV button on the line of the table's title and, when it returns true, builds a RecordTable of the rows
// in the order drawn, with raw values (csv_number; dates as ISO day_label / month_label; "" for no value), and
// passes it to save_csv.
// csv_button draws a small "CSV" at the right end of the current line and registers `table_id` ("<tab>.<name>",
// window.revlens.tables()); it returns true when pressed or when the page asked for that table (request_table_csv).
bool csv_button(const char* table_id);
std::string csv_number(double v);                  // shortest text that reads back as v; "" for NaN
void request_table_csv(const std::string& table_id); // served by the next frame that draws the table
bool table_csv_pending();                          // a request not served yet
void cancel_table_csv();
void begin_tables_frame();                         // App::frame: forget the previous frame's table ids
const std::vector<std::string>& tables_drawn();    // ids registered by the last frame

// Deals / leads as record tables (drill-downs).
RecordTable deals_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title);
RecordTable leads_table(const core::Dataset& ds, const std::vector<uint32_t>& rows, const std::string& title);

} // namespace ui
