// Data: every loaded file with its import report, data-quality counts, customer match rates, settings in force.
#include "ui/views.h"
#include "ui/widgets.h"

#include <imgui.h>

namespace ui {

namespace {
struct Check {
    const char* label;
    uint64_t core::QualityCounts::*count;
    const char* why;
};
const Check kChecks[] = {
    {"Records skipped", &core::QualityCounts::records_skipped, "not usable; reasons per file above"},
    {"Dates out of order", &core::QualityCounts::dates_out_of_order, "e.g. closed before created; still counted"},
    {"Unconverted currencies", &core::QualityCounts::unconverted_currencies, "no rate: left out of money figures"},
    {"Missing amounts", &core::QualityCounts::missing_amounts, "count in counts, add nothing to values"},
    {"Missing close dates", &core::QualityCounts::missing_close_dates, "won or lost deals without a close date"},
    {"Unknown stages", &core::QualityCounts::unknown_stages, "stage ids no pipelines file or default names"},
    {"Duplicate ids", &core::QualityCounts::duplicate_ids, "a later record replaced an earlier one"},
};

void count_row(const char* label, uint64_t n, const char* why) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(label);
    ImGui::TableNextColumn();
    if (n) ImGui::PushStyleColor(ImGuiCol_Text, bad_color());
    ImGui::TextUnformatted(fmt_count(double(n)).c_str());
    if (n) ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", why);
}
} // namespace

void draw_data(const ViewContext& v) {
    const core::QualityReport& q = v.report.quality;
    begin_card("files", "Loaded files");
    if (!v.files.empty() && csv_button("data.files")) { // the import report of each file
        RecordTable t{"Loaded files", {"File", "Format", "Bytes", "Records read", "Records used", "Records skipped"}};
        for (const LoadedFile& f : v.files)
            t.cells.push_back({f.name, f.report.format, f.bytes ? csv_number(double(f.bytes)) : "",
                               csv_number(double(f.report.records_read)), csv_number(double(f.report.records_used)),
                               csv_number(double(f.report.records_skipped()))});
        save_csv(v.host, t);
    }
    size_t remove = SIZE_MAX;
    for (size_t i = 0; i < v.files.size(); ++i) {
        const LoadedFile& f = v.files[i];
        const import::ImportReport& r = f.report;
        ImGui::PushID(static_cast<int>(i));
        bool open = ImGui::TreeNodeEx("file", ImGuiTreeNodeFlags_SpanAvailWidth, "%s", f.name.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s \xC2\xB7 %s \xC2\xB7 %s read, %s used, %s skipped", r.format.c_str(),
                            f.bytes ? fmt_bytes(double(f.bytes)).c_str() : "generated",
                            fmt_count(double(r.records_read)).c_str(),
                            fmt_count(double(r.records_used)).c_str(), fmt_count(double(r.records_skipped())).c_str());
        ImGui::SameLine(ImGui::GetContentRegionMax().x - 70);
        if (ImGui::SmallButton("Remove")) remove = i;
        if (open) {
            ImGui::TextWrapped("Detected as %s because %s", r.format.c_str(), r.detected_because.c_str());
            for (const auto& s : r.skipped)
                ImGui::BulletText("%s skipped: %s (e.g. %s)", fmt_count(double(s.count)).c_str(), s.reason.c_str(),
                                  s.example_id.c_str());
            for (const auto& w : r.warnings) ImGui::BulletText("Warning: %s", w.c_str());
            if (!r.fields_ignored.empty()) {
                std::string fields;
                for (const auto& x : r.fields_ignored) fields += (fields.empty() ? "" : ", ") + x;
                ImGui::TextWrapped("Fields not used: %s", fields.c_str());
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    if (ImGui::Button("Clear all") && v.actions.clear) v.actions.clear();
    end_card();
    if (remove != SIZE_MAX && v.actions.remove_file) {
        v.actions.remove_file(remove);
        return; // the report is recomputed next frame
    }

    ImGui::Spacing();
    columns_begin(2, "dq");
    begin_card("quality", "Data quality", 0, "every count is shown; no metric hides them");
    if (csv_button("data.quality")) {
        RecordTable t{"Data quality", {"Check", "Count", "Meaning"}};
        for (const Check& c : kChecks) t.cells.push_back({c.label, csv_number(double(q.totals.*c.count)), c.why});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("qt", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const Check& c : kChecks) count_row(c.label, q.totals.*c.count, c.why);
        ImGui::EndTable();
    }
    end_card();
    columns_next();
    begin_card("settings", "Settings in force");
    const core::Settings& s = v.settings;
    ImGui::Text("Base currency: %s", v.currency.c_str());
    for (const auto& [code, rate] : s.rates) ImGui::BulletText("1 %s = %.4f %s", code.c_str(), rate, v.currency.c_str());
    ImGui::Text("Win rate basis: %s", s.win_rate_basis == core::WinRateBasis::count ? "count" : "value");
    ImGui::Text("Churn dated at: %s", s.churn_dating == core::ChurnDating::ended_at ? "ended_at" : "canceled_at");
    ImGui::Text("Gross margin: %.0f%%", s.gross_margin * 100);
    ImGui::Text("NRR counts reactivation: %s", s.nrr_count_reactivation ? "yes" : "no");
    ImGui::Text("As of: %s%s", fmt_day(v.report.as_of).c_str(), core::has(s.as_of) ? " (set)" : " (latest event)");
    end_card();
    ImGui::Spacing();
    begin_card("matching", "Customer matching", 0, "billing customers \xE2\x86\x94 CRM accounts");
    {
        const core::CustomerMatching& m = q.customer_matching;
        if (!m.billing_accounts) {
            ImGui::TextDisabled("No billing customers loaded (Stripe customers are matched by domain, then email "
                                "domain, then name).");
        } else {
            ImGui::Text("%s of %s billing customers matched (%s)", fmt_count(double(m.matched)).c_str(),
                        fmt_count(double(m.billing_accounts)).c_str(), fmt_percent(m.match_rate).c_str());
            if (!m.unmatched_ids.empty()) {
                std::string ids;
                for (const auto& id : m.unmatched_ids) ids += (ids.empty() ? "" : ", ") + id;
                ImGui::TextWrapped("Unmatched: %s%s", ids.c_str(),
                                   m.billing_accounts - m.matched > m.unmatched_ids.size() ? ", \xE2\x80\xA6" : "");
            }
        }
    }
    end_card();
    columns_end();

    ImGui::Spacing();
    begin_card("per_file", "Quality per file");
    static const char* kPerFile[] = {"File", "Format", "Read", "Used", "Skipped", "Dates out of order", "Unconverted",
                                     "Missing amounts"};
    if (!q.files.empty() && csv_button("data.per_file")) {
        RecordTable t{"Quality per file", {std::begin(kPerFile), std::end(kPerFile)}};
        for (const auto& f : q.files)
            t.cells.push_back({f.name, f.format, csv_number(double(f.records_read)), csv_number(double(f.records_used)),
                               csv_number(double(f.counts.records_skipped)),
                               csv_number(double(f.counts.dates_out_of_order)),
                               csv_number(double(f.counts.unconverted_currencies)),
                               csv_number(double(f.counts.missing_amounts))});
        save_csv(v.host, t);
    }
    if (ImGui::BeginTable("pf", 8, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* h : kPerFile) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (const auto& f : q.files) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn(); ImGui::TextUnformatted(f.name.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(f.format.c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.records_read)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.records_used)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.counts.records_skipped)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.counts.dates_out_of_order)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.counts.unconverted_currencies)).c_str());
            ImGui::TableNextColumn(); ImGui::TextUnformatted(fmt_count(double(f.counts.missing_amounts)).c_str());
        }
        ImGui::EndTable();
    }
    end_card();
}

} // namespace ui
