// Marketing (docs/metrics.md "Marketing"): leads, MQLs and SQLs; cohort conversion; traffic; sourced pipeline and
// revenue; CAC; magic number.
#pragma once
#include "core/prepared.h"
#include "core/success.h"

#include <string>
#include <vector>

namespace core {

struct LeadCounts {
    Month month = kNoMonth;               // kNoMonth for totals
    int64_t leads_created = 0, mqls = 0, sqls = 0;
};

struct SourceLeads {
    std::string source;                   // "unknown" when the record names none
    Sym sym = 0;
    LeadCounts total;
    std::vector<LeadCounts> by_month;     // every month of the period
};

// One cohort conversion: of the records that entered stage A in the period, the share that reached B by as_of.
struct StageConversion {
    int64_t entered = 0, converted = 0;
    double rate = kNaN;
    double median_days = kNaN;            // over the converted records
};

struct ChannelTraffic {
    std::string channel;
    double sessions = 0;
    int64_t leads_created = 0;
    double rate = kNaN;
};

struct SourceAmount {
    std::string source;
    Sym sym = 0;
    int64_t count = 0;
    double amount = 0;                    // deals without a convertible amount add to count only
};

struct ChannelCac {
    std::string channel;
    double spend = 0;
    int64_t new_customers = 0;
    double cac = kNaN;
};

struct QuarterMagic {
    std::string quarter;                  // "2025-Q1"
    double arr_start = kNaN, arr_end = kNaN; // at the previous quarter's end and at this quarter's end
    double spend_previous_quarter = kNaN;
    double value = kNaN;
};

struct MarketingReport {
    LeadCounts totals;                    // leads_created, mqls, sqls in the period
    std::vector<LeadCounts> by_month;
    std::vector<SourceLeads> by_source;   // by total leads, most first
    StageConversion lead_to_mql, mql_to_sql, sql_to_opportunity, opportunity_to_customer;
    bool has_traffic = false;
    double sessions = 0;
    std::vector<ChannelTraffic> traffic_to_lead_rate;
    std::vector<SourceAmount> pipeline_sourced, revenue_sourced; // by amount, most first
    bool has_spend = false;
    double spend = 0;                     // marketing + sales spend in the period (base currency)
    int64_t new_customers = 0;            // accounts whose first won deal closed in the period
    double cac_blended = kNaN;
    std::vector<ChannelCac> cac_by_channel;
    std::vector<QuarterMagic> magic_number;
    uint64_t amounts_left_out = 0;        // deal and spend amounts without a rate (rule 4)
};

// Everything for the period of `ctx` (book may be null: no magic number). `headline_only`: what the Headline reads
// (totals, conversions, sourced amounts, spend and CAC) without the per-month, per-source and per-channel rows.
MarketingReport compute_marketing(const Dataset& ds, const Context& ctx, const Prepared& p, const MrrBook* book,
                                  bool headline_only = false);

// Sum of the MRR on day d of every account that ctx.keep_account keeps (the segment filter).
double total_mrr_on(const MrrBook& book, const Context& ctx, Day d);
// The same on each of `days` (sorted ascending), in one walk over the book.
std::vector<double> total_mrr_on_days(const MrrBook& book, const Context& ctx, const std::vector<Day>& days);

// Index of the first won deal of each customer (ctx.first_wins: an account's, or an account-less deal of type new or
// unknown) whose first win falls in ctx's period and that the filter keeps: the "new customers" of CAC.
std::vector<uint32_t> new_customer_deals(const Context& ctx, const Prepared& p);

} // namespace core
