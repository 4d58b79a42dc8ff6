// Dear ImGui user config (IMGUI_USER_CONFIG): ImGui's own assertions stay on in every build and are counted, so the
// UI smoke test fails on misuse of the API instead of the release build silently ignoring it.
#pragma once
void revlens_imgui_assert_failed(const char* expr, const char* file, int line);
int revlens_imgui_assert_count();
#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : revlens_imgui_assert_failed(#_EXPR, __FILE__, __LINE__))
