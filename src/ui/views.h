// One view per tab (view_<tab>.cpp). A view reads the Report (and, for drill-downs, the Dataset rows behind a
// number); it never computes a metric.
#pragma once
#include "core/model.h"
#include "core/report.h"
#include "core/settings.h"
#include "ui/app.h"
#include "ui/format.h"

#include <functional>
#include <string>
#include <vector>

namespace ui {

// What a view may ask of the app: open the records behind a figure, remove files.
struct Actions {
    std::function<void(const std::string& metric, const std::string& key, const std::string& title)> drill;
    std::function<void(size_t file)> remove_file;
    std::function<void()> clear;
};

struct ViewContext {
    const core::Dataset& dataset;
    const core::Report& report;
    const core::Settings& settings;
    const core::Filter& filter;
    const std::vector<LoadedFile>& files;
    Host& host;
    const Actions& actions;
    const std::string& currency;   // the report's base currency
};

// Month labels ("Mar 2025") of a monthly series.
template <class Rows> std::vector<std::string> month_labels(const Rows& rows);

void draw_overview(const ViewContext& v);
void draw_marketing(const ViewContext& v);
void draw_sales(const ViewContext& v);
void draw_success(const ViewContext& v);
void draw_forecast(const ViewContext& v);
void draw_stack(const ViewContext& v);
void draw_data(const ViewContext& v);


template <class Rows> std::vector<std::string> month_labels(const Rows& rows) {
    std::vector<std::string> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(fmt_month(r.month));
    return out;
}

} // namespace ui
