// Google Analytics 4 Data API runReport: rows of dimension and metric values (all strings) -> Traffic per day/channel.
#include "import/mapping.h"

namespace import {

namespace {

// GA4's default channel groups onto the lead sources CRMs use (HubSpot's names), so traffic and leads line up.
std::string channel_to_source(std::string_view ga) {
    static const std::map<std::string, std::string, std::less<>> k = {
        {"organic search", "ORGANIC_SEARCH"}, {"paid search", "PAID_SEARCH"}, {"email", "EMAIL_MARKETING"},
        {"organic social", "SOCIAL_MEDIA"}, {"paid social", "PAID_SOCIAL"}, {"referral", "REFERRALS"},
        {"direct", "DIRECT_TRAFFIC"}, {"display", "OTHER_CAMPAIGNS"}, {"paid other", "OTHER_CAMPAIGNS"},
        {"cross-network", "OTHER_CAMPAIGNS"}, {"affiliates", "REFERRALS"}, {"organic video", "SOCIAL_MEDIA"},
        {"paid video", "PAID_SOCIAL"}, {"unassigned", "OTHER"}, {"(other)", "OTHER"}};
    auto it = k.find(lower(ga));
    return it == k.end() ? std::string(ga) : it->second;
}

int index_of(const json& headers, std::initializer_list<const char*> names) {
    if (!headers.is_array()) return -1;
    for (const char* n : names)
        for (size_t i = 0; i < headers.size(); ++i)
            if (member(headers[i], "name") == json(n)) return static_cast<int>(i);
    return -1;
}

class Report : public Mapper {
public:
    Report(const json& dims, const json& metrics)
        : date_(index_of(dims, {"date"})),
          channel_(index_of(dims, {"sessionDefaultChannelGroup", "sessionDefaultChannelGrouping",
                                   "firstUserDefaultChannelGroup", "defaultChannelGroup", "sessionMedium"})),
          sessions_(index_of(metrics, {"sessions"})), users_(index_of(metrics, {"totalUsers", "activeUsers"})),
          conversions_(index_of(metrics, {"conversions", "keyEvents"})) {}

    void record(const json& r, Context& cx) override {
        const json& dv = member(r, "dimensionValues");
        const json& mv = member(r, "metricValues");
        auto value = [](const json& list, int i) -> const json& {
            static const json none;
            return i >= 0 && list.is_array() && static_cast<size_t>(i) < list.size() ? list[static_cast<size_t>(i)]
                                                                                      : none;
        };
        core::Traffic t;
        t.date = cx.date(value(dv, date_), "value");
        std::string row_id = "row " + std::to_string(cx.report.records_read);
        if (!core::has(t.date) && cx.problem.empty()) cx.problem = "field date: expected YYYYMMDD, got nothing";
        t.channel = cx.sym(channel_to_source(cx.text(value(dv, channel_), "value")));
        double s = cx.number(value(mv, sessions_), "value"), u = cx.number(value(mv, users_), "value"),
               c = cx.number(value(mv, conversions_), "value");
        t.sessions = core::has(s) ? s : 0;
        t.users = core::has(u) ? u : 0;
        t.conversions = core::has(c) ? c : 0;
        if (cx.done(row_id)) cx.part.traffic.push_back(t);
    }

private:
    int date_, channel_, sessions_, users_, conversions_;
};

} // namespace

Detected detect_ga4(const Probe& p) {
    const json& dims = member(*p.envelope, "dimensionHeaders");
    Detected d;
    if (!p.first->contains("dimensionValues") && !dims.is_array()) return d;
    if (!dims.is_array()) {
        d.refused = "GA4 rows without dimensionHeaders before them: expected the runReport response as returned";
    } else if (index_of(dims, {"date"}) < 0) {
        d.refused = "GA4 report without a \"date\" dimension: expected dimensions date and sessionDefaultChannelGroup";
    } else {
        d = {std::make_unique<Report>(dims, member(*p.envelope, "metricHeaders")), "ga4.runReport",
             "dimensionHeaders + rows[] with dimensionValues (GA4 Data API runReport)"};
    }
    return d;
}

} // namespace import
