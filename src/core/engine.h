// Incremental recompute: an Engine keeps what a Report needs that does not depend on the filter or the period, so
// the dashboard's filter and period changes recompute only the sections.
//
//   kept per Dataset:             events (as_of, all time's start), most common currency, first touch, owner and
//                                 source per account, CAC's first wins, billing customers per CRM account
//   kept per Dataset + Settings:  deal amounts in base currency, rule-7 probabilities, stage statistics, implied
//                                 lead stage dates (rule 9), the MRR book, data quality, stack, the rows of each
//                                 owner (made by the first owner filter)
//   kept per filter dimensions:   which deals (with their hot fields) and leads the filter keeps (owner, source,
//                                 pipeline, segment, ...) and which accounts of the MRR book (segment, owner, source)
//   kept per filter and as_of:    bottlenecks, forecast, finished stage stays (none depends on the period)
//   every call:                   the period's sections and the previous period's headline, walking only the kept
//                                 rows and accounts
//
// The Engine holds a pointer to the Dataset it last saw. Call reset() after changing the Dataset in place (loading or
// removing a file); a different Dataset object, or one whose row counts changed, is noticed without it.
#pragma once
#include "core/report.h"

#include <string>

namespace core {

class Engine {
public:
    // Same result as core::compute(ds, settings, filter), reusing what the previous call worked out when it still holds.
    Report compute(const Dataset& ds, const Settings& settings, const Filter& filter);
    // What compute() keeps for these arguments, one piece per call (the summary, each of the four facts, the kept
    // rows, then the bottlenecks, forecast and stage stays): true after working one out, false once all are there. The
    // page calls it between frames after a load, so no single task computes a big Dataset's whole first Report.
    bool prepare(const Dataset& ds, const Settings& settings, const Filter& filter);
    void reset();                         // forget everything (the Dataset changed)

    struct Reuse {                        // what the last compute() reused (for tests and the dashboard's debug line)
        bool summary = false, facts = false, kept = false;
    };
    const Reuse& last_reuse() const { return reuse_; }

private:
    struct Shape {                        // cheap fingerprint of a Dataset: its address and row counts
        const Dataset* ds = nullptr;
        size_t strings = 0, leads = 0, deals = 0, history = 0, accounts = 0, subscriptions = 0, spend = 0;
        size_t traffic = 0, tools = 0, targets = 0, files = 0;
        bool operator==(const Shape&) const = default;
    };
    static Shape shape_of(const Dataset& ds);
    static std::string dims_key(const Filter& f);

    Shape shape_;
    bool have_summary_ = false, have_facts_ = false, have_kept_ = false;
    int facts_step_ = 0;                  // the facts worked out so far for settings_key_ (prepare)
    DataSummary summary_;
    std::string settings_key_;            // to_json(Settings) of the facts
    std::string filter_key_;              // the filter's dimensions of the kept rows
    Prepared prepared_;
    MrrBook book_;
    BillingAccounts billing_;             // per Dataset
    std::shared_ptr<const std::vector<uint32_t>> book_accounts_; // per filter: Context::book_accounts
    bool have_as_of_ = false;             // per filter: the sections that depend on as_of but not on the period
    Day as_of_ = kNoDay;
    BottlenecksReport bottlenecks_;
    ForecastReport forecast_;
    StageStays stays_;
    StackReport stack_;
    QualityReport quality_;
    Reuse reuse_;
};

} // namespace core
