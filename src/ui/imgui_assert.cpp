#include "ui/imconfig_revlens.h"

#include <cstdio>

static int g_failed = 0;

void revlens_imgui_assert_failed(const char* expr, const char* file, int line) {
    if (g_failed++ < 20) std::fprintf(stderr, "ImGui assertion failed: %s (%s:%d)\n", expr, file, line);
}
int revlens_imgui_assert_count() { return g_failed; }
