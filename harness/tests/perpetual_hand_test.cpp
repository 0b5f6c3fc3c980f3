// Perpetual mode on small cases worked out by hand: logs with their answers
// in comments, and which tests and conditions qualify.
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
    const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(catalogue_test(name));
    EXPECT_FALSE(analysis.shape) << name;
    EXPECT_FALSE(analysis.reason.empty()) << name;
  }
}

TEST(PerpetualShape, ConditionsBecomeConjunctions) {
  const kernel::PerpetualShape sb = shape_of(catalogue_test("SB+rlx"));
  EXPECT_EQ(sb.condition, (std::vector<kernel::PerpetualAtom>{{0, 0, false}, {1, 0, false}}));
  // ~(0:r0=2 \/ ~(1:r0=0)) is 0:r0 != 2 /\ 1:r0 = 0: P0 did not see y,
  // P1 did not see x; 1:r1 is free.
  const kernel::PerpetualShape wider = shape_of(format::parse_test(kWiderTest, "wider.litmus"));
  EXPECT_EQ(wider.condition, (std::vector<kernel::PerpetualAtom>{{0, 0, false}, {1, 0, false}}));
  EXPECT_EQ(wider.keys.size(), 3u);
  const char* disjunction = R"(C SB+or
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) { atomic_store(x, 1); int r0 = atomic_load(y); }
P1 (atomic_int* x, atomic_int* y) { atomic_store(y, 1); int r0 = atomic_load(x); }
exists (0:r0=0 \/ 1:r0=0)
)";
  const auto refused = kernel::analyse_perpetual(format::parse_test(disjunction, "or.litmus"));
  EXPECT_FALSE(refused.shape);
  EXPECT_NE(refused.reason.find("conjunction"), std::string::npos) << refused.reason;
}

}  // namespace
}  // namespace litmuslab::run
