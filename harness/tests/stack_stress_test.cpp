// Concurrent TreiberStack stress: pinned threads each push unique values
// (thread << 32 | seq) and pop after every push; afterwards the stack is
// drained and every pushed value must have been popped exactly once. Built
// twice: stack_tests (AcqRel, SeqCst) and, with LITMUSLAB_STRESS_RELAXED,
// stack_relaxed_tests (Relaxed), which is racy by design.
#include <gtest/gtest.h>

#include <algorithm>
#include <barrier>
#include <cstdint>
#include <thread>
#include <vector>

#include "cpu_pinning.hpp"
#include "treiber_stack.hpp"

namespace litmuslab::bench {
namespace {

constexpr int kThreads = 2;
constexpr std::uint64_t kPairsPerThread = 1'000'000;  // one push + one pop each
// Few nodes, so each is recycled very often and ABA chances are plenty.
constexpr std::uint32_t kCapacity = 8;

struct ThreadTally {
  std::vector<std::uint64_t> popped;
  std::uint64_t failed_pushes = 0;
  std::uint64_t empty_pops = 0;
};

template <class Ordering>
class TreiberStackStressTest : public ::testing::Test {};

#ifdef LITMUSLAB_STRESS_RELAXED
using Orderings = ::testing::Types<Relaxed>;
#else
using Orderings = ::testing::Types<AcqRel, SeqCst>;
#endif
TYPED_TEST_SUITE(TreiberStackStressTest, Orderings);

TYPED_TEST(TreiberStackStressTest, EveryPushedValueIsPoppedExactlyOnce) {
  TreiberStack<TypeParam> stack(kCapacity);
  std::vector<ThreadTally> tallies(kThreads);
  std::barrier start(kThreads);

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Round robin over the process's CPUs, as the bench pins. Best effort: an
      // unpinned run still checks correctness, it just interleaves less.
      const bench::ScopedPin pin(t);
      ThreadTally& tally = tallies[static_cast<std::size_t>(t)];
      tally.popped.reserve(kPairsPerThread);
      start.arrive_and_wait();
      for (std::uint64_t seq = 0; seq < kPairsPerThread; ++seq) {
        if (!stack.push(static_cast<std::uint64_t>(t) << 32 | seq)) ++tally.failed_pushes;
        if (auto value = stack.pop()) {
          tally.popped.push_back(*value);
        } else {
          ++tally.empty_pops;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<std::uint64_t> popped;
  for (const ThreadTally& tally : tallies) {
    // Each thread has at most one value of its own in flight, so with
    // kThreads <= kCapacity a push never finds the pool empty, and a pop that
    // follows its own push never finds the stack empty (pushes >= pops).
    EXPECT_EQ(tally.failed_pushes, 0u);
    EXPECT_EQ(tally.empty_pops, 0u);
    popped.insert(popped.end(), tally.popped.begin(), tally.popped.end());
  }
  while (auto value = stack.pop()) popped.push_back(*value);

  std::vector<std::uint64_t> pushed;
  for (std::uint64_t t = 0; t < kThreads; ++t) {
    for (std::uint64_t seq = 0; seq < kPairsPerThread; ++seq) pushed.push_back(t << 32 | seq);
  }
  std::sort(popped.begin(), popped.end());
  ASSERT_EQ(popped.size(), pushed.size()) << "values were lost or duplicated";
  const auto mismatch = std::mismatch(popped.begin(), popped.end(), pushed.begin());
  EXPECT_TRUE(mismatch.first == popped.end())
      << "popped " << *mismatch.first << " where " << *mismatch.second << " was expected";
}

}  // namespace
}  // namespace litmuslab::bench
