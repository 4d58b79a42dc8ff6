// revlens: the engine on the command line. Same import -> compute -> report chain as the page, with files.
#include "cli/commands.h"

#include <cstdio>
#include <cstring>

static int usage() {
    std::fprintf(stderr,
                 "usage: revlens <command> [options]\n"
                 "  report FILE... [--as-of D] [--from D --to D] [--period P] [--owner X] [--source X]\n"
                 "                 [--pipeline X] [--segment X] [--settings F] [--json|--text]\n"
                 "  check FILE...            validate exports and print what each import found\n"
                 "  generate --seed N --deals N --out DIR   write a deterministic demo company\n");
    return 2;
}

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const char* cmd = argv[1];
    if (!std::strcmp(cmd, "report")) return cli::cmd_report(argc - 2, argv + 2);
    if (!std::strcmp(cmd, "check")) return cli::cmd_check(argc - 2, argv + 2);
    if (!std::strcmp(cmd, "generate")) return cli::cmd_generate(argc - 2, argv + 2);
    if (!std::strcmp(cmd, "--help") || !std::strcmp(cmd, "-h")) { usage(); return 0; }
    std::fprintf(stderr, "revlens: unknown command '%s'\n", cmd);
    return usage();
}
