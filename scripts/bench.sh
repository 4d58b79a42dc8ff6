#!/usr/bin/env bash
# Benchmarks the engine against two peers on the same files (issue 7) and prints one table.
#   scripts/bench.sh [--smoke] [--sizes 10000,100000,1000000] [--rounds N] [--runs N]
# Per size: generates the demo company as HubSpot exports (pipelines, deals with stage history, contacts) + Stripe
# subscriptions into build/bench/deals-N; runs ours in wasm under node and natively (tests/bench/bench_driver.cpp),
# plain JS (JSON.parse + loops) and DuckDB-WASM (JSON.parse -> Arrow -> SQL); checks that all four agree on the sales
# figures (exit 1 and a diff if not); prints import, peak memory, first report and filter recompute times, and the
# host's clock and memory latency before and after them (tests/bench/host_probe.cpp). Then the
# same files picked in the page in headless Chromium (tests/bench/page_load.cjs: bytes to dashboard against DuckDB's
# bytes to report, its first run in a process and its later ones, and how long the page's main thread was blocked
# while they loaded), the page's gzipped size and its time to first frame. DuckDB is instantiated before its runs and
# untimed, as a page using it would have done before the user picks a file.
# --smoke: 10k deals, 1 run, reuses build/native and build/web-build, checks that it runs and that the figures agree
# (times are printed, never judged). Without --smoke: build/bench-native, build/bench-web and the page in
# build/bench-page; per size 3 rounds (--rounds; 2 from 1M deals), each running every implementation in turn, 5 runs
# each in one process (--runs; 3 from 1M deals) after a 2 s warm-up on a 600-deal export (not DuckDB: see below).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

smoke=0 sizes=10000,100000 runs="" rounds=""
while [[ $# -gt 0 ]]; do
    case $1 in
    --smoke) smoke=1; sizes=10000; runs=1; rounds=1 ;;
    --sizes) sizes=$2; shift ;;
    --runs) runs=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
export NODE_PATH=/usr/share/nodejs
npm_modules="$root/build/npm/node_modules"
log="$root/build/bench/build.log"
mkdir -p build/bench
: >"$log"
step() { printf '\n=== bench: %s ===\n' "$*"; }
fail() { echo "bench: $*" >&2; exit 1; }
# Runs a build step quietly, showing its log when it fails.
quiet() { "$@" >>"$log" 2>&1 || { tail -40 "$log"; fail "failed: $*"; }; }

# --- builds -------------------------------------------------------------------------------------------------------
# The smoke run reuses the trees scripts/test.sh has just built and adds only the driver target to them.
if [[ $smoke == 1 && -x build/native/revlens ]]; then native=build/native; else native=build/bench-native; fi
if [[ $smoke == 1 && -d build/web-build ]]; then web=build/web-build; else web=build/bench-web; fi
step "build ($native, $web)"
# (re)configure when the tree is new or predates cmake/bench.cmake (an OPTIONAL include that appears later does not
# make cmake re-run by itself)
if [[ ! -f $native/CMakeCache.txt ]] || ! grep -q host_probe "$native/CMakeFiles/Makefile2" 2>/dev/null; then
    quiet cmake -S "$root" -B "$native" -DCMAKE_BUILD_TYPE=Release
fi
quiet cmake --build "$native" -j"$(nproc)" --target revlens revlens_bench host_probe
if [[ ! -f $web/CMakeCache.txt ]] || ! grep -q revlens_bench "$web/CMakeFiles/Makefile2" 2>/dev/null; then
    extra=()
    [[ $web == build/bench-web ]] && extra=(-DWEB_OUT="$root/build/bench-page")
    quiet emcmake cmake -S "$root" -B "$web" -DCMAKE_BUILD_TYPE=Release "${extra[@]}"
fi
quiet cmake --build "$web" -j"$(nproc)" --target revlens_bench
if [[ ! -d $npm_modules/@duckdb/duckdb-wasm || ! -d $npm_modules/apache-arrow ]]; then
    mkdir -p build/npm && cp package.json package-lock.json build/npm/
    (cd build/npm && quiet npm ci --no-audit --no-fund --cache "$PWD/.cache")
fi
echo "built: $native/revlens_bench, $web/revlens_bench.js"

# --- the warm-up export: 600 deals, read untimed before the runs (bench_driver.cpp's --warmup) ------------------------
warm=build/bench/warmup
if [[ ! -f $warm/.generated ]]; then
    rm -rf "$warm"
    "$native/revlens" generate --seed 2 --deals 600 --out "$warm" --formats hubspot,stripe >/dev/null
    touch "$warm/.generated"
fi

# --- per size -------------------------------------------------------------------------------------------------------
dirs=()
disagree=0
IFS=, read -ra size_list <<<"$sizes"
for n in "${size_list[@]}"; do
    dir=build/bench/deals-$n
    out=$dir/results
    if [[ ! -f $dir/.generated ]]; then
        step "generate $n deals"
        rm -rf "$dir"
        "$native/revlens" generate --seed 1 --deals "$n" --out "$dir" --formats hubspot,stripe
        touch "$dir/.generated"
    fi
    mkdir -p "$out"
    rm -f "$out"/*.json
    files=("$dir/hubspot_pipelines.json" "$dir/hubspot_deals.json" "$dir/hubspot_contacts.json"
           "$dir/stripe_subscriptions.json")
    if [[ $n -ge 1000000 ]]; then
        # 1M deals with their contacts is 4.3 GB: more than a wasm32 tab holds, and a 1.1 GB deals file is more than
        # node's largest string (JSON.parse cannot take it). So at this size every implementation gets the deals as
        # the API hands them out, in pages (of 100k here), plus pipelines and Stripe, without contacts.
        if [[ ! -f $dir/pages/.split ]]; then
            rm -rf "$dir/pages" && mkdir -p "$dir/pages"
            python3 - "$dir/hubspot_deals.json" "$dir/pages" <<'PY'
import sys
src, out = sys.argv[1:3]
page, n, f = 0, 0, None
def close():
    if f: f.write("\n]}\n"); f.close()
with open(src, encoding="utf-8") as lines:
    for line in lines:
        line = line.rstrip("\n")
        if not line.startswith("{\"archived\"") and not line.startswith("{\"associations\""):
            continue  # the envelope: {"results":[ and ]}
        if n % 100000 == 0:
            close()
            page += 1
            f = open(f"{out}/hubspot_deals_page{page:02d}.json", "w", encoding="utf-8")
            f.write('{"results":[\n')
        else:
            f.write(",\n")
        f.write(line.rstrip(","))
        n += 1
close()
PY
            touch "$dir/pages/.split"
        fi
        files=("$dir/hubspot_pipelines.json" "$dir"/pages/hubspot_deals_page*.json "$dir/stripe_subscriptions.json")
    fi
    printf '%s\n' "${files[@]}" >"$out/files.txt" # the same files for the page, below
    # Rounds: each implementation runs once per round, in turn, so a slow spell of the (shared, noisy) host falls on
    # all of them alike; the table takes medians over every run of every round.
    # Runs in one process. Ours and plain JS first read a small export (600 deals) again and again for 2 s, untimed,
    # as the page's import worker warms up before a file arrives: until the wasm and JS engines have optimised the hot
    # functions, the runs time their compilers. DuckDB does not: its first run is the page table's "DuckDB first".
    # The medians are of all runs, so the first run's memory growth counts too. From 1M deals ours computes 3 Reports
    # (each by a new Engine) after each import (--reports): an import there is 10-20 s, a Report half a second.
    r=${runs:-$((n >= 1000000 ? 3 : 5))}
    reports=$((n >= 1000000 ? 3 : 1))
    nr=${rounds:-$((n >= 1000000 ? 2 : 3))}
    owner=$(node -e 'const fs = require("fs"), b = Buffer.alloc(1 << 20), fd = fs.openSync(process.argv[1], "r");
                     const t = b.toString("utf8", 0, fs.readSync(fd, b, 0, b.length, 0));
                     process.stdout.write((/"hubspot_owner_id": *"([^"]*)"/.exec(t) || ["", ""])[1]);' "$dir/hubspot_deals.json")
    [[ -n $owner ]] || fail "no hubspot_owner_id in the first MB of $dir/hubspot_deals.json"
    args=(--runs "$r" --owner "$owner")
    warmup=(--warmup "$warm")
    step "$n deals: $(du -cm "${files[@]}" | tail -1 | cut -f1) MB, $nr rounds of $r runs, owner $owner"
    # the host's clock, memory latency and page faults before and after (tests/bench/host_probe.cpp)
    "$native/host_probe" >"$out/host.json"
    for ((round = 1; round <= nr; round++)); do
        echo "round $round: ours (wasm)"
        node --no-experimental-fetch "$web/revlens_bench.js" "${args[@]}" --reports "$reports" "${warmup[@]}" \
            --figures "$out/fig-wasm.json" "${files[@]}" >>"$out/wasm.json"
        echo "round $round: ours (native)"
        "$native/revlens_bench" "${args[@]}" --reports "$reports" "${warmup[@]}" --figures "$out/fig-native.json" \
            "${files[@]}" >>"$out/native.json"
        echo "round $round: plain JS"
        node --max-old-space-size=16000 tests/bench/peer_js.cjs "${args[@]}" "${warmup[@]}" --figures "$out/fig-js.json" \
            "${files[@]}" >>"$out/js.json"
        echo "round $round: DuckDB-WASM"
        NODE_PATH=$npm_modules node --max-old-space-size=16000 tests/bench/peer_duckdb.cjs "${args[@]}" \
            --figures "$out/fig-duckdb.json" "${files[@]}" >>"$out/duckdb.json"
    done
    "$native/host_probe" >>"$out/host.json"
    if ! node tests/bench/compare.cjs "$out/fig-wasm.json" native="$out/fig-native.json" js="$out/fig-js.json" \
        duckdb="$out/fig-duckdb.json"; then
        disagree=1
    fi
    dirs+=("$dir")
done

# --- the page -------------------------------------------------------------------------------------------------------
# built after the measurements so its long link never runs beside them; the smoke run sizes the page test.sh built
page=""
if [[ $smoke == 0 ]]; then
    step "build the page ($web -> build/bench-page)"
    quiet cmake --build "$web" -j"$(nproc)" --target revlens_web
    page=build/bench-page
elif [[ -f build/web/revlens.wasm ]]; then
    page=build/web
fi
if [[ -n $page ]]; then
    # the same files picked in the page's "Open files…" in headless Chromium: bytes to dashboard, main-thread blocking
    for dir in "${dirs[@]}"; do
        mapfile -t files <"$dir/results/files.txt"
        n=${dir##*-}
        pr=${runs:-$((n >= 1000000 ? 1 : 3))}
        step "page: $n deals, $pr runs"
        : >"$dir/results/page.json"
        for ((i = 0; i < pr; i++)); do
            NODE_PATH=$npm_modules node tests/bench/page_load.cjs "$page" "${files[@]}" >>"$dir/results/page.json" ||
                fail "the page could not load the $n-deal files"
        done
    done
fi
step "results"
node tests/bench/table.cjs "${dirs[@]}"
if [[ -n $page ]]; then
    gz() { gzip -9c "$1" | wc -c; }
    wasm=$(gz "$page/revlens.wasm") js=$(gz "$page/revlens.js") data=$(gz "$page/revlens.data")
    worker=$(($(gz "$page/revlens-import.wasm") + $(gz "$page/revlens-import.js") + $(gz "$page/import-worker.js")))
    total=$((wasm + js + data + worker))
    printf '\npage (%s), gzip -9: revlens.wasm %.0f KB + revlens.js %.0f KB + revlens.data (fonts) %.0f KB + import worker %.0f KB = %.2f MB\n' \
        "$page" "$((wasm / 1024))" "$((js / 1024))" "$((data / 1024))" "$((worker / 1024))" \
        "$(awk -v t="$total" 'BEGIN { print t / 1048576 }')"
fi
if [[ $smoke == 0 && -n $page ]]; then
    # ours, then the machine's floor measured the same way: a page that only makes a WebGL2 context and draws a triangle
    ff=$(NODE_PATH=$npm_modules node tests/bench/first_frame.cjs "$page" 3) || ff=''
    floor=$(NODE_PATH=$npm_modules node tests/bench/first_frame.cjs --floor 3) || floor=''
    node -e 'const [r, floor] = process.argv.slice(1).map((s) => (s ? JSON.parse(s) : null));
             const line = (what, t) => { t = [...t].sort((a, b) => a - b);
               console.log(`${what} (headless Chromium, new profile each time): median ${t[t.length >> 1].toFixed(0)} ` +
                           `ms of ${t.map((x) => x.toFixed(0)).join(", ")}`); };
             if (r) {
               line("first frame", r.first_frame_ms);
               line("first frame with data (the sample company)", r.first_frame_with_data_ms);
               console.log("start-up marks, medians (ms):", JSON.stringify(r.median_ms));
             } else {
               console.log("first frame: could not be measured (see above)");
             }
             if (floor) line("first frame of a bare WebGL2 page (the floor on this machine)", floor.first_frame_ms);' \
        "$ff" "$floor"
fi

if [[ $disagree == 1 ]]; then
    echo "bench: the implementations disagree on the figures (see the differences above)"
    exit 1
fi
echo "bench: done; every implementation agrees on the figures"
