// The page's import worker (web/import-worker.js runs it in a Web Worker): parses and maps one file at a time off the
// page's main thread, so the page keeps answering while a big export imports. It reads the file from a Blob in pieces
// (FileReaderSync: a worker may read synchronously), stages it against what the page says is loaded
// (import::stage_context) and hands back import::write_staged's bytes; the page merges them (import::commit).
#include "import/import.h"

#include <emscripten.h>

#include <algorithm>
#include <new>
#include <string>
#include <vector>

namespace {

// Copies up to n next bytes of the Blob being imported to `out`; 0 at the end, -1 on a read error (Module.readError
// says which). Reads 16 MB pieces and hands them out as the importer asks, saying how far it has got (the worker
// posts it at most 10 times a second). Each FileReaderSync call costs ~10 ms more than its bytes (Chromium, 2 cores):
// 16 MB pieces read a 30 MB file in 170 ms, 4 MB pieces in 220-300 ms, 1 MB pieces in 590 ms.
EM_JS(int, blob_read, (uint8_t* out, int n), {
    var m = Module;
    if (!m.piece || m.pieceAt >= m.piece.length) {
        if (m.blobPos >= m.blob.size) return 0;
        var end = Math.min(m.blob.size, m.blobPos + 16777216);
        try {
            m.piece = new Uint8Array(m.reader.readAsArrayBuffer(m.blob.slice(m.blobPos, end)));
        } catch (e) {
            m.readError = String(e && e.message || e);
            return -1;
        }
        m.pieceAt = 0;
        m.blobPos = end;
    }
    var k = Math.min(n, m.piece.length - m.pieceAt);
    HEAPU8.set(m.piece.subarray(m.pieceAt, m.pieceAt + k), out);
    m.pieceAt += k;
    if (m.onRead) m.onRead(m.blobPos - m.piece.length + m.pieceAt, m.blob.size);
    return k;
});
EM_JS(void, blob_rewind, (), {
    Module.blobPos = 0;
    Module.piece = null;
});
EM_JS(void, blob_read_error, (char* out, int n), { stringToUTF8(Module.readError || "", out, n); });

class BlobSource final : public import::ByteSource {
public:
    explicit BlobSource(uint64_t size) : size_(size) {}
    size_t read(uint8_t* out, size_t n) override {
        if (failed_) return 0;
        const int got = blob_read(out, static_cast<int>(std::min<size_t>(n, 1 << 30)));
        if (got < 0) {
            failed_ = true;
            char e[256];
            blob_read_error(e, sizeof e);
            error_ = std::string("the file could not be read (") + e + "): was it moved or changed while loading?";
            return 0;
        }
        return static_cast<size_t>(got);
    }
    bool rewind() override {
        blob_rewind();
        return !failed_;
    }
    std::optional<uint64_t> size() const override { return size_; }
    std::string error() const override { return error_; }

private:
    uint64_t size_;
    bool failed_ = false;
    std::string error_;
};

std::vector<uint8_t> g_out;

} // namespace

extern "C" {

// Stages Module.blob (`size` bytes) under `name` against the stage context in `context` (write_staged's bytes; none:
// nothing loaded before).
// Returns the length of the result (revlens_staged gives its address), or 0 when even the refusal could not be
// written (out of memory).
EMSCRIPTEN_KEEPALIVE double revlens_stage(const char* name, double size, const uint8_t* context, int context_len) {
    try {
        import::Staged before;
        std::string error;
        import::Staged out;
        if (context_len > 0 && // none: nothing loaded before (the worker's warm-up)
            !import::read_staged(std::span<const uint8_t>(context, static_cast<size_t>(context_len)), before, error)) {
            out.report.file = name;
            out.report.error = std::string(name) + ": the page's state could not be read by the import worker (" +
                               error + ")";
        } else {
            BlobSource source(static_cast<uint64_t>(size));
            out = import::stage(name, source, before.part);
        }
        g_out = import::write_staged(out);
    } catch (const std::bad_alloc&) {
        import::Staged out;
        out.report.file = name;
        out.report.error = std::string(name) + ": the import worker ran out of memory: nothing from this file was "
                           "added; split this export and try again";
        std::vector<uint8_t>().swap(g_out);
        try { g_out = import::write_staged(out); } catch (const std::bad_alloc&) { return 0; }
    }
    return static_cast<double>(g_out.size());
}
EMSCRIPTEN_KEEPALIVE const uint8_t* revlens_staged() { return g_out.data(); }
EMSCRIPTEN_KEEPALIVE void revlens_staged_free() { std::vector<uint8_t>().swap(g_out); }

} // extern "C"

int main() { return 0; }
