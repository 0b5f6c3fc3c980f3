// Perpetual mode and the knobs on this machine. Only frequent weak outcomes
// are asserted to appear; forbidden ones must never appear.
#include <gtest/gtest.h>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

RunOutput perpetual(const std::string& name, std::uint64_t iterations) {
  const auto& e = entry(name);
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = iterations;
  config.chunk = 1 << 20;  // a large K, and several chunks
  return run_perpetual(e.test, *e.kernels, config);
}

#if defined(__x86_64__)
// Here a weak SB instance is a large share of the reconstructed ones; 2^23
// iterations are 8 chunks of 2^20.
TEST(PerpetualHardware, SbRelaxedFindsWeakInstances) {
  const auto& sb = entry("SB+rlx");
  const RunOutput out = perpetual("SB+rlx", std::uint64_t{1} << 23);
  EXPECT_EQ(out.histogram.total(), std::uint64_t{1} << 23);
  EXPECT_GT(out.histogram.condition_matches(sb.test), 0u);
}

TEST(PerpetualHardware, TsoForbiddenConditionsNeverShow) {
  for (const char* name : {"MP+rlx", "SB+sc", "SB+rlx+scfences", "LB+rlx", "CoRR+rlx"}) {
    const RunOutput out = perpetual(name, std::uint64_t{1} << 22);
    EXPECT_EQ(out.histogram.total(), std::uint64_t{1} << 22) << name;
    EXPECT_EQ(out.histogram.condition_matches(entry(name).test), 0u) << name;
  }
}

// S+rlx observes a register and a location; strided visits must keep each
// instance's register and memory together, or TSO-forbidden states appear.
TEST(BatchedKnobsHardware, StridedVisitsKeepInstancesTogether) {
  const auto& s = entry("S+rlx");
  RunConfig config;
  config.iterations = 2'000'000;
  config.stride = 3;
  const RunOutput out = run_batched(s.test, *s.kernels, config);
  EXPECT_EQ(out.histogram.total(), config.iterations);
  EXPECT_EQ(out.histogram.condition_matches(s.test), 0u);
}
#endif

}  // namespace
}  // namespace litmuslab::run
