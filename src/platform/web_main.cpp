// The browser main loop: Emscripten + SDL2 + WebGL2 + Dear ImGui, and the C entry points web/app.js calls.
//
// [SECTION] Window, GL context and fonts (HiDPI: canvas backing store = CSS size x devicePixelRatio, fonts
//           rasterised at that scale, ImGui works in CSS pixels)
// [SECTION] Frame loop (draws only when something changed: input, data, a resize, or a UI animation)
// [SECTION] JS bridge (revlens_* exports; the only place besides web/ that talks to the page)
#include "ui/app.h"
#include "ui/imconfig_revlens.h"
#include "ui/theme.h"

#include <SDL.h>
#include <SDL_opengles2.h>
#include <emscripten.h>
#include <emscripten/heap.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h> // sbrk
#include <vector>

extern "C" void revlens_gl_shadow_forget(); // gl_shadow.cpp: the GL state ImGui reads back, kept here

namespace {

SDL_Window* g_window = nullptr;
EMSCRIPTEN_WEBGL_CONTEXT_HANDLE g_gl = 0;
ui::App* g_app = nullptr;
float g_font_scale = 0;      // devicePixelRatio the fonts were rasterised for
int g_frames_wanted = 2;     // frames still to draw before going idle
double g_redraw_at = 0;      // emscripten_get_now() when the UI changes by itself (App::redraw_in), 0: never
bool g_context_lost = false;
std::string g_out;           // storage for strings returned to JS
std::vector<uint8_t> g_bytes; // storage for bytes returned to JS (revlens_stage_context)
bool g_importing = false;     // the page is importing a batch of files (its overlay covers the dashboard)

// Fresh wasm memory costs a page fault the first time it is written, and merging a big file writes hundreds of MB of
// it: on the machines we measured, most of a merge's time (it blocks the page). While the worker reads a file the
// page is idle, so each progress message touches a slice of the memory above the heap's top that the coming merge
// will take (revlens_warm_heap); the merge then mostly copies. Memory above the top belongs to no allocation.
size_t g_warm_end = 0;     // memory is touched up to this address
size_t g_merge_growth = 0; // how far the last merge moved the heap's top
size_t heap_top() { return reinterpret_cast<size_t>(sbrk(0)); }

// A moment of start-up on the page's performance timeline (the browser's performance tools show it;
// tests/bench/first_frame.cjs breaks the time to the first frame down with these and web/app.js's marks).
void mark(const char* name) { EM_ASM({ performance.mark(UTF8ToString($0)); }, name); }

// [SECTION] Window, GL context and fonts --------------------------------------------------------------------------
void build_fonts(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ui::load_fonts(io, dpr, "/assets/Inter-Regular.otf", "/assets/Inter-SemiBold.otf");
    ImGui_ImplOpenGL3_CreateFontsTexture();
    g_font_scale = dpr;
}

void wake(int frames = 3) {
    if (g_frames_wanted < frames) g_frames_wanted = frames;
}

EM_BOOL on_context_lost(int, const void*, void*) {
    g_context_lost = true;
    EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.contextLost(); });
    return EM_TRUE;
}

EM_BOOL on_context_restored(int, const void*, void*) {
    // All GL objects are gone, and GL's state is back to its defaults: rebuild the renderer's device objects (and the
    // font texture) on the new context.
    revlens_gl_shadow_forget();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplOpenGL3_Init("#version 300 es"); // the next frame makes its GL objects, the font texture with them
    g_context_lost = false;
    wake(4);
    EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.contextRestored(); });
    return EM_TRUE;
}

// [SECTION] Frame loop ------------------------------------------------------------------------------------------------
// Builds and renders one ImGui frame into the default framebuffer. The canvas has preserveDrawingBuffer false, so
// whoever wants the pixels (the PNG export) must read them in the same task as this call.
void draw() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    bool animating = g_app->frame();
    ImGui::Render();

    int w = 0, h = 0;
    SDL_GL_GetDrawableSize(g_window, &w, &h);
    glViewport(0, 0, w, h);
    ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    if (animating || ImGui::GetIO().WantTextInput) wake(2);
    const double in = g_app->redraw_in();
    g_redraw_at = in >= 0 ? emscripten_get_now() + 1000.0 * in : 0;
    EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.frameDrawn($0); }, g_app->has_files() ? 1 : 0);
}

// ImGui 1.86 only sees whether a key is down when a frame starts, so a key pressed and released between two frames
// (fast typing, a slow frame, scripted input) would be lost. A release of a key pressed in the same batch therefore
// waits, with every event after it, for the next frame. (The SDL backend already latches mouse clicks this way.)
std::vector<SDL_Event> g_deferred;

void poll_events() {
    std::vector<SDL_Event> batch;
    batch.swap(g_deferred);
    SDL_Event e;
    while (SDL_PollEvent(&e)) batch.push_back(e);
    std::vector<SDL_Scancode> pressed;
    for (size_t i = 0; i < batch.size(); ++i) {
        SDL_Event& ev = batch[i];
        if (ev.type == SDL_KEYUP &&
            std::find(pressed.begin(), pressed.end(), ev.key.keysym.scancode) != pressed.end()) {
            g_deferred.assign(batch.begin() + static_cast<long>(i), batch.end());
            wake();
            return;
        }
        if (ev.type == SDL_KEYDOWN) pressed.push_back(ev.key.keysym.scancode);
        ImGui_ImplSDL2_ProcessEvent(&ev);
        if (ev.type == SDL_MOUSEMOTION || ev.type == SDL_MOUSEBUTTONDOWN || ev.type == SDL_MOUSEBUTTONUP ||
            ev.type == SDL_MOUSEWHEEL || ev.type == SDL_KEYDOWN || ev.type == SDL_KEYUP || ev.type == SDL_TEXTINPUT ||
            ev.type == SDL_WINDOWEVENT)
            wake();
    }
}

// The WebGL context. A page's first context also starts the browser's GPU side (with software GL it is busy for most
// of a second after the page opens), and every GL call that waits for an answer waits for it: main() makes it once
// what needs no GL is done, and the first frame follows (the first data comes after it).
// Made here rather than by SDL (SDL_GL_CreateContext): through SDL's EGL, Emscripten would also enable every WebGL
// extension the browser offers, each a wait for the GPU side, and ImGui's renderer uses none. No depth buffer either:
// ImGui draws none. (SDL still owns the window and input.)
bool start_gl() {
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.alpha = EM_FALSE;
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.antialias = EM_FALSE;
    attrs.premultipliedAlpha = EM_TRUE;
    attrs.preserveDrawingBuffer = EM_FALSE; // whoever reads the pixels draws them in the same task (PNG export)
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.enableExtensionsByDefault = EM_FALSE;
    g_gl = emscripten_webgl_create_context("#canvas", &attrs);
    if (g_gl <= 0 || emscripten_webgl_make_context_current(g_gl) != EMSCRIPTEN_RESULT_SUCCESS) {
        std::fprintf(stderr, "WebGL2: the context could not be made (%d)\n", static_cast<int>(g_gl));
        g_gl = 0;
        EM_ASM({ if (window.revlensPlatform)
                     window.revlensPlatform.fatal('It has no WebGL2 (or it is switched off). Use a current browser ' +
                                                  'with hardware acceleration on.'); });
        return false;
    }
    mark("revlens webgl context");
    emscripten_set_webglcontextlost_callback("#canvas", nullptr, EM_FALSE, on_context_lost);
    emscripten_set_webglcontextrestored_callback("#canvas", nullptr, EM_FALSE, on_context_restored);
    ImGui_ImplOpenGL3_Init("#version 300 es"); // its GL objects (and the font texture) are made on the first frame
    return true;
}

bool can_draw() { return g_gl > 0 && !g_context_lost; }

void frame() {
    poll_events();
    if (g_context_lost) return;
    const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
    if (dpr != g_font_scale) {
        build_fonts(dpr);
        wake();
    }
    if (g_app->dirty()) wake();
    if (g_redraw_at > 0 && emscripten_get_now() >= g_redraw_at) {
        g_redraw_at = 0;
        wake(1);
    }
    if (g_frames_wanted <= 0) return; // idle: nothing changed, nothing drawn
    if (g_importing) return;          // files are still coming: one Report (and frame) when the last is in
    --g_frames_wanted;
    draw();
}

} // namespace

// [SECTION] JS bridge -------------------------------------------------------------------------------------------------
extern "C" {

// Imports one file's bytes (the page owns the buffer; wasm copies what it keeps). Returns 1 when it loaded.
EMSCRIPTEN_KEEPALIVE int revlens_load(const char* name, const uint8_t* bytes, int len) {
    const auto& rep = g_app->load(name, std::span<const uint8_t>(bytes, static_cast<size_t>(len)));
    wake();
    return rep.ok ? 1 : 0;
}
// The import worker (web/import-worker.js) stages files off this thread: first it is given what it needs of what is
// loaded (a pointer to bytes, their length from revlens_bytes_length), then its result is merged here.
EMSCRIPTEN_KEEPALIVE const uint8_t* revlens_stage_context() {
    import::Staged c;
    c.part = g_app->stage_context();
    g_bytes = import::write_staged(c);
    return g_bytes.data();
}
EMSCRIPTEN_KEEPALIVE int revlens_bytes_length() { return static_cast<int>(g_bytes.size()); }
EMSCRIPTEN_KEEPALIVE void revlens_bytes_free() { std::vector<uint8_t>().swap(g_bytes); }
// Merges a file the worker staged (import::write_staged's bytes, which the page owns). Returns 1 when it loaded.
// A file the worker staged, merged in three calls so the page is never blocked long: begin reads its rows out of
// the bytes, step (called until it returns 0, the page drawing in between) interns a slice of its texts, end merges.
std::unique_ptr<import::Staged> g_pending;
EMSCRIPTEN_KEEPALIVE int revlens_commit_begin(const char* name, const uint8_t* bytes, int len) {
    g_pending = std::make_unique<import::Staged>();
    std::string error;
    bool read = false;
    try {
        read = import::read_staged(std::span<const uint8_t>(bytes, static_cast<size_t>(len)), *g_pending, error);
    } catch (const std::bad_alloc&) {
        error = "ran out of memory taking over the import worker's result: nothing from this file was added";
    }
    if (!read) {
        g_pending.reset();
        g_app->add_error(name, "the import worker's result could not be read (" + error + ")");
        wake();
        return 0;
    }
    return 1;
}
EMSCRIPTEN_KEEPALIVE int revlens_commit_step() {
    try {
        return g_pending && g_app->prepare_commit(*g_pending) ? 1 : 0;
    } catch (const std::bad_alloc&) {
        return 0; // the merge interns what is left, or reports running out of memory
    }
}
EMSCRIPTEN_KEEPALIVE int revlens_commit_end() {
    if (!g_pending) return 0;
    const size_t top = heap_top();
    const auto& rep = g_app->commit(std::move(*g_pending));
    g_pending.reset();
    g_merge_growth = heap_top() > top ? heap_top() - top : 0;
    wake();
    return rep.ok ? 1 : 0;
}
// Touches up to 2 MB more of the memory the next merge will take (16 MB took 90-200 ms on the VM we measure on):
// `expected` bytes above the heap's top, or what the last merge took if more. 1 while there is more to touch.
EMSCRIPTEN_KEEPALIVE int revlens_warm_heap(double expected) {
    constexpr size_t kSlice = 2u << 20, kPage = 4096;
    const size_t top = heap_top();
    const double ahead = std::min(std::max(expected, 1.25 * static_cast<double>(g_merge_growth)), 3.0e9);
    const size_t want = top + static_cast<size_t>(ahead);
    g_warm_end = std::max(g_warm_end, top);
    if (want <= g_warm_end || want < top) return 0;
    const size_t end = std::min(want, g_warm_end + kSlice);
    if (end > emscripten_get_heap_size() && !emscripten_resize_heap(end)) return 0;
    for (size_t p = (g_warm_end + kPage - 1) & ~(kPage - 1); p < end; p += kPage)
        *reinterpret_cast<volatile uint8_t*>(p) = 0;
    g_warm_end = end;
    return 1;
}
// 1 when the next frame computes a Report (the data, settings or filter changed since the last one).
EMSCRIPTEN_KEEPALIVE int revlens_report_stale() { return g_app->report_stale() ? 1 : 0; }
// After a batch of files, before its first frame: the Report's next piece (App::prepare_report), 1 while more remain.
// A task each, so a million deals' first Report is no longer one task of a second.
EMSCRIPTEN_KEEPALIVE int revlens_prepare_report() {
    try {
        return g_app->prepare_report() ? 1 : 0;
    } catch (const std::bad_alloc&) {
        return 0; // the frame computes what is left, as it would have without these steps
    }
}
// While a batch of files imports, frames wait: each merged file would otherwise cost a Report the next file makes stale.
EMSCRIPTEN_KEEPALIVE void revlens_set_importing(int on) {
    g_importing = on != 0;
    wake();
}
// Until the page has its first data, frames show that it is opening it (App::starting), not the empty state.
EMSCRIPTEN_KEEPALIVE void revlens_set_starting(int on) {
    g_app->starting = on != 0;
    wake();
}
EMSCRIPTEN_KEEPALIVE void revlens_load_sample() { g_app->load_sample(); wake(); }
EMSCRIPTEN_KEEPALIVE void revlens_clear() { g_app->clear(); wake(); }
EMSCRIPTEN_KEEPALIVE void revlens_remove_file(int index) { g_app->remove_file(static_cast<size_t>(index)); wake(); }
EMSCRIPTEN_KEEPALIVE const char* revlens_state() { g_out = g_app->state_json(); return g_out.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* revlens_report() { g_out = g_app->report_json(); return g_out.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* revlens_set_filter(const char* json) {
    std::string err;
    g_app->set_filter_json(json, err);
    wake();
    g_out = err;
    return g_out.c_str();
}
EMSCRIPTEN_KEEPALIVE const char* revlens_set_settings(const char* json) {
    std::string err;
    g_app->set_settings_json(json, err);
    wake();
    g_out = err;
    return g_out.c_str();
}
EMSCRIPTEN_KEEPALIVE void revlens_set_tab(int tab) {
    if (tab >= 0 && tab < static_cast<int>(ui::Tab::count)) g_app->set_tab(static_cast<ui::Tab>(tab));
    wake();
}
EMSCRIPTEN_KEEPALIVE void revlens_set_dark(int dark) { g_app->dark = dark != 0; ui::apply_theme(g_app->dark); wake(); }
EMSCRIPTEN_KEEPALIVE void revlens_wake() { wake(); }
// Draws a frame now, outside the main loop, so the page can read the canvas in the same task (PNG export).
// Returns 0 while the WebGL context is lost (nothing can be drawn).
EMSCRIPTEN_KEEPALIVE int revlens_draw_now() {
    if (!can_draw()) return 0;
    draw();
    return 1;
}
EMSCRIPTEN_KEEPALIVE void revlens_add_error(const char* file, const char* error) {
    g_app->add_error(file, error);
    wake();
}
EMSCRIPTEN_KEEPALIVE const char* revlens_view() { g_out = g_app->view_json(); return g_out.c_str(); }
EMSCRIPTEN_KEEPALIVE const char* revlens_set_view(const char* json) {
    std::string err;
    g_app->set_view_json(json, err);
    wake();
    g_out = err;
    return g_out.c_str();
}
EMSCRIPTEN_KEEPALIVE void revlens_copy_link() { if (g_app->host.copy_link) g_app->host.copy_link(g_app->view_json()); }
EMSCRIPTEN_KEEPALIVE void revlens_export_report() { g_app->export_report(); }
EMSCRIPTEN_KEEPALIVE void revlens_export_drill_csv() { g_app->export_drill_csv(); }
// Opens the drill-down of a figure (metric/key as core::deals_behind) as a click on it would.
EMSCRIPTEN_KEEPALIVE void revlens_open_drill(const char* metric, const char* key) {
    std::string m = metric, k = key;
    g_app->open_drill(m, k, k.empty() ? m : m + " \xE2\x80\x94 " + k);
    wake();
}
EMSCRIPTEN_KEEPALIVE void revlens_close_drill() { g_app->close_drill(); wake(); }
// Saves a table a view draws ("sales.owners"; see revlens_tables) as CSV, as its "CSV" button does: switches to the
// table's tab and draws a frame now, so the download starts in this task. Returns 1 when the table was drawn.
EMSCRIPTEN_KEEPALIVE int revlens_export_table_csv(const char* id) {
    if (!can_draw()) return 0;
    g_app->request_table_csv(id);
    draw();
    const bool saved = !g_app->table_csv_pending();
    g_app->cancel_table_csv();
    wake();
    return saved ? 1 : 0;
}
// The ids of the tables the current tab draws, as a JSON array (a pending change is drawn first).
EMSCRIPTEN_KEEPALIVE const char* revlens_tables() {
    if (g_app->dirty() && can_draw()) draw();
    g_out = "[";
    for (const std::string& id : g_app->tables()) g_out += (g_out.size() > 1 ? ",\"" : "\"") + id + "\"";
    g_out += "]";
    return g_out.c_str();
}
// ImGui assertions that failed so far (imconfig_revlens.h counts them; none may fail).
EMSCRIPTEN_KEEPALIVE int revlens_imgui_asserts() { return revlens_imgui_assert_count(); }
// For the crash-panel test only (window.revlens._debugAbort): stops the engine the way a failed assertion would.
EMSCRIPTEN_KEEPALIVE void revlens_debug_abort() { std::abort(); }

} // extern "C"

int main() {
    mark("revlens main");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    // The window sizes the canvas (SDL sets it to 1x1 for a moment to see whether CSS sizes it): done before there is
    // a WebGL context, each size change is free; with one, it reallocates the drawing buffer and waits for the GPU.
    g_window = SDL_CreateWindow("Revenue Lens", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 800,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!g_window) {
        std::fprintf(stderr, "SDL_CreateWindow: %s\n", SDL_GetError());
        EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.fatal('WebGL2 could not be started.'); });
        return 1;
    }

    // Everything up to the fonts needs no GL: it is done before the context is made (start_gl).
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // layout is ours; nothing written to storage
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;

    static ui::App app;
    g_app = &app;
    app.dark = EM_ASM_INT({ return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches; });
    ui::apply_theme(app.dark);
    app.host.open_files = [] { EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.openFiles(); }); };
    app.host.copy_text = [](const std::string& text) {
        EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.copyText(UTF8ToString($0)); }, text.c_str());
    };
    app.host.copy_link = [](const std::string& view) {
        EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.copyLink(UTF8ToString($0)); }, view.c_str());
    };
    app.host.files_changed = [] { EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.filesChanged(); }); };
    app.host.forget_data = [] { EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.forgetData(); }); };
    app.host.save_png = [] { EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.savePng(); }); };
    app.host.download = [](const std::string& name, const std::string& mime, std::span<const uint8_t> bytes) {
        EM_ASM({ if (window.revlensPlatform)
                     window.revlensPlatform.download(UTF8ToString($0), UTF8ToString($1), HEAPU8.slice($2, $2 + $3)); },
               name.c_str(), mime.c_str(), bytes.data(), static_cast<int>(bytes.size()));
    };
    // the atlas only; its texture is made with the renderer's other GL objects, on the first frame
    g_font_scale = static_cast<float>(emscripten_get_device_pixel_ratio());
    ui::load_fonts(io, g_font_scale, "/assets/Inter-Regular.otf", "/assets/Inter-SemiBold.otf");
    mark("revlens fonts");
    ImGui_ImplSDL2_InitForOpenGL(g_window, nullptr); // the SDL backend keeps the context only for multi-viewport builds
    if (!start_gl()) return 1;

    EM_ASM({ if (window.revlensPlatform) window.revlensPlatform.ready(); });
    emscripten_set_main_loop(frame, 0, false);
    return 0;
}
