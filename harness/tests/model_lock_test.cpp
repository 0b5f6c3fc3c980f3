// Spinlocks as RC11 models them (an acquire RMW from 0 to 1 that blocks on
// 1, a release store of 0, a trylock that may fail with a relaxed read),
// derived by hand: critical sections never interleave, under every model.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "litmuslab/model.hpp"
#include "model_builder.hpp"

namespace litmuslab::model_testing {
namespace {

using Q = Condition::Quantifier;
using LitmusTest = litmuslab::Test;
using model::allowed_states;

std::vector<StateValues> states(const LitmusTest& t, const std::string& m) {
  return allowed_states(t, m).allowed_states;
}

TEST(ModelLocks, MessagePassingInsideCriticalSectionsSeesAllOrNothing) {
  // P0: lock; x = 1; y = 1; unlock.   P1: lock; r0 = y; r1 = x; unlock.
  TestBuilder b("MP+locks");
  b.location("x").location("y");
  b.thread().lock("l").store("x", 1, MO::relaxed).store("y", 1, MO::relaxed).unlock("l");
  b.thread().lock("l").load("r0", "y", MO::relaxed).load("r1", "x", MO::relaxed).unlock("l");
  const LitmusTest t = b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}}, {"[l]"});
  for (const auto& m : model::model_names()) {
    SCOPED_TRACE(m);
    // (r0, r1, [l]): the reader's section comes wholly before or after.
    EXPECT_EQ(states(t, m), (std::vector<StateValues>{{0, 0, 0}, {1, 1, 0}}));
    EXPECT_FALSE(allowed_states(t, m).data_race);
  }
}

TEST(ModelLocks, StoreBufferingInsideCriticalSectionsCannotMissBoth) {
  TestBuilder b("SB+locks");
  b.location("x").location("y");
  b.thread().lock("l").store("x", 1, MO::relaxed).load("r0", "y", MO::relaxed).unlock("l");
  b.thread().lock("l").store("y", 1, MO::relaxed).load("r0", "x", MO::relaxed).unlock("l");
  const LitmusTest t = b.build(Q::exists, {{"0:r0", 0}, {"1:r0", 0}});
  for (const auto& m : model::model_names()) {
    SCOPED_TRACE(m);
    EXPECT_EQ(states(t, m), (std::vector<StateValues>{{0, 1}, {1, 0}}));
  }
}

TEST(ModelLocks, PlainAccessesInsideCriticalSectionsDoNotRace) {
  // The unlock's release store synchronises with the next lock's acquire read.
  TestBuilder b("MP+locks+na");
  b.location("x");
  b.thread().lock("l").store("x", 1, MO::relaxed, /*atomic=*/false).unlock("l");
  b.thread().lock("l").load("r0", "x", MO::relaxed, /*atomic=*/false).unlock("l");
  const LitmusTest t = b.build(Q::exists, {{"1:r0", 0}});
  for (const std::string m : {"cpp", "rc11"}) {
    SCOPED_TRACE(m);
    const auto r = allowed_states(t, m);
    EXPECT_EQ(r.allowed_states, (std::vector<StateValues>{{0}, {1}}));
    EXPECT_FALSE(r.data_race);
  }
  // Without the locks the same accesses race.
  TestBuilder racy("MP+na");
  racy.location("x");
  racy.thread().store("x", 1, MO::relaxed, false);
  racy.thread().load("r0", "x", MO::relaxed, false);
  EXPECT_TRUE(allowed_states(racy.build(Q::exists, {{"1:r0", 0}}), "cpp").data_race);
}

TEST(ModelLocks, ATrylockThatSucceedsHoldsTheLockAndOneThatFailsSynchronisesWithNothing) {
  // P0: lock; x = 1; unlock.   P1: r0 = trylock; r1 = x (no unlock).
  // Success: P1 holds the lock for good, so P0 locked and unlocked first and
  // P1 read its unlock: r1 = 1, [l] = 1. Failure: P1 read P0's lock (1)
  // while P0 was inside, before or after its store: r1 = 0 or 1.
  TestBuilder b("TRYLOCK");
  b.location("x");
  b.thread().lock("l").store("x", 1, MO::relaxed).unlock("l");
  b.thread().trylock("r0", "l").load("r1", "x", MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}}, {"1:r1", "[l]"});
  for (const auto& m : model::model_names()) {
    SCOPED_TRACE(m);
    // (r0, r1, [l])
    EXPECT_EQ(states(t, m), (std::vector<StateValues>{{0, 0, 0}, {0, 1, 0}, {1, 1, 1}}));
    EXPECT_FALSE(allowed_states(t, m).condition_possible);
  }
}

}  // namespace
}  // namespace litmuslab::model_testing
