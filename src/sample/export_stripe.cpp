#include "sample/export.h"

namespace sample {

std::vector<ExportFile> export_stripe(const core::Dataset&) { return {}; }

} // namespace sample
