// The proof that no pair of a lane can match, which lets a lane skip the
// sweep: exact against brute force on every range of random logs, and whole
// lanes that span several of its blocks agree with the slow pairing.
#include <gtest/gtest.h>

#include "perpetual_sweep.hpp"
#include "perpetual_testing.hpp"

namespace litmuslab::run {
namespace {

using namespace litmuslab::perpetual_testing;

TEST(PerpetualNoMatch, ExactOnEveryRangeOfRandomLogs) {
  std::mt19937_64 rng(11);
  int proved = 0, refuted = 0;
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx", "SB+sc", "MP+relacq"}) {
    SCOPED_TRACE(name);
    const litmuslab::Test& test = catalogue_test(name);
    const codegen::PerpetualShape shape = shape_of(test);
    const int outer = perpetual_outer_thread(shape);
    const MatchingSweep sweep(outer, SweepAtoms::of(shape, outer), shape.condition_possible, false);
    ASSERT_TRUE(sweep.can_prove_no_match());
    for (int round = 0; round < 200; ++round) {
      const int n = 1 + round % 10;
      const Logs logs = random_logs(test, n, rng);  // small n: both answers come up
      const SimulatedRun run = as_run(logs);
      LaneLogs lane;
      for (int t = 0; t < 2; ++t) lane.log[t] = logs.log[t].data();
      lane.iterations = n;
      const auto can_match = [&](int u) {
        for (int v = 1; v <= n; ++v) {
          const StateValues state =
              outer == 0 ? state_from_logs(test, run, u, v) : state_from_logs(test, run, v, u);
          if (matches(test, state)) return true;
        }
        return false;
      };
      for (int begin = 1; begin <= n; ++begin)
        for (int end = begin + 1; end <= n + 1; ++end) {
          bool none = true;
          for (int u = begin; u < end; ++u) none = none && !can_match(u);
          ASSERT_EQ(sweep.no_pair_can_match(lane, {begin, end}), none)
              << "round " << round << ", u in [" << begin << ", " << end << ")";
          (none ? proved : refuted) += 1;
        }
    }
  }
  EXPECT_GT(proved, 100);  // both answers were checked
  EXPECT_GT(refuted, 100);
}

// Long enough for several blocks of the proof, so a lane whose only possible
// match lies in a later block is counted by the sweep after all.
TEST(PerpetualNoMatch, LongLanesAgreeWithTheSlowPairing) {
  std::mt19937_64 rng(12);
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx"}) {
    SCOPED_TRACE(name);
    const litmuslab::Test& test = catalogue_test(name);
    for (int round = 0; round < 3; ++round) {
      const int n = 2100 + round;
      SimulatedRun run = simulate(test, n, true, rng);
      Logs logs = logs_of(run);
      if (round == 2) {
        // Plant matches in the last iterations only: the outer thread's
        // saw-initial loads never see past n - 5, and its saw-write loads see
        // iteration n at the end. MP and CoRR then match there, far past the
        // first blocks.
        const codegen::PerpetualShape shape = shape_of(test);
        const int outer = perpetual_outer_thread(shape);
        const SweepAtoms atoms = SweepAtoms::of(shape, outer);
        std::int32_t* own = logs.log[outer].data();
        for (int slot : atoms.own_initial)
          for (int k = 0; k < n; ++k) own[slot * n + k] = std::min(own[slot * n + k], n - 5);
        for (int slot : atoms.own_write) own[slot * n + n - 1] = n;
      }
      std::uint64_t weak = 0;
      const OutcomeHistogram h = reconstruct(test, logs, &weak);
      EXPECT_EQ(h.counts(), naive_pairing(test, logs).counts()) << "round " << round;
      EXPECT_EQ(h.total(), static_cast<std::uint64_t>(n));
      if (round == 2 && (test.name == "MP+rlx" || test.name == "CoRR+rlx")) {
        EXPECT_GT(weak, 0u);
      }
    }
  }
}

}  // namespace
}  // namespace litmuslab::run
