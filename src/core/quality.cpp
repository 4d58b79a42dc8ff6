#include "core/quality.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace core {

namespace {

// A lifecycle date earlier than an earlier stage's date (rule 9 still lets the record count: it is only a warning).
bool out_of_order(const Lead& l) {
    Day latest = kNoDay;
    for (Day d : l.stage_at) {
        if (!has(d)) continue;
        if (has(latest) && d < latest) return true;
        latest = std::max(latest, d);
    }
    return false;
}

bool out_of_order(const Dataset& ds, const Deal& d) {
    if (has(d.created_at) && has(d.closed_at) && d.closed_at < d.created_at) return true; // rule 3
    for (uint32_t i = d.history_begin; i < d.history_begin + d.history_count && i < ds.stage_history.size(); ++i) {
        const StageEntry& e = ds.stage_history[i];
        if (has(e.entered_at) && has(e.exited_at) && e.exited_at < e.entered_at) return true;
    }
    return false;
}

bool out_of_order(const Subscription& s) {
    return has(s.started_at) && has(s.ended_at) && s.ended_at < s.started_at;
}

void add(QualityCounts& into, const QualityCounts& c) {
    into.dates_out_of_order += c.dates_out_of_order;
    into.unconverted_currencies += c.unconverted_currencies;
    into.missing_amounts += c.missing_amounts;
    into.unknown_stages += c.unknown_stages;
    into.duplicate_ids += c.duplicate_ids;
    into.records_skipped += c.records_skipped;
    into.missing_close_dates += c.missing_close_dates;
}

void counts_json(nlohmann::json& j, const QualityCounts& c) {
    j["dates_out_of_order"] = c.dates_out_of_order;
    j["unconverted_currencies"] = c.unconverted_currencies;
    j["missing_amounts"] = c.missing_amounts;
    j["unknown_stages"] = c.unknown_stages;
    j["duplicate_ids"] = c.duplicate_ids;
    j["records_skipped"] = c.records_skipped;
    j["missing_close_dates"] = c.missing_close_dates;
}

} // namespace

void count_deal_quality(const Dataset& ds, const Deal& d, double amount, QualityCounts& c) {
    if (out_of_order(ds, d)) ++c.dates_out_of_order;
    if (!has(d.amount)) ++c.missing_amounts;
    else if (!has(amount)) ++c.unconverted_currencies;
    if (d.state != DealState::open && !has(d.closed_at)) ++c.missing_close_dates;
}

QualityReport compute_quality(const Dataset& ds, const Context& ctx, const std::vector<QualityCounts>* deal_counts) {
    // Rows carry the index of the file they came from; counts for an index past the files list (a Dataset built by
    // hand) land in a spare slot so they still reach the totals.
    std::vector<QualityCounts> per_file(ds.files.size() + 1);
    auto slot = [&](uint16_t file) -> QualityCounts& {
        return per_file[file < ds.files.size() ? file : ds.files.size()];
    };
    for (const Lead& l : ds.leads)
        if (out_of_order(l)) ++slot(l.file).dates_out_of_order;
    if (deal_counts && deal_counts->size() == per_file.size()) {
        for (size_t i = 0; i < per_file.size(); ++i) add(per_file[i], (*deal_counts)[i]);
    } else {
        for (const Deal& d : ds.deals) count_deal_quality(ds, d, ctx.deal_amount(d), slot(d.file));
    }
    for (const Subscription& s : ds.subscriptions) {
        QualityCounts& c = slot(s.file);
        if (out_of_order(s)) ++c.dates_out_of_order;
        if (!has(s.mrr)) ++c.missing_amounts;
        else if (!has(ctx.to_base(s.mrr, s.currency))) ++c.unconverted_currencies;
    }
    for (const MarketingSpend& s : ds.spend) {
        QualityCounts& c = slot(s.file);
        if (!has(s.amount)) ++c.missing_amounts;
        else if (!has(ctx.to_base(s.amount, s.currency))) ++c.unconverted_currencies;
    }

    QualityReport r;
    for (size_t i = 0; i < ds.files.size(); ++i) {
        const FileInfo& f = ds.files[i];
        if (f.removed) continue;
        QualityFile out;
        out.index = static_cast<uint16_t>(i);
        out.name = f.name;
        out.format = f.format;
        out.records_read = f.records_read;
        out.records_used = f.records_used;
        out.skipped = f.skipped;
        out.counts = per_file[i];
        out.counts.unknown_stages = f.unknown_stages;
        out.counts.duplicate_ids = f.duplicate_ids;
        for (const SkipReason& s : f.skipped) out.counts.records_skipped += s.count;
        add(r.totals, out.counts);
        r.files.push_back(std::move(out));
    }
    add(r.totals, per_file.back());
    CustomerMatching& m = r.customer_matching;
    for (const Account& a : ds.accounts) {
        if (a.system != System::stripe) continue;
        ++m.billing_accounts;
        if (a.crm_account) ++m.matched;
        else if (m.unmatched_ids.size() < 20) m.unmatched_ids.emplace_back(ds.str(a.id));
    }
    if (m.billing_accounts) m.match_rate = double(m.matched) / double(m.billing_accounts);
    return r;
}

nlohmann::json to_json(const QualityReport& r) {
    nlohmann::json j;
    counts_json(j, r.totals);
    j["files"] = nlohmann::json::array();
    for (const QualityFile& f : r.files) {
        nlohmann::json jf{{"name", f.name}, {"format", f.format}, {"records_read", f.records_read},
                          {"records_used", f.records_used}};
        counts_json(jf, f.counts);
        jf["skipped"] = nlohmann::json::array();
        for (const SkipReason& s : f.skipped)
            jf["skipped"].push_back({{"reason", s.reason}, {"count", s.count}, {"example_id", s.example_id}});
        j["files"].push_back(std::move(jf));
    }
    const CustomerMatching& m = r.customer_matching;
    j["customer_matching"] = {{"billing_accounts", m.billing_accounts},
                              {"matched", m.matched},
                              {"match_rate", has(m.match_rate) ? nlohmann::json(m.match_rate) : nlohmann::json()},
                              {"unmatched_ids", m.unmatched_ids}};
    return j;
}

} // namespace core
