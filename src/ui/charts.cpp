// [SECTION] Formatting and fitters (value formats, nice ticks, y range)
// [SECTION] Category charts (line, area, bars, stacked bars) with axes, legend, hover and click
// [SECTION] Horizontal bars
// [SECTION] Funnel
// [SECTION] Heatmap
// [SECTION] Sparkline
#include "ui/charts.h"

#include "ui/format.h"
#include "ui/theme.h"

#include <algorithm>
#include <cmath>

namespace ui {

// [SECTION] Formatting and fitters -----------------------------------------------------------------------------------
std::string format_value(double v, ValueKind kind, const std::string& currency) {
    switch (kind) {
    case ValueKind::count: return fmt_count(v);
    case ValueKind::money: return fmt_money(v, currency);
    case ValueKind::percent: return fmt_percent(v);
    case ValueKind::days: return fmt_days(v);
    case ValueKind::ratio: return fmt_ratio(v);
    }
    return fmt_count(v);
}

double nice_step(double range, int target) {
    if (!(range > 0) || target < 1) return 1;
    double raw = range / target;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double f = raw / mag;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * mag;
}

namespace {

struct YAxis {
    double lo = 0, hi = 1, step = 0.2;
};

YAxis fit_y(double lo, double hi, bool zero_based, float height) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
    if (zero_based) {
        lo = std::min(lo, 0.0);
        hi = std::max(hi, 0.0);
    }
    if (hi - lo < 1e-12) {
        hi = lo + (lo == 0 ? 1 : std::fabs(lo) * 0.1);
    }
    int target = std::max(2, static_cast<int>(height / 45));
    YAxis y;
    y.step = nice_step(hi - lo, target);
    y.lo = std::floor(lo / y.step) * y.step;
    y.hi = std::ceil(hi / y.step) * y.step;
    return y;
}

void tooltip_rows(const std::string& title, const std::vector<std::pair<std::string, std::string>>& rows,
                  const std::vector<ImU32>& colors) {
    ImGui::BeginTooltip();
    ImGui::PushFont(fonts().heading);
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopFont();
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i < colors.size() && colors[i]) {
            ImVec2 p = ImGui::GetCursorScreenPos();
            float h = ImGui::GetTextLineHeight();
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.25f), ImVec2(p.x + h * 0.5f, p.y + h * 0.75f),
                                                      colors[i], 2);
            ImGui::Dummy(ImVec2(h * 0.5f, h));
            ImGui::SameLine();
        }
        ImGui::TextUnformatted(rows[i].first.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", rows[i].second.c_str());
    }
    ImGui::EndTooltip();
}

// One entry per series; a band (its low and high edges) is one entry, "Low – High", in the band's fill.
void legend(const std::vector<Series>& series, const ChartOptions& opt) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float h = ImGui::GetTextLineHeight();
    const bool has_band = opt.band_low_series >= 0 && opt.band_high_series >= 0;
    bool first = true;
    for (size_t i = 0; i < series.size(); ++i) {
        if (series[i].label.empty() || (has_band && static_cast<double>(i) == opt.band_low_series)) continue;
        const bool band = has_band && static_cast<double>(i) == opt.band_high_series;
        std::string label = series[i].label;
        ImU32 color = series[i].color;
        if (band) {
            label = series[static_cast<size_t>(opt.band_low_series)].label + " \xE2\x80\x93 " + label;
            color = (color & 0x00FFFFFF) | 0x59000000;
        }
        if (!first) ImGui::SameLine(0, 16);
        first = false;
        ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.25f), ImVec2(p.x + h * 0.5f, p.y + h * 0.75f), color, 2);
        ImGui::Dummy(ImVec2(h * 0.5f + 4, h));
        ImGui::SameLine(0, 0);
        ImGui::PushStyleColor(ImGuiCol_Text, muted_text_color());
        ImGui::TextUnformatted(label.c_str());
        ImGui::PopStyleColor();
    }
}

} // namespace

// [SECTION] Category charts --------------------------------------------------------------------------------------------
ChartHit chart(const char* id, const std::vector<std::string>& cats, const std::vector<Series>& series,
               const ChartOptions& opt) {
    ChartHit hit;
    ImGui::PushID(id);
    if (opt.legend && !series.empty()) legend(series, opt);
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##plot", ImVec2(std::max(width, 50.0f), opt.height));
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const size_t n = cats.size();
    if (n == 0 || series.empty()) {
        const char* empty = "No data for this period";
        ImVec2 ts = ImGui::CalcTextSize(empty);
        dl->AddText(ImVec2(origin.x + (width - ts.x) * 0.5f, origin.y + (opt.height - ts.y) * 0.5f), muted_text_color(),
                    empty);
        ImGui::PopID();
        return hit;
    }
    const bool stacked = opt.kind == ChartKind::stacked_bars;
    const bool bars = opt.kind == ChartKind::bars || stacked;

    // fit
    double lo = 0, hi = 0;
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
        double pos = 0, neg = 0;
        for (const Series& s : series) {
            double v = i < s.values.size() ? s.values[i] : NAN;
            if (std::isnan(v)) continue;
            if (stacked) (v >= 0 ? pos : neg) += v;
            else {
                lo = any ? std::min(lo, v) : v;
                hi = any ? std::max(hi, v) : v;
            }
            any = true;
        }
        if (stacked) {
            lo = std::min(lo, neg);
            hi = std::max(hi, pos);
        }
    }
    YAxis y = fit_y(lo, hi, opt.zero_based || bars, opt.height);

    // frame: y labels on the left, x labels below
    const float label_h = ImGui::GetTextLineHeight();
    float y_label_w = 0;
    for (double t = y.lo; t <= y.hi + y.step * 0.5; t += y.step)
        y_label_w = std::max(y_label_w, ImGui::CalcTextSize(format_value(t, opt.value_kind, opt.currency).c_str()).x);
    const ImVec2 a(origin.x + y_label_w + 8, origin.y + 4);
    const ImVec2 b(origin.x + width - 4, origin.y + opt.height - label_h - 6);
    auto ymap = [&](double v) { return static_cast<float>(b.y - (v - y.lo) / (y.hi - y.lo) * (b.y - a.y)); };
    const float slot = (b.x - a.x) / static_cast<float>(n);
    auto xmid = [&](size_t i) { return a.x + slot * (static_cast<float>(i) + 0.5f); };

    // grid and y ticks
    ImGui::PushFont(fonts().small);
    for (double t = y.lo; t <= y.hi + y.step * 0.5; t += y.step) {
        float py = ymap(t);
        dl->AddLine(ImVec2(a.x, py), ImVec2(b.x, py), grid_color());
        std::string s = format_value(std::fabs(t) < y.step * 1e-9 ? 0 : t, opt.value_kind, opt.currency);
        ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        dl->AddText(ImVec2(a.x - 6 - ts.x, py - ts.y * 0.5f), muted_text_color(), s.c_str());
    }
    // x labels, thinned so they never overlap
    float max_w = 0;
    for (const std::string& c : cats) max_w = std::max(max_w, ImGui::CalcTextSize(c.c_str()).x);
    size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((max_w + 10) / std::max(slot, 1.0f))));
    for (size_t i = 0; i < n; i += every) {
        ImVec2 ts = ImGui::CalcTextSize(cats[i].c_str());
        dl->AddText(ImVec2(xmid(i) - ts.x * 0.5f, b.y + 4), muted_text_color(), cats[i].c_str());
    }
    ImGui::PopFont();
    dl->AddLine(ImVec2(a.x, ymap(0 < y.lo ? y.lo : 0)), ImVec2(b.x, ymap(0 < y.lo ? y.lo : 0)), muted_text_color());

    // hover
    int hover_i = -1;
    if (hovered) {
        float mx = ImGui::GetIO().MousePos.x;
        hover_i = static_cast<int>((mx - a.x) / slot);
        if (hover_i < 0 || hover_i >= static_cast<int>(n)) hover_i = -1;
    }
    if (hover_i >= 0)
        dl->AddRectFilled(ImVec2(a.x + slot * hover_i, a.y), ImVec2(a.x + slot * (hover_i + 1), b.y),
                          text_color(0.05f));

    // renderers
    if (bars) {
        const float group = slot * 0.72f;
        const size_t k = stacked ? 1 : series.size();
        const float bw = group / static_cast<float>(k);
        for (size_t i = 0; i < n; ++i) {
            double pos = 0, neg = 0;
            for (size_t s = 0; s < series.size(); ++s) {
                double v = i < series[s].values.size() ? series[s].values[i] : NAN;
                if (std::isnan(v) || v == 0) continue;
                float x0 = xmid(i) - group * 0.5f + (stacked ? 0 : bw * static_cast<float>(s));
                double base = stacked ? (v >= 0 ? pos : neg) : 0;
                double top = base + v;
                if (stacked) (v >= 0 ? pos : neg) = top;
                float y0 = ymap(base), y1 = ymap(top);
                dl->AddRectFilled(ImVec2(x0 + 0.5f, std::min(y0, y1)), ImVec2(x0 + bw - 0.5f, std::max(y0, y1)),
                                  series[s].color, 2.0f);
                if (clicked && hover_i == static_cast<int>(i)) {
                    float my = ImGui::GetIO().MousePos.y, mx = ImGui::GetIO().MousePos.x;
                    if (my >= std::min(y0, y1) && my <= std::max(y0, y1) && mx >= x0 && mx <= x0 + bw)
                        hit.series = static_cast<int>(s);
                }
            }
        }
    } else {
        for (size_t s = 0; s < series.size(); ++s) {
            const Series& ser = series[s];
            bool is_band_edge = static_cast<double>(s) == opt.band_low_series || static_cast<double>(s) == opt.band_high_series;
            std::vector<ImVec2> pts;
            auto flush = [&] {
                if (pts.empty()) return;
                if (opt.kind == ChartKind::area && !is_band_edge) {
                    float base = ymap(std::max(y.lo, 0.0));
                    for (size_t j = 0; j + 1 < pts.size(); ++j)
                        dl->AddQuadFilled(pts[j], pts[j + 1], ImVec2(pts[j + 1].x, base), ImVec2(pts[j].x, base),
                                          (ser.color & 0x00FFFFFF) | 0x30000000);
                }
                if (pts.size() == 1) dl->AddCircleFilled(pts[0], 3, ser.color);
                else dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), is_band_edge ? (ser.color & 0x00FFFFFF) | 0x80000000 : ser.color, 0, is_band_edge ? 1.0f : 2.0f);
                pts.clear();
            };
            for (size_t i = 0; i < n; ++i) {
                double v = i < ser.values.size() ? ser.values[i] : NAN;
                if (std::isnan(v)) { flush(); continue; }
                pts.emplace_back(xmid(i), ymap(v));
            }
            flush();
        }
        if (opt.band_low_series >= 0 && opt.band_high_series >= 0) {
            const Series& l = series[static_cast<size_t>(opt.band_low_series)];
            const Series& h = series[static_cast<size_t>(opt.band_high_series)];
            for (size_t i = 0; i + 1 < n; ++i) {
                if (i + 1 >= l.values.size() || i + 1 >= h.values.size()) break;
                double l0 = l.values[i], l1 = l.values[i + 1], h0 = h.values[i], h1 = h.values[i + 1];
                if (std::isnan(l0) || std::isnan(l1) || std::isnan(h0) || std::isnan(h1)) continue;
                dl->AddQuadFilled(ImVec2(xmid(i), ymap(h0)), ImVec2(xmid(i + 1), ymap(h1)),
                                  ImVec2(xmid(i + 1), ymap(l1)), ImVec2(xmid(i), ymap(l0)),
                                  (l.color & 0x00FFFFFF) | 0x22000000);
            }
        }
        if (hover_i >= 0)
            for (const Series& ser : series) {
                double v = static_cast<size_t>(hover_i) < ser.values.size() ? ser.values[static_cast<size_t>(hover_i)] : NAN;
                if (!std::isnan(v)) dl->AddCircleFilled(ImVec2(xmid(static_cast<size_t>(hover_i)), ymap(v)), 4, ser.color);
            }
    }

    if (hover_i >= 0) {
        std::vector<std::pair<std::string, std::string>> rows;
        std::vector<ImU32> colors;
        double total = 0;
        for (const Series& ser : series) {
            double v = static_cast<size_t>(hover_i) < ser.values.size() ? ser.values[static_cast<size_t>(hover_i)] : NAN;
            rows.emplace_back(ser.label.empty() ? "Value" : ser.label, format_value(v, opt.value_kind, opt.currency));
            colors.push_back(ser.color);
            if (!std::isnan(v)) total += v;
        }
        if (stacked && series.size() > 1) {
            rows.emplace_back("Total", format_value(total, opt.value_kind, opt.currency));
            colors.push_back(0);
        }
        tooltip_rows(cats[static_cast<size_t>(hover_i)], rows, colors);
        if (clicked) hit.category = hover_i;
    }
    ImGui::PopID();
    return hit;
}

// [SECTION] Horizontal bars -------------------------------------------------------------------------------------------
int hbars(const char* id, const std::vector<std::string>& labels, const std::vector<double>& values, ValueKind kind,
          const std::string& currency, ImU32 color, const std::vector<double>* secondary, const char* secondary_label) {
    int clicked_row = -1;
    if (labels.empty()) {
        ImGui::TextDisabled("No data for this period");
        return -1;
    }
    ImGui::PushID(id);
    const float row_h = ImGui::GetTextLineHeight() + 8;
    const float width = ImGui::GetContentRegionAvail().x;
    float label_w = 0;
    for (const auto& l : labels) label_w = std::min(220.0f, std::max(label_w, ImGui::CalcTextSize(l.c_str()).x));
    double max_v = 0;
    for (double v : values) if (!std::isnan(v)) max_v = std::max(max_v, v);
    if (secondary) for (double v : *secondary) if (!std::isnan(v)) max_v = std::max(max_v, v);
    if (max_v <= 0) max_v = 1;
    const float value_w = 80;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < labels.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::InvisibleButton("##row", ImVec2(std::max(width, 50.0f), row_h));
        bool hov = ImGui::IsItemHovered();
        if (ImGui::IsItemClicked()) clicked_row = static_cast<int>(i);
        if (hov) dl->AddRectFilled(p, ImVec2(p.x + width, p.y + row_h), text_color(0.05f), 4);
        dl->PushClipRect(p, ImVec2(p.x + label_w, p.y + row_h), true);
        dl->AddText(ImVec2(p.x, p.y + 4), text_color(), labels[i].c_str());
        dl->PopClipRect();
        float x0 = p.x + label_w + 10, span = std::max(10.0f, width - label_w - 10 - value_w);
        double v = values[i];
        float w = std::isnan(v) ? 0 : static_cast<float>(v / max_v) * span;
        if (secondary && i < secondary->size() && !std::isnan((*secondary)[i])) {
            float w2 = static_cast<float>((*secondary)[i] / max_v) * span;
            dl->AddRectFilled(ImVec2(x0, p.y + 3), ImVec2(x0 + w2, p.y + row_h - 3), (color & 0x00FFFFFF) | 0x40000000, 3);
        }
        dl->AddRectFilled(ImVec2(x0, p.y + 5), ImVec2(x0 + std::max(w, 1.0f), p.y + row_h - 5), color, 3);
        std::string s = format_value(v, kind, currency);
        dl->AddText(ImVec2(x0 + w + 6, p.y + 4), muted_text_color(), s.c_str());
        if (hov) {
            std::vector<std::pair<std::string, std::string>> rows{{"Value", s}};
            if (secondary && i < secondary->size())
                rows.emplace_back(secondary_label ? secondary_label : "Other", format_value((*secondary)[i], kind, currency));
            tooltip_rows(labels[i], rows, {color, (color & 0x00FFFFFF) | 0x40000000});
        }
        ImGui::PopID();
    }
    ImGui::PopID();
    return clicked_row;
}

// [SECTION] Funnel ------------------------------------------------------------------------------------------------------
int funnel(const char* id, const std::vector<FunnelStep>& steps, float height) {
    int clicked = -1;
    if (steps.empty()) return -1;
    ImGui::PushID(id);
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##funnel", ImVec2(std::max(width, 50.0f), height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const size_t n = steps.size();
    const float col = width / static_cast<float>(n);
    const float bar_top = o.y + 44, bar_bottom = o.y + height - 46;
    double top = std::max(1.0, steps[0].count);
    int hover = -1;
    if (hovered) {
        hover = static_cast<int>((ImGui::GetIO().MousePos.x - o.x) / col);
        if (hover < 0 || hover >= static_cast<int>(n)) hover = -1;
    }
    for (size_t i = 0; i < n; ++i) {
        const FunnelStep& s = steps[i];
        float x0 = o.x + col * static_cast<float>(i) + 6, x1 = x0 + col - 12;
        float h = static_cast<float>(std::max(0.02, std::min(1.0, s.count / top))) * (bar_bottom - bar_top);
        if (static_cast<int>(i) == hover) dl->AddRectFilled(ImVec2(x0 - 4, o.y), ImVec2(x1 + 4, o.y + height), text_color(0.05f), 6);
        dl->AddRectFilled(ImVec2(x0, bar_bottom - h), ImVec2(x1, bar_bottom), s.color, 4);
        ImGui::PushFont(fonts().heading);
        std::string cnt = fmt_count(s.count);
        dl->AddText(ImVec2(x0, o.y), text_color(), s.label.c_str());
        ImGui::PopFont();
        dl->AddText(ImVec2(x0, o.y + 20), muted_text_color(), cnt.c_str());
        ImGui::PushFont(fonts().small);
        std::string r1 = i == 0 ? std::string("100% of top") : fmt_percent(s.rate) + " of previous";
        std::string r2 = i == 0 ? std::string() : fmt_percent(s.rate_from_top) + " of top";
        dl->AddText(ImVec2(x0, bar_bottom + 4), text_color(), r1.c_str());
        if (!r2.empty()) dl->AddText(ImVec2(x0, bar_bottom + 18), muted_text_color(), r2.c_str());
        if (i > 0 && !std::isnan(s.median_days)) {
            std::string d = "median " + fmt_days(s.median_days);
            dl->AddText(ImVec2(x0, bar_bottom + 32), muted_text_color(), d.c_str());
        }
        ImGui::PopFont();
    }
    if (hover >= 0) {
        const FunnelStep& s = steps[static_cast<size_t>(hover)];
        std::vector<std::pair<std::string, std::string>> rows{{"Records", fmt_count(s.count)}};
        if (hover > 0) {
            rows.emplace_back("Of previous step", fmt_percent(s.rate));
            rows.emplace_back("Of first step", fmt_percent(s.rate_from_top));
            rows.emplace_back("Median handoff", fmt_days(s.median_days));
        }
        if (!s.team.empty()) rows.emplace_back("Owned by", s.team);
        tooltip_rows(s.label, rows, {});
        if (ImGui::IsItemClicked()) clicked = hover;
    }
    ImGui::PopID();
    return clicked;
}

// [SECTION] Heatmap -----------------------------------------------------------------------------------------------------
CellHit heatmap(const char* id, const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                const std::vector<std::vector<double>>& values, ValueKind kind, float cell_h) {
    CellHit hit;
    if (rows.empty() || cols.empty()) {
        ImGui::TextDisabled("No cohorts in this period");
        return hit;
    }
    ImGui::PushID(id);
    const float width = ImGui::GetContentRegionAvail().x;
    float row_label_w = 0;
    for (const auto& r : rows) row_label_w = std::max(row_label_w, ImGui::CalcTextSize(r.c_str()).x);
    row_label_w += 10;
    const float cell_w = std::max(18.0f, (width - row_label_w) / static_cast<float>(cols.size()));
    const float header_h = ImGui::GetTextLineHeight() + 4;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float height = header_h + cell_h * static_cast<float>(rows.size());
    ImGui::InvisibleButton("##heat", ImVec2(std::max(width, 50.0f), height));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImGui::PushFont(fonts().small);
    size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil(24.0f / cell_w)));
    for (size_t c = 0; c < cols.size(); c += every)
        dl->AddText(ImVec2(o.x + row_label_w + cell_w * static_cast<float>(c) + 2, o.y), muted_text_color(), cols[c].c_str());
    const ImU32 base = team_color(TeamColor::success);
    for (size_t r = 0; r < rows.size(); ++r) {
        float y = o.y + header_h + cell_h * static_cast<float>(r);
        dl->AddText(ImVec2(o.x, y + (cell_h - ImGui::GetTextLineHeight()) * 0.5f), text_color(), rows[r].c_str());
        for (size_t c = 0; c < cols.size() && c < values[r].size(); ++c) {
            double v = values[r][c];
            if (std::isnan(v)) continue;
            float x = o.x + row_label_w + cell_w * static_cast<float>(c);
            float alpha = static_cast<float>(std::clamp(v, 0.0, 1.0)) * 0.9f + 0.08f;
            dl->AddRectFilled(ImVec2(x + 1, y + 1), ImVec2(x + cell_w - 1, y + cell_h - 1), (base & 0x00FFFFFF) |
                              (static_cast<ImU32>(alpha * 255) << 24), 2);
            if (cell_w >= 34) {
                std::string s = fmt_percent(v, 0);
                ImVec2 ts = ImGui::CalcTextSize(s.c_str());
                dl->AddText(ImVec2(x + (cell_w - ts.x) * 0.5f, y + (cell_h - ts.y) * 0.5f),
                            alpha > 0.55f ? IM_COL32_WHITE : text_color(), s.c_str());
            }
        }
    }
    ImGui::PopFont();
    if (hovered) {
        ImVec2 m = ImGui::GetIO().MousePos;
        int c = static_cast<int>((m.x - o.x - row_label_w) / cell_w);
        int r = static_cast<int>((m.y - o.y - header_h) / cell_h);
        if (m.y >= o.y + header_h && m.x >= o.x + row_label_w && r >= 0 && r < static_cast<int>(rows.size()) && c >= 0 &&
            c < static_cast<int>(cols.size()) && static_cast<size_t>(c) < values[static_cast<size_t>(r)].size()) {
            double v = values[static_cast<size_t>(r)][static_cast<size_t>(c)];
            if (!std::isnan(v)) {
                tooltip_rows(rows[static_cast<size_t>(r)] + ", month " + cols[static_cast<size_t>(c)],
                             {{"Retained", format_value(v, kind)}}, {});
                if (ImGui::IsItemClicked()) hit = {r, c};
            }
        }
    }
    ImGui::PopID();
    return hit;
}

// [SECTION] Sparkline ---------------------------------------------------------------------------------------------------
void sparkline(ImDrawList* dl, ImVec2 a, ImVec2 b, const std::vector<double>& values, ImU32 color) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!std::isfinite(lo) || values.size() < 2) return;
    if (hi - lo < 1e-12) hi = lo + 1, lo -= 1;
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        float x = a.x + (b.x - a.x) * static_cast<float>(i) / static_cast<float>(values.size() - 1);
        float y = b.y - static_cast<float>((values[i] - lo) / (hi - lo)) * (b.y - a.y);
        pts.emplace_back(x, y);
    }
    if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), color, 0, 1.5f);
}

} // namespace ui
