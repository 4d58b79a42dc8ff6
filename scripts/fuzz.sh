#!/usr/bin/env bash
# Fuzzes the importers with libFuzzer (clang, ASan + UBSan): one target per importer family (tests/fuzz).
#   scripts/fuzz.sh [--seconds N] [--cpu] [--targets a,b]   (default 60 seconds per target, every target)
# --cpu counts the fuzzer's own CPU time instead of the wall clock, so N seconds of fuzzing are N seconds of fuzzing
# even on a machine that is busy with other work (the fuzzer is stopped with SIGINT once it has used them).
# Configures build/fuzz once, builds the targets, seeds each target's corpus with the shared fixtures and tests/bad
# (copied, truncated and mutated into build/fuzz at run time; nothing is committed) and runs each for N seconds.
# Prints exactly one line per target, "fuzz <name>: ok" or "fuzz <name>: FAILED (<reason>)"; exits 1 if any failed.
# Logs and crashing inputs: build/fuzz/logs/<name>.log, build/fuzz/artifacts/<name>/.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60 cpu=0 only=""
while [[ $# -gt 0 ]]; do
    case $1 in
    --seconds) seconds=${2:-}; shift 2 ;;
    --seconds=*) seconds=${1#--seconds=}; shift ;;
    --cpu) cpu=1; shift ;;
    --targets) only=${2:-}; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N] [--cpu] [--targets a,b]" >&2; exit 2 ;;
    esac
done
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "--seconds wants a positive whole number" >&2; exit 2; }

targets=(hubspot salesforce pipedrive stripe other csv canonical)
[[ -n $only ]] && IFS=, read -ra targets <<<"$only"
out="$root/build/fuzz"
fixtures="$root/../shared/fixtures"
failed=0
fail_all() { for t in "${targets[@]}"; do echo "fuzz $t: FAILED ($1)"; done; exit 1; }

# --- build ---------------------------------------------------------------------------------------------------------
mkdir -p "$out/logs"
if [[ ! -f $out/CMakeCache.txt ]]; then
    CC=clang CXX=clang++ cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DREVLENS_FUZZ=ON -DREVLENS_TESTS=OFF \
        >"$out/logs/configure.log" 2>&1 || { tail -20 "$out/logs/configure.log" >&2; fail_all "configure failed"; }
fi
if ! cmake --build "$out" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >"$out/logs/build.log" 2>&1; then
    grep -E 'error|Error' "$out/logs/build.log" | head -20 >&2
    fail_all "build failed, see build/fuzz/logs/build.log"
fi

# --- seed corpora: whole, truncated and mutated copies ------------------------------------------------------------
python3 - "$out/seeds" "$fixtures" "$root/tests/bad" "$root/docs/examples" <<'PY' || fail_all "seeding failed"
import os, random, shutil, sys
seeds, fixtures, bad, examples = sys.argv[1:5]
families = {
    "hubspot": [os.path.join(fixtures, "hubspot")],
    "salesforce": [os.path.join(fixtures, "salesforce")],
    "pipedrive": [os.path.join(fixtures, "pipedrive")],
    "stripe": [os.path.join(fixtures, "stripe")],
    "other": [os.path.join(fixtures, "zoho"), os.path.join(fixtures, "close")],
    "csv": [],
    "canonical": [examples],
}
# Small hand-written seeds for shapes no fixture has (GA4 runReport, CSV UI exports, newline-delimited records).
extra = {
    "other": {"ga4.json": b'{"dimensionHeaders":[{"name":"date"},{"name":"sessionDefaultChannelGroup"}],'
                          b'"metricHeaders":[{"name":"sessions","type":"TYPE_INTEGER"}],"rows":[{"dimensionValues":'
                          b'[{"value":"20240131"},{"value":"Organic Search"}],"metricValues":[{"value":"1234"}]}],'
                          b'"rowCount":1}'},
    "csv": {"hubspot.csv": b'\xef\xbb\xbf"Deal Name","Amount","Close Date","Deal Stage","Create Date"\r\n'
                           b'"Acme, Inc.",1000,2024-02-01,closedwon,2024-01-01\r\n"B ""q""",,2024-03-01,Lost,\r\n',
            "salesforce.csv": b'Opportunity Name;Stage;Close Date;Amount\nA;Closed Won;2024-01-31;5\nB;Prospecting;;\n'},
    "hubspot": {"ndjson.json": b'{"id":"1","properties":{"dealname":"a","amount":"1"}}\n'
                               b'{"id":"2","properties":{"dealname":"b","dealstage":"closedwon"}}\n'},
}
rng = random.Random(4)
def mutate(b):
    b = bytearray(b)
    for _ in range(max(1, len(b) // 500)):
        i = rng.randrange(len(b))
        b[i] = rng.choice(b'{}[]",:0123456789-.e\\ntfu\x00\xff')
    return bytes(b)
for fam, dirs in families.items():
    d = os.path.join(seeds, fam)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    files = []
    for src in dirs:
        for name in sorted(os.listdir(src)):
            files.append((name, open(os.path.join(src, name), "rb").read()))
    for name in sorted(os.listdir(bad)):
        if not name.endswith(".expected") and (fam != "csv" or name.endswith(".csv")):
            files.append(("bad_" + name, open(os.path.join(bad, name), "rb").read()))
    for name, data in extra.get(fam, {}).items():
        files.append((name, data))
    for name, data in files:
        data = data[:65536]
        variants = {"": data}
        if len(data) > 8:
            variants["half_"] = data[: len(data) // 2]
            variants["third_"] = data[: len(data) // 3]
            variants["mut_"] = mutate(data)
        for prefix, v in variants.items():
            open(os.path.join(d, prefix + name), "wb").write(v)
PY

# --- run -----------------------------------------------------------------------------------------------------------
reason_of() { # the first sanitizer / libFuzzer verdict in a log
    local log=$1 r
    r=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-zA-Z_-]+( on [a-z-]+)?' "$log")
    [[ -z $r ]] && r=$(grep -m1 -oE 'runtime error: .{0,80}' "$log" | sed 's/^/UB: /')
    [[ -z $r ]] && r=$(grep -m1 -E 'failed load|report counts' "$log")
    [[ -z $r ]] && r="exit status $2"
    echo "$r"
}
for t in "${targets[@]}"; do
    corpus="$out/corpus/$t" artifacts="$out/artifacts/$t/" log="$out/logs/$t.log"
    mkdir -p "$corpus" "$artifacts"
    limit=$seconds
    rm -f "$log.cpu"
    [[ $cpu == 1 ]] && limit=$((seconds * 100)) # the watcher below stops it
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
        "$out/tests/fuzz/fuzz_$t" "$corpus" "$out/seeds/$t" -max_total_time="$limit" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1 &
    pid=$!
    if [[ $cpu == 1 ]]; then
        tick=$(getconf CLK_TCK)
        while kill -0 "$pid" 2>/dev/null; do
            used=$(awk -v t="$tick" '{ print int(($14 + $15) / t) }' "/proc/$pid/stat" 2>/dev/null || echo 0)
            if [[ ${used:-0} -ge $seconds ]]; then
                kill -INT "$pid" 2>/dev/null
                echo "fuzz.sh: stopped after $used s of CPU time" >>"$log.cpu"
                break
            fi
            sleep 2
        done
    fi
    wait "$pid"
    status=$?
    # libFuzzer exits 72 when interrupted: that is the --cpu budget running out, not a finding
    if [[ $cpu == 1 && $status -eq 72 ]] && grep -q 'run interrupted' "$log"; then
        cat "$log.cpu" >>"$log"; rm -f "$log.cpu"
        grep -q 'ERROR\|runtime error' "$log" || { echo "fuzz $t: ok ($(grep -m1 -o 'stopped after [0-9]* s of CPU time' "$log"))"; continue; }
    fi
    if [[ $status -eq 0 ]] && grep -q 'Done [0-9]* runs' "$log"; then
        echo "fuzz $t: ok"
    else
        echo "fuzz $t: FAILED ($(reason_of "$log" "$status"); build/fuzz/logs/$t.log)"
        failed=1
    fi
done
exit $failed
