// The batched runner counts every instance exactly once, in every layout.
#include <gtest/gtest.h>

#include <set>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

// Every value a key can take: its initial value or a value some op writes
// (for registers, also compare-exchange's and trylock's 0/1 and what an
// exchange returns; a pointer is the index of its location).
std::set<int> possible_values(const Test& test) {
  std::set<int> values{0, 1};
  for (const Location& loc : test.locations) values.insert(loc.initial);
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread))
      values.insert(op->value.op == ExprOp::address_of ? op->value.index : op->value.value);
  return values;
}

// Tests whose values are all constants or addresses: no arithmetic RMW, no expression.
bool only_written_values(const Test& test) {
  for (const Thread& t : test.threads)
    for (const Operation* op : operations_of(t)) {
      if (is_rmw(op->kind) && op->kind != OpKind::exchange && op->kind != OpKind::compare_exchange)
        return false;
      if (op->value.op != ExprOp::constant && op->value.op != ExprOp::address_of) return false;
    }
  return true;
}

// The generated code compiles (it is linked in) and runs for every test.
TEST(Runner, EveryCatalogueTestRunsAndCountsEveryInstance) {
  RunConfig config;
  config.iterations = 20011;  // not a multiple of the batch
  config.batch = 1000;
  for (const auto& e : catalogue::Catalogue::compiled().tests()) {
    SCOPED_TRACE(e.test.name);
    const RunOutput out = run_batched(e.test, *e.kernels, config);
    EXPECT_EQ(out.iterations, config.iterations);
    EXPECT_EQ(out.histogram.total() + out.filtered, config.iterations);
    EXPECT_FALSE(out.interrupted);
    EXPECT_EQ(out.thread_cpus.size(), e.test.threads.size());
    // Arithmetic makes values beyond the written constants.
    if (!only_written_values(e.test)) continue;
    const std::set<int> allowed = possible_values(e.test);
    for (const auto& [state, count] : out.histogram.counts()) {
      ASSERT_EQ(state.size(), e.test.observed.size());
      for (int value : state) EXPECT_TRUE(allowed.count(value)) << "impossible value " << value;
    }
  }
}

// A filter drops the instances whose state fails it from the histogram and
// counts them apart. SB+rlx's kernels run for copies of the test with
// `filter (0:r0=0)`: one observes both registers, one only 1:r0 (0:r0 is
// then a key of the filter alone).
TEST(Runner, InstancesFailingTheFilterAreCountedApart) {
  const auto& sb = entry("SB+rlx");
  Proposition zero;
  zero.kind = Proposition::Kind::atom;
  zero.key = sb.test.observed.at(0);  // 0:r0
  zero.value = 0;
  RunConfig config;
  config.iterations = 100000;
  config.batch = 1000;

  litmuslab::Test both = sb.test;
  both.filter = zero;
  const RunOutput kept = run_batched(both, *sb.kernels, config);
  EXPECT_EQ(kept.iterations, config.iterations);
  EXPECT_EQ(kept.histogram.total() + kept.filtered, config.iterations);
  for (const auto& [state, count] : kept.histogram.counts())
    EXPECT_EQ(state.at(0), 0) << "a state the filter drops was counted";

  litmuslab::Test hidden = both;
  hidden.observed = {sb.test.observed.at(1)};
  hidden.filter_keys = {sb.test.observed.at(0)};
  hidden.condition.proposition = Proposition{};  // exists true
  const RunOutput out = run_batched(hidden, *sb.kernels, config);
  EXPECT_EQ(out.histogram.total() + out.filtered, config.iterations);
  for (const auto& [state, count] : out.histogram.counts()) EXPECT_EQ(state.size(), 1u);
}

TEST(Runner, CountsSumToIterationsInEveryLayout) {
  const auto& sb = entry("SB+rlx");
  for (const char* layout : {"shared-line", "line-per-instance", "arrays", "padded"}) {
    for (std::size_t batch : {1ul, 7ul, 4096ul}) {
      RunConfig config;
      config.iterations = 30000;
      config.batch = batch;
      set_knob(config, "layout", layout);
      const RunOutput out = run_batched(sb.test, *sb.kernels, config);
      EXPECT_EQ(out.histogram.total(), 30000u) << layout << " batch " << batch;
      EXPECT_EQ(out.config.at("layout"), layout);
      EXPECT_EQ(out.config.at("batch"), std::to_string(batch));
      // Only SB's four states exist.
      for (const auto& [state, count] : out.histogram.counts()) {
        ASSERT_EQ(state.size(), 2u);
        EXPECT_TRUE(state[0] == 0 || state[0] == 1);
        EXPECT_TRUE(state[1] == 0 || state[1] == 1);
      }
    }
  }
}

TEST(Runner, SecondsModeRunsAndReportsItsCount) {
  const auto& mp = entry("MP+rlx");
  RunConfig config;
  config.seconds = 0.05;
  const RunOutput out = run_batched(mp.test, *mp.kernels, config);
  EXPECT_GT(out.iterations, 0u);
  EXPECT_EQ(out.iterations, out.histogram.total());
  EXPECT_GE(out.seconds, 0.05);
}

TEST(Runner, StopRequestEndsTheRunAndKeepsCounts) {
  const auto& sb = entry("SB+rlx");
  RunConfig config;
  config.iterations = std::uint64_t{1} << 40;  // would take hours
  RunHooks hooks;
  hooks.stop_requested = [] { return true; };
  const RunOutput out = run_batched(sb.test, *sb.kernels, config, hooks);
  EXPECT_TRUE(out.interrupted);
  EXPECT_LT(out.iterations, config.iterations);
  EXPECT_EQ(out.iterations, out.histogram.total());
}

TEST(Runner, MoreThreadsThanCpusIsOversubscribed) {
  const auto* iriw = catalogue::Catalogue::compiled().find("IRIW+rlx");
  const auto& test = iriw ? *iriw : entry("SB+rlx");
  RunConfig config;
  config.iterations = 5000;
  config.cpus = {0};
  const RunOutput out = run_batched(test.test, *test.kernels, config);
  EXPECT_TRUE(out.oversubscribed);
  EXPECT_EQ(out.histogram.total(), 5000u);
  for (int cpu : out.thread_cpus) EXPECT_EQ(cpu, 0);
}

TEST(Runner, RejectsAConfigThatCannotRun) {
  const auto& sb = entry("SB+rlx");
  RunConfig config;  // neither iterations nor seconds
  EXPECT_THROW(run_batched(sb.test, *sb.kernels, config), std::invalid_argument);
  const auto& mp = entry("MP+rlx");
  config.iterations = 10;
  litmuslab::Test wrong = mp.test;
  wrong.threads.pop_back();
  EXPECT_THROW(run_batched(wrong, *mp.kernels, config), std::invalid_argument);
}

TEST(OutcomeHistogram, AddMergeAndTotalUse64Bits) {
  OutcomeHistogram a;
  const std::uint64_t big = std::uint64_t{1} << 40;  // 10^12-scale counts must not wrap
  a.add({0, 0}, big);
  a.add({0, 1}, 3);
  a.add({0, 1}, 0);
  OutcomeHistogram b;
  b.add({0, 0}, big);
  a.merge(b);
  EXPECT_EQ(a.count_of({0, 0}), 2 * big);
  EXPECT_EQ(a.count_of({1, 1}), 0u);
  EXPECT_EQ(a.total(), 2 * big + 3);
  EXPECT_EQ(a.counts().size(), 2u);
}

}  // namespace
}  // namespace litmuslab::run
