// One view per tab (view_<tab>.cpp). A view reads the Report (and, for drill-downs, the Dataset rows behind a
// number); it never computes a metric.
#pragma once
#include "core/model.h"
#include "core/report.h"
#include "core/settings.h"
#include "ui/app.h"

#include <vector>

namespace ui {

struct ViewContext {
    const core::Dataset& dataset;
    const core::Report& report;
    const core::Settings& settings;
    const core::Filter& filter;
    const std::vector<LoadedFile>& files;
    Host& host;
};

void draw_overview(const ViewContext& v);
void draw_marketing(const ViewContext& v);
void draw_sales(const ViewContext& v);
void draw_success(const ViewContext& v);
void draw_forecast(const ViewContext& v);
void draw_stack(const ViewContext& v);
void draw_data(const ViewContext& v);

} // namespace ui
