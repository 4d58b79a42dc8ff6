// The demo company generator.
//
// [SECTION] Random numbers: xoshiro256** seeded by splitmix64 (fast, identical on every platform)
// [SECTION] The company's constants: sources, segments, owners, stages, tools
// [SECTION] Calendar: lead arrival weights (growth, seasonality, weekends)
// [SECTION] Leads and new-business deals
// [SECTION] Customers: tenures, churn, reactivation, expansion and renewal deals
// [SECTION] Subscriptions
// [SECTION] Spend, traffic, tools, targets
// [SECTION] Finishing: chronological ids, account references
// [SECTION] Entry points
//
// Everything is drawn from one random stream in a fixed order, so the same options give the same Dataset. Rows refer
// to accounts by a placeholder (account index + 1) until the end, where accounts are sorted by creation date, given
// ids, and every reference is rewritten; deals and leads are sorted by creation date too, so ids read in time order.
#include "sample/generate.h"
#include "core/numbers.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace sample {

using core::Day;
using core::kNoDay;
using core::Month;
using core::Sym;

namespace {

// [SECTION] Random numbers ---------------------------------------------------------------------------------------

uint64_t splitmix64(uint64_t &x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (auto &w : s_)
            w = splitmix64(seed);
    }
    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
    bool chance(double p) { return uniform() < p; }
    uint32_t below(uint32_t n) { return n ? static_cast<uint32_t>((next() >> 32) * n >> 32) : 0; }
    int between(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1))); }
    double normal() { // Box-Muller; the second value is dropped to keep the stream simple
        double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
    int days(double median, double sigma) { return static_cast<int>(std::lround(lognormal(median, sigma))); }
    template <size_t N> size_t pick(const std::array<double, N> &weights) {
        double total = 0;
        for (double w : weights)
            total += w;
        double x = uniform() * total;
        for (size_t i = 0; i < N; ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return N - 1;
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

// [SECTION] The company's constants ------------------------------------------------------------------------------

struct Source {
    const char *name;
    double share;          // of leads
    double to_mql;         // lead -> mql
    double to_sql;         // mql -> sql
    double cost_per_lead;  // marketing spend per lead created (0: no spend)
    double web_conversion; // leads per session (0: no web traffic)
};
constexpr std::array<Source, 8> kSources{{
    {"ORGANIC_SEARCH", 0.27, 0.45, 0.45, 18, 0.025},
    {"PAID_SEARCH", 0.19, 0.50, 0.42, 95, 0.035},
    {"EMAIL_MARKETING", 0.10, 0.40, 0.40, 12, 0.045},
    {"SOCIAL_MEDIA", 0.08, 0.35, 0.38, 20, 0.015},
    {"REFERRALS", 0.09, 0.60, 0.55, 40, 0.05},
    {"DIRECT_TRAFFIC", 0.15, 0.45, 0.45, 0, 0.02},
    {"PAID_SOCIAL", 0.08, 0.32, 0.36, 70, 0.012},
    {"OFFLINE", 0.04, 0.55, 0.50, 260, 0},
}};
constexpr double kSqlToOpportunity = 0.65;
constexpr double kLeadToMqlDays = 3, kSqlToOpportunityDays = 6;

struct Segment {
    const char *name;
    double share;      // of new opportunities
    double acv_median; // annual contract value, base currency
    double cycle_days; // median created -> won
    double win_rate;
    double employees_lo, employees_hi;
    double annual_share;  // billed yearly
    double churn_monthly; // hazard per month of tenure
    double round_to;      // contract values are round numbers
};
constexpr std::array<Segment, 3> kSegments{{
    {"SMB", 0.60, 7200, 24, 0.32, 8, 200, 0.25, 0.025, 120},
    {"Mid-market", 0.30, 30000, 55, 0.26, 200, 1000, 0.80, 0.012, 1200},
    {"Enterprise", 0.10, 110000, 110, 0.20, 1000, 20000, 1.0, 0.006, 1200},
}};

// Account executives by segment, SDRs own leads from MQL on, CSMs own renewals.
struct Owner {
    const char *name;
    double win_factor;
};
constexpr std::array<Owner, 4> kSmbReps{
    {{"Priya Raman", 1.10}, {"Liam O'Connor", 0.95}, {"Amara Okafor", 1.0}, {"Chen Wei", 0.85}}};
constexpr std::array<Owner, 2> kMidReps{{{"José Muñoz", 1.15}, {"Mateusz Wójcik", 0.9}}};
constexpr std::array<Owner, 1> kEnterpriseReps{{{"Þórunn Ægisdóttir", 1.0}}};
constexpr std::array<const char *, 2> kSdrs{"Sofia Lindqvist", "Kenji Watanabe"};
constexpr std::array<const char *, 2> kCsms{"Hannah Becker", "Zoë Dubois"};

struct Stage {
    const char *id;
    const char *label;
    double probability;
    double share_of_cycle; // how much of a deal's cycle it typically spends here
};
// HubSpot's default deal stages, so the HubSpot writer needs no mapping for the main pipeline.
constexpr std::array<Stage, 5> kNewBusinessStages{{
    {"appointmentscheduled", "Appointment scheduled", 0.2, 0.15},
    {"qualifiedtobuy", "Qualified to buy", 0.4, 0.20},
    {"presentationscheduled", "Presentation scheduled", 0.6, 0.25},
    {"decisionmakerboughtin", "Decision maker bought-in", 0.8, 0.20},
    {"contractsent", "Contract sent", 0.9, 0.20},
}};
constexpr Stage kWon{"closedwon", "Closed won", 1.0, 0};
constexpr Stage kLost{"closedlost", "Closed lost", 0.0, 0};
constexpr std::array<Stage, 3> kRenewalStages{{
    {"renewal_upcoming", "Renewal upcoming", 0.6, 0.4},
    {"renewal_negotiation", "Renewal negotiation", 0.8, 0.35},
    {"renewal_contract_sent", "Renewal contract sent", 0.9, 0.25},
}};
constexpr Stage kRenewed{"renewal_won", "Renewed", 1.0, 0};
constexpr Stage kNotRenewed{"renewal_lost", "Not renewed", 0.0, 0};

// Where lost deals stop: most die early.
constexpr std::array<double, 5> kLostAfterStage{0.35, 0.25, 0.20, 0.12, 0.08};

constexpr double kExpansionShare = 0.14, kRenewalShare = 0.06; // of all deals; the rest is new business
constexpr double kEurShare = 0.06;                             // accounts billed in EUR

constexpr std::array<const char *, 12> kIndustries{
    "Software", "Financial services", "Healthcare", "Retail",      "Manufacturing",        "Education", "Logistics",
    "Media",    "Real estate",        "Energy",     "Hospitality", "Professional services"};

struct NamePart {
    const char *display;
    const char *stem; // ASCII for the domain
};
constexpr std::array<NamePart, 32> kNamePrefixes{{
    {"Northwind", "northwind"},
    {"Bluefin", "bluefin"},
    {"Kestrel", "kestrel"},
    {"Nordlys", "nordlys"},
    {"Zürich", "zurich"},
    {"Brightline", "brightline"},
    {"Copperleaf", "copperleaf"},
    {"Halcyon", "halcyon"},
    {"Ironbark", "ironbark"},
    {"Juniper", "juniper"},
    {"Lumen", "lumen"},
    {"Meridian", "meridian"},
    {"Nimbus", "nimbus"},
    {"Orchard", "orchard"},
    {"Pinecrest", "pinecrest"},
    {"Quarry", "quarry"},
    {"Redwood", "redwood"},
    {"Saltmarsh", "saltmarsh"},
    {"Tidewater", "tidewater"},
    {"Umbra", "umbra"},
    {"Vantage", "vantage"},
    {"Wavecrest", "wavecrest"},
    {"Yellowpine", "yellowpine"},
    {"Ásgarður", "asgardur"},
    {"Café Lumière", "cafelumiere"},
    {"Greyhound", "greyhound"},
    {"Harbor", "harbor"},
    {"Lakeside", "lakeside"},
    {"Mosaic", "mosaic"},
    {"Polaris", "polaris"},
    {"Summit", "summit"},
    {"Évora", "evora"},
}};
constexpr std::array<NamePart, 16> kNameSuffixes{{
    {"Analytics", "analytics"},
    {"Labs", "labs"},
    {"Systems", "systems"},
    {"Health", "health"},
    {"Logistics", "logistics"},
    {"Capital", "capital"},
    {"Studio", "studio"},
    {"Software", "software"},
    {"Foods", "foods"},
    {"Energy", "energy"},
    {"Partners", "partners"},
    {"Retail", "retail"},
    {"Robotics", "robotics"},
    {"Media", "media"},
    {"Group", "group"},
    {"Cloud", "cloud"},
}};
constexpr std::array<const char *, 3> kTlds{".com", ".io", ".co"};

// Lead arrivals by calendar month (Jan..Dec): summer and December dip, September/October push.
constexpr std::array<double, 12> kLeadSeason{1.05, 1.0, 1.05, 1.0, 1.0, 0.92, 0.80, 0.75, 1.05, 1.10, 1.0, 0.80};
constexpr double kMonthlyGrowth = 1.025;

std::string numbered(char prefix, uint64_t n, int width) {
    char digits[24] = {};
    auto r = std::to_chars(digits, digits + sizeof digits, n);
    size_t len = static_cast<size_t>(r.ptr - digits);
    std::string out(1, prefix);
    if (static_cast<size_t>(width) > len) out.append(static_cast<size_t>(width) - len, '0');
    out.append(digits, len);
    return out;
}

double round_to(double v, double step) { return std::max(step, std::round(v / step) * step); }

int weekday(Day d) { return static_cast<int>(((d % 7) + 11) % 7); } // 0 = Sunday (1970-01-01 was a Thursday)

// [SECTION] Calendar ---------------------------------------------------------------------------------------------

struct Calendar {
    Day first = 0, last = 0;
    std::vector<double> cumulative; // per day since `first`
    double total = 0;

    Calendar(Day first_day, Day last_day) : first(first_day), last(last_day) {
        Month m0 = core::month_of(first);
        for (Day d = first; d <= last; ++d) {
            Month m = core::month_of(d);
            double w = std::pow(kMonthlyGrowth, m - m0) * kLeadSeason[static_cast<size_t>(m % 12)];
            int wd = weekday(d);
            if (wd == 0 || wd == 6) w *= 0.35;
            total += w;
            cumulative.push_back(total);
        }
    }
    Day sample(Rng &rng) const {
        double x = rng.uniform() * total;
        auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
        return first + static_cast<Day>(std::min<ptrdiff_t>(it - cumulative.begin(), std::ssize(cumulative) - 1));
    }
    double weight(Day d) const {
        size_t i = static_cast<size_t>(d - first);
        return cumulative[i] - (i ? cumulative[i - 1] : 0.0);
    }
};

// [SECTION] Leads and new-business deals -------------------------------------------------------------------------

struct AccountDraft {
    Day created = kNoDay;
    Day customer_since = kNoDay;
    uint8_t segment = 0;
    bool eur = false;
    Sym source = 0, owner = 0;
    double acv = 0;    // in the account's currency
    uint32_t lead = 0; // the lead that became the first opportunity
};

struct DealDraft {
    core::Deal deal;
    uint32_t account = 0; // index into accounts
    std::vector<core::StageEntry> history;
};

struct ExpansionCandidate {
    uint32_t account;
    Day created;
};
struct RenewalCandidate {
    uint32_t account;
    Day anniversary;
    bool renewed;
};

class Company {
public:
    explicit Company(const GenerateOptions &o)
        : o_(o), rng_(o.seed ^ 0x5245564C454E5321ull), calendar_(core::first_day(core::month_of(o.end) - 35), o.end),
          planted_(planted_bottleneck_month(o)) {
        for (size_t i = 0; i < kSources.size(); ++i) {
            source_syms_[i] = ds_.sym(kSources[i].name);
            source_weights_[i] = kSources[i].share;
        }
        base_currency_ = ds_.sym(o.currency.empty() ? "USD" : o.currency);
        eur_ = ds_.sym("EUR");
        new_business_ = ds_.sym("New business");
        renewals_ = ds_.sym("Renewals");
        for (size_t i = 0; i < kSegments.size(); ++i) {
            segment_syms_[i] = ds_.sym(kSegments[i].name);
            segment_weights_[i] = kSegments[i].share;
        }
    }

    core::Dataset build() {
        const uint64_t total = o_.deals;
        ds_.leads.reserve(total * 13 / 2);
        deals_.reserve(total);
        uint64_t expansions = static_cast<uint64_t>(std::llround(static_cast<double>(total) * kExpansionShare));
        uint64_t renewals = static_cast<uint64_t>(std::llround(static_cast<double>(total) * kRenewalShare));
        uint64_t new_deals = total - expansions - renewals;
        make_new_business(new_deals);
        simulate_customers(0, true);
        // Young or tiny companies may not have enough customers for the planned expansions and renewals: the shortfall
        // becomes new business, so the deal count is always exact.
        uint64_t got_renewals = std::min<uint64_t>(renewals, renewal_candidates_.size());
        uint64_t want_expansions = expansions + (renewals - got_renewals);
        uint64_t got_expansions = std::min<uint64_t>(want_expansions, expansion_candidates_.size());
        select_existing_business(got_expansions, got_renewals);
        size_t first_extra = accounts_.size();
        make_new_business(want_expansions - got_expansions);
        simulate_customers(first_extra, false);
        make_subscriptions();
        make_trials();
        make_spend_and_traffic();
        make_tools();
        make_targets();
        finish();
        return std::move(ds_);
    }

private:
    Day end() const { return o_.end; }

    void make_new_business(uint64_t count) {
        uint64_t made = 0;
        while (made < count)
            made += make_lead() ? 1 : 0;
    }

    // One lead through the funnel; true when it became an opportunity (and so a new-business deal) by the end date.
    bool make_lead() {
        core::Lead lead;
        size_t src = rng_.pick(source_weights_);
        const Source &s = kSources[src];
        lead.source = source_syms_[src];
        lead.created_at = calendar_.sample(rng_);
        // A few contacts are created directly as MQLs (form fill on a high-intent page): no lead date of their own.
        bool born_mql = rng_.chance(0.02);
        Day mql = kNoDay, sql = kNoDay, opp = kNoDay;
        if (born_mql) {
            mql = lead.created_at;
        } else {
            lead.stage_at[core::kLead] = lead.created_at;
            if (rng_.chance(s.to_mql)) mql = lead.created_at + std::max(0, rng_.days(kLeadToMqlDays, 0.8));
        }
        if (mql != kNoDay && mql > end()) mql = kNoDay;
        if (mql != kNoDay) {
            lead.stage_at[core::kMql] = mql;
            lead.owner = owner_sym(kSdrs[rng_.below(kSdrs.size())]);
            // The planted bottleneck: MQLs of one month wait twice as long for sales.
            double median = kBaselineMqlToSqlDays * (core::month_of(mql) == planted_ ? 2.0 : 1.0);
            if (rng_.chance(s.to_sql)) {
                sql = mql + std::max(1, rng_.days(median, 0.45));
                if (sql > end()) sql = kNoDay;
            } else if (rng_.chance(0.6)) {
                Day dq = mql + std::max(1, rng_.days(8, 0.6));
                if (dq <= end()) lead.disqualified_at = dq;
            }
        }
        if (sql != kNoDay) {
            lead.stage_at[core::kSql] = sql;
            if (rng_.chance(kSqlToOpportunity)) {
                opp = sql + std::max(0, rng_.days(kSqlToOpportunityDays, 0.6));
                if (opp > end()) opp = kNoDay;
            }
        }
        lead.status = lit(opp != kNoDay                    ? "OPEN_DEAL"
                          : lead.disqualified_at != kNoDay ? "UNQUALIFIED"
                          : sql != kNoDay                  ? (rng_.chance(0.5) ? "CONNECTED" : "BAD_TIMING")
                          : mql != kNoDay                  ? "IN_PROGRESS"
                          : rng_.chance(0.5)               ? "NEW"
                                                           : "ATTEMPTED_TO_CONNECT");
        uint32_t lead_index = static_cast<uint32_t>(ds_.leads.size());
        if (opp != kNoDay) {
            lead.stage_at[core::kOpportunity] = opp;
            uint32_t account = make_account(lead, lead_index);
            lead.account_id = account + 1;
            ds_.leads.push_back(lead);
            make_new_deal(account, opp);
            return true;
        }
        ds_.leads.push_back(lead);
        return false;
    }

    uint32_t make_account(const core::Lead &lead, uint32_t lead_index) {
        AccountDraft a;
        a.created = lead.created_at;
        a.segment = static_cast<uint8_t>(rng_.pick(segment_weights_));
        a.eur = rng_.chance(kEurShare);
        a.source = lead.source;
        a.lead = lead_index;
        const Segment &seg = kSegments[a.segment];
        double acv = rng_.lognormal(seg.acv_median, 0.5);
        if (a.eur) acv /= o_.eur_rate;
        a.acv = round_to(acv, seg.round_to);
        accounts_.push_back(a);
        return static_cast<uint32_t>(accounts_.size() - 1);
    }

    Sym owner_sym(const char *name) { return lit(name); }

    // Interned constant text, looked up by address: the hot loops name the same few literals millions of times.
    Sym lit(const char *text) {
        auto [it, fresh] = literals_.try_emplace(text, 0);
        if (fresh) it->second = ds_.sym(text);
        return it->second;
    }

    // Stage path of a deal from `created` to `close`: `reached` open stages, then won/lost (if closed by the end
    // date). Open deals stop at the last stage entered by the end date.
    template <size_t N>
    void walk_stages(DealDraft &d, const std::array<Stage, N> &stages, size_t reached, const Stage &outcome,
                     Day created, Day close) {
        core::Deal &deal = d.deal;
        double share_total = 0;
        for (size_t i = 0; i < reached; ++i)
            share_total += stages[i].share_of_cycle;
        double span = std::max(0, close - created);
        double at = 0;
        const Stage *current = nullptr;
        for (size_t i = 0; i < reached; ++i) {
            Day entered = created + static_cast<Day>(std::floor(span * at / share_total));
            at += stages[i].share_of_cycle * (0.7 + 0.6 * rng_.uniform());
            at = std::min(at, share_total);
            if (entered > end()) break;
            if (!d.history.empty()) d.history.back().exited_at = entered;
            d.history.push_back({lit(stages[i].label), entered, kNoDay});
            current = &stages[i];
        }
        if (close <= end()) {
            if (!d.history.empty()) d.history.back().exited_at = close;
            d.history.push_back({lit(outcome.label), close, kNoDay});
            current = &outcome;
            deal.state = outcome.probability > 0.5 ? core::DealState::won : core::DealState::lost;
            deal.closed_at = close;
            deal.forecast_category =
                deal.state == core::DealState::won ? core::ForecastCategory::closed : core::ForecastCategory::omitted;
            deal.probability = outcome.probability;
        } else {
            deal.state = core::DealState::open;
            deal.expected_close = close;
            // Some open deals have slipped: their expected close is already behind us.
            if (rng_.chance(0.15)) deal.expected_close = std::max(created, end() - rng_.between(1, 40));
            deal.probability = current->probability;
            deal.forecast_category = current->probability >= 0.9   ? core::ForecastCategory::commit
                                     : current->probability >= 0.6 ? core::ForecastCategory::best_case
                                                                   : core::ForecastCategory::pipeline;
        }
        if (!current) current = &stages[0]; // callers never start a deal after the end date; stay safe anyway
        deal.stage_id = lit(current->id);
        deal.stage = lit(current->label);
        deal.stage_probability = current->probability;
    }

    // Quarter-end push: deals due in the first days of a quarter are often pulled into the quarter before,
    // most of all into December (the Q4 push).
    Day quarter_end_pull(Day close, Day created) {
        core::Civil c = core::civil_from_days(close);
        if ((c.m - 1) % 3 != 0 || c.d > 12) return close;
        double p = c.m == 1 ? 0.6 : 0.3;
        if (!rng_.chance(p)) return close;
        Day pulled = core::days_from_civil(c.y, c.m, 1) - 1 - rng_.between(0, 6);
        return std::max(pulled, created + 3);
    }

    void make_new_deal(uint32_t account, Day created) {
        AccountDraft &a = accounts_[account];
        const Segment &seg = kSegments[a.segment];
        const Owner &rep = a.segment == 0   ? kSmbReps[rng_.below(kSmbReps.size())]
                           : a.segment == 1 ? kMidReps[rng_.below(kMidReps.size())]
                                            : kEnterpriseReps[0];
        a.owner = owner_sym(rep.name);
        DealDraft d;
        d.account = account;
        core::Deal &deal = d.deal;
        deal.owner = a.owner;
        deal.source = a.source;
        deal.pipeline = new_business_;
        deal.type = core::DealType::new_business;
        deal.created_at = created;
        deal.amount = a.acv;
        deal.currency = a.eur ? eur_ : base_currency_;
        bool won = rng_.chance(std::min(0.9, seg.win_rate * rep.win_factor));
        Day close = created + std::max(won ? 3 : 1, rng_.days(won ? seg.cycle_days : seg.cycle_days * 0.7, 0.55));
        if (won) close = quarter_end_pull(close, created);
        size_t reached = won ? kNewBusinessStages.size() : 1 + rng_.pick(kLostAfterStage);
        walk_stages(d, kNewBusinessStages, reached, won ? kWon : kLost, created, close);
        if (deal.state == core::DealState::won) {
            a.customer_since = deal.closed_at;
            // A data-entry slip on a few won deals: the close date typed before the create date (quality case).
            if (rng_.chance(0.003)) deal.closed_at = created - rng_.between(1, 10);
        }
        if (deal.state == core::DealState::open && rng_.chance(0.01)) deal.amount = core::kNaN; // quality case
        deals_.push_back(std::move(d));
    }

    // [SECTION] Customers ----------------------------------------------------------------------------------------

    struct Change {
        Day day;
        enum Kind : uint8_t { start, stop, scale, expand } kind;
        double factor = 1;      // scale
        uint32_t candidate = 0; // expand: index into expansion_candidates_
    };
    struct CustomerPlan {
        uint32_t account;
        bool annual = false;
        bool trial = false;
        std::vector<Change> changes;
    };

    // Tenure of every won account from `first` on: churn (monthly accounts any month, yearly ones at an
    // anniversary), contraction, reactivation, and the expansion/renewal opportunities that arise while paying.
    void simulate_customers(size_t first, bool with_candidates) {
        for (size_t i = first; i < accounts_.size(); ++i) {
            const AccountDraft &a = accounts_[i];
            if (a.customer_since == kNoDay) continue;
            const Segment &seg = kSegments[a.segment];
            CustomerPlan plan;
            plan.account = static_cast<uint32_t>(i);
            plan.annual = rng_.chance(seg.annual_share);
            plan.trial = !plan.annual && rng_.chance(0.3);
            Day start = a.customer_since;
            while (start <= end()) {
                plan.changes.push_back({start, Change::start});
                Day stop = kNoDay;
                for (int month = 1;; ++month) {
                    Day t = core::add_months(start, month);
                    if (t > end() + 90) break;
                    bool anniversary = month % 12 == 0;
                    if (plan.annual && anniversary && with_candidates && t - 45 <= end())
                        renewal_candidates_.push_back({plan.account, t, true});
                    if (t > end()) continue;
                    bool churns = plan.annual ? anniversary && rng_.chance(1 - std::pow(1 - seg.churn_monthly, 12))
                                              : rng_.chance(seg.churn_monthly);
                    if (churns) {
                        stop = plan.annual ? t : t - rng_.between(0, 27);
                        if (plan.annual && with_candidates) renewal_candidates_.back().renewed = false;
                        break;
                    }
                    if (rng_.chance(0.006))
                        plan.changes.push_back({t - rng_.between(0, 20), Change::scale, 0.6 + 0.25 * rng_.uniform()});
                    if (with_candidates && rng_.chance(0.10)) {
                        Day created = t - rng_.between(0, 27);
                        expansion_candidates_.push_back({plan.account, created});
                        plan.changes.push_back(
                            {created, Change::expand, 1, static_cast<uint32_t>(expansion_candidates_.size() - 1)});
                    }
                }
                if (stop == kNoDay) break;
                plan.changes.push_back({stop, Change::stop});
                if (!rng_.chance(0.12)) break; // most churned customers stay gone
                start = stop + rng_.between(60, 300);
            }
            plans_.push_back(std::move(plan));
        }
    }

    // Takes exactly the wanted number of candidates, spread evenly over them (every k-th after a shuffle).
    template <class T> std::vector<uint8_t> choose(std::vector<T> &candidates, uint64_t wanted) {
        std::vector<uint32_t> order(candidates.size());
        std::iota(order.begin(), order.end(), 0);
        for (size_t i = order.size(); i > 1; --i)
            std::swap(order[i - 1], order[rng_.below(static_cast<uint32_t>(i))]);
        std::vector<uint8_t> chosen(candidates.size(), 0);
        for (uint64_t i = 0; i < wanted && i < order.size(); ++i)
            chosen[order[i]] = 1;
        return chosen;
    }

    void select_existing_business(uint64_t expansions, uint64_t renewals) {
        expansion_chosen_ = choose(expansion_candidates_, expansions);
        std::vector<uint8_t> renewal_chosen = choose(renewal_candidates_, renewals);
        expansion_won_.assign(expansion_candidates_.size(), 0);
        expansion_close_.assign(expansion_candidates_.size(), kNoDay);
        expansion_amount_.assign(expansion_candidates_.size(), 0);
        for (size_t i = 0; i < expansion_candidates_.size(); ++i)
            if (expansion_chosen_[i]) make_expansion_deal(static_cast<uint32_t>(i));
        for (size_t i = 0; i < renewal_candidates_.size(); ++i)
            if (renewal_chosen[i]) make_renewal_deal(renewal_candidates_[i]);
    }

    void make_expansion_deal(uint32_t candidate) {
        const ExpansionCandidate &c = expansion_candidates_[candidate];
        const AccountDraft &a = accounts_[c.account];
        DealDraft d;
        d.account = c.account;
        core::Deal &deal = d.deal;
        deal.owner = a.owner;
        deal.pipeline = new_business_;
        deal.type = core::DealType::expansion;
        deal.created_at = c.created;
        deal.amount = round_to(a.acv * (0.2 + 0.4 * rng_.uniform()), kSegments[a.segment].round_to);
        deal.currency = a.eur ? eur_ : base_currency_;
        bool won = rng_.chance(0.6);
        Day close = c.created + std::max(2, rng_.days(30, 0.5));
        size_t reached = won ? kNewBusinessStages.size() : 1 + rng_.pick(kLostAfterStage);
        walk_stages(d, kNewBusinessStages, reached, won ? kWon : kLost, c.created, close);
        if (deal.state == core::DealState::won) {
            expansion_won_[candidate] = 1;
            expansion_close_[candidate] = deal.closed_at;
            expansion_amount_[candidate] = deal.amount;
        }
        deals_.push_back(std::move(d));
    }

    void make_renewal_deal(const RenewalCandidate &c) {
        const AccountDraft &a = accounts_[c.account];
        DealDraft d;
        d.account = c.account;
        core::Deal &deal = d.deal;
        deal.owner = owner_sym(kCsms[c.account % kCsms.size()]);
        deal.pipeline = renewals_;
        deal.type = core::DealType::renewal;
        Day created = c.anniversary - 45;
        deal.created_at = created;
        deal.amount = a.acv;
        deal.currency = a.eur ? eur_ : base_currency_;
        size_t reached = c.renewed ? kRenewalStages.size() : 1 + rng_.below(kRenewalStages.size());
        walk_stages(d, kRenewalStages, reached, c.renewed ? kRenewed : kNotRenewed, created, c.anniversary);
        deals_.push_back(std::move(d));
    }

    // [SECTION] Subscriptions ------------------------------------------------------------------------------------

    const char *plan_name(double mrr) const {
        double base = mrr;
        return base < 300 ? "Starter" : base < 1500 ? "Growth" : base < 6000 ? "Scale" : "Enterprise";
    }

    // Each MRR level is one subscription; a change ends it and starts the next on the same day (a plan change,
    // which movements count as expansion or contraction, not churn plus new).
    void make_subscriptions() {
        for (CustomerPlan &plan : plans_) {
            const AccountDraft &a = accounts_[plan.account];
            std::stable_sort(plan.changes.begin(), plan.changes.end(),
                             [](const Change &x, const Change &y) { return x.day < y.day; });
            // won expansions change MRR when they close, not when they were opened
            std::vector<Change> changes;
            for (const Change &c : plan.changes) {
                if (c.kind != Change::expand) {
                    changes.push_back(c);
                } else if (expansion_won_[c.candidate] && expansion_close_[c.candidate] <= end()) {
                    Change up = c;
                    up.day = expansion_close_[c.candidate];
                    changes.push_back(up);
                }
            }
            std::stable_sort(changes.begin(), changes.end(),
                             [](const Change &x, const Change &y) { return x.day < y.day; });
            double mrr = a.acv / 12;
            size_t open = SIZE_MAX; // index of the subscription currently running
            bool first_start = true;
            for (const Change &c : changes) {
                if (c.day > end()) break;
                switch (c.kind) {
                case Change::start:
                    if (open != SIZE_MAX) break;
                    if (!first_start) mrr = std::max(10.0, round_to(mrr * (0.8 + 0.4 * rng_.uniform()), 10));
                    open = start_subscription(plan, c.day, mrr, first_start && plan.trial);
                    first_start = false;
                    break;
                case Change::stop:
                    if (open == SIZE_MAX) break;
                    end_subscription(open, c.day, true);
                    open = SIZE_MAX;
                    break;
                case Change::scale:
                case Change::expand:
                    if (open == SIZE_MAX) break;
                    mrr = c.kind == Change::scale ? std::max(10.0, round_to(mrr * c.factor, 10))
                                                  : mrr + expansion_amount_[c.candidate] / 12;
                    if (c.day <= ds_.subscriptions[open].started_at) { // same-day change: adjust in place
                        set_mrr(ds_.subscriptions[open], mrr);
                        break;
                    }
                    end_subscription(open, c.day, false);
                    open = start_subscription(plan, c.day, mrr, false);
                    break;
                }
            }
            if (open != SIZE_MAX) {
                core::Subscription &s = ds_.subscriptions[open];
                if (rng_.chance(0.02)) s.status = core::SubStatus::past_due;
                // A few customers have asked to leave at the end of the period they paid for.
                if (rng_.chance(0.04)) {
                    s.cancel_at_period_end = true;
                    Day period_end = s.started_at;
                    while (period_end <= end())
                        period_end = core::add_months(period_end, plan.annual ? 12 : 1);
                    s.cancel_at = period_end;
                    s.canceled_at = std::max(s.started_at, end() - rng_.between(0, 20));
                }
            }
        }
    }

    void set_mrr(core::Subscription &s, double mrr) {
        s.mrr = mrr;
        s.plan = lit(plan_name(accounts_[s.account_id - 1].eur ? mrr * o_.eur_rate : mrr));
    }

    size_t start_subscription(const CustomerPlan &plan, Day day, double mrr, bool trial) {
        const AccountDraft &a = accounts_[plan.account];
        core::Subscription s;
        s.account_id = plan.account + 1;
        s.status = core::SubStatus::active;
        s.started_at = trial ? day - 14 : day;
        if (trial) s.trial_end = day;
        s.currency = a.eur ? eur_ : base_currency_;
        s.interval = lit(plan.annual ? "year" : "month");
        set_mrr(s, mrr);
        ds_.subscriptions.push_back(s);
        return ds_.subscriptions.size() - 1;
    }

    void end_subscription(size_t index, Day day, bool churn) {
        core::Subscription &s = ds_.subscriptions[index];
        s.status = core::SubStatus::canceled;
        s.ended_at = day;
        s.canceled_at = day;
        // Half of the leavers cancel ahead and run to the end of their paid period.
        if (churn && rng_.chance(0.5)) {
            s.cancel_at_period_end = true;
            s.cancel_at = day;
            s.canceled_at = std::max(s.started_at, day - rng_.between(5, 25));
        }
    }

    // Prospects on a free trial: recent open SMB deals in evaluation.
    void make_trials() {
        for (const DealDraft &d : deals_) {
            const AccountDraft &a = accounts_[d.account];
            if (d.deal.state != core::DealState::open || d.deal.type != core::DealType::new_business || a.segment != 0)
                continue;
            if (d.deal.created_at < end() - 30 || !rng_.chance(0.5)) continue;
            core::Subscription s;
            s.account_id = d.account + 1;
            s.status = core::SubStatus::trialing;
            s.started_at = std::max(d.deal.created_at, end() - rng_.between(0, 13));
            s.trial_end = s.started_at + 14;
            s.currency = a.eur ? eur_ : base_currency_;
            s.interval = lit("month");
            set_mrr(s, a.acv / 12);
            ds_.subscriptions.push_back(s);
        }
    }

    // [SECTION] Spend, traffic, tools, targets -------------------------------------------------------------------

    void make_spend_and_traffic() {
        const Month m0 = core::month_of(calendar_.first), m1 = core::month_of(end());
        const size_t months = static_cast<size_t>(m1 - m0 + 1);
        const size_t days = static_cast<size_t>(end() - calendar_.first + 1);
        std::vector<double> leads_by_month(months * kSources.size(), 0), leads_by_day(days * kSources.size(), 0);
        std::array<size_t, 64> source_of{}; // Sym -> source index for the few source syms
        for (size_t i = 0; i < kSources.size(); ++i)
            if (source_syms_[i] < source_of.size()) source_of[source_syms_[i]] = i;
        for (const core::Lead &l : ds_.leads) {
            size_t src = source_of[l.source];
            leads_by_month[static_cast<size_t>(core::month_of(l.created_at) - m0) * kSources.size() + src] += 1;
            leads_by_day[static_cast<size_t>(l.created_at - calendar_.first) * kSources.size() + src] += 1;
        }
        for (size_t m = 0; m < months; ++m)
            for (size_t i = 0; i < kSources.size(); ++i) {
                if (kSources[i].cost_per_lead <= 0) continue;
                double leads = leads_by_month[m * kSources.size() + i];
                double amount = std::round(leads * kSources[i].cost_per_lead * (0.85 + 0.3 * rng_.uniform()));
                ds_.spend.push_back({m0 + static_cast<Month>(m), source_syms_[i], amount, base_currency_, 0});
            }
        // Sessions follow the expected arrivals of the day (not the realised leads) so quiet days still have visits.
        const double leads_total = static_cast<double>(ds_.leads.size());
        for (size_t day = 0; day < days; ++day) {
            Day d = calendar_.first + static_cast<Day>(day);
            double expected = leads_total * calendar_.weight(d) / calendar_.total;
            for (size_t i = 0; i < kSources.size(); ++i) {
                if (kSources[i].web_conversion <= 0) continue;
                double sessions = std::round(expected * kSources[i].share / kSources[i].web_conversion *
                                             (0.8 + 0.4 * rng_.uniform()));
                core::Traffic t;
                t.date = d;
                t.channel = source_syms_[i];
                t.sessions = sessions;
                t.users = std::round(sessions * (0.72 + 0.1 * rng_.uniform()));
                t.conversions = leads_by_day[day * kSources.size() + i];
                ds_.traffic.push_back(t);
            }
        }
    }

    void make_tools() {
        struct ToolRow {
            const char *name;
            const char *category;
            uint8_t teams;
            double monthly_cost;
            double seats;
            const char *owner;
        };
        using namespace core;
        static constexpr ToolRow kTools[] = {
            {"HubSpot Marketing Hub", "marketing automation", kMarketing, 3600, 10, "Sofia Lindqvist"},
            {"Mailchimp", "email marketing", kMarketing, 350, 4, "Sofia Lindqvist"},
            {"Customer.io", "email marketing", kMarketing | kSuccess, 1000, 5, "Hannah Becker"},
            {"Salesforce Sales Cloud", "crm", kSales | kRevops, 2310, 14, "Þórunn Ægisdóttir"},
            {"Outreach", "sales engagement", kSales, 900, 9, "José Muñoz"},
            {"Gong", "call recording", kSales | kSuccess, 1400, 10, "José Muñoz"},
            {"Chorus", "call recording", kSales, 800, 6, "Priya Raman"},
            {"ZoomInfo", "data enrichment", kSales | kMarketing, 1500, 8, "Kenji Watanabe"},
            {"Clearbit", "data enrichment", kMarketing | kRevops, 600, 3, "Sofia Lindqvist"},
            {"DocuSign", "e-signature", kSales, 300, 7, "Liam O'Connor"},
            {"Gainsight", "customer success", kSuccess, 2000, 4, "Zoë Dubois"},
            {"Intercom", "support chat", kSuccess | kMarketing, 900, 6, "Hannah Becker"},
            {"Zendesk", "helpdesk", kSuccess, 690, 6, "Zoë Dubois"},
            {"Looker", "business intelligence", kRevops, 3000, 5, "Mateusz Wójcik"},
            {"Clari", "forecasting", kRevops | kSales, 1200, 8, "Þórunn Ægisdóttir"},
            {"Slack", "collaboration", kOtherTeam, 500, 40, ""},
        };
        for (const ToolRow &t : kTools)
            ds_.tools.push_back(
                {ds_.sym(t.name), ds_.sym(t.category), t.teams, t.monthly_cost, t.seats, ds_.sym(t.owner), 0});
    }

    // Targets: 10% above the trailing three months' actuals (a typical "plan = run rate + stretch"), for every month
    // of history and six months ahead; quarterly bookings targets are the sum of their months.
    void make_targets() {
        const Month m0 = core::month_of(calendar_.first), m1 = core::month_of(end()) + 6;
        const size_t months = static_cast<size_t>(m1 - m0 + 1);
        std::vector<double> bookings(months, 0), new_mrr(months, 0);
        for (const DealDraft &d : deals_) {
            const core::Deal &deal = d.deal;
            if (deal.state != core::DealState::won || !core::has(deal.amount)) continue;
            Month m = core::month_of(deal.closed_at);
            if (m < m0 || m > m1) continue;
            double amount = deal.amount * (deal.currency == eur_ ? o_.eur_rate : 1.0);
            bookings[static_cast<size_t>(m - m0)] += amount;
            if (deal.type == core::DealType::new_business) new_mrr[static_cast<size_t>(m - m0)] += amount / 12;
        }
        const Month last_actual = core::month_of(end());
        auto plan = [&](const std::vector<double> &actual, Month m, double step) {
            Month to = std::min<Month>(m, last_actual + 1);
            double sum = 0;
            int n = 0;
            for (Month k = std::max(m0, to - 3); k < to; ++k, ++n)
                sum += actual[static_cast<size_t>(k - m0)];
            double base = n ? sum / n : actual[static_cast<size_t>(m - m0)];
            return round_to(base * 1.1, step);
        };
        Sym bookings_metric = ds_.sym("bookings_amount"), new_mrr_metric = ds_.sym("new_mrr");
        std::vector<double> monthly(months, 0);
        for (Month m = m0; m <= m1; ++m) {
            monthly[static_cast<size_t>(m - m0)] = plan(bookings, m, 1000);
            ds_.targets.push_back({bookings_metric, core::TargetPeriod::month, core::first_day(m),
                                   monthly[static_cast<size_t>(m - m0)], 0});
            ds_.targets.push_back(
                {new_mrr_metric, core::TargetPeriod::month, core::first_day(m), plan(new_mrr, m, 100), 0});
        }
        for (Month q = m0 - m0 % 3; q <= m1; q += 3) {
            double sum = 0;
            for (Month m = q; m < q + 3; ++m)
                if (m >= m0 && m <= m1) sum += monthly[static_cast<size_t>(m - m0)];
            ds_.targets.push_back({bookings_metric, core::TargetPeriod::quarter, core::first_day(q), sum, 0});
        }
    }

    // [SECTION] Finishing ----------------------------------------------------------------------------------------

    void finish() {
        // accounts: by creation date; ids, names and domains in that order
        std::vector<uint32_t> order(accounts_.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](uint32_t x, uint32_t y) { return accounts_[x].created < accounts_[y].created; });
        std::vector<Sym> account_sym(accounts_.size() + 1, 0);
        std::vector<Sym> account_name(accounts_.size() + 1, 0);
        std::vector<uint32_t> name_uses(kNamePrefixes.size() * kNameSuffixes.size(), 0);
        std::vector<std::string> industry_names(kIndustries.begin(), kIndustries.end());
        ds_.accounts.reserve(accounts_.size());
        for (size_t rank = 0; rank < order.size(); ++rank) {
            const AccountDraft &a = accounts_[order[rank]];
            size_t p = rng_.below(kNamePrefixes.size()), s = rng_.below(kNameSuffixes.size());
            uint32_t uses = ++name_uses[p * kNameSuffixes.size() + s];
            std::string name = std::string(kNamePrefixes[p].display) + " " + kNameSuffixes[s].display;
            std::string domain = std::string(kNamePrefixes[p].stem) + kNameSuffixes[s].stem;
            if (uses > 1) {
                name += " " + std::to_string(uses);
                domain += std::to_string(uses);
            }
            domain += kTlds[(p + s) % kTlds.size()];
            const Segment &seg = kSegments[a.segment];
            core::Account row;
            row.id = ds_.sym(numbered('A', rank + 1, 6));
            row.name = ds_.sym(name);
            row.domain = ds_.sym(domain);
            row.created_at = a.created;
            row.customer_since = a.customer_since;
            row.segment = segment_syms_[a.segment];
            row.industry = lit(kIndustries[rng_.below(kIndustries.size())]);
            row.employees =
                std::round(seg.employees_lo * std::pow(seg.employees_hi / seg.employees_lo, rng_.uniform()));
            row.source = a.source;
            ds_.accounts.push_back(row);
            account_sym[order[rank] + 1] = row.id;
            account_name[order[rank] + 1] = row.name;
            ds_.leads[a.lead].email_domain = row.domain;
        }
        for (core::Lead &l : ds_.leads)
            l.account_id = account_sym[l.account_id];

        // customers' first lead reached "customer" when the first deal was won; a few became evangelists
        for (const AccountDraft &a : accounts_) {
            if (a.customer_since == kNoDay) continue;
            core::Lead &l = ds_.leads[a.lead];
            l.stage_at[core::kCustomer] = a.customer_since;
            Day evangelist = a.customer_since + rng_.between(90, 240);
            if (evangelist <= end() && rng_.chance(0.05)) l.stage_at[core::kEvangelist] = evangelist;
        }
        std::stable_sort(ds_.leads.begin(), ds_.leads.end(),
                         [](const core::Lead &x, const core::Lead &y) { return x.created_at < y.created_at; });
        for (size_t i = 0; i < ds_.leads.size(); ++i)
            ds_.leads[i].id = ds_.sym(numbered('L', i + 1, 7));

        std::stable_sort(deals_.begin(), deals_.end(),
                         [](const DealDraft &x, const DealDraft &y) { return x.deal.created_at < y.deal.created_at; });
        ds_.deals.reserve(deals_.size());
        static constexpr const char *kTypeSuffix[] = {"", " – New business", " – Expansion", " – Renewal"};
        for (size_t i = 0; i < deals_.size(); ++i) {
            DealDraft &d = deals_[i];
            core::Deal deal = d.deal;
            deal.id = ds_.sym(numbered('D', i + 1, 7));
            deal.account_id = account_sym[d.account + 1];
            std::string name(ds_.str(account_name[d.account + 1]));
            name += kTypeSuffix[static_cast<int>(deal.type)];
            if (deal.type == core::DealType::renewal)
                name += " " + std::to_string(core::civil_from_days(deal.created_at + 45).y);
            deal.name = ds_.sym(name);
            deal.history_begin = static_cast<uint32_t>(ds_.stage_history.size());
            deal.history_count = static_cast<uint32_t>(d.history.size());
            ds_.stage_history.insert(ds_.stage_history.end(), d.history.begin(), d.history.end());
            ds_.deals.push_back(deal);
        }
        deals_.clear();

        std::stable_sort(
            ds_.subscriptions.begin(), ds_.subscriptions.end(),
            [](const core::Subscription &x, const core::Subscription &y) { return x.started_at < y.started_at; });
        for (size_t i = 0; i < ds_.subscriptions.size(); ++i) {
            core::Subscription &s = ds_.subscriptions[i];
            s.id = ds_.sym(numbered('S', i + 1, 7));
            s.account_id = account_sym[s.account_id];
        }

        core::FileInfo info;
        info.name = "sample";
        info.format = "canonical";
        info.records_read = info.records_used = ds_.leads.size() + ds_.deals.size() + ds_.accounts.size() +
                                                ds_.subscriptions.size() + ds_.spend.size() + ds_.traffic.size() +
                                                ds_.tools.size() + ds_.targets.size();
        ds_.files.push_back(std::move(info));
    }

    const GenerateOptions &o_;
    Rng rng_;
    Calendar calendar_;
    Month planted_;
    core::Dataset ds_;
    std::array<Sym, kSources.size()> source_syms_{};
    std::array<double, kSources.size()> source_weights_{};
    std::array<Sym, kSegments.size()> segment_syms_{};
    std::array<double, kSegments.size()> segment_weights_{};
    Sym base_currency_ = 0, eur_ = 0, new_business_ = 0, renewals_ = 0;
    std::unordered_map<const void *, Sym> literals_;
    std::vector<AccountDraft> accounts_;
    std::vector<DealDraft> deals_;
    std::vector<CustomerPlan> plans_;
    std::vector<ExpansionCandidate> expansion_candidates_;
    std::vector<RenewalCandidate> renewal_candidates_;
    std::vector<uint8_t> expansion_chosen_, expansion_won_;
    std::vector<Day> expansion_close_;
    std::vector<double> expansion_amount_;
};

} // namespace

// [SECTION] Entry points -----------------------------------------------------------------------------------------

core::Month planted_bottleneck_month(const GenerateOptions &o) {
    if (o.bottleneck_month != core::kNoMonth) return o.bottleneck_month;
    core::Month last_full = core::month_of(o.end);
    if (o.end < core::last_day(last_full)) --last_full;
    return last_full - 2;
}

core::Dataset generate_company(const GenerateOptions &o) {
    Company company(o);
    return company.build();
}

std::string generated_settings_json(const GenerateOptions &o) {
    return "{\"base_currency\":\"" + (o.currency.empty() ? std::string("USD") : o.currency) +
           "\",\"rates\":{\"EUR\":" + core::format_double(o.eur_rate) + "}}\n";
}

} // namespace sample
