#include "sample/export_common.h"
#include "core/numbers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>

namespace sample::exporting {

static std::string stamp(core::Day d, const char *time_suffix) {
    return core::has(d) ? core::day_label(d) + time_suffix : std::string();
}
std::string iso_ms(core::Day d) { return stamp(d, "T10:00:00.000Z"); }
std::string sf_datetime(core::Day d) { return stamp(d, "T10:00:00.000+0000"); }
std::string pd_datetime(core::Day d) { return stamp(d, " 10:00:00"); }
int64_t epoch_seconds(core::Day d) { return static_cast<int64_t>(d) * 86400 + 36000; }

std::string number_text(double v) {
    if (!core::has(v)) return {};
    return core::format_double(v);
}

std::vector<PipelineInfo> stage_catalog(const core::Dataset &ds) {
    struct Seen {
        std::string id;
        double probability = core::kNaN;
        double position_sum = 0;
        uint64_t count = 0;
        bool won = false, lost = false;
    };
    std::vector<std::string> pipeline_order;
    std::map<std::string, std::map<std::string, Seen>> seen;
    for (const core::Deal &d : ds.deals) {
        std::string pipeline(ds.str(d.pipeline));
        if (!seen.count(pipeline)) pipeline_order.push_back(pipeline);
        auto &stages = seen[pipeline];
        auto h = ds.history(d);
        for (size_t i = 0; i < h.size(); ++i) {
            Seen &s = stages[std::string(ds.str(h[i].stage))];
            s.position_sum += static_cast<double>(i);
            ++s.count;
        }
        if (d.stage) {
            Seen &s = stages[std::string(ds.str(d.stage))];
            if (d.stage_id && s.id.empty()) s.id = ds.str(d.stage_id);
            if (core::has(d.stage_probability)) s.probability = d.stage_probability;
            if (d.state == core::DealState::won) s.won = true;
            if (d.state == core::DealState::lost) s.lost = true;
        }
    }
    std::vector<PipelineInfo> out;
    for (const std::string &name : pipeline_order) {
        PipelineInfo p;
        p.name = name;
        std::vector<std::pair<double, StageInfo>> open, won, lost;
        for (auto &[label, s] : seen[name]) {
            StageInfo info;
            info.label = label;
            info.id = s.id;
            if (info.id.empty()) // a stage no deal sits in now: derive an id from the label
                for (char c : label)
                    info.id += std::isalnum(static_cast<unsigned char>(c)) ? char(std::tolower(c)) : '_';
            info.probability = s.probability;
            info.closed = s.won || s.lost;
            info.won = s.won;
            double order = s.count ? s.position_sum / static_cast<double>(s.count) : 0;
            (s.won ? won : s.lost ? lost : open).push_back({order, info});
        }
        for (auto *group : {&open, &won, &lost}) {
            std::stable_sort(group->begin(), group->end(), [](auto &a, auto &b) { return a.first < b.first; });
            for (auto &[order, info] : *group)
                p.stages.push_back(info);
        }
        out.push_back(std::move(p));
    }
    return out;
}

size_t pipeline_index(const std::vector<PipelineInfo> &catalog, std::string_view pipeline) {
    for (size_t i = 0; i < catalog.size(); ++i)
        if (catalog[i].name == pipeline) return i;
    return 0;
}

const StageInfo *find_stage(const std::vector<PipelineInfo> &catalog, std::string_view pipeline,
                            std::string_view label) {
    for (const PipelineInfo &p : catalog)
        if (p.name == pipeline)
            for (const StageInfo &s : p.stages)
                if (s.label == label) return &s;
    return nullptr;
}

Owners owners_of(const core::Dataset &ds) {
    Owners o;
    o.index_of.assign(ds.strings.size(), -1);
    auto add = [&](core::Sym s) {
        if (s && o.index_of[s] < 0) {
            o.index_of[s] = static_cast<int32_t>(o.names.size());
            o.names.emplace_back(ds.str(s));
        }
    };
    for (const core::Deal &d : ds.deals)
        add(d.owner);
    for (const core::Lead &l : ds.leads)
        add(l.owner);
    return o;
}

} // namespace sample::exporting
