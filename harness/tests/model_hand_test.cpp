// Hand-derived expectations: each test states why its set is what it is.
#include <gtest/gtest.h>

#include <stdexcept>

#include "litmuslab/model.hpp"
#include "model_builder.hpp"

namespace litmuslab::model_testing {
namespace {

using Q = Condition::Quantifier;
using LitmusTest = litmuslab::Test;
using model::allowed_states;
using States = std::vector<StateValues>;

const std::vector<std::string> kAll{"sc", "x86-tso", "armv8", "cpp", "rc11"};

bool possible(const LitmusTest& t, const std::string& m) {
  return allowed_states(t, m).condition_possible;
}

// Expected verdict per model, in kAll order.
void expect_possible(const LitmusTest& t, std::vector<bool> expected) {
  for (std::size_t i = 0; i < kAll.size(); ++i)
    EXPECT_EQ(possible(t, kAll[i]), expected[i]) << t.name << " under " << kAll[i];
}

LitmusTest iriw(MO load_order, MO store_order = MO::relaxed) {
  TestBuilder b("IRIW");
  b.location("x").location("y");
  b.thread().store("x", 1, store_order);
  b.thread().store("y", 1, store_order);
  b.thread().load("r0", "x", load_order).load("r1", "y", load_order);
  b.thread().load("r0", "y", load_order).load("r1", "x", load_order);
  return b.build(Q::exists, {{"2:r0", 1}, {"2:r1", 0}, {"3:r0", 1}, {"3:r1", 0}});
}

TEST(ModelHand, Iriw) {
  // SC: the two readers disagree on the order of the writes: impossible, the
  // other 15 of the 16 register combinations are reachable.
  EXPECT_EQ(allowed_states(iriw(MO::relaxed), "sc").allowed_states.size(), 15u);
  // Relaxed loads: C++ and ARMv8 (ldr;ldr unordered) allow it; TSO keeps R->R
  // order and is multi-copy atomic, so forbids it.
  expect_possible(iriw(MO::relaxed), {false, false, true, true, true});
  EXPECT_EQ(allowed_states(iriw(MO::relaxed), "cpp").allowed_states.size(), 16u);
  // Acquire loads: ARMv8 is other-multi-copy-atomic, so ldar;ldar forbids it,
  // but C++ acquire alone does not (no sw from relaxed stores).
  expect_possible(iriw(MO::acquire), {false, false, false, true, true});
  // seq_cst loads of relaxed stores: RC11's psc has no edge from a relaxed
  // write to the sc read of it (rf is not in scb, and no sw), so C++ allows it.
  expect_possible(iriw(MO::seq_cst), {false, false, false, true, true});
  // All seq_cst: R -sb-> R -rb-> W -hb|loc-> R -sb-> R -rb-> W -hb|loc-> is a
  // psc cycle: forbidden everywhere.
  expect_possible(iriw(MO::seq_cst, MO::seq_cst), {false, false, false, false, false});
}

LitmusTest wrc(MO middle_store, MO reader_loads) {
  TestBuilder b("WRC");
  b.location("x").location("y");
  b.thread().store("x", 1, MO::relaxed);
  b.thread().load("r0", "x", MO::relaxed).store("y", 1, middle_store);
  b.thread().load("r0", "y", reader_loads).load("r1", "x", reader_loads);
  return b.build(Q::exists, {{"1:r0", 1}, {"2:r0", 1}, {"2:r1", 0}});
}

TEST(ModelHand, Wrc) {
  // Relaxed: nothing orders P1's read before its write nor P2's two reads
  // (ARMv8, C++); TSO preserves R->W and R->R and is multi-copy atomic.
  expect_possible(wrc(MO::relaxed, MO::relaxed), {false, false, true, true, true});
  // Release store + acquire loads: in C++, x=1 -rf-> P1's read -sb-> rel
  // store -sw-> P2 -sb-> read of x; that read is hb-after a read of x=1, so
  // reading the initial x would break coherence. ARMv8: rfe; po;[L]; rfe;
  // [A];po; fre is an ob cycle.
  expect_possible(wrc(MO::release, MO::acquire), {false, false, false, false, false});
}

LitmusTest two_plus_two_w(MO order) {
  TestBuilder b("2+2W");
  b.location("x").location("y");
  b.thread().store("x", 1, order).store("y", 2, order);
  b.thread().store("y", 1, order).store("x", 2, order);
  return b.build(Q::exists, {{"[x]", 1}, {"[y]", 1}});
}

TEST(ModelHand, TwoPlusTwoW) {
  // SC: whichever thread's second write is last overwrites the other's first,
  // so [x]=1 /\ [y]=1 is impossible: states (1,2), (2,1), (2,2).
  EXPECT_EQ(allowed_states(two_plus_two_w(MO::relaxed), "sc").allowed_states,
            (States{{1, 2}, {2, 1}, {2, 2}}));
  // Relaxed: ARMv8 reorders str;str; TSO keeps W->W.
  expect_possible(two_plus_two_w(MO::relaxed), {false, false, true, true, true});
  // Release stores: stlr orders po-earlier accesses (po;[L]) so ARMv8
  // forbids; C++ has no acquire, so no sw, and allows.
  expect_possible(two_plus_two_w(MO::release), {false, false, false, true, true});
  expect_possible(two_plus_two_w(MO::seq_cst), {false, false, false, false, false});
}

TEST(ModelHand, CoRR) {
  // Two reads of x in one thread never see the write and then the initial
  // value: sc-per-location, in every model.
  TestBuilder b("CoRR");
  b.thread().store("x", 1, MO::relaxed);
  b.thread().load("r0", "x", MO::relaxed).load("r1", "x", MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}});
  for (const auto& m : kAll)
    EXPECT_EQ(allowed_states(t, m).allowed_states, (States{{0, 0}, {0, 1}, {1, 1}})) << m;
}

TEST(ModelHand, TwoFetchAddsNeverLoseAnIncrement) {
  // Atomicity: each fetch_add reads the other's write or the initial 0,
  // never both the initial value. States (0:r0, 1:r0, [x]): (0,1,2), (1,0,2).
  TestBuilder b("2FAA");
  b.thread().rmw(OpKind::fetch_add, "r0", "x", 1, MO::relaxed);
  b.thread().rmw(OpKind::fetch_add, "r0", "x", 1, MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"[x]", 1}}, {"0:r0", "1:r0"});
  for (const auto& m : kAll) {
    const auto r = allowed_states(t, m);
    EXPECT_EQ(r.allowed_states, (States{{0, 1, 2}, {1, 0, 2}})) << m;
    EXPECT_FALSE(r.condition_possible) << m;
  }
}

TEST(ModelHand, EightFetchAddsFormOneCoherenceChain) {
  // Four threads, two fetch_adds each: the increments form one chain in co,
  // consistent with each thread's program order, so every model allows
  // exactly the 8!/(2!^4) = 2520 interleavings, and [x] always ends at 8.
  TestBuilder b("4x2FAA");
  std::vector<std::string> keys;
  for (int t = 0; t < 4; ++t) {
    b.thread()
        .rmw(OpKind::fetch_add, "r0", "x", 1, MO::relaxed)
        .rmw(OpKind::fetch_add, "r1", "x", 1, MO::relaxed);
    keys.push_back(std::to_string(t) + ":r0");
    keys.push_back(std::to_string(t) + ":r1");
  }
  const LitmusTest t = b.build(Q::forall, {{"[x]", 8}}, keys);
  for (const auto& m : kAll) {
    const auto r = allowed_states(t, m);
    EXPECT_EQ(r.allowed_states.size(), 2520u) << m;
    EXPECT_TRUE(model::condition_validated(t, r)) << m;
  }
}

TEST(ModelHand, StoreBufferingWithRelaxedExchanges) {
  // gcc makes every RMW a locked instruction on x86, a full barrier, so TSO
  // forbids the SB outcome even for relaxed exchanges; SWP;LDR on ARMv8 and
  // relaxed C++ allow it.
  TestBuilder b("SB+xchgs");
  b.thread().rmw(OpKind::exchange, "r0", "x", 1, MO::relaxed).load("r1", "y", MO::relaxed);
  b.thread().rmw(OpKind::exchange, "r0", "y", 1, MO::relaxed).load("r1", "x", MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"0:r1", 0}, {"1:r1", 0}});
  expect_possible(t, {false, false, true, true, true});
}

TEST(ModelHand, CompareExchangeRaceHasOneWinner) {
  // Both CAS expect 0. The first in co succeeds, the other reads its value and
  // fails, copying the value into its expected cell. Observed
  // (0:r0, 1:r0, [e0], [e1], [x]).
  TestBuilder b("CAS-race");
  b.thread().cas("r0", "x", "e0", 0, 1, MO::seq_cst, MO::seq_cst);
  b.thread().cas("r0", "x", "e1", 0, 2, MO::seq_cst, MO::seq_cst);
  const LitmusTest t = b.build(Q::exists, {{"0:r0", 1}, {"1:r0", 1}}, {"[e0]", "[e1]", "[x]"});
  for (const auto& m : kAll) {
    const auto r = allowed_states(t, m);
    EXPECT_EQ(r.allowed_states, (States{{0, 1, 2, 0, 2}, {1, 0, 0, 1, 1}})) << m;
    EXPECT_FALSE(r.condition_possible) << m;
  }
}

LitmusTest sb_fenced(MO fence_order) {
  TestBuilder b("SB+fences");
  b.thread().store("x", 1, MO::relaxed).fence(fence_order).load("r0", "y", MO::relaxed);
  b.thread().store("y", 1, MO::relaxed).fence(fence_order).load("r0", "x", MO::relaxed);
  return b.build(Q::exists, {{"0:r0", 0}, {"1:r0", 0}});
}

TEST(ModelHand, FencesInStoreBuffering) {
  // acq_rel fences: nothing on x86 (allowed), dmb ish on ARMv8 (a full
  // barrier: forbidden), no psc edge in C++ (allowed).
  expect_possible(sb_fenced(MO::acq_rel), {false, true, false, true, true});
  // acquire fences: dmb ishld orders loads only, so ARMv8 allows SB.
  expect_possible(sb_fenced(MO::acquire), {false, true, true, true, true});
  // seq_cst fences: mfence / dmb ish / psc_F: forbidden everywhere.
  expect_possible(sb_fenced(MO::seq_cst), {false, false, false, false, false});
}

TEST(ModelHand, ReleaseFenceNeedsAnAcquireSide) {
  // MP with a release fence in the writer only: the reader's relaxed loads
  // create no sw in C++ and ldr;ldr is unordered on ARMv8.
  TestBuilder b("MP+relfence");
  b.thread().store("x", 1, MO::relaxed).fence(MO::release).store("y", 1, MO::relaxed);
  b.thread().load("r0", "y", MO::relaxed).load("r1", "x", MO::relaxed);
  expect_possible(b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}}), {false, false, true, true, true});
}

TEST(ModelHand, PlainAccessesRaceInCpp) {
  // Plain data with a relaxed flag: nothing makes P0's write hb-before P1's
  // read of x, so every execution races. The states are still reported (all
  // four); hardware models have no race flag.
  TestBuilder b("MP+na+rlx");
  b.thread().store("x", 1, MO::relaxed, /*atomic=*/false).store("y", 1, MO::relaxed);
  b.thread().load("r0", "y", MO::relaxed).load("r1", "x", MO::relaxed, /*atomic=*/false);
  const LitmusTest t = b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}});
  for (const std::string m : {"cpp", "rc11"}) {
    const auto r = allowed_states(t, m);
    EXPECT_TRUE(r.data_race) << m;
    EXPECT_EQ(r.flags, std::vector<std::string>{"data-race"}) << m;
    EXPECT_EQ(r.allowed_states.size(), 4u) << m;
  }
  for (const std::string m : {"sc", "x86-tso", "armv8"}) {
    const auto r = allowed_states(t, m);
    EXPECT_FALSE(r.data_race) << m;
    EXPECT_TRUE(r.flags.empty()) << m;
  }
  // Plain accesses compile as relaxed ones: ARMv8 allows the weak outcome,
  // TSO does not.
  EXPECT_TRUE(possible(t, "armv8"));
  EXPECT_FALSE(possible(t, "x86-tso"));
}

TEST(ModelHand, NoRaceWithoutConflictingThreads) {
  // Plain accesses in one thread only, and all-atomic message passing: no race.
  TestBuilder b("na-private");
  b.thread().store("x", 1, MO::relaxed, false).load("r0", "x", MO::relaxed, false);
  b.thread().store("y", 1, MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"0:r0", 1}});
  TestBuilder mp("MP+relacq");
  mp.thread().store("x", 1, MO::release).store("y", 1, MO::release);
  mp.thread().load("r0", "y", MO::acquire).load("r1", "x", MO::acquire);
  const LitmusTest mp_test = mp.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}});
  for (const std::string m : {"cpp", "rc11"}) {
    EXPECT_FALSE(allowed_states(t, m).data_race) << m;
    EXPECT_EQ(allowed_states(t, m).allowed_states, (States{{1}})) << m;
    EXPECT_FALSE(allowed_states(mp_test, m).data_race) << m;
  }
}

TEST(ModelHand, QuantifiersAndObservation) {
  TestBuilder b("CoRR-forall");
  b.thread().store("x", 1, MO::relaxed);
  b.thread().load("r0", "x", MO::relaxed);
  const LitmusTest maybe = b.build(Q::forall, {{"1:r0", 1}});
  const auto r = allowed_states(maybe, "sc");
  EXPECT_EQ(model::observation(maybe, r), model::Observation::sometimes);
  EXPECT_FALSE(model::condition_validated(maybe, r));
  EXPECT_STREQ(model::to_string(model::observation(maybe, r)), "Sometimes");

  TestBuilder c("final-x");
  c.thread().store("x", 1, MO::relaxed);
  const LitmusTest always = c.build(Q::forall, {{"[x]", 1}});
  EXPECT_EQ(model::observation(always, allowed_states(always, "rc11")), model::Observation::always);
  EXPECT_TRUE(model::condition_validated(always, allowed_states(always, "rc11")));
  const LitmusTest never = c.build(Q::not_exists, {{"[x]", 0}});
  EXPECT_EQ(model::observation(never, allowed_states(never, "armv8")), model::Observation::never);
  EXPECT_TRUE(model::condition_validated(never, allowed_states(never, "armv8")));
}

TEST(ModelHand, NamesAndErrors) {
  EXPECT_EQ(model::model_names(), kAll);
  EXPECT_TRUE(model::is_model_name("x86-tso"));
  EXPECT_FALSE(model::is_model_name("power"));
  TestBuilder b("t");
  b.thread().store("x", 1, MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"[x]", 1}});
  EXPECT_THROW(allowed_states(t, "power"), std::invalid_argument);
  EXPECT_THROW(allowed_states(t, ""), std::invalid_argument);
#if defined(__x86_64__)
  EXPECT_EQ(model::host_architecture_model(), "x86-tso");
#elif defined(__aarch64__)
  EXPECT_EQ(model::host_architecture_model(), "armv8");
#endif
}

}  // namespace
}  // namespace litmuslab::model_testing
