// Perpetual mode's reconstruction against independent answers: brute force
// on random logs and on logs made of runs, simulated SC and x86-TSO runs.
#include <gtest/gtest.h>

#include <algorithm>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "perpetual_testing.hpp"
#include "run/perpetual_reconstruction.hpp"

namespace litmuslab::run {
namespace {

using namespace litmuslab::perpetual_testing;

// --- Brute force ---------------------------------------------------------------

std::vector<litmuslab::Test> brute_force_subjects() {
  std::vector<litmuslab::Test> tests;
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx"})
    tests.push_back(catalogue_test(name));
  tests.push_back(format::parse_test(kWiderTest, "wider.litmus"));
  tests.push_back(format::parse_test(kTwiceTest, "twice.litmus"));
  return tests;
}

TEST(PerpetualBruteForce, MatchesAMaximumMatchingAndTheDefinedPairing) {
  std::mt19937_64 rng(20201017);
  for (const litmuslab::Test& test : brute_force_subjects())
    for (SweepForm form : {SweepForm::segments, SweepForm::branchless, SweepForm::branching,
                           SweepForm::wide, SweepForm::adaptive}) {
      SCOPED_TRACE(test.name + " form " + std::to_string(static_cast<int>(form)));
      for (int round = 0; round < 400; ++round) {
        const int n = 1 + round % 12;
        const Logs logs = random_logs(test, n, rng);
        std::uint64_t weak = 0;
        const OutcomeHistogram h = reconstruct(test, logs, &weak, form);
        ASSERT_EQ(weak, static_cast<std::uint64_t>(brute_force_matches(test, as_run(logs), false)))
            << "round " << round;
        ASSERT_EQ(h.counts(), naive_pairing(test, logs).counts()) << "round " << round;
        ASSERT_EQ(h.total(), static_cast<std::uint64_t>(n));
        std::uint64_t matching = 0;
        for (const auto& [state, count] : h.counts())
          if (matches(test, state)) matching += count;
        ASSERT_EQ(matching, weak) << "a left-over pair matched: the matching was not maximum";
      }
    }
}

// Logs as hardware writes them: runs of equal values, long enough that the
// segment sweep steps over eight at a time.
Logs runs_of_equal_values(const litmuslab::Test& test, int n, std::mt19937_64& rng) {
  Logs logs = random_logs(test, n, rng);
  for (int t = 0; t < 2; ++t)
    for (std::size_t slot = 0; slot < logs.loads[t]; ++slot) {
      std::int32_t* log = logs.log[t].data() + slot * n;
      for (int k = 0; k < n;) {
        const int run = std::uniform_int_distribution<int>(1, 20)(rng);
        for (int j = k + 1; j < std::min(n, k + run); ++j) log[j] = log[k];
        k += run;
      }
    }
  return logs;
}

TEST(PerpetualBruteForce, RunsOfEqualValuesInEveryForm) {
  std::mt19937_64 rng(3);
  for (const litmuslab::Test& test : brute_force_subjects())
    for (SweepForm form :
         {SweepForm::segments, SweepForm::branchless, SweepForm::branching, SweepForm::wide}) {
      SCOPED_TRACE(test.name + " form " + std::to_string(static_cast<int>(form)));
      for (int round = 0; round < 60; ++round) {
        const Logs logs = runs_of_equal_values(test, 20 + round, rng);
        std::uint64_t weak = 0;
        const OutcomeHistogram h = reconstruct(test, logs, &weak, form);
        ASSERT_EQ(weak, static_cast<std::uint64_t>(brute_force_matches(test, as_run(logs), false)))
            << "round " << round;
        ASSERT_EQ(h.counts(), naive_pairing(test, logs).counts()) << "round " << round;
      }
    }
}

TEST(PerpetualBruteForce, LanesAddUp) {
  const auto& sb = catalogue_test("SB+rlx");
  std::mt19937_64 rng(7);
  PerpetualTally tally(shape_of(sb), SweepForm::adaptive);  // switches form between lanes
  OutcomeHistogram expected;
  std::uint64_t expected_weak = 0;
  for (int lane = 0; lane < 5; ++lane) {
    const Logs logs = random_logs(sb, 9, rng);
    std::uint64_t weak = 0;
    expected.merge(reconstruct(sb, logs, &weak, SweepForm::branchless));
    expected_weak += weak;
    LaneLogs view;
    for (int t = 0; t < 2; ++t) view.log[t] = logs.log[t].data();
    view.iterations = logs.iterations;
    tally.count(view);
  }
  OutcomeHistogram total;
  tally.drain_into(total, nullptr);
  EXPECT_EQ(total.counts(), expected.counts());
  EXPECT_EQ(tally.matches(), expected_weak);
  EXPECT_EQ(tally.instances(), 45u);
}

// --- Simulated executions ------------------------------------------------------

TEST(PerpetualSimulated, SequentialRunsHaveNoWeakInstance) {
  for (const litmuslab::Test* test : perpetual_catalogue()) {
    SCOPED_TRACE(test->name);
    for (int first = 0; first < 2; ++first) {
      // The first thread runs alone and sees only 0; the second sees all n.
      Logs logs;
      logs.iterations = 50;
      for (int t = 0; t < 2; ++t) {
        logs.loads[t] = count_loads(test->threads[t]);
        logs.log[t].assign(logs.loads[t] * 50, t == first ? 0 : 50);
      }
      std::uint64_t weak = 1;
      reconstruct(*test, logs, &weak);
      EXPECT_EQ(weak, 0u) << "P" << first << " first";
    }
  }
}

TEST(PerpetualSimulated, ScInterleavingsHaveNoWeakInstance) {
  std::mt19937_64 rng(1);
  for (const litmuslab::Test* test : perpetual_catalogue()) {
    SCOPED_TRACE(test->name);
    ASSERT_FALSE(model::allowed_states(*test, "sc").condition_possible);
    for (int round = 0; round < 20; ++round) {
      const SimulatedRun run = simulate(*test, 200, false, rng);
      std::uint64_t weak = 1;
      reconstruct(*test, logs_of(run), &weak);
      EXPECT_EQ(weak, 0u) << "round " << round;
    }
  }
}

// Under x86-TSO the steps say which stores each load saw; the maximum number
// of disjoint weak instances they allow is the ground truth.
TEST(PerpetualSimulated, TsoRunsAgreeWithTheGroundTruth) {
  std::mt19937_64 rng(2);
  for (const litmuslab::Test* test : perpetual_catalogue()) {
    SCOPED_TRACE(test->name);
    const bool tso_allows = model::allowed_states(*test, "x86-tso").condition_possible;
    std::uint64_t total = 0;
    for (int round = 0; round < 20; ++round) {
      const SimulatedRun run = simulate(*test, 40, true, rng);
      const auto truth = static_cast<std::uint64_t>(brute_force_matches(*test, run, true));
      std::uint64_t weak = 0;
      reconstruct(*test, logs_of(run), &weak, SweepForm::branching);
      ASSERT_EQ(weak, truth) << "round " << round;
      reconstruct(*test, logs_of(run), &weak, SweepForm::segments);
      ASSERT_EQ(weak, truth) << "round " << round;
      reconstruct(*test, logs_of(run), &weak, SweepForm::branchless);
      ASSERT_EQ(weak, truth) << "round " << round;
      reconstruct(*test, logs_of(run), &weak, SweepForm::wide);
      ASSERT_EQ(weak, truth) << "round " << round;
      total += weak;
    }
    // Seeds are fixed, so these are facts about the simulation, not luck.
    if (tso_allows) {
      EXPECT_GT(total, 0u);
    } else {
      EXPECT_EQ(total, 0u);
    }
  }
}

}  // namespace
}  // namespace litmuslab::run
