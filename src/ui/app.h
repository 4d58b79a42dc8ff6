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

namespace core { class Engine; }

namespace ui {

enum class Tab { overview, marketing, sales, success, forecast, stack, data, count };
const char* tab_name(Tab t);     // "Overview", "Marketing", ...
const char* tab_key(Tab t);      // "overview", "marketing", ... (URL state, test hook)

// What the UI asks of the platform it runs on (file picker, clipboard, downloads, the page's storage). Empty
// functions are no-ops, so the smoke test and the CLI need none of them.
struct Host {
    std::function<void()> open_files;
    std::function<void(const std::string& name, const std::string& mime, std::span<const uint8_t> bytes)> download;
    std::function<void(const std::string& text)> copy_text;
    // The view (App::view_json) to put into a shareable link; the page owns URLs and the clipboard.
    std::function<void(const std::string& view_json)> copy_link;
    // The list of loaded files changed (load, sample, remove, clear): the page mirrors it into its storage.
    std::function<void()> files_changed;
    std::function<void()> forget_data; // drop the stored copies of the files and empty the dashboard
    std::function<void()> save_png;    // the dashboard as an image (the platform owns the framebuffer)
};

struct LoadedFile {
    uint64_t id = 0;               // unique within this page's life, so the page can match its stored copies
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
    // The same for a file staged elsewhere (the page's import worker) against stage_context(): merges it now.
    const import::ImportReport& commit(import::Staged&& staged);
    // Before commit, as often as it returns true (the page, between frames): interns a slice of the staged file's
    // texts, so that the merge itself is short. Dropped by commit if the data changed in between.
    bool prepare_commit(import::Staged& staged);
    // What a file staged elsewhere needs of what is loaded (import::stage_context).
    core::Dataset stage_context() const { return import::stage_context(dataset_); }
    void load_sample();
    void remove_file(size_t index);
    void clear();
    bool set_settings_json(std::string_view json, std::string& error);
    bool set_filter_json(std::string_view json, std::string& error);
    // A file the page refused before the importer saw it (too large, could not be fetched): listed like a failed
    // import, with a notice.
    void add_error(std::string_view file, std::string_view error);

    // The shareable view: {"tab":"sales","filter":{...},"settings":{...}} (the names of state_json). Applying it
    // sets whatever keys it has; a bad key changes nothing and says why.
    std::string view_json() const;
    bool set_view_json(std::string_view json, std::string& error);
    void export_report();    // the Report as JSON through host.download
    void export_drill_csv(); // the open drill-down's table as CSV (RFC 4180) through host.download
    // A table a view draws itself ("<tab>.<name>", e.g. "sales.owners"): switches to its tab; the next frame that
    // draws it saves it as CSV (widgets.h csv_button). table_csv_pending() stays true until then.
    void request_table_csv(const std::string& table_id);
    bool table_csv_pending() const;
    void cancel_table_csv();
    std::vector<std::string> tables() const; // the table ids the last frame drew (window.revlens.tables())

    // --- views ----------------------------------------------------------------------------------------------------
    Tab tab() const { return tab_; }
    void set_tab(Tab t) { tab_ = t; dirty_ = true; }

    // JSON for the page's test hook and the CLI-equivalent report.
    std::string state_json() const;
    std::string report_json();

    // Works out the next piece of the Report the next frame draws (core::Engine::prepare), when it is stale: true
    // after one, false once the frame has only the period's sections left to compute.
    bool prepare_report();
    bool report_stale() const { return report_stale_; } // the next frame computes a Report

    // Draws one frame into the current ImGui context. Returns true while the UI needs more frames without input (a
    // layout settling).
    bool frame();
    // Seconds from the last frame until the UI changes by itself (a notice leaves), for one more frame then; negative:
    // nothing is due. A notice does not move while shown, so frames in between would draw the same pixels.
    double redraw_in() const { return redraw_in_; }
    bool dirty() const { return dirty_; }
    bool has_files() const { return !files_.empty(); } // the sample counts: the page marks its first frame with data

    Host host;
    bool dark = false;
    // The page is still getting its first data (sample company, kept files, ?data= links): frames say so instead of
    // showing the empty state's "drop your exports", which the data would replace a moment later.
    bool starting = false;

    // The records behind a figure (metric/key as core::deals_behind), shown in a table over the view.
    void open_drill(const std::string& metric, const std::string& key, const std::string& title);
    bool drill_open() const;
    size_t drill_rows() const;
    void close_drill();

private:
    void recompute();
    core::Engine& engine(); // the Report's Engine, reset when rows were added or removed in place
    void draw_drill();
    void draw_filter_bar();
    void draw_top_bar();
    void files_changed() { if (host.files_changed) host.files_changed(); }
    const import::ImportReport& loaded(std::string_view name, uint64_t bytes, import::ImportReport&& report);
    void draw_empty_state();
    void draw_starting();
    void draw_notices();

    core::Dataset dataset_;
    core::Settings settings_;
    core::Filter filter_;
    std::vector<LoadedFile> files_;
    std::vector<Notice> notices_;
    double redraw_in_ = -1; // redraw_in()
    std::vector<std::pair<std::string, std::string>> errors_; // (file, error) of files that failed
    Tab tab_ = Tab::overview;
    bool dirty_ = true;
    bool report_stale_ = true;
    uint64_t data_version_ = 1, choices_version_ = 0;
    uint64_t prepared_version_ = 0; // data_version_ when prepare_commit interned texts
    uint64_t next_file_id_ = 1;
    struct Computed;
    std::unique_ptr<Computed> computed_;
    import::ImportReport last_;
};

} // namespace ui
