// Small hand-built Datasets for the engine's unit tests: every row is written out in the test, so the expected
// values can be worked out by hand from docs/metrics.md.
#pragma once
#include "core/model.h"

#include <string>

namespace testdata {

inline core::Day D(const char* s) { return *core::parse_date(s); }

inline core::Deal& deal(core::Dataset& ds, const std::string& id, core::DealState state, double amount,
                        const char* created, const char* closed_or_expected, const char* owner = "",
                        const char* currency = "USD") {
    core::Deal d;
    d.id = ds.sym(id);
    d.name = ds.sym("Deal " + id);
    d.state = state;
    d.amount = amount;
    d.currency = ds.sym(currency);
    d.owner = ds.sym(owner);
    if (*created) d.created_at = D(created);
    if (*closed_or_expected) {
        if (state == core::DealState::open) d.expected_close = D(closed_or_expected);
        else d.closed_at = D(closed_or_expected);
    }
    ds.deals.push_back(d);
    return ds.deals.back();
}

// Appends stage history entries (stage, entered, exited or "") to the last deal.
inline void history(core::Dataset& ds, std::initializer_list<std::array<const char*, 3>> entries) {
    core::Deal& d = ds.deals.back();
    d.history_begin = static_cast<uint32_t>(ds.stage_history.size());
    for (auto& e : entries) {
        core::StageEntry s;
        s.stage = ds.sym(e[0]);
        s.entered_at = D(e[1]);
        if (*e[2]) s.exited_at = D(e[2]);
        ds.stage_history.push_back(s);
    }
    d.history_count = static_cast<uint32_t>(entries.size());
}

// A lead with stage dates in lifecycle order: lead, mql, sql, opportunity, customer ("" = not recorded).
inline core::Lead& lead(core::Dataset& ds, const std::string& id, const char* source,
                        std::initializer_list<const char*> stages, const char* account = "") {
    core::Lead l;
    l.id = ds.sym(id);
    l.source = ds.sym(source);
    l.account_id = ds.sym(account);
    size_t k = 0;
    for (const char* s : stages) {
        if (*s) l.stage_at[k] = D(s);
        ++k;
    }
    ds.leads.push_back(l);
    return ds.leads.back();
}

} // namespace testdata
