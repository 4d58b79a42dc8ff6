#include "sample/export.h"

namespace sample {

std::vector<ExportFile> export_pipedrive(const core::Dataset&) { return {}; }

} // namespace sample
