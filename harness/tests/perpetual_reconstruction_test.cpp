// Perpetual mode's reconstruction: hand-written logs with their answers
// worked out, brute force on random logs, simulated SC and x86-TSO runs.
#include <gtest/gtest.h>

#include <algorithm>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/perpetual_reconstruction.hpp"
#include "perpetual_simulation.hpp"

namespace litmuslab::run {
namespace {

using namespace litmuslab::perpetual_testing;

const litmuslab::Test& catalogue_test(const std::string& name) {
  const auto* found = report::Catalogue::compiled().find(name);
  if (!found) throw std::runtime_error("catalogue lacks " + name);
  return found->test;
}

codegen::PerpetualShape shape_of(const litmuslab::Test& test) {
  const codegen::PerpetualAnalysis analysis = codegen::analyse_perpetual(test);
  if (!analysis.shape) throw std::runtime_error(test.name + ": " + analysis.reason);
  return *analysis.shape;
}

// One lane's logs, as a kernel writes them: log[t][slot * n + (k-1)].
struct Logs {
  std::vector<std::int32_t> log[2];
  std::size_t loads[2] = {0, 0};
  int iterations = 0;
};

Logs logs_of(const SimulatedRun& run) {
  Logs logs;
  for (int t = 0; t < 2; ++t) {
    logs.log[t] = run.log[t];
    logs.loads[t] = run.loads[t];
  }
  logs.iterations = run.iterations;
  return logs;
}

OutcomeHistogram reconstruct(const litmuslab::Test& test, const Logs& logs,
                             std::uint64_t* matches = nullptr,
                             SweepForm form = SweepForm::adaptive) {
  PerpetualTally tally(shape_of(test), form);
  LaneLogs lane;
  for (int t = 0; t < 2; ++t) lane.log[t] = logs.log[t].data();
  lane.iterations = logs.iterations;
  tally.count(lane);
  if (matches) *matches = tally.matches();
  OutcomeHistogram histogram;
  tally.drain_into(histogram, nullptr);
  return histogram;
}

SimulatedRun as_run(const Logs& logs) {
  SimulatedRun run;
  run.iterations = logs.iterations;
  for (int t = 0; t < 2; ++t) {
    run.log[t] = logs.log[t];
    run.loads[t] = logs.loads[t];
  }
  return run;
}

// The pairing as the README defines it, the slow way: walk the outer
// thread's iterations in turn, each taking the smallest partner iteration not
// yet taken that makes a matching pair; pair what is left in order.
OutcomeHistogram naive_pairing(const litmuslab::Test& test, const Logs& logs) {
  const SimulatedRun run = as_run(logs);
  const int outer = perpetual_outer_thread(shape_of(test));
  const int n = logs.iterations;
  const auto state = [&](int u, int v) {
    return outer == 0 ? state_from_logs(test, run, u, v) : state_from_logs(test, run, v, u);
  };
  std::vector<bool> outer_taken(n + 1, false), partner_taken(n + 1, false);
  OutcomeHistogram histogram;
  for (int u = 1; u <= n; ++u)
    for (int v = 1; v <= n; ++v)
      if (!partner_taken[v] && matches(test, state(u, v))) {
        outer_taken[u] = partner_taken[v] = true;
        histogram.add(state(u, v), 1);
        break;
      }
  std::vector<int> outer_left, partner_left;
  for (int k = 1; k <= n; ++k) {
    if (!outer_taken[k]) outer_left.push_back(k);
    if (!partner_taken[k]) partner_left.push_back(k);
  }
  for (std::size_t r = 0; r < outer_left.size(); ++r)
    histogram.add(state(outer_left[r], partner_left[r]), 1);
  return histogram;
}

int brute_force_matches(const litmuslab::Test& test, const SimulatedRun& run, bool from_steps) {
  return maximum_matching(run.iterations, [&](int i, int j) {
    return matches(
        test, from_steps ? state_from_steps(test, run, i, j) : state_from_logs(test, run, i, j));
  });
}

// --- Hand-written logs ------------------------------------------------------

// SB: P0 logs y, P1 logs x. Iterations i of P0 and j of P1 are a weak
// instance when a[i] < j and b[j] < i.
//   a = 0 0 2 4,  b = 0 1 1 3
//   i=1 pairs with j=1; i=2 with j in 1..3; i=3 with j=3 (b[4]=3 is not < 3);
//   i=4 with nothing (a[4]=4). Disjoint: (1,1) (2,2) (3,3) -> 3 weak instances.
//   Left over: (4,4): a[4]=4 >= 4, so P0 saw y=1; b[4]=3 < 4, so P1 saw x=0.
TEST(PerpetualHandWritten, StoreBuffering) {
  const auto& sb = catalogue_test("SB+rlx");
  Logs logs;
  logs.log[0] = {0, 0, 2, 4};
  logs.log[1] = {0, 1, 1, 3};
  logs.loads[0] = logs.loads[1] = 1;
  logs.iterations = 4;
  std::uint64_t weak = 0;
  const OutcomeHistogram h = reconstruct(sb, logs, &weak);
  EXPECT_EQ(weak, 3u);
  EXPECT_EQ(h.count_of({0, 0}), 3u);
  EXPECT_EQ(h.count_of({1, 0}), 1u);
  EXPECT_EQ(h.total(), 4u);
}

// MP: P1 logs y (r0) then x (r1). Weak when P1's j saw y of P0's i but not
// its x: x[j] < i <= y[j].
//   y = 2 2 3 4,  x = 0 1 1 4
//   j=1: i in {1,2}; j=2: i=2; j=3: i in {2,3}; j=4: none.
//   Disjoint: (j1,i1) (j2,i2) (j3,i3) -> 3. Left over (j4,i4): r0=1, r1=1.
TEST(PerpetualHandWritten, MessagePassing) {
  const auto& mp = catalogue_test("MP+rlx");
  Logs logs;
  logs.log[1] = {2, 2, 3, 4, 0, 1, 1, 4};  // y of iterations 1..4, then x
  logs.loads[0] = 0;
  logs.loads[1] = 2;
  logs.iterations = 4;
  std::uint64_t weak = 0;
  const OutcomeHistogram h = reconstruct(mp, logs, &weak);
  EXPECT_EQ(weak, 3u);
  EXPECT_EQ(h.count_of({1, 0}), 3u);
  EXPECT_EQ(h.count_of({1, 1}), 1u);
}

// MP as x86 runs it: x is always at least y, so no instance is weak. The
// pairs left over are (j, j): y[j] = j-1 < j, x[j] = j >= j -> r0=0, r1=1.
TEST(PerpetualHandWritten, MessagePassingInOrderHasNoWeakInstance) {
  const auto& mp = catalogue_test("MP+rlx");
  Logs logs;
  logs.log[1] = {0, 1, 2, 3, 1, 2, 3, 4};
  logs.loads[1] = 2;
  logs.iterations = 4;
  std::uint64_t weak = 1;
  const OutcomeHistogram h = reconstruct(mp, logs, &weak);
  EXPECT_EQ(weak, 0u);
  EXPECT_EQ(h.count_of({0, 1}), 4u);
}

// LB: P0 logs x, P1 logs y; weak when each saw the other's store of the
// instance: a[i] >= j and b[j] >= i.
//   a = 1 3 3 4,  b = 2 2 4 4
//   i=1: j=1; i=2: j in 1..3; i=3: j=3; i=4: j in {3,4} -> (1,1)..(4,4): 4.
TEST(PerpetualHandWritten, LoadBuffering) {
  const auto& lb = catalogue_test("LB+rlx");
  Logs logs;
  logs.log[0] = {1, 3, 3, 4};
  logs.log[1] = {2, 2, 4, 4};
  logs.loads[0] = logs.loads[1] = 1;
  logs.iterations = 4;
  std::uint64_t weak = 0;
  const OutcomeHistogram h = reconstruct(lb, logs, &weak);
  EXPECT_EQ(weak, 4u);
  EXPECT_EQ(h.count_of({1, 1}), 4u);
}

// CoRR: P1 logs x twice (r0, r1); weak when r0 saw P0's store of the
// instance and r1 did not: r1[j] < i <= r0[j].
//   (r0, r1) per j: (1,0) (1,1) (3,2) (3,3)
//   j=1: i=1; j=2: none; j=3: i=3; j=4: none -> 2.
//   Left over, in order: (j2,i2): r0=1<2, r1=1<2 -> 0,0; (j4,i4): 3<4 -> 0,0.
TEST(PerpetualHandWritten, ReadReadCoherence) {
  const auto& corr = catalogue_test("CoRR+rlx");
  Logs logs;
  logs.log[1] = {1, 1, 3, 3, 0, 1, 2, 3};  // r0 of iterations 1..4, then r1
  logs.loads[1] = 2;
  logs.iterations = 4;
  std::uint64_t weak = 0;
  const OutcomeHistogram h = reconstruct(corr, logs, &weak);
  EXPECT_EQ(weak, 2u);
  EXPECT_EQ(h.count_of({1, 0}), 2u);
  EXPECT_EQ(h.count_of({0, 0}), 2u);
}

// --- Brute force ---------------------------------------------------------------

// A register beyond the condition (locations clause) and negated atoms.
const char* kWiderTest = R"(C SB+wider
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(x, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(y, memory_order_relaxed);
}
P1 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(y, 2, memory_order_relaxed);
  int r0 = atomic_load_explicit(x, memory_order_relaxed);
  int r1 = atomic_load_explicit(x, memory_order_relaxed);
}
locations [1:r1;]
exists ~(0:r0=2 \/ ~(1:r0=0))
)";

// Two atoms of one kind (P1's two saw-initial loads) take the general sweep.
const char* kTwiceTest = R"(C SB+twice
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(x, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(y, memory_order_relaxed);
}
P1 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(y, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(x, memory_order_relaxed);
  int r1 = atomic_load_explicit(x, memory_order_relaxed);
}
exists (0:r0=0 /\ 1:r0=0 /\ 1:r1=0)
)";

std::vector<litmuslab::Test> brute_force_subjects() {
  std::vector<litmuslab::Test> tests;
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx"})
    tests.push_back(catalogue_test(name));
  tests.push_back(format::parse_test(kWiderTest, "wider.litmus"));
  tests.push_back(format::parse_test(kTwiceTest, "twice.litmus"));
  return tests;
}

// Each slot's values never decrease (coherence), and name partner iterations.
Logs random_logs(const litmuslab::Test& test, int n, std::mt19937_64& rng) {
  Logs logs;
  logs.iterations = n;
  for (int t = 0; t < 2; ++t) {
    logs.loads[t] = count_loads(test.threads[t]);
    logs.log[t].resize(logs.loads[t] * n);
    for (std::size_t slot = 0; slot < logs.loads[t]; ++slot) {
      std::vector<std::int32_t> values(n);
      for (auto& v : values) v = std::uniform_int_distribution<std::int32_t>(0, n)(rng);
      std::sort(values.begin(), values.end());
      for (int k = 0; k < n; ++k) logs.log[t][slot * n + k] = values[k];
    }
  }
  return logs;
}

TEST(PerpetualBruteForce, MatchesAMaximumMatchingAndTheDefinedPairing) {
  std::mt19937_64 rng(20201017);
  for (const litmuslab::Test& test : brute_force_subjects())
    for (SweepForm form :
         {SweepForm::segments, SweepForm::branchless, SweepForm::branching, SweepForm::adaptive}) {
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
    for (SweepForm form : {SweepForm::segments, SweepForm::branchless, SweepForm::branching}) {
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

std::vector<const litmuslab::Test*> perpetual_catalogue() {
  std::vector<const litmuslab::Test*> tests;
  for (const auto& e : report::Catalogue::compiled().tests())
    if (!e.kernels->perpetual.empty()) tests.push_back(&e.test);
  return tests;
}

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

// --- Which tests qualify -----------------------------------------------------------

TEST(PerpetualShape, ServesTheTwoThreadLoadStoreFamilies) {
  std::vector<std::string> served;
  for (const litmuslab::Test* test : perpetual_catalogue()) served.push_back(test->name);
  for (const char* name :
       {"SB+rlx", "SB+relacq", "SB+sc", "SB+rlx+scfences", "SB+rlx+xchgs", "SB+na", "MP+rlx",
        "MP+relacq", "MP+sc", "MP+rlx+relacqfences", "MP+na+relacq", "LB+rlx", "LB+relacq", "LB+sc",
        "CoRR+rlx", "CoRR+relacq", "CoRR+sc"})
    EXPECT_NE(std::find(served.begin(), served.end(), name), served.end()) << name;
  for (const char* name : {"IRIW+rlx", "2+2W+rlx", "S+rlx", "R+rlx", "CAS+rlx", "FADD+rlx"}) {
    const codegen::PerpetualAnalysis analysis = codegen::analyse_perpetual(catalogue_test(name));
    EXPECT_FALSE(analysis.shape) << name;
    EXPECT_FALSE(analysis.reason.empty()) << name;
  }
}

TEST(PerpetualShape, ConditionsBecomeConjunctions) {
  const codegen::PerpetualShape sb = shape_of(catalogue_test("SB+rlx"));
  EXPECT_EQ(sb.condition, (std::vector<codegen::PerpetualAtom>{{0, 0, false}, {1, 0, false}}));
  // ~(0:r0=2 \/ ~(1:r0=0)) is 0:r0 != 2 /\ 1:r0 = 0: P0 did not see y,
  // P1 did not see x; 1:r1 is free.
  const codegen::PerpetualShape wider = shape_of(format::parse_test(kWiderTest, "wider.litmus"));
  EXPECT_EQ(wider.condition, (std::vector<codegen::PerpetualAtom>{{0, 0, false}, {1, 0, false}}));
  EXPECT_EQ(wider.keys.size(), 3u);
  const char* disjunction = R"(C SB+or
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) { atomic_store(x, 1); int r0 = atomic_load(y); }
P1 (atomic_int* x, atomic_int* y) { atomic_store(y, 1); int r0 = atomic_load(x); }
exists (0:r0=0 \/ 1:r0=0)
)";
  const auto refused = codegen::analyse_perpetual(format::parse_test(disjunction, "or.litmus"));
  EXPECT_FALSE(refused.shape);
  EXPECT_NE(refused.reason.find("conjunction"), std::string::npos) << refused.reason;
}

}  // namespace
}  // namespace litmuslab::run
