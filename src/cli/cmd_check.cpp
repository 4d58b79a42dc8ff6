// revlens check FILE...: imports each file into one Dataset (so a pipelines file labels the deals after it) and
// prints what each import found. Exit code 1 when any file failed.
#include "cli/commands.h"
#include "import/import.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

namespace cli {

int cmd_check(int argc, char** argv) {
    if (argc < 1) {
        std::fprintf(stderr, "usage: revlens check FILE...\n");
        return 2;
    }
    core::Dataset ds;
    bool failed = false;
    for (int i = 0; i < argc; ++i) {
        std::ifstream in(argv[i], std::ios::binary);
        if (!in) {
            std::printf("%s: FAILED\n  error: cannot open the file\n", argv[i]);
            failed = true;
            continue;
        }
        std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        import::ImportReport r = import::load(argv[i], bytes, ds);
        std::fputs(import::describe(r).c_str(), stdout);
        failed |= !r.ok;
    }
    return failed ? 1 : 0;
}

} // namespace cli
