// The batched runner's tally (the direct table for small register values and
// the packed and exact paths it hands other instances agree on every state),
// and the histogram's count of condition matches.
#include <gtest/gtest.h>

#include <map>
#include <vector>

#include "catalogue_entry.hpp"
#include "ir_by_hand.hpp"
#include "run/instance_buffer.hpp"
#include "run/state_tally.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

TEST(StateTally, SmallAndLargeRegisterValuesAreCountedAlike) {
  const litmuslab::Test& sb = entry("SB+rlx").test;  // observes 0:r0 and 1:r0, one register each
  ASSERT_EQ(sb.observed.size(), 2u);
  InstanceBuffer buffer(sb, Layout::shared_line, 8, 64);
  // 0..3 take the direct table; 5, -1, 200 and 70000 leave it (70000 also
  // leaves the packed path for the exact one).
  const std::vector<std::int32_t> p0 = {0, 1, 5, -1, 3, 0, 70000, 2};
  const std::vector<std::int32_t> p1 = {0, 0, 1, 0, 3, 200, 0, 2};
  StateTally tally(sb);
  tally.count(buffer, {p0.data(), p1.data()}, 0, 8, 1.5);
  tally.count(buffer, {p0.data(), p1.data()}, 0, 2, 2.5);  // {0,0} and {1,0} again
  OutcomeHistogram histogram;
  std::map<StateValues, double> first_seen;
  tally.drain_into(histogram, &first_seen);
  const std::map<StateValues, std::uint64_t> expected = {
      {{0, 0}, 2}, {{1, 0}, 2},   {{5, 1}, 1},     {{-1, 0}, 1},
      {{3, 3}, 1}, {{0, 200}, 1}, {{70000, 0}, 1}, {{2, 2}, 1}};
  EXPECT_EQ(histogram.counts(), expected);
  EXPECT_EQ(histogram.total(), 10u);
  ASSERT_EQ(first_seen.size(), expected.size());
  for (const auto& [state, seconds] : first_seen) EXPECT_EQ(seconds, 1.5);
}

TEST(StateTally, StridedVisitsReadRegistersByVisitPosition) {
  const litmuslab::Test& sb = entry("SB+rlx").test;
  InstanceBuffer buffer(sb, Layout::shared_line, 4, 64);
  // Visit order 0, 2, 1, 3: instance i's registers sit at position slot[i].
  const std::vector<std::uint32_t> slot = {0, 2, 1, 3};
  const std::vector<std::int32_t> p0 = {0, 1, 1, 0};  // by position
  const std::vector<std::int32_t> p1 = {1, 1, 0, 0};
  StateTally tally(sb);
  tally.count(buffer, {p0.data(), p1.data()}, 0, 4, 0, slot.data());
  OutcomeHistogram histogram;
  tally.drain_into(histogram);
  const std::map<StateValues, std::uint64_t> expected = {
      {{0, 1}, 1}, {{1, 0}, 1}, {{1, 1}, 1}, {{0, 0}, 1}};
  EXPECT_EQ(histogram.counts(), expected);
}

TEST(StateTally, InstancesFailingTheFilterAreCountedApart) {
  // SB observing 1:r0 only, with `filter (0:r0=0)`: 0:r0 is a filter key.
  litmuslab::Test sb = entry("SB+rlx").test;
  sb.observed = {litmuslab::testing::ir::reg_key(sb, 1, 0)};
  sb.filter_keys = {litmuslab::testing::ir::reg_key(sb, 0, 0)};
  sb.filter = litmuslab::testing::ir::atom(sb.filter_keys[0], 0);
  InstanceBuffer buffer(sb, Layout::shared_line, 6, 64);
  const std::vector<std::int32_t> p0 = {0, 1, 0, 1, 1, 300};
  const std::vector<std::int32_t> p1 = {0, 0, 1, 1, 1, 1};
  StateTally tally(sb);
  tally.count(buffer, {p0.data(), p1.data()}, 0, 6);
  OutcomeHistogram histogram;
  std::uint64_t filtered = 0;
  std::map<StateValues, double> first_seen;
  tally.drain_into(histogram, &first_seen, &filtered);
  const std::map<StateValues, std::uint64_t> expected = {{{0}, 1}, {{1}, 1}};
  EXPECT_EQ(histogram.counts(), expected);
  EXPECT_EQ(filtered, 4u);
  EXPECT_EQ(histogram.total() + filtered, 6u);
  EXPECT_EQ(first_seen.size(), 2u);
}

TEST(InstanceBuffer, PointerLocationsHoldAnAddressInTheirOwnInstance) {
  using namespace litmuslab::testing::ir;
  // p (a pointer, starting at z), x = 5, z: p's slot is 8 bytes, the others 4.
  const litmuslab::Test t = make_test(
      "P", {location("a", 7), pointer_location("p", 3), location("x", 5), location("z")}, {});
  for (Layout layout :
       {Layout::shared_line, Layout::line_per_instance, Layout::arrays, Layout::padded}) {
    SCOPED_TRACE(static_cast<int>(layout));
    InstanceBuffer buffer(t, layout, 5, 64);
    EXPECT_EQ(buffer.offsets()[1] % static_cast<std::ptrdiff_t>(sizeof(int*)), 0);
    EXPECT_EQ(buffer.stride() % static_cast<std::ptrdiff_t>(sizeof(int*)), 0);
    for (std::size_t i = 0; i < 5; ++i) {
      EXPECT_EQ(buffer.read(i, 0), 7);
      EXPECT_EQ(buffer.read(i, 1), 3) << "p points to z";
      EXPECT_EQ(buffer.read(i, 2), 5);
    }
    // A kernel publishing &x in instance 2, then the reset.
    std::byte* instance = buffer.base() + 2 * buffer.stride();
    *reinterpret_cast<int**>(instance + buffer.offsets()[1]) =
        reinterpret_cast<int*>(instance + buffer.offsets()[2]);
    EXPECT_EQ(buffer.read(2, 1), 2) << "p points to x";
    // An address of another instance is no location of this one.
    *reinterpret_cast<int**>(instance + buffer.offsets()[1]) =
        reinterpret_cast<int*>(buffer.base() + buffer.offsets()[2]);
    EXPECT_EQ(buffer.read(2, 1), -1);
    buffer.reset(0, 5);
    EXPECT_EQ(buffer.read(2, 1), 3);
  }
}

TEST(OutcomeHistogram, CountsTheInstancesThatMatchTheCondition) {
  const litmuslab::Test& sb = entry("SB+rlx").test;  // exists (0:r0=0 /\ 1:r0=0)
  OutcomeHistogram histogram;
  histogram.add({0, 0}, 7);
  histogram.add({0, 1}, 5);
  histogram.add({1, 0}, 3);
  histogram.add({1, 1}, 2);
  EXPECT_EQ(histogram.condition_matches(sb), 7u);
  EXPECT_EQ(OutcomeHistogram().condition_matches(sb), 0u);
}

}  // namespace
}  // namespace litmuslab::run
