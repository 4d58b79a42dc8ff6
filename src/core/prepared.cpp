#include "core/prepared.h"

#include <algorithm>
#include <numeric>

namespace core {

double median(std::vector<double>& v) {
    if (v.empty()) return kNaN;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double hi = v[mid];
    if (v.size() % 2) return hi;
    const double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lo + hi) / 2;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

void DayMedian::add_growing(int64_t days) {
    // a date typo (year 9999) must not allocate gigabytes: beyond ~2700 years a duration is counted at the cap
    constexpr int64_t kCap = 1000000;
    days = std::clamp(days, -kCap, kCap);
    std::vector<uint32_t>& v = days >= 0 ? pos_ : neg_;
    const size_t k = static_cast<size_t>(days >= 0 ? days : -days - 1);
    if (k >= v.size()) v.resize(k + 1, 0);
    ++v[k];
    ++n_;
    sum_ += double(days);
}

void DayMedian::merge(const DayMedian& o) {
    if (o.pos_.size() > pos_.size()) pos_.resize(o.pos_.size(), 0);
    if (o.neg_.size() > neg_.size()) neg_.resize(o.neg_.size(), 0);
    for (size_t k = 0; k < o.pos_.size(); ++k) pos_[k] += o.pos_[k];
    for (size_t k = 0; k < o.neg_.size(); ++k) neg_[k] += o.neg_[k];
    n_ += o.n_;
    sum_ += o.sum_;
}

int64_t DayMedian::kth(uint64_t k) const {
    for (size_t i = neg_.size(); i-- > 0;) { // most negative first
        if (k < neg_[i]) return -static_cast<int64_t>(i) - 1;
        k -= neg_[i];
    }
    for (size_t i = 0; i < pos_.size(); ++i) {
        if (k < pos_[i]) return static_cast<int64_t>(i);
        k -= pos_[i];
    }
    return 0; // unreachable while k < n_
}

double DayMedian::median() const {
    if (!n_) return kNaN;
    if (n_ % 2) return double(kth(n_ / 2));
    return (double(kth(n_ / 2 - 1)) + double(kth(n_ / 2))) / 2;
}

std::vector<Month> months_between(Day from, Day to) {
    std::vector<Month> out;
    if (!has(from) || !has(to) || from > to) return out;
    for (Month m = month_of(from); m <= month_of(to); ++m) out.push_back(m);
    return out;
}

Prepared prepare(const Dataset& ds, const Context& ctx) {
    Prepared p;
    prepare_facts(ds, ctx, p);
    apply_filter_to(ds, ctx, p);
    return p;
}

namespace {

uint32_t owner_slot(Prepared& p, Sym owner) {
    const uint32_t k = p.owner_slot.add(owner);
    if (k == p.owner_deals.size()) {
        p.owner_deals.emplace_back();
        p.owner_leads.emplace_back();
    }
    return k;
}

// Rows `keep` keeps, in row order: all `n` rows, or only `candidates` when the filter names an owner. Calls kept(i)
// for each.
template <class Row, class Kept>
void keep_rows(const std::vector<Row>& rows, const Context& ctx, const std::vector<uint32_t>* candidates,
               std::vector<uint8_t>& flags, Kept kept) {
    flags.assign(rows.size(), 0);
    auto test = [&](uint32_t i) {
        if (!ctx.keep(rows[i])) return;
        flags[i] = 1;
        kept(i);
    };
    if (candidates) {
        for (uint32_t i : *candidates) test(i);
    } else {
        for (uint32_t i = 0; i < rows.size(); ++i) test(i);
    }
}

} // namespace

void apply_filter_to(const Dataset& ds, const Context& ctx, Prepared& p) {
    const std::vector<uint32_t>*deals = nullptr, *leads = nullptr;
    static const std::vector<uint32_t> none;
    if (ctx.owner) {
        const uint32_t k = ctx.owner == Context::kNoMatch ? SymSlots::kNone : p.owner_slot.find(ctx.owner);
        deals = k == SymSlots::kNone ? &none : &p.owner_deals[k];
        leads = k == SymSlots::kNone ? &none : &p.owner_leads[k];
    }
    if (!(ctx.pipeline || ctx.deal_type >= 0 || ctx.currency || ctx.source || ctx.by_segment)) {
        // Every deal, or an owner's (listed already): no Deal row to test, the facts as prepare_facts made them
        if (deals) {
            p.deal_kept.assign(ds.deals.size(), 0);
            for (uint32_t i : *deals) p.deal_kept[i] = 1;
            p.kept_deals = *deals;
            p.kept_facts.clear();
            p.kept_facts.reserve(deals->size());
            for (uint32_t i : *deals) p.kept_facts.push_back(p.deal_facts[i]);
            p.kept_deal_facts = p.kept_facts;
        } else {
            p.deal_kept.assign(ds.deals.size(), 1);
            p.kept_deals.resize(ds.deals.size());
            std::iota(p.kept_deals.begin(), p.kept_deals.end(), 0u);
            p.kept_facts.clear();
            p.kept_deal_facts = p.deal_facts;
        }
    } else {
        const size_t most = deals ? deals->size() : ds.deals.size(); // no doubling: a million deals' facts are 40 MB
        p.kept_deals.clear();
        p.kept_deals.reserve(most);
        p.kept_facts.clear();
        p.kept_facts.reserve(most);
        keep_rows(ds.deals, ctx, deals, p.deal_kept, [&](uint32_t i) {
            p.kept_deals.push_back(i);
            p.kept_facts.push_back(p.deal_facts[i]);
        });
        p.kept_deal_facts = p.kept_facts;
    }
    p.kept_leads.clear();
    keep_rows(ds.leads, ctx, leads, p.lead_kept, [&](uint32_t i) { p.kept_leads.push_back(i); });
}

namespace {

// When the stay of history entry k ended: its exit, else the next entry (kNoDay while it lasts).
Day stay_end(const Dataset& ds, const Deal& d, uint32_t k) {
    const StageEntry& e = ds.stage_history[d.history_begin + k];
    if (has(e.exited_at)) return e.exited_at;
    if (k + 1 < d.history_count) return ds.stage_history[d.history_begin + k + 1].entered_at;
    return kNoDay;
}

// A deal advanced from history entry k if it was won or later entered another stage (moving into the stage a lost
// deal ended in is losing, not advancing).
bool advanced_from(const Dataset& ds, const Deal& d, uint32_t k) {
    const Sym stage = ds.stage_history[d.history_begin + k].stage;
    bool moved_on = d.state == DealState::won;
    for (uint32_t j = k + 1; j < d.history_count && !moved_on; ++j) {
        const Sym later = ds.stage_history[d.history_begin + j].stage;
        moved_on = later && later != stage && !(d.state == DealState::lost && later == d.stage);
    }
    return moved_on;
}

} // namespace

void prepare_facts(const Dataset& ds, const Context& ctx, Prepared& p) {
    const size_t n = ds.deals.size();
    p.stages.clear();
    p.stage_index = SymSlots{};
    p.has_stage_history = false;
    p.history_first = p.history_last = kNoDay;
    p.owner_slot = SymSlots{};
    p.owner_deals.clear();
    p.owner_leads.clear();
    // filled in row order below: push_back, no value-initialising of 52 MB at 1M deals first
    p.deal_facts.clear();
    p.deal_facts.reserve(n);
    p.deal_source.clear();
    p.deal_source.reserve(n);
    p.deal_probability.clear();
    p.deal_probability.reserve(n);
    p.history_stays.assign(ds.stage_history.size(), {});
    p.deal_quality.assign(ds.files.size() + 1, {});

    auto stage_of = [&](Sym s) -> uint32_t { // its index in p.stages, added when new
        const uint32_t slot = p.stage_index.add(s);
        if (slot == p.stages.size()) p.stages.push_back(StageStats{.stage = s});
        return slot;
    };
    uint64_t won = 0, closed = 0;
    std::vector<uint32_t> stamp; // per stage: 1 + the last deal that counted it, so a deal counts a stage once
    std::vector<uint32_t> current(n, SymSlots::kNone); // per deal: its current stage's index, for rule 7 below
    for (size_t i = 0; i < n; ++i) {
        const Deal& d = ds.deals[i];
        p.owner_deals[owner_slot(p, d.owner)].push_back(static_cast<uint32_t>(i));
        const double amount = ctx.deal_amount(d);
        p.deal_facts.push_back({amount, d.created_at, d.closed_at, d.expected_close, d.owner, static_cast<uint32_t>(i),
                                d.history_begin, d.history_count, d.state, d.type, has(d.amount) && !has(amount)});
        p.deal_source.push_back(ctx.deal_source(d));
        p.deal_probability.push_back(has(d.probability) ? d.probability : d.stage_probability);
        count_deal_quality(ds, d, amount, p.deal_quality[std::min<size_t>(d.file, ds.files.size())]);
        const bool is_closed = d.state != DealState::open;
        closed += is_closed;
        won += d.state == DealState::won;
        auto entered = [&](uint32_t s) {
            if (stamp.size() < p.stages.size()) stamp.resize(p.stages.size(), 0);
            if (!is_closed || stamp[s] == i + 1) return;
            stamp[s] = static_cast<uint32_t>(i + 1);
            p.stages[s].entered_closed++;
            p.stages[s].entered_won += d.state == DealState::won;
        };
        if (d.stage) {
            const uint32_t s = current[i] = stage_of(d.stage);
            (is_closed ? p.stages[s].current_closed : p.stages[s].current_open)++;
            entered(s);
        }
        for (uint32_t k = 0; k < d.history_count; ++k) {
            const StageEntry& e = ds.stage_history[d.history_begin + k];
            if (!e.stage) continue;
            const uint32_t s = stage_of(e.stage);
            p.stages[s].position_sum += k;
            p.stages[s].position_count++;
            entered(s);
            const size_t row = d.history_begin + k;
            p.history_stays[row] = {e.entered_at, stay_end(ds, d, k), s << 1 | uint32_t(advanced_from(ds, d, k))};
            if (has(e.entered_at)) {
                if (!has(p.history_first) || e.entered_at < p.history_first) p.history_first = e.entered_at;
                if (!has(p.history_last) || e.entered_at > p.history_last) p.history_last = e.entered_at;
            }
        }
        if (d.history_count) p.has_stage_history = true;
    }
    p.overall_win_rate = closed ? double(won) / double(closed) : kNaN;
    // Rule 7: the record's probability, else its stage's (both taken above), else the stage's historical win rate,
    // else the overall one.
    for (size_t i = 0; i < n; ++i) {
        double& prob = p.deal_probability[i];
        if (!has(prob) && current[i] != SymSlots::kNone) prob = p.stages[current[i]].historical_win_rate();
        if (!has(prob)) prob = p.overall_win_rate;
    }

    p.lead_dates.resize(ds.leads.size());
    for (size_t i = 0; i < ds.leads.size(); ++i) {
        p.lead_dates[i] = lead_stages(ds.leads[i]);
        p.owner_leads[owner_slot(p, ds.leads[i].owner)].push_back(static_cast<uint32_t>(i));
    }

}

} // namespace core
