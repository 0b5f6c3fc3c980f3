// The perpetual runner counts every iteration as one reconstructed instance,
// in every lane and chunk shape; the knobs reach the result's config.
#include <gtest/gtest.h>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

TEST(PerpetualRunner, EveryServedTestCountsEveryIteration) {
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = 20011;  // not a multiple of the chunk or the lanes
  config.chunk = 1000;
  config.lanes = 2;
  int served = 0;
  for (const auto& e : catalogue::Catalogue::compiled().tests()) {
    if (e.kernels->perpetual.empty()) continue;
    SCOPED_TRACE(e.test.name);
    ++served;
    const RunOutput out = run_perpetual(e.test, *e.kernels, config);
    EXPECT_EQ(out.mode, RunMode::perpetual);
    EXPECT_EQ(out.iterations, config.iterations);
    EXPECT_EQ(out.histogram.total(), config.iterations);
    EXPECT_FALSE(out.interrupted);
    for (const auto& [state, count] : out.histogram.counts()) {
      ASSERT_EQ(state.size(), e.test.observed.size());
      EXPECT_TRUE(out.first_seen.count(state));
    }
  }
  EXPECT_GE(served, 17);
}

TEST(PerpetualRunner, LanesAndChunksOfEveryShape) {
  const auto& sb = entry("SB+rlx");
  for (std::size_t lanes : {1ul, 2ul, 3ul, 8ul}) {
    for (std::uint64_t iterations : {1ull, 5ull, 24ull, 100003ull}) {
      RunConfig config;
      config.mode = RunMode::perpetual;
      config.iterations = iterations;
      config.lanes = lanes;
      config.chunk = lanes * 512;
      const RunOutput out = run_perpetual(sb.test, *sb.kernels, config);
      EXPECT_EQ(out.histogram.total(), iterations) << lanes << " lanes";
      EXPECT_EQ(out.config.at("lanes"), std::to_string(lanes));
      EXPECT_EQ(out.config.at("chunk"), std::to_string(lanes * 512));
    }
  }
}

TEST(PerpetualRunner, RecordsEveryKnob) {
  const auto& sb = entry("SB+rlx");
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = 10000;
  config.placement = InstanceMemory::static_arena;
  config.layout = Layout::padded;
  config.first = FirstThread{1};
  config.delay = 50;
  const RunOutput out = run_perpetual(sb.test, *sb.kernels, config);
  EXPECT_EQ(out.histogram.total(), 10000u);
  EXPECT_EQ(out.config.at("placement"), "static");
  EXPECT_EQ(out.config.at("layout"), "padded");
  EXPECT_EQ(out.config.at("first"), "1");
  EXPECT_EQ(out.config.at("delay"), "50");
  EXPECT_EQ(out.config.at("pairing"), "max-disjoint-matches-then-in-order");
  // The static arena is free again for the next run.
  EXPECT_EQ(run_perpetual(sb.test, *sb.kernels, config).histogram.total(), 10000u);
}

TEST(PerpetualRunner, OtherTestsFallBackToBatchedWithANote) {
  const auto& iriw = entry("IRIW+rlx");
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = 3000;
  EXPECT_THROW(run_perpetual(iriw.test, *iriw.kernels, config), std::invalid_argument);
  const RunOutput out = run_test(iriw.test, *iriw.kernels, config);
  EXPECT_EQ(out.mode, RunMode::batched);
  EXPECT_EQ(out.histogram.total(), 3000u);
  ASSERT_EQ(out.notes.size(), 1u);
  EXPECT_NE(out.notes[0].find("ran batched instead"), std::string::npos) << out.notes[0];
  EXPECT_NE(out.notes[0].find("two threads"), std::string::npos) << out.notes[0];
}

TEST(PerpetualRunner, RejectsConfigsThatCannotRun) {
  const auto& sb = entry("SB+rlx");
  RunConfig config;
  config.mode = RunMode::perpetual;
  EXPECT_THROW(run_perpetual(sb.test, *sb.kernels, config), std::invalid_argument);  // no budget
  config.iterations = 100;
  config.chunk = 1001;
  config.lanes = 2;
  EXPECT_THROW(run_perpetual(sb.test, *sb.kernels, config), std::invalid_argument);
  config.chunk = 1000;
  config.first = FirstThread{2};
  EXPECT_THROW(run_perpetual(sb.test, *sb.kernels, config), std::invalid_argument);
}

TEST(PerpetualRunner, StopRequestKeepsWhatWasCounted) {
  const auto& sb = entry("SB+rlx");
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = std::uint64_t{1} << 40;
  RunHooks hooks;
  hooks.stop_requested = [] { return true; };
  const RunOutput out = run_perpetual(sb.test, *sb.kernels, config, hooks);
  EXPECT_TRUE(out.interrupted);
  EXPECT_LT(out.iterations, config.iterations);
  EXPECT_EQ(out.iterations, out.histogram.total());
}

TEST(PerpetualRunner, SecondsModeRuns) {
  const auto& mp = entry("MP+rlx");
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.seconds = 0.05;
  const RunOutput out = run_perpetual(mp.test, *mp.kernels, config);
  EXPECT_GT(out.iterations, 0u);
  EXPECT_EQ(out.iterations, out.histogram.total());
  EXPECT_GE(out.seconds, 0.05);
}

TEST(BatchedKnobs, StridePlacementFirstAndDelayKeepEveryInstance) {
  const auto& sb = entry("SB+rlx");
  for (std::size_t stride : {1ul, 2ul, 3ul, 64ul, 5000ul}) {
    RunConfig config;
    config.iterations = 30011;
    config.batch = 4096;
    config.stride = stride;
    config.placement = stride % 2 ? InstanceMemory::static_arena : InstanceMemory::heap;
    config.first = FirstThread{static_cast<int>(stride % 2)};
    config.delay = static_cast<std::uint32_t>(stride % 100);
    const RunOutput out = run_batched(sb.test, *sb.kernels, config);
    EXPECT_EQ(out.histogram.total(), 30011u) << "stride " << stride;
    EXPECT_EQ(out.config.at("stride"), std::to_string(stride));
    EXPECT_EQ(out.config.at("placement"), stride % 2 ? "static" : "heap");
    for (const auto& [state, count] : out.histogram.counts())
      EXPECT_TRUE(out.first_seen.count(state));
  }
}

}  // namespace
}  // namespace litmuslab::run
