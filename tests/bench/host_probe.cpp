// The host's state beside the bench's runs (scripts/bench.sh runs it before each size's rounds and after them): these
// machines are shared VMs, and tables from different hosts or hours compare only beside what the host did meanwhile.
// (It does not see everything: our import's 1.7x slow spells on one VM left these figures unchanged.)
//   host_probe   prints one JSON line:
//   alu_ms       100M steps of a dependent multiply-add (one core's clock and its share of it)
//   read4_ns     one random read in a 4 MB table (caches), read64_ns in a 64 MB one (memory, TLB)
//   fault_us     first write to each 4 KB page of 64 MB of fresh memory, per page (the kernel and the VM's faults)
// Each figure is the median of 5 tries. No engine code: the same figures for any build of ours.
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <class F> double median_of_5(F f) {
    std::vector<double> v;
    for (int i = 0; i < 5; ++i) v.push_back(f());
    std::sort(v.begin(), v.end());
    return v[2];
}

volatile uint64_t g_sink; // keeps the loops' results alive

double alu_ms() {
    auto t0 = std::chrono::steady_clock::now();
    uint64_t x = g_sink | 1;
    for (long i = 0; i < 100'000'000; ++i) x = x * 6364136223846793005ull + 1442695040888963407ull;
    g_sink = x;
    return seconds_since(t0) * 1e3;
}

// A chain of dependent reads: each index comes from the value read before, so every read waits for the last one.
double read_ns(const std::vector<uint32_t>& table) {
    const uint32_t mask = static_cast<uint32_t>(table.size() - 1);
    constexpr long kReads = 2'000'000;
    auto t0 = std::chrono::steady_clock::now();
    uint32_t k = 1;
    uint64_t sum = 0;
    for (long i = 0; i < kReads; ++i) {
        k = table[(k * 2654435761u) & mask] ^ static_cast<uint32_t>(i);
        sum += k;
    }
    g_sink = sum;
    return seconds_since(t0) * 1e9 / kReads;
}

std::vector<uint32_t> table_of(size_t bytes) {
    std::vector<uint32_t> t(bytes / sizeof(uint32_t));
    for (size_t i = 0; i < t.size(); ++i) t[i] = static_cast<uint32_t>(i * 2246822519u);
    return t;
}

double fault_us() {
    constexpr size_t kBytes = 64u << 20, kPage = 4096;
    void* p = mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -1;
    madvise(p, kBytes, MADV_NOHUGEPAGE); // 4 KB pages, as V8 and malloc get them here (THP is madvise-only)
    auto t0 = std::chrono::steady_clock::now();
    for (size_t off = 0; off < kBytes; off += kPage) static_cast<volatile char*>(p)[off] = 1;
    const double us = seconds_since(t0) * 1e6 / (kBytes / kPage);
    munmap(p, kBytes);
    return us;
}

} // namespace

int main() {
    const std::vector<uint32_t> small = table_of(4u << 20), large = table_of(64u << 20);
    const double alu = median_of_5(alu_ms);
    const double r4 = median_of_5([&] { return read_ns(small); });
    const double r64 = median_of_5([&] { return read_ns(large); });
    const double fault = median_of_5(fault_us);
    std::printf("{\"alu_ms\":%.1f,\"read4_ns\":%.1f,\"read64_ns\":%.1f,\"fault_us\":%.2f}\n", alu, r4, r64, fault);
    return 0;
}
