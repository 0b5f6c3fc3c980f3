// Perpetual mode and the knobs on this machine: forbidden outcomes never
// appear, and the instances sum to the iterations.
#include <gtest/gtest.h>

#include <algorithm>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/model.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

#if defined(__x86_64__)
RunOutput perpetual(const std::string& name, std::uint64_t iterations) {
  const auto& e = entry(name);
  RunConfig config;
  config.mode = RunMode::perpetual;
  config.iterations = iterations;
  config.chunk = 1 << 20;  // a large K, and several chunks
  return run_perpetual(e.test, *e.kernels, config);
}

// Every reconstructed SB instance is a state x86-tso allows, and the instances
// sum to the iterations. Whether the weak state shows depends on how the host
// schedules the two threads (a loaded machine may never overlap them), so it
// is not asserted here: the reconstruction's pairing is checked on planted
// logs in perpetual_no_match_test. 2^23 iterations are 8 chunks of 2^20.
TEST(PerpetualHardware, SbRelaxedReconstructsOnlyTsoAllowedStates) {
  const auto& sb = entry("SB+rlx");
  const auto allowed = model::allowed_states(sb.test, "x86-tso").allowed_states;
  const RunOutput out = perpetual("SB+rlx", std::uint64_t{1} << 23);
  EXPECT_EQ(out.histogram.total(), std::uint64_t{1} << 23);
  for (const auto& [state, count] : out.histogram.counts())
    EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), state) != allowed.end())
        << format_state(sb.test, state) << " was seen " << count << " times";
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
