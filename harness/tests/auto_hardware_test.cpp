// Auto mode on this machine: long enough to probe every candidate, it must
// never report a state the host's model forbids, and its segments must add
// up. Weak outcomes are random, so only SB's are asserted, and only to show.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "catalogue_entry.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/model.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

TEST(AutoHardware, NeverShowsAStateTheHostModelForbids) {
  const std::string arch_model = model::host_architecture_model();
  if (arch_model.empty()) GTEST_SKIP() << "no model for this architecture";
  if (report::describe_host().emulated)
    GTEST_SKIP() << "emulated CPU: the emulator, not " << arch_model << " hardware, orders memory";
  // SB's weak state is allowed; MP's, LB's and SB+sc's are forbidden by
  // x86-tso and armv8; S+rlx has no perpetual kernels, so auto runs batched.
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "SB+sc", "S+rlx"}) {
    const auto& e = entry(name);
    RunConfig config;
    config.seconds = 0.2;  // probes of about 1.3 ms per candidate
    const RunOutput out = run_test(e.test, *e.kernels, config);
    const bool perpetual = !e.kernels->perpetual.empty();
    // With one candidate there is nothing to probe: the batched run it was.
    EXPECT_EQ(out.mode, perpetual ? RunMode::automatic : RunMode::batched) << name;
    const auto allowed = model::allowed_states(e.test, arch_model).allowed_states;
    for (const auto& [state, count] : out.histogram.counts())
      EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), state) != allowed.end())
          << name << ": " << format_state(e.test, state) << " (forbidden by " << arch_model
          << ") was seen " << count << " times";
    std::uint64_t iterations = 0;
    std::set<RunMode> modes;
    for (const RunSegment& s : out.segments) {
      EXPECT_EQ(s.histogram.total(), s.iterations) << name;
      iterations += s.iterations;
      modes.insert(s.mode);
    }
    if (perpetual) {
      EXPECT_EQ(iterations, out.iterations) << name;
    }
    EXPECT_EQ(out.histogram.total(), out.iterations) << name;
    EXPECT_EQ(modes.size(), perpetual ? 2u : 0u) << name;  // every candidate was probed
  }
  const RunConfig sb_config = [] {
    RunConfig config;
    config.seconds = 0.2;
    return config;
  }();
  const auto& sb = entry("SB+rlx");
  EXPECT_GT(run_test(sb.test, *sb.kernels, sb_config).histogram.condition_matches(sb.test), 0u);
}

}  // namespace
}  // namespace litmuslab::run
