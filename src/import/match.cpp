// Billing customers -> CRM accounts: by domain, then by the email domain of CRM contacts, then by normalised name.
#include "import/import.h"
#include "import/mapping.h"

#include <cctype>
#include <unordered_map>

namespace import {

namespace {

// "Acme, Inc." / "ACME Inc" / "Acme (Sample)" -> "acme": legal suffixes and punctuation say nothing about identity.
std::string normalised_name(std::string_view name) {
    std::string s;
    for (char c : lower(name)) s += std::isalnum(static_cast<unsigned char>(c)) ? c : ' ';
    std::string out, word;
    auto flush = [&] {
        static const std::set<std::string, std::less<>> noise = {"inc", "llc", "ltd", "gmbh", "corp", "co", "sa",
                                                                 "ag", "plc", "limited", "corporation", "sample"};
        if (!word.empty() && !noise.count(word)) out += (out.empty() ? "" : " ") + word;
        word.clear();
    };
    for (char c : s) c == ' ' ? flush() : void(word += c);
    flush();
    return out;
}

bool is_crm(core::System s) { return s != core::System::stripe && s != core::System::ga4; }

} // namespace

MatchStats match_customers(core::Dataset& ds) {
    MatchStats m;
    // Several CRM accounts behind one key match nothing: a wrong match is worse than none.
    std::unordered_map<std::string, core::Sym> by_domain, by_email, by_name;
    auto add = [](auto& map, std::string key, core::Sym id) {
        if (key.empty()) return;
        auto [it, fresh] = map.emplace(std::move(key), id);
        if (!fresh && it->second != id) it->second = 0;
    };
    for (const core::Account& a : ds.accounts) {
        if (!is_crm(a.system)) continue;
        add(by_domain, std::string(ds.str(a.domain)), a.id);
        add(by_name, normalised_name(ds.str(a.name)), a.id);
    }
    for (const core::Lead& l : ds.leads)
        if (is_crm(l.system) && l.account_id) add(by_email, std::string(ds.str(l.email_domain)), l.account_id);
    auto find = [](auto& map, const std::string& key) -> core::Sym {
        auto it = key.empty() ? map.end() : map.find(key);
        return it == map.end() ? 0 : it->second;
    };
    for (core::Account& a : ds.accounts) {
        if (a.system != core::System::stripe) continue;
        ++m.billing_accounts;
        std::string domain(ds.str(a.domain));
        if (core::Sym id = find(by_domain, domain)) { a.crm_account = id; ++m.by_domain; continue; }
        if (core::Sym id = find(by_email, domain)) { a.crm_account = id; ++m.by_email_domain; continue; }
        if (core::Sym id = find(by_name, normalised_name(ds.str(a.name)))) { a.crm_account = id; ++m.by_name; continue; }
        a.crm_account = 0;
        ++m.unmatched;
        if (m.unmatched_ids.size() < 20) m.unmatched_ids.emplace_back(ds.str(a.id));
    }
    return m;
}

} // namespace import
