#include "core/model.h"

#include <algorithm>

namespace core {

StringPool::StringPool() {
    store_.emplace_back();
    views_.push_back(store_.back());
}

Sym StringPool::intern(std::string_view s) {
    if (s.empty()) return 0;
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    store_.emplace_back(s);
    Sym id = static_cast<Sym>(views_.size());
    views_.push_back(store_.back());
    index_.emplace(views_.back(), id);
    return id;
}

Sym StringPool::find(std::string_view s) const {
    if (s.empty()) return 0;
    auto it = index_.find(s);
    return it == index_.end() ? 0 : it->second;
}

const char* system_name(System s) {
    switch (s) {
    case System::canonical: return "canonical";
    case System::hubspot: return "hubspot";
    case System::salesforce: return "salesforce";
    case System::pipedrive: return "pipedrive";
    case System::stripe: return "stripe";
    case System::zoho: return "zoho";
    case System::close: return "close";
    case System::ga4: return "ga4";
    case System::csv: return "csv";
    }
    return "?";
}

const char* lifecycle_name(int stage) {
    static const char* k[] = {"lead", "mql", "sql", "opportunity", "customer", "evangelist"};
    return stage >= 0 && stage < kLifecycleStages ? k[stage] : "?";
}
const char* deal_state_name(DealState s) {
    return s == DealState::won ? "won" : s == DealState::lost ? "lost" : "open";
}
const char* deal_type_name(DealType t) {
    switch (t) {
    case DealType::new_business: return "new";
    case DealType::expansion: return "expansion";
    case DealType::renewal: return "renewal";
    case DealType::unknown: break;
    }
    return "unknown";
}
const char* forecast_category_name(ForecastCategory c) {
    switch (c) {
    case ForecastCategory::pipeline: return "pipeline";
    case ForecastCategory::best_case: return "best_case";
    case ForecastCategory::commit: return "commit";
    case ForecastCategory::closed: return "closed";
    case ForecastCategory::omitted: return "omitted";
    case ForecastCategory::none: break;
    }
    return "";
}
const char* sub_status_name(SubStatus s) {
    switch (s) {
    case SubStatus::active: return "active";
    case SubStatus::trialing: return "trialing";
    case SubStatus::past_due: return "past_due";
    case SubStatus::unpaid: return "unpaid";
    case SubStatus::canceled: return "canceled";
    case SubStatus::incomplete: return "incomplete";
    case SubStatus::incomplete_expired: return "incomplete_expired";
    case SubStatus::paused: return "paused";
    }
    return "?";
}

namespace {

// Moves the rows of one entity from `from` into `into`, replacing rows with the same key. Key = (system, id).
template <class Row, class Remap>
uint64_t merge_rows(std::vector<Row>& into, std::vector<Row>& from, Remap remap) {
    uint64_t replaced = 0;
    std::unordered_map<uint64_t, size_t> index;
    index.reserve(into.size());
    auto key = [](const Row& r) { return (static_cast<uint64_t>(r.system) << 32) | r.id; };
    for (size_t i = 0; i < into.size(); ++i)
        if (into[i].id) index[key(into[i])] = i;
    into.reserve(into.size() + from.size());
    for (Row& r : from) {
        remap(r);
        if (r.id) {
            auto [it, fresh] = index.emplace(key(r), into.size());
            if (!fresh) {
                into[it->second] = r;
                ++replaced;
                continue;
            }
        }
        into.push_back(r);
    }
    return replaced;
}

} // namespace

uint64_t Dataset::merge(Dataset&& part) {
    std::vector<Sym> map(part.strings.size());
    for (size_t i = 0; i < map.size(); ++i) map[i] = strings.intern(part.strings.view(static_cast<Sym>(i)));
    auto m = [&](Sym& s) { s = map[s]; };
    const uint16_t file = static_cast<uint16_t>(files.size());
    for (FileInfo& f : part.files) files.push_back(std::move(f));
    if (part.files.empty()) files.emplace_back();

    const uint32_t history_base = static_cast<uint32_t>(stage_history.size());
    for (StageEntry& e : part.stage_history) {
        m(e.stage);
        stage_history.push_back(e);
    }
    uint64_t replaced = 0;
    replaced += merge_rows(leads, part.leads, [&](Lead& r) {
        r.file = file;
        m(r.id); m(r.source); m(r.owner); m(r.account_id); m(r.status); m(r.email_domain);
    });
    replaced += merge_rows(deals, part.deals, [&](Deal& r) {
        r.file = file;
        m(r.id); m(r.name); m(r.account_id); m(r.owner); m(r.source); m(r.pipeline); m(r.stage_id); m(r.stage);
        m(r.currency);
        r.history_begin += history_base;
    });
    replaced += merge_rows(accounts, part.accounts, [&](Account& r) {
        r.file = file;
        m(r.id); m(r.name); m(r.domain); m(r.segment); m(r.industry); m(r.source); m(r.crm_account);
    });
    replaced += merge_rows(subscriptions, part.subscriptions, [&](Subscription& r) {
        r.file = file;
        m(r.id); m(r.account_id); m(r.currency); m(r.interval); m(r.plan);
    });
    for (MarketingSpend r : part.spend) { r.file = file; m(r.channel); m(r.currency); spend.push_back(r); }
    for (Traffic r : part.traffic) { r.file = file; m(r.channel); traffic.push_back(r); }
    for (Tool r : part.tools) { r.file = file; m(r.name); m(r.category); m(r.owner); tools.push_back(r); }
    for (Target r : part.targets) { r.file = file; m(r.metric); targets.push_back(r); }
    for (ReferenceEntry& r : part.reference) {
        r.file = file;
        auto same = [&](const ReferenceEntry& e) { return e.kind == r.kind && e.system == r.system && e.id == r.id; };
        reference.erase(std::remove_if(reference.begin(), reference.end(), same), reference.end());
        reference.push_back(std::move(r));
    }
    files[file].duplicate_ids += replaced;
    part = Dataset{};
    return replaced;
}

void Dataset::remove_file(uint16_t index) {
    auto drop = [index](auto& rows) {
        rows.erase(std::remove_if(rows.begin(), rows.end(), [index](const auto& r) { return r.file == index; }),
                   rows.end());
    };
    drop(leads); drop(deals); drop(accounts); drop(subscriptions); drop(spend); drop(traffic); drop(tools);
    drop(targets);
    drop(reference);
    if (index < files.size()) files[index].removed = true;
}

} // namespace core
