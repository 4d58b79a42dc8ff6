// The `revlens` subcommands; each lives in its own file (cmd_<name>.cpp) and returns the process exit code.
#pragma once

namespace cli {
int cmd_report(int argc, char** argv);   // revlens report FILE... [--as-of D] [--from D --to D] ... [--json|--text]
int cmd_check(int argc, char** argv);    // revlens check FILE...: the ImportReport of each file
int cmd_generate(int argc, char** argv); // revlens generate --seed N --deals N --out DIR [--formats ...]
} // namespace cli
