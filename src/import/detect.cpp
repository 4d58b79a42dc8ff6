// Format detection from content: the envelope's keys and the first record, never the file name.
#include "import/mapping.h"

namespace import {

Detected detect(const Probe& p) {
    // Most specific first: Salesforce's attributes.type and Stripe's "object" name themselves; HubSpot's
    // properties{} is next; GA4, Zoho, Close and Pipedrive are told apart by their field names.
    for (auto probe : {detect_salesforce, detect_stripe, detect_hubspot, detect_ga4, detect_zoho, detect_close,
                       detect_pipedrive}) {
        Detected d = probe(p);
        if (d.mapper || !d.refused.empty()) return d;
    }
    return {};
}

} // namespace import
