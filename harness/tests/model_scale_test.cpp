// The big shapes the old enumeration could not finish, with answers derived
// by hand: the search must give exactly these (timings are measured by
// scripts/model-scale, never asserted here).
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

// `threads` threads, each storing `per_thread` distinct values to x in order.
LitmusTest stores_to_one_location(int threads, int per_thread) {
  TestBuilder b("W" + std::to_string(threads) + "x" + std::to_string(per_thread));
  b.location("x");
  for (int t = 0; t < threads; ++t) {
    b.thread();
    for (int k = 1; k <= per_thread; ++k) b.store("x", t * per_thread + k, MO::relaxed);
  }
  return b.build(Q::exists, {{"[x]", 1}});
}

TEST(ModelScale, ElevenSingleStoresCanEachBeLast) {
  const LitmusTest t = stores_to_one_location(11, 1);
  std::vector<StateValues> every;
  for (int v = 1; v <= 11; ++v) every.push_back({v});
  for (const auto& m : model::model_names())
    EXPECT_EQ(allowed_states(t, m).allowed_states, every) << m;
}

TEST(ModelScale, OnlyEachThreadsLastStoreCanBeLast) {
  // 6 threads x 2 stores: coherence keeps each thread's second store after its first.
  const LitmusTest t = stores_to_one_location(6, 2);
  const std::vector<StateValues> lasts{{2}, {4}, {6}, {8}, {10}, {12}};
  for (const auto& m : model::model_names())
    EXPECT_EQ(allowed_states(t, m).allowed_states, lasts) << m;
}

TEST(ModelScale, ExactlyOneOfTwelveCompareExchangesSucceeds) {
  // Thread i: r0 = CAS(x, 0 -> 1). Once one succeeds x stays 1, so the
  // others fail; one must succeed, since failing needs a non-zero read.
  TestBuilder b("CAS12");
  b.location("x");
  const int n = 12;
  std::vector<std::pair<std::string, int32_t>> keys;
  for (int t = 0; t < n; ++t) {
    b.thread().cas("r0", "x", "e" + std::to_string(t), 0, 1, MO::relaxed, MO::relaxed);
    keys.emplace_back(std::to_string(t) + ":r0", 1);
  }
  const LitmusTest t = b.build(Q::exists, {keys[0], keys[1]}, {});
  LitmusTest all = t;
  // Observe every thread's result.
  all.observed.clear();
  for (int i = 0; i < n; ++i) {
    StateKey k;
    k.thread = i;
    k.index = 0;
    k.name = "r0";
    all.observed.push_back(k);
  }
  std::vector<StateValues> one_winner;
  for (int w = n - 1; w >= 0; --w) {
    StateValues s(n, 0);
    s[static_cast<std::size_t>(w)] = 1;
    one_winner.push_back(s);
  }
  for (const auto& m : model::model_names()) {
    SCOPED_TRACE(m);
    EXPECT_EQ(allowed_states(all, m).allowed_states, one_winner);
    EXPECT_FALSE(allowed_states(t, m).condition_possible);  // two winners: never
  }
}

TEST(ModelScale, FourThreadsOfFetchAddsCountEveryInterleaving) {
  // 4 threads x 2 fetch_add(x, 1): the final value is 8 whatever the order,
  // and each thread's two results are increasing.
  TestBuilder b("FADD4x2");
  b.location("x");
  for (int t = 0; t < 4; ++t)
    b.thread()
        .rmw(OpKind::fetch_add, "r0", "x", 1, MO::relaxed)
        .rmw(OpKind::fetch_add, "r1", "x", 1, MO::relaxed);
  const LitmusTest t = b.build(Q::exists, {{"0:r0", 0}, {"[x]", 8}},
                               {"0:r1", "1:r0", "1:r1", "2:r0", "2:r1", "3:r0", "3:r1"});
  for (const auto& m : model::model_names()) {
    SCOPED_TRACE(m);
    const auto r = allowed_states(t, m);
    // Every co order of the 8 RMWs that keeps each thread's pair in order:
    // 8! / 2^4 = 2520, each giving distinct results.
    EXPECT_EQ(r.allowed_states.size(), 2520u);
    for (const StateValues& s : r.allowed_states) {
      EXPECT_EQ(s.back(), 8);
      for (std::size_t k = 0; k < 8; k += 2) EXPECT_LT(s[k], s[k + 1]);
    }
  }
}

}  // namespace
}  // namespace litmuslab::model_testing
