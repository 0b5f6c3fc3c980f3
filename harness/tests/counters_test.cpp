// 64-bit counts from the runner to the JSON file: a run of 10^10 iterations
// (or 2^64-1) must not wrap, truncate or round anywhere. Checked on the
// arithmetic, without running 10^10 iterations.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/run_summary.hpp"
#include "report/record.hpp"
#include "run/histogram.hpp"
#include "run/runner.hpp"

namespace litmuslab::report {
namespace {

constexpr std::uint64_t kTenBillion = 10'000'000'000ull;
constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();

// size_t is 32 bits on 32-bit targets; every count must stay 64-bit there too.
static_assert(std::is_same_v<decltype(run::RunConfig::iterations), std::uint64_t>);
static_assert(std::is_same_v<decltype(run::RunOutput::iterations), std::uint64_t>);
static_assert(std::is_same_v<decltype(run::Progress::done), std::uint64_t>);
static_assert(std::is_same_v<decltype(run::Progress::target), std::uint64_t>);
static_assert(
    std::is_same_v<decltype(std::declval<run::OutcomeHistogram>().total()), std::uint64_t>);
static_assert(
    std::is_same_v<
        std::remove_cvref_t<decltype(std::declval<run::OutcomeHistogram>().counts())>::mapped_type,
        std::uint64_t>);
static_assert(std::is_same_v<decltype(TestRun::iterations), std::uint64_t>);
static_assert(std::is_same_v<decltype(TestRun::instances), std::uint64_t>);
static_assert(std::is_same_v<decltype(TestRun::matches), std::uint64_t>);
static_assert(std::is_same_v<decltype(Outcome::count), std::uint64_t>);

const catalogue::RunnableTest& sb() { return *catalogue::Catalogue::compiled().find("SB+rlx"); }

TEST(Counters, HistogramAddsAndMergesPastTwoToThe32) {
  run::OutcomeHistogram a;
  a.add({0, 0}, 3'000'000'000ull);
  a.add({0, 0}, 3'000'000'000ull);  // 6e9: past 2^32 by addition
  a.add({1, 1}, 4'000'000'000ull);
  run::OutcomeHistogram b;
  b.add({1, 1}, kMax - 10'000'000'000ull);
  b.merge(a);
  EXPECT_EQ(a.count_of({0, 0}), 6'000'000'000ull);
  EXPECT_EQ(a.total(), kTenBillion);
  EXPECT_EQ(b.count_of({1, 1}), kMax - 6'000'000'000ull);
  EXPECT_EQ(b.total(), kMax);
}

// SB+rlx's condition is 0:r0=0 /\ 1:r0=0, so {0,0} matches.
run::RunOutput ten_billion_run() {
  run::RunOutput output;
  output.histogram.add({0, 0}, 6'000'000'007ull);
  output.histogram.add({0, 1}, 2'000'000'000ull);
  output.histogram.add({1, 1}, 1'999'999'993ull);
  output.iterations = output.histogram.total();
  output.seconds = 100;
  output.thread_cpus = {0, 1};
  return output;
}

TEST(Counters, SummaryKeepsEveryCountExact) {
  const TestRun r = summarize(sb().test, *sb().kernels, ten_billion_run());
  EXPECT_EQ(r.iterations, kTenBillion);
  EXPECT_EQ(r.instances, kTenBillion);
  EXPECT_EQ(r.matches, 6'000'000'007ull);
  ASSERT_EQ(r.outcomes.size(), 3u);
  EXPECT_EQ(r.outcomes[0].count, 6'000'000'007ull);
  const std::string table = histogram_table(r);
  EXPECT_NE(table.find("6000000007 *> 0:r0=0; 1:r0=0;"), std::string::npos) << table;
  EXPECT_NE(table.find("Iterations 10000000000 in 100.000 s: 100 M/s"), std::string::npos) << table;
  EXPECT_NE(table.find("Condition exists (0:r0=0 /\\ 1:r0=0): 6000000007 matches"),
            std::string::npos)
      << table;
  EXPECT_EQ(format_rate(1e10), "10.0 G/s");
}

TEST(Counters, JsonKeepsTenBillionAndTwoToThe64MinusOneExactly) {
  ResultsDocument d;
  d.created = "2026-11-29T00:00:00Z";
  d.runs.push_back(summarize(sb().test, *sb().kernels, ten_billion_run()));
  TestRun biggest = d.runs[0];
  biggest.iterations = biggest.instances = kMax;
  biggest.outcomes[0].count = kMax - 2;  // beyond a double's 53 bits
  d.runs.push_back(biggest);
  const std::string text = to_json(d);
  EXPECT_NE(text.find("\"iterations\": 10000000000,"), std::string::npos);
  EXPECT_NE(text.find("\"count\": 18446744073709551613"), std::string::npos);
  const ResultsDocument back = parse_results(text, "big.json");
  EXPECT_EQ(back, d);
}

TEST(Counters, ReaderRefusesCountsThatWouldWrapOrRound) {
  ResultsDocument d;
  d.runs.push_back(summarize(sb().test, *sb().kernels, ten_billion_run()));
  const std::string text = to_json(d);
  const std::string field = "\"count\": 6000000007";
  ASSERT_NE(text.find(field), std::string::npos);
  for (const char* bad : {"-1", "1.5", "6e9", "18446744073709551616", "\"6000000007\""}) {
    std::string wrong = text;
    wrong.replace(wrong.find(field), field.size(), std::string("\"count\": ") + bad);
    try {
      parse_results(wrong, "bad.json");
      ADD_FAILURE() << "accepted a count of " << bad;
    } catch (const ResultsFormatError& error) {
      EXPECT_NE(std::string(error.what()).find("runs[0].outcomes[0].count"), std::string::npos)
          << error.what();
    }
  }
}

// The scheduler's `iterations - scheduled` and the progress it reports stay
// exact with a target of 2^64-1 instances.
TEST(Counters, RunnerSchedulesAgainstTheLargestTarget) {
  run::RunConfig config;
  config.iterations = kMax;
  std::atomic<std::uint64_t> last_done{0};
  std::uint64_t last_target = 0;
  run::RunHooks hooks;
  hooks.progress = [&](const run::Progress& p) {
    last_done = p.done;
    last_target = p.target;
  };
  hooks.stop_requested = [&] { return last_done.load() > 0; };  // stop once counting shows
  const run::RunOutput out = run::run_batched(sb().test, *sb().kernels, config, hooks);
  EXPECT_TRUE(out.interrupted);
  EXPECT_EQ(last_target, kMax);
  EXPECT_GT(out.iterations, 0u);
  EXPECT_GE(out.iterations, last_done.load());
  EXPECT_EQ(out.iterations, out.histogram.total());
  EXPECT_EQ(out.iterations % config.batch, 0u);  // whole batches only
}

}  // namespace
}  // namespace litmuslab::report
