// Charts drawn with ImDrawList, the ImPlot way: getters (plain arrays in), fitters (nice axis ranges and ticks),
// renderers (batched primitives). Every chart has axes, a legend and hover values, and reports clicks so a view can
// open the records behind a bar, a point, a funnel step or a heatmap cell.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

namespace ui {

enum class ValueKind { count, money, percent, days, ratio };
std::string format_value(double v, ValueKind kind, const std::string& currency = "USD");

struct Series {
    std::string label;
    std::vector<double> values;          // one per category; NaN = no value (a gap)
    ImU32 color = 0;
};

enum class ChartKind { line, area, bars, stacked_bars };

struct ChartOptions {
    ChartKind kind = ChartKind::bars;
    ValueKind value_kind = ValueKind::count;
    std::string currency = "USD";
    float height = 220;
    bool legend = true;
    bool zero_based = true;              // the y axis starts at 0 (bars always do)
    double band_low_series = -1;         // line charts: index of a series drawn as the lower edge of a band...
    double band_high_series = -1;        // ...and the upper edge (the MRR projection's band)
};

struct ChartHit {
    int category = -1;                   // clicked category (x index), -1 when none
    int series = -1;                     // clicked series (stacked bars / lines), -1 when none
};

// A chart over categories (usually months). Labels are drawn thinned to fit.
ChartHit chart(const char* id, const std::vector<std::string>& categories, const std::vector<Series>& series,
               const ChartOptions& opt);

// Horizontal bars, one per row (pipeline by stage, sources, owners): value label at the bar's end.
int hbars(const char* id, const std::vector<std::string>& labels, const std::vector<double>& values,
          ValueKind kind, const std::string& currency, ImU32 color, const std::vector<double>* secondary = nullptr,
          const char* secondary_label = nullptr);

struct FunnelStep {
    std::string label;                   // "Lead", "MQL", ...
    double count = 0;
    double rate = 0;                     // share of the previous step (NaN for the first)
    double rate_from_top = 0;            // share of the first step
    double median_days = 0;              // median days of the handoff into this step (NaN for the first)
    ImU32 color = 0;                     // owning team
    std::string team;                    // "marketing", "marketing → sales", ...
};
// Returns the clicked step or -1.
int funnel(const char* id, const std::vector<FunnelStep>& steps, float height = 240);

// Rows x columns of values in [0, 1] (NaN = empty cell), coloured by value; returns the clicked cell.
struct CellHit { int row = -1, col = -1; };
CellHit heatmap(const char* id, const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                const std::vector<std::vector<double>>& values, ValueKind kind, float cell_height = 20);

// A small line without axes for KPI cards.
void sparkline(ImDrawList* dl, ImVec2 a, ImVec2 b, const std::vector<double>& values, ImU32 color);

// Nice tick step for a range: 1, 2 or 5 x 10^k so that about `target` ticks fit.
double nice_step(double range, int target);

} // namespace ui
