// The unified funnel (docs/metrics.md "The unified funnel and handoffs"): lead -> mql -> sql -> opportunity ->
// customer -> retained, each transition with its owning team. The cohort is the records whose lead date (actual or
// implied, rule 9) falls in the period; a later stage counts when reached by as_of. customer -> retained has its own
// cohort: the customers whose 12-month mark falls in the period (by as_of), so its rate is a real share.
#pragma once
#include "core/prepared.h"
#include "core/success.h"

#include <string>
#include <vector>

namespace core {

struct FunnelTransition {
    std::string from, to;                 // "lead", "mql", ..., "retained"
    std::string name;                     // "lead_to_mql", ...: the key of its playbook and bottleneck
    std::string team;                     // "marketing", "marketing→sales", "sales", "sales→success"
    bool handoff = false;
    int64_t count_from = 0, count_to = 0;
    double rate = kNaN;                   // count_to / count_from
    double rate_from_top = kNaN;          // count_to / leads in the cohort
    double median_days = kNaN;            // over the records that made the step
};

struct FunnelReport {
    int64_t leads = 0;                    // the first step
    std::vector<FunnelTransition> transitions;
    bool has_retention = false;           // customer -> retained needs MRR per account (billing data)
    std::string retention_note;
};

struct TransitionInfo { const char* name; int from, to; const char* team; bool handoff; };
// The five transitions with their owning teams; `to` = kLifecycleStages stands for "retained".
extern const TransitionInfo kTransitions[5];

// Billing account ids of a CRM account: the account itself and every billing customer matched to it.
struct BillingAccounts {
    std::unordered_map<Sym, std::vector<Sym>> by_crm;
    BillingAccounts() = default;
    explicit BillingAccounts(const Dataset& ds);
    double mrr_on(const MrrBook& book, Sym crm_account, Day d) const;
};

// `book` may be null (no retention step values). `billing`: BillingAccounts(ds) when the caller keeps one.
FunnelReport compute_funnel(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book,
                            const BillingAccounts* billing = nullptr);

} // namespace core
