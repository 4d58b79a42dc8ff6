#include "core/model.h"

#include <cstring>

#include <algorithm>

namespace core {

// Room for `more` more items, doubling at least: merging file after file must not copy every earlier row each time.
template <class T> static void make_room(std::vector<T>& v, size_t more) {
    const size_t need = v.size() + more;
    if (v.capacity() < need) v.reserve(std::max(need, v.capacity() * 2));
}

StringPool::StringPool() : views_(1), slots_(64) {}

StringPool& StringPool::operator=(const StringPool& o) {
    if (this == &o) return *this;
    *this = StringPool();
    for (size_t i = 1; i < o.size(); ++i) intern(o.view(static_cast<Sym>(i)));
    return *this;
}

void StringPool::swap(StringPool& o) noexcept {
    chunks_.swap(o.chunks_);
    std::swap(free_, o.free_);
    std::swap(free_left_, o.free_left_);
    views_.swap(o.views_);
    slots_.swap(o.slots_);
}

uint32_t StringPool::hash_of(std::string_view s) {
    // 8 bytes at a time, multiply-xorshift mixing: quality enough for ids, names and codes, and fast in wasm.
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    uint64_t w = 0; // the last 0..7 bytes, little-endian (a loop: in wasm a memcpy of a variable size is a call)
    for (size_t k = 0; i + k < s.size(); ++k) w |= uint64_t(static_cast<unsigned char>(s[i + k])) << (8 * k);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return static_cast<uint32_t>(h >> 32);
}

size_t StringPool::slot_of(std::string_view s, uint32_t h) const {
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.sym == 0 || (slot.hash == h && views_[slot.sym] == s)) return i;
    }
}

void StringPool::reserve(size_t n) {
    size_t want = slots_.size();
    while (want < n * 2) want *= 2;
    if (want > slots_.size()) rehash(want);
    make_room(views_, n > views_.size() ? n - views_.size() : 0);
}

bool StringPool::assign(std::string_view texts, std::span<const uint32_t> ends, std::span<const uint32_t> index) {
    *this = StringPool();
    const size_t n = ends.size() + 1, slots = index.size() / 2;
    // the index: a power of two, at most half full, every text in it once
    bool ok = index.size() % 2 == 0 && slots >= 64 && (slots & (slots - 1)) == 0 && n * 2 <= slots;
    uint32_t prev = 0;
    for (size_t i = 0; ok && i < ends.size(); ++i) {
        ok = ends[i] > prev && ends[i] <= texts.size(); // no empty text: Sym 0 is the only one
        prev = ends[i];
    }
    ok = ok && prev == texts.size();
    std::vector<uint8_t> seen(ok ? n : 0);
    for (size_t i = 0; ok && i < slots; ++i) {
        const Sym sym = index[2 * i + 1];
        if (sym == 0) continue;
        ok = sym < n && !seen[sym];
        if (ok) seen[sym] = 1;
    }
    ok = ok && std::count(seen.begin(), seen.end(), uint8_t(1)) == static_cast<long>(n - 1);
    if (!ok) return false;
    if (!texts.empty()) {
        chunks_.emplace_back(new char[texts.size()]);
        std::memcpy(chunks_.back().get(), texts.data(), texts.size());
    }
    const char* base = chunks_.empty() ? nullptr : chunks_.back().get();
    views_.resize(n);
    prev = 0;
    for (size_t i = 0; i < ends.size(); ++i) {
        views_[i + 1] = std::string_view(base + prev, ends[i] - prev);
        prev = ends[i];
    }
    slots_.resize(slots);
    for (size_t i = 0; i < slots; ++i) slots_[i] = {index[2 * i], index[2 * i + 1]};
    return true;
}

void StringPool::grow() { rehash(slots_.size() * 2); }

void StringPool::rehash(size_t n) {
    std::vector<Slot> old(n);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
        if (slot.sym == 0) continue;
        size_t i = slot.hash & mask;
        while (slots_[i].sym != 0) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

std::string_view StringPool::store(std::string_view s) {
    constexpr size_t kChunk = 64 * 1024;
    if (s.size() > kChunk / 4) { // a long text gets a chunk of its own
        chunks_.emplace_back(new char[s.size()]);
        std::memcpy(chunks_.back().get(), s.data(), s.size());
        return {chunks_.back().get(), s.size()};
    }
    if (free_left_ < s.size()) {
        chunks_.emplace_back(new char[kChunk]);
        free_ = chunks_.back().get();
        free_left_ = kChunk;
    }
    std::memcpy(free_, s.data(), s.size());
    std::string_view v(free_, s.size());
    free_ += s.size();
    free_left_ -= s.size();
    return v;
}

Sym StringPool::intern(std::string_view s) {
    if (s.empty()) return 0;
    const uint32_t h = hash_of(s);
    size_t i = slot_of(s, h);
    if (slots_[i].sym != 0) return slots_[i].sym;
    const Sym id = static_cast<Sym>(views_.size());
    views_.push_back(store(s));
    slots_[i] = {h, id};
    if (views_.size() * 2 > slots_.size()) grow();
    return id;
}

Sym StringPool::find(std::string_view s) const {
    if (s.empty()) return 0;
    return slots_[slot_of(s, hash_of(s))].sym;
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

// (system, id) -> row position: open addressing over 64-bit keys (ids are never 0, so key 0 marks an empty slot).
class RowIndex {
public:
    explicit RowIndex(size_t rows) {
        size_t n = 16;
        while (n < rows * 2) n *= 2;
        slots_.resize(n);
    }
    // The position already held by `key`, or nullptr after recording `pos` for it.
    uint32_t* insert(uint64_t key, uint32_t pos) {
        Slot& s = slots_[slot(key)];
        if (s.key == key) return &s.pos;
        s = {key, pos};
        return nullptr;
    }
    const uint32_t* find(uint64_t key) const {
        const Slot& s = slots_[slot(key)];
        return s.key == key ? &s.pos : nullptr;
    }

private:
    struct Slot { uint64_t key = 0; uint32_t pos = 0; };
    size_t slot(uint64_t key) const { // sized for every row up front: at most half full
        const size_t mask = slots_.size() - 1;
        size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask;
        while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
        return i;
    }
    std::vector<Slot> slots_;
};



// Moves the rows of one entity from `from` into `into`, replacing rows with the same key (system, id); a later row
// replaces an earlier one in place, also within `from`. Only `from` is indexed (one file's rows). The earlier rows are
// read, once and in order, only when a row of `from` has an id that can be theirs: one below `first_new`, the first
// Sym interned for this file (a text new to the pool is no loaded row's id). So a file of new records costs its own
// rows however much is loaded (the tenth page of 100k deals read the 900k before it: half its merge). `from` is
// emptied and its memory released, so a merge never holds two full copies of a column.
template <class Row, class Remap>
uint64_t merge_rows(std::vector<Row>& into, std::vector<Row>& from, Sym first_new, Remap remap) {
    auto key = [](const Row& r) { return (static_cast<uint64_t>(r.system) + 1) << 32 | r.id; };
    constexpr uint32_t kGone = UINT32_MAX; // a row of `from` already placed (or replaced by a later one of `from`)
    uint64_t replaced = 0;
    bool may_replace = false; // a row of `from` has an id the pool held before this file
    std::vector<uint32_t> keep(from.size()); // from[i] goes to the end (i), or nowhere (kGone)
    RowIndex index(from.size());
    for (size_t i = 0; i < from.size(); ++i) {
        remap(from[i]);
        keep[i] = static_cast<uint32_t>(i);
        if (!from[i].id) continue;
        may_replace |= from[i].id < first_new;
        if (uint32_t* at = index.insert(key(from[i]), static_cast<uint32_t>(i))) { // the same id twice in one file
            from[*at] = from[i];
            keep[i] = kGone;
            ++replaced;
        }
    }
    if (may_replace && !into.empty()) {
        for (Row& r : into) {
            if (!r.id) continue;
            const uint32_t* at = index.find(key(r));
            if (!at || keep[*at] == kGone) continue;
            r = from[*at];
            keep[*at] = kGone;
            ++replaced;
        }
    }
    if (into.empty() && replaced == 0) {
        into.swap(from);
    } else {
        make_room(into, from.size() - static_cast<size_t>(std::count(keep.begin(), keep.end(), kGone)));
        for (size_t i = 0; i < from.size(); ++i)
            if (keep[i] != kGone) into.push_back(from[i]);
    }
    std::vector<Row>().swap(from);
    return replaced;
}

} // namespace

bool Dataset::intern_texts(const Dataset& part, std::vector<Sym>& map, size_t limit) {
    if (map.empty()) strings.reserve(strings.size() + part.strings.size());
    const size_t end = std::min(part.strings.size(), map.size() + limit);
    for (size_t i = map.size(); i < end; ++i) map.push_back(strings.intern(part.strings.view(static_cast<Sym>(i))));
    return map.size() < part.strings.size();
}

void Dataset::reserve_for(const Dataset& part) {
    make_room(stage_history, part.stage_history.size());
    make_room(leads, part.leads.size());
    make_room(deals, part.deals.size());
    make_room(accounts, part.accounts.size());
    make_room(subscriptions, part.subscriptions.size());
}

uint64_t Dataset::merge(Dataset&& part) { return merge(std::move(part), {}); }

uint64_t Dataset::merge(Dataset&& part, std::vector<Sym>&& map, Sym first_new) {
    // Into a Dataset without texts yet (the first file), the part's pool becomes this one's: no re-interning.
    const bool same_syms = strings.size() == 1;
    if (same_syms) {
        strings = std::move(part.strings);
        first_new = 1; // (rows loaded before hold no text, so no id)
    } else {
        bool fits = map.size() == part.strings.size();
        for (size_t i = 1; fits && i < map.size(); ++i) fits = map[i] < strings.size();
        if (!fits) {
            map.clear();
            first_new = static_cast<Sym>(strings.size());
            intern_texts(part, map, part.strings.size());
        } else if (first_new == 0 || first_new > strings.size()) {
            first_new = UINT32_MAX; // not known: every id may be a loaded row's
        }
        part.strings = StringPool();
    }
    auto m = [&](Sym& s) { if (!same_syms) s = map[s]; };
    const uint16_t file = static_cast<uint16_t>(files.size());
    for (FileInfo& f : part.files) files.push_back(std::move(f));
    if (part.files.empty()) files.emplace_back();

    const uint32_t history_base = static_cast<uint32_t>(stage_history.size());
    if (history_base == 0 && same_syms) {
        stage_history.swap(part.stage_history);
    } else {
        make_room(stage_history, part.stage_history.size());
        for (StageEntry& e : part.stage_history) {
            m(e.stage);
            stage_history.push_back(e);
        }
        std::vector<StageEntry>().swap(part.stage_history);
    }
    uint64_t replaced = 0;
    replaced += merge_rows(leads, part.leads, first_new, [&](Lead& r) {
        r.file = file;
        m(r.id); m(r.source); m(r.owner); m(r.account_id); m(r.status); m(r.email_domain);
    });
    replaced += merge_rows(deals, part.deals, first_new, [&](Deal& r) {
        r.file = file;
        m(r.id); m(r.name); m(r.account_id); m(r.owner); m(r.source); m(r.pipeline); m(r.stage_id); m(r.stage);
        m(r.currency);
        r.history_begin += history_base;
    });
    replaced += merge_rows(accounts, part.accounts, first_new, [&](Account& r) {
        r.file = file;
        m(r.id); m(r.name); m(r.domain); m(r.segment); m(r.industry); m(r.source); m(r.crm_account);
    });
    replaced += merge_rows(subscriptions, part.subscriptions, first_new, [&](Subscription& r) {
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
