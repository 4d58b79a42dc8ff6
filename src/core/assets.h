// Data files from assets/ compiled into the engine (the engine does no I/O).
#pragma once
#include <string_view>

namespace core {
std::string_view asset(std::string_view name); // "" when there is no such asset
}
