// Running out of memory in the middle of an import (issue 6: "a file that would exceed memory mid-import is rolled
// back, not half-applied"). A source that throws std::bad_alloc after some bytes stands in for an allocation failing
// while the file is parsed: the file must fail with a message that says so, and what was loaded before must be
// exactly as it was (same rows, same Report).
#include "core/report.h"
#include "import/import.h"
#include "import_test_util.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <new>

namespace {

using import_test::read_bytes;

class RunsOutOfMemory final : public import::ByteSource {
public:
    RunsOutOfMemory(std::vector<uint8_t> bytes, size_t fail_at) : bytes_(std::move(bytes)), fail_at_(fail_at) {}
    size_t read(uint8_t* out, size_t n) override {
        if (pos_ >= fail_at_) throw std::bad_alloc();
        n = std::min({n, bytes_.size() - pos_, fail_at_ - pos_, size_t(4096)});
        std::copy_n(bytes_.data() + pos_, n, out);
        pos_ += n;
        return n;
    }
    bool rewind() override {
        pos_ = 0;
        return true;
    }
    std::optional<uint64_t> size() const override { return bytes_.size(); }

private:
    std::vector<uint8_t> bytes_;
    size_t pos_ = 0, fail_at_;
};

std::string report_of(const core::Dataset& ds) { return core::to_json(core::compute(ds, {}, {})).dump(); }

void expect_rolled_back(const std::string& first, const std::string& second, size_t fail_at) {
    core::Dataset ds;
    ASSERT_TRUE(import_test::load_fixture(first, ds).ok);
    const std::string before = report_of(ds);
    const size_t deals = ds.deals.size(), leads = ds.leads.size(), subs = ds.subscriptions.size();
    const size_t files = ds.files.size();

    std::vector<uint8_t> bytes = read_bytes(std::string(REVLENS_FIXTURES) + "/" + second);
    ASSERT_GT(bytes.size(), fail_at);
    RunsOutOfMemory source(bytes, fail_at);
    import::ImportReport r = import::load(second, source, ds);
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("ran out of memory while importing it"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find("nothing from this file was added"), std::string::npos) << r.error;
    EXPECT_EQ(r.error.rfind(second, 0), 0u) << "the error names the file: " << r.error;
    EXPECT_EQ(ds.deals.size(), deals);
    EXPECT_EQ(ds.leads.size(), leads);
    EXPECT_EQ(ds.subscriptions.size(), subs);
    EXPECT_EQ(ds.files.size(), files);
    EXPECT_EQ(report_of(ds), before);

    // and the same file loads once memory is there again
    EXPECT_TRUE(import::load(second, bytes, ds).ok);
    EXPECT_GT(ds.deals.size() + ds.leads.size() + ds.subscriptions.size(), deals + leads + subs);
}

TEST(ImportOutOfMemory, VendorFileMidParseIsRolledBack) {
    expect_rolled_back("hubspot/hubspot_deals.json", "stripe/stripe_subscriptions.json", 1500);
}

TEST(ImportOutOfMemory, SecondPageMidParseIsRolledBack) {
    expect_rolled_back("stripe/stripe_subscriptions.json", "hubspot/hubspot_contacts.json", 700);
}

} // namespace
