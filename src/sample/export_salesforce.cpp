#include "sample/export.h"

namespace sample {

std::vector<ExportFile> export_salesforce(const core::Dataset&) { return {}; }

} // namespace sample
