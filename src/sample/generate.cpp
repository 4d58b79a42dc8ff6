#include "sample/generate.h"

namespace sample {

core::Month planted_bottleneck_month(const GenerateOptions& o) {
    if (o.bottleneck_month != core::kNoMonth) return o.bottleneck_month;
    core::Month last_full = core::month_of(o.end);
    if (o.end < core::last_day(last_full)) --last_full;
    return last_full - 2;
}

core::Dataset generate_company(const GenerateOptions&) { return {}; }

std::string generated_settings_json(const GenerateOptions& o) {
    return "{\"base_currency\":\"" + o.currency + "\",\"rates\":{\"EUR\":" + std::to_string(o.eur_rate) + "}}\n";
}

} // namespace sample
