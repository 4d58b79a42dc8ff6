// The canonical model of docs/metrics.md ("Canonical entities"): what every importer produces and the engine reads.
//
// [SECTION] Strings: interned symbols (owners, stages, sources, currencies repeat millions of times)
// [SECTION] Entities: Lead, Deal, Account, Subscription, MarketingSpend, Traffic, Tool, Target
// [SECTION] Files: what each loaded file contributed (for quality.files and the Data tab)
// [SECTION] Dataset: rows of every entity, merged file by file, deduplicated by (system, object, id)
//
// Rows are compact structs (no std::string inside): every text is a Sym into the Dataset's string pool. Money is a
// double in the record's own currency (conversion to the base currency is the engine's job, see Settings). Missing
// numbers are NaN, missing dates kNoDay, missing texts Sym 0 ("").
#pragma once
#include "core/dates.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace core {

// [SECTION] Strings ---------------------------------------------------------------------------------------------------
using Sym = uint32_t; // 0 is the empty string

class StringPool {
public:
    StringPool();
    StringPool(const StringPool& o) : StringPool() { *this = o; }
    StringPool& operator=(const StringPool& o);
    StringPool(StringPool&& o) noexcept : StringPool() { swap(o); } // leaves `o` a valid, empty pool
    StringPool& operator=(StringPool&& o) noexcept {
        StringPool(std::move(o)).swap(*this);
        return *this;
    }
    void swap(StringPool& o) noexcept;

    Sym intern(std::string_view s);
    Sym find(std::string_view s) const; // 0 when absent (or empty)
    std::string_view view(Sym s) const { return views_[s]; }
    size_t size() const { return views_.size(); }
    void reserve(size_t n); // room for n texts in all without growing the index

    // A whole pool moved between the import worker and the page without interning every text again
    // (import/staged.cpp): its index as (hash, sym) pairs, and assign() taking texts laid end to end (ends[i] = end
    // of Sym i+1) with an index() of the same build. assign returns false, leaving the pool empty, when they do not fit.
    std::span<const uint32_t> index() const {
        return {reinterpret_cast<const uint32_t*>(slots_.data()), slots_.size() * 2};
    }
    bool assign(std::string_view texts, std::span<const uint32_t> ends, std::span<const uint32_t> index);

private:
    // Texts live in large chunks that never move (the views point into them); the index is an open-addressing table
    // of (hash, sym) slots, so interning a text that exists costs one hash and usually one comparison.
    struct Slot { uint32_t hash = 0; Sym sym = 0; };
    static_assert(sizeof(Slot) == 2 * sizeof(uint32_t));
    static uint32_t hash_of(std::string_view s);
    size_t slot_of(std::string_view s, uint32_t h) const; // the slot holding s, or the empty slot where it goes
    void grow();
    void rehash(size_t slots);
    std::string_view store(std::string_view s);

    std::vector<std::unique_ptr<char[]>> chunks_;
    char* free_ = nullptr;
    size_t free_left_ = 0;
    std::vector<std::string_view> views_;
    std::vector<Slot> slots_; // size a power of two, at most half full; sym 0 marks an empty slot
};

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline bool has(double v) { return !std::isnan(v); }

// [SECTION] Entities -------------------------------------------------------------------------------------------------
enum class System : uint8_t { canonical, hubspot, salesforce, pipedrive, stripe, zoho, close, ga4, csv };
const char* system_name(System s);

// Lifecycle stages in their natural order (metrics.md: lead < mql < sql < opportunity < customer).
enum LifecycleStage : uint8_t { kLead, kMql, kSql, kOpportunity, kCustomer, kEvangelist, kLifecycleStages };
const char* lifecycle_name(int stage); // "lead", "mql", "sql", "opportunity", "customer", "evangelist"

struct Lead {
    Sym id = 0;
    System system = System::canonical;
    uint16_t file = 0;               // index into Dataset::files
    Day created_at = kNoDay;
    Sym source = 0;                  // channel, e.g. ORGANIC_SEARCH
    Sym owner = 0;
    Sym account_id = 0;
    std::array<Day, kLifecycleStages> stage_at{kNoDay, kNoDay, kNoDay, kNoDay, kNoDay, kNoDay}; // as recorded
    Day disqualified_at = kNoDay;
    Sym status = 0;
    Sym email_domain = 0;            // for matching billing customers to CRM accounts
};

enum class DealState : uint8_t { open, won, lost };
enum class DealType : uint8_t { unknown, new_business, expansion, renewal };
enum class ForecastCategory : uint8_t { none, pipeline, best_case, commit, closed, omitted };
const char* deal_state_name(DealState s);        // "open", "won", "lost"
const char* deal_type_name(DealType t);          // "new", "expansion", "renewal", "unknown"
const char* forecast_category_name(ForecastCategory c); // "pipeline", "best_case", "commit", "closed", "omitted", ""

struct StageEntry {
    Sym stage = 0;                   // stage label (same namespace as Deal::stage)
    Day entered_at = kNoDay;
    Day exited_at = kNoDay;
};

struct Deal {
    Sym id = 0;
    System system = System::canonical;
    uint16_t file = 0;
    Sym name = 0;
    Sym account_id = 0;
    Sym owner = 0;                   // display name when known, else the vendor's owner id
    Sym source = 0;
    Sym pipeline = 0;
    Sym stage_id = 0;                // raw vendor id
    Sym stage = 0;                   // label
    DealState state = DealState::open;
    DealType type = DealType::unknown;
    ForecastCategory forecast_category = ForecastCategory::none;
    double amount = kNaN;            // in `currency`
    double amount_home = kNaN;       // HubSpot amount_in_home_currency (portal's own conversion), else NaN
    Sym currency = 0;                // upper case ISO code; 0 = base currency
    Day created_at = kNoDay;
    Day closed_at = kNoDay;          // won/lost only
    Day expected_close = kNoDay;     // open only
    double probability = kNaN;       // 0..1 from the record itself (stage defaults are resolved by the engine)
    double stage_probability = kNaN;  // 0..1 from a loaded pipelines/stages file or the vendor default for the stage
    uint32_t history_begin = 0;      // into Dataset::stage_history
    uint32_t history_count = 0;
};

struct Account {
    Sym id = 0;
    System system = System::canonical;
    uint16_t file = 0;
    Sym name = 0;
    Sym domain = 0;                  // lower case, no scheme, no www.
    Day created_at = kNoDay;
    Day customer_since = kNoDay;
    Sym segment = 0;
    Sym industry = 0;
    double employees = kNaN;
    Sym source = 0;
    Sym crm_account = 0;             // billing customers: the matched CRM account id (0 = unmatched)
};

enum class SubStatus : uint8_t { active, trialing, past_due, unpaid, canceled, incomplete, incomplete_expired, paused };
const char* sub_status_name(SubStatus s);
inline bool pays(SubStatus s) {      // metrics.md rule 10: trialing, incomplete(_expired), paused are not MRR
    return s == SubStatus::active || s == SubStatus::past_due || s == SubStatus::unpaid || s == SubStatus::canceled;
}

struct Subscription {
    Sym id = 0;
    System system = System::canonical;
    uint16_t file = 0;
    Sym account_id = 0;              // billing customer id
    SubStatus status = SubStatus::active;
    Day started_at = kNoDay;         // start_date
    Day trial_end = kNoDay;
    Day ended_at = kNoDay;
    Day canceled_at = kNoDay;
    Day cancel_at = kNoDay;          // scheduled cancellation (a plan, not an event)
    bool cancel_at_period_end = false;
    double mrr = kNaN;               // monthly, in `currency`, after discounts, quantity included
    Sym currency = 0;
    Sym interval = 0;                // "month", "year", ...
    Sym plan = 0;
};

struct MarketingSpend {
    Month month = kNoMonth;
    Sym channel = 0;
    double amount = kNaN;
    Sym currency = 0;
    uint16_t file = 0;
};

struct Traffic {
    Day date = kNoDay;
    Sym channel = 0;                 // mapped onto lead sources (Organic Search -> ORGANIC_SEARCH)
    double sessions = 0, users = 0, conversions = 0;
    uint16_t file = 0;
};

enum Team : uint8_t { kMarketing = 1, kSales = 2, kSuccess = 4, kRevops = 8, kOtherTeam = 16 };

struct Tool {
    Sym name = 0;
    Sym category = 0;
    uint8_t teams = 0;               // Team bits
    double monthly_cost = kNaN;
    double seats = kNaN;
    Sym owner = 0;
    uint16_t file = 0;
};

enum class TargetPeriod : uint8_t { month, quarter, year };
struct Target {
    Sym metric = 0;                  // a metric's output name, e.g. "bookings_amount", "new_mrr", "sqls"
    TargetPeriod period = TargetPeriod::month;
    Day start = kNoDay;              // first day of the period
    double value = kNaN;
    uint16_t file = 0;
};

// Names that one file defines and the files loaded after it need: a pipelines/stages file's stage labels and
// probabilities, a users file's owner names, pipeline names. Keyed by (system, kind, id); a later file's entry wins.
struct ReferenceEntry {
    enum class Kind : uint8_t { stage, owner, pipeline } kind = Kind::stage;
    System system = System::canonical;
    uint16_t file = 0;
    std::string id;
    std::string label;               // stage label, owner name or pipeline name
    std::string pipeline;            // stages: the pipeline's name
    double probability = kNaN;       // stages: 0..1
    int8_t closes_as = -1;           // stages: -1 unknown, else a DealState (metadata isClosed / won / lost)
};

// [SECTION] Files ----------------------------------------------------------------------------------------------------
struct SkipReason {
    std::string reason;
    std::string example_id;
    uint64_t count = 0;
};

struct FileInfo {
    std::string name;
    std::string format;              // e.g. "hubspot.deals"
    uint64_t bytes = 0;
    uint64_t records_read = 0;
    uint64_t records_used = 0;
    std::vector<SkipReason> skipped; // records_skipped = sum of counts
    uint64_t duplicate_ids = 0;
    uint64_t unknown_stages = 0;
    bool removed = false;            // "remove one file": its rows are gone, the slot stays so indices hold
};

// [SECTION] Dataset --------------------------------------------------------------------------------------------------
struct Dataset {
    StringPool strings;
    std::vector<Lead> leads;
    std::vector<Deal> deals;
    std::vector<StageEntry> stage_history;
    std::vector<Account> accounts;
    std::vector<Subscription> subscriptions;
    std::vector<MarketingSpend> spend;
    std::vector<Traffic> traffic;
    std::vector<Tool> tools;
    std::vector<Target> targets;
    std::vector<ReferenceEntry> reference;
    std::vector<FileInfo> files;

    Sym sym(std::string_view s) { return strings.intern(s); }
    std::string_view str(Sym s) const { return strings.view(s); }

    // Adds `part` (one file's rows, built in its own Dataset so a failed file adds nothing) to this one.
    // Rows are deduplicated by (system, entity, id): a later file's row replaces an earlier one. Returns the number of
    // rows that replaced an existing one. `part.files` must hold exactly one FileInfo.
    uint64_t merge(Dataset&& part);
    // The same in steps (the page merges on its main thread, and interning a big file's texts into a big pool was
    // most of a merge): intern_texts adds the next `limit` texts of `part` to this pool and their Syms to `map`
    // (false once all are in); merge then takes `map` instead of interning them. Interning adds no row; a map that no
    // longer fits this pool (the Dataset was cleared meanwhile) is not used. `first_new`: this pool's size before the
    // first intern_texts (0 = not known), so merge reads the loaded rows only for ids that may be theirs.
    bool intern_texts(const Dataset& part, std::vector<Sym>& map, size_t limit);
    // Room for part's rows (a step of its own before merge: growing a million deals' column copies it all).
    void reserve_for(const Dataset& part);
    uint64_t merge(Dataset&& part, std::vector<Sym>&& map, Sym first_new = 0);
    // Drops every row that came from file `index` (the FileInfo stays, marked removed).
    void remove_file(uint16_t index);
    void clear() { *this = Dataset{}; }

    std::vector<StageEntry> history(const Deal& d) const {
        return {stage_history.begin() + d.history_begin, stage_history.begin() + d.history_begin + d.history_count};
    }
};

} // namespace core
