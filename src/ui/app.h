// The dashboard's state and frame: what is loaded, what is shown, and the one place the Report is recomputed.
// Platform code (src/platform) owns the window and the event loop; it feeds bytes and events in here and asks
// `frame()` to draw. The UI never computes a metric: it draws core::Report.
#pragma once
#include "core/model.h"
#include "core/settings.h"
#include "import/import.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ui {

enum class Tab { overview, marketing, sales, success, forecast, stack, data, count };
const char* tab_name(Tab t);     // "Overview", "Marketing", ...
const char* tab_key(Tab t);      // "overview", "marketing", ... (URL state, test hook)

// What the UI asks of the platform it runs on (file picker, clipboard, downloads). Empty functions are no-ops.
struct Host {
    std::function<void()> open_files;
    std::function<void(const std::string& name, const std::string& mime, std::span<const uint8_t> bytes)> download;
    std::function<void(const std::string& text)> copy_text;
};

struct LoadedFile {
    std::string name;
    uint64_t bytes = 0;
    import::ImportReport report;
};

struct Notice {
    std::string text;
    bool error = false;
    double shown_at = -1;          // seconds (ImGui time); set when first drawn
};

class App {
public:
    App();
    ~App();

    // --- data -----------------------------------------------------------------------------------------------------
    // Imports one file. A failed file adds nothing and leaves a notice; returns the importer's report.
    const import::ImportReport& load(std::string_view name, std::span<const uint8_t> bytes);
    void load_sample();
    void remove_file(size_t index);
    void clear();
    bool set_settings_json(std::string_view json, std::string& error);
    bool set_filter_json(std::string_view json, std::string& error);

    // --- views ----------------------------------------------------------------------------------------------------
    Tab tab() const { return tab_; }
    void set_tab(Tab t) { tab_ = t; dirty_ = true; }

    // JSON for the page's test hook and the CLI-equivalent report.
    std::string state_json() const;
    std::string report_json();

    // Draws one frame into the current ImGui context. Returns true while the UI needs more frames without input
    // (animations, notices fading out).
    bool frame();
    bool dirty() const { return dirty_; }

    Host host;
    bool dark = false;

    // The records behind a figure (metric/key as core::deals_behind), shown in a table over the view.
    void open_drill(const std::string& metric, const std::string& key, const std::string& title);
    bool drill_open() const;
    void close_drill();

private:
    void recompute();
    void draw_drill();
    void draw_filter_bar();
    void draw_top_bar();
    void draw_empty_state();
    bool draw_notices();

    core::Dataset dataset_;
    core::Settings settings_;
    core::Filter filter_;
    std::vector<LoadedFile> files_;
    std::vector<Notice> notices_;
    std::vector<std::pair<std::string, std::string>> errors_; // (file, error) of files that failed
    Tab tab_ = Tab::overview;
    bool dirty_ = true;
    bool report_stale_ = true;
    uint64_t data_version_ = 1, choices_version_ = 0;
    struct Computed;
    std::unique_ptr<Computed> computed_;
    import::ImportReport last_;
};

} // namespace ui
