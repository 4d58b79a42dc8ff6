#!/usr/bin/env bash
# Sets everything up, builds, and runs every test: native unit + UI smoke (ctest), the same unit tests compiled to
# wasm under node, and the browser tests in headless Chromium. Ends with "N passed, N failed"; exits non-zero if any
# test failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/deps.sh" || { echo "deps failed"; echo "0 passed, 1 failed"; exit 1; }
export NODE_PATH=/usr/share/nodejs
mkdir -p build/artifacts
passed=0 failed=0
count() { passed=$((passed + $1)); failed=$((failed + $2)); }

step() { printf '\n=== %s ===\n' "$*"; }

step "build (native)"
if ! scripts/build.sh native >build/artifacts/build-native.log 2>&1; then
    tail -40 build/artifacts/build-native.log; echo "native build failed"; count 0 1
fi
step "build (web)"
if ! scripts/build.sh web >build/artifacts/build-web.log 2>&1; then
    tail -40 build/artifacts/build-web.log; echo "web build failed"; count 0 1
fi

step "native tests (ctest)"
if [[ -d build/native ]]; then
    ctest --test-dir build/native -j"$(nproc)" --output-on-failure --timeout 600 | tee build/artifacts/ctest.log
    line=$(grep -E 'tests passed, [0-9]+ tests failed out of' build/artifacts/ctest.log | tail -1)
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line"); bad=$(sed -E 's/.*passed, ([0-9]+) tests failed.*/\1/' <<<"$line")
    if [[ -n $line ]]; then count $((total - bad)) "$bad"; else count 0 1; fi
fi

step "wasm unit tests (node)"
if [[ -f build/web-build/tests/unit_tests.js ]]; then
    REVLENS_ROOT="$root" node --no-experimental-fetch --stack-size=4000 build/web-build/tests/unit_tests.js \
        --gtest_brief=1 2>&1 | tee build/artifacts/wasm-tests.log
    ok=$(grep -oE '\[  PASSED  \] [0-9]+' build/artifacts/wasm-tests.log | grep -oE '[0-9]+$' || echo 0)
    bad=$(grep -oE '\[  FAILED  \] [0-9]+ test' build/artifacts/wasm-tests.log | grep -oE '[0-9]+' || echo 0)
    [[ -z $ok && -z $bad ]] && bad=1
    count "${ok:-0}" "${bad:-0}"
else
    echo "wasm unit tests were not built"; count 0 1
fi

step "browser tests (headless Chromium)"
if [[ -f build/web/revlens.js ]]; then
    NODE_PATH="$root/build/npm/node_modules" node --test --test-reporter=tap tests/e2e/ 2>&1 | tee build/artifacts/e2e.log
    ok=$(grep -E '^# pass ' build/artifacts/e2e.log | awk '{print $3}'); bad=$(grep -E '^# fail ' build/artifacts/e2e.log | awk '{print $3}')
    [[ -z $ok ]] && { ok=0; bad=1; }
    count "$ok" "${bad:-0}"
else
    echo "the page was not built"; count 0 1
fi

if [[ -x scripts/fuzz.sh ]]; then
    step "fuzzing (10 s per target)"
    scripts/fuzz.sh --seconds 10 2>&1 | tee build/artifacts/fuzz.log
    ok=$(grep -cE '^fuzz .*: ok' build/artifacts/fuzz.log); bad=$(grep -cE '^fuzz .*: FAILED' build/artifacts/fuzz.log)
    [[ $ok -eq 0 && $bad -eq 0 ]] && bad=1
    count "$ok" "$bad"
fi

if [[ -x scripts/bench.sh ]]; then
    step "benchmark smoke (10k deals: runs, and every peer agrees on the figures)"
    if scripts/bench.sh --smoke 2>&1 | tee build/artifacts/bench-smoke.log; then count 1 0; else count 0 1; fi
fi

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
