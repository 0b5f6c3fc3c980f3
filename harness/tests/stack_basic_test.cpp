// Single-threaded behaviour of TreiberStack: LIFO order, the pool's capacity,
// empty pops, and node reuse after pops.
#include <gtest/gtest.h>

#include <cstdint>

#include "treiber_stack.hpp"

namespace litmuslab::bench {
namespace {

template <class Ordering>
class TreiberStackBasicTest : public ::testing::Test {};

using Orderings = ::testing::Types<Relaxed, AcqRel, SeqCst>;
TYPED_TEST_SUITE(TreiberStackBasicTest, Orderings);

TYPED_TEST(TreiberStackBasicTest, PopsInReverseOrderOfPushes) {
  TreiberStack<TypeParam> stack(4);
  EXPECT_TRUE(stack.push(10));
  EXPECT_TRUE(stack.push(20));
  EXPECT_TRUE(stack.push(30));
  EXPECT_EQ(stack.pop(), 30u);
  EXPECT_EQ(stack.pop(), 20u);
  EXPECT_EQ(stack.pop(), 10u);
  EXPECT_EQ(stack.pop(), std::nullopt);
}

TYPED_TEST(TreiberStackBasicTest, PushFailsWhenThePoolIsExhausted) {
  TreiberStack<TypeParam> stack(2);
  EXPECT_EQ(stack.capacity(), 2u);
  EXPECT_TRUE(stack.push(1));
  EXPECT_TRUE(stack.push(2));
  EXPECT_FALSE(stack.push(3));
  EXPECT_EQ(stack.pop(), 2u);
  EXPECT_TRUE(stack.push(4));  // the popped node went back to the pool
  EXPECT_EQ(stack.pop(), 4u);
  EXPECT_EQ(stack.pop(), 1u);
}

TYPED_TEST(TreiberStackBasicTest, ZeroCapacityStackRefusesEveryPush) {
  TreiberStack<TypeParam> stack(0);
  EXPECT_FALSE(stack.push(1));
  EXPECT_EQ(stack.pop(), std::nullopt);
}

TYPED_TEST(TreiberStackBasicTest, NodesAreReusedManyTimes) {
  TreiberStack<TypeParam> stack(3);
  for (std::uint64_t i = 0; i < 1000; ++i) {
    ASSERT_TRUE(stack.push(i));
    ASSERT_TRUE(stack.push(i + 1'000'000));
    ASSERT_EQ(stack.pop(), i + 1'000'000);
    ASSERT_EQ(stack.pop(), i);
  }
  EXPECT_EQ(stack.pop(), std::nullopt);
}

}  // namespace
}  // namespace litmuslab::bench
