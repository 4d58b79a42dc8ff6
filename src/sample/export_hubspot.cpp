#include "sample/export.h"

namespace sample {

std::vector<ExportFile> export_hubspot(const core::Dataset&) { return {}; }

} // namespace sample
