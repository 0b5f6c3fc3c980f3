// The proof that no pair of a lane can match, which lets a lane skip the
// sweep: exact against brute force on every range of random logs, and whole
// lanes that span several of its blocks agree with the slow pairing.
#include <gtest/gtest.h>

#include "perpetual_testing.hpp"
#include "run/perpetual_sweep.hpp"

namespace litmuslab::run {
namespace {

using namespace litmuslab::perpetual_testing;

// Short random logs give both answers often; longer ones, from random logs and
// from simulated x86-TSO runs (where MP, LB, CoRR and SB+sc never match),
// take the proof's blocks of sixteen, which settle a block with one look.
TEST(PerpetualNoMatch, ExactOnEveryRangeOfRandomLogs) {
  std::mt19937_64 rng(11);
  int proved = 0, refuted = 0, long_proved = 0, long_refuted = 0;
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx", "SB+sc", "MP+relacq"}) {
    SCOPED_TRACE(name);
    const litmuslab::Test& test = catalogue_test(name);
    const kernel::PerpetualShape shape = shape_of(test);
    const int outer = perpetual_outer_thread(shape);
    const MatchingSweep sweep(outer, SweepAtoms::of(shape, outer), shape.condition_possible, false);
    ASSERT_TRUE(sweep.can_prove_no_match());
    for (int round = 0; round < 260; ++round) {
      const bool long_logs = round >= 200;
      const int n = long_logs ? 17 + round % 32 : 1 + round % 10;
      const Logs logs = long_logs && round % 2 ? logs_of(simulate(test, n, true, rng))
                                               : random_logs(test, n, rng);
      const SimulatedRun run = as_run(logs);
      LaneLogs lane;
      for (int t = 0; t < 2; ++t) lane.log[t] = logs.log[t].data();
      lane.iterations = n;
      std::vector<bool> can_match(n + 1, false);  // by brute force, for each u
      for (int u = 1; u <= n; ++u)
        for (int v = 1; v <= n && !can_match[u]; ++v)
          can_match[u] = matches(test, outer == 0 ? state_from_logs(test, run, u, v)
                                                  : state_from_logs(test, run, v, u));
      for (int begin = 1; begin <= n; ++begin)
        for (int end = begin + 1; end <= n + 1; ++end) {
          bool none = true;
          for (int u = begin; u < end; ++u) none = none && !can_match[u];
          ASSERT_EQ(sweep.no_pair_can_match(lane, {begin, end}), none)
              << "round " << round << ", u in [" << begin << ", " << end << ")";
          (none ? proved : refuted) += 1;
          if (end - begin >= 16) (none ? long_proved : long_refuted) += 1;
        }
    }
  }
  EXPECT_GT(proved, 100);  // both answers were checked
  EXPECT_GT(refuted, 100);
  EXPECT_GT(long_proved, 100);
  EXPECT_GT(long_refuted, 100);
}

// LB+rlx: P0's iteration u pairs weakly with P1's v when u saw v or later
// (v <= a[u]) and v saw u or later (b[v] >= u). Here only u = 17, the first of
// the second block of sixteen, can match (b[a[17]] = b[16] = 17), and the
// partner's log at the block's last place is exactly the block's first u:
// the one case the block's single look must not settle.
TEST(PerpetualNoMatch, LoadBufferingBlockEdge) {
  const litmuslab::Test& test = catalogue_test("LB+rlx");
  const kernel::PerpetualShape shape = shape_of(test);
  ASSERT_EQ(perpetual_outer_thread(shape), 0);
  const MatchingSweep sweep(0, SweepAtoms::of(shape, 0), shape.condition_possible, false);
  constexpr int n = 32;
  std::vector<std::int32_t> a(n), b(n);  // a[u - 1]: P0's load in iteration u
  for (int u = 1; u <= n; ++u) a[u - 1] = u <= 16 ? u - 1 : 16;
  for (int v = 1; v <= n; ++v) b[v - 1] = v <= 15 ? v - 1 : 17;
  LaneLogs lane;
  lane.log[0] = a.data();
  lane.log[1] = b.data();
  lane.iterations = n;
  EXPECT_TRUE(sweep.no_pair_can_match(lane, {1, 17}));
  EXPECT_FALSE(sweep.no_pair_can_match(lane, {17, 33}));
  EXPECT_FALSE(sweep.no_pair_can_match(lane, {1, 33}));
  EXPECT_TRUE(sweep.no_pair_can_match(lane, {18, 33}));
  Logs logs;
  logs.iterations = n;
  logs.loads[0] = logs.loads[1] = 1;
  logs.log[0] = a;
  logs.log[1] = b;
  std::uint64_t weak = 0;
  reconstruct(test, logs, &weak);
  EXPECT_EQ(weak, 1u);  // u = 17 with v = 16
}

// Long enough for every kind of block of the proof (the first 64 iterations,
// a whole 1024, a short last one), so a lane whose only possible match lies in
// the last block is counted by the sweep after all. The slow pairing is
// O(n^2): lanes just past two blocks keep it to seconds under the sanitizers
// and qemu.
TEST(PerpetualNoMatch, LongLanesAgreeWithTheSlowPairing) {
  std::mt19937_64 rng(12);
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx"}) {
    SCOPED_TRACE(name);
    const litmuslab::Test& test = catalogue_test(name);
    for (int round = 0; round < 3; ++round) {
      const int n = 1100 + round;  // blocks [1, 65), [65, 1089), [1089, n]
      SimulatedRun run = simulate(test, n, true, rng);
      Logs logs = logs_of(run);
      if (round == 2) {
        // Plant matches in the last iterations only: the outer thread's
        // saw-initial loads never see past n - 5, and its saw-write loads see
        // iteration n at the end. MP and CoRR then match there, far past the
        // first blocks.
        const kernel::PerpetualShape shape = shape_of(test);
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
