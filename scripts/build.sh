#!/usr/bin/env bash
# Builds the native tree (engine, CLI, tests) and/or the web app. usage: scripts/build.sh [native|web|all]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
jobs=$(nproc)
export NODE_PATH=/usr/share/nodejs
if [[ $what == native || $what == all ]]; then
    cmake -S "$root" -B "$root/build/native" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build/native" -j"$jobs"
fi
if [[ $what == web || $what == all ]]; then
    emcmake cmake -S "$root" -B "$root/build/web-build" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$root/build/web-build" -j"$jobs"
fi
