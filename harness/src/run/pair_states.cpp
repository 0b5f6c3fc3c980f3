#include "pair_states.hpp"

#include <bit>
#include <utility>

namespace litmuslab::run {

void PairStateCounter::count_lane(const LaneLogs& logs, const SweepResult& found,
                                  std::vector<std::uint64_t>& counts) const {
  switch (keys_.size()) {
    case 1:
      return count_lane_of<1>(logs, found, counts);
    case 2:
      return count_lane_of<2>(logs, found, counts);
    case 3:
      return count_lane_of<3>(logs, found, counts);
    case 4:
      return count_lane_of<4>(logs, found, counts);
    default:
      return count_lane_of<0>(logs, found, counts);
  }
}

// Keys is the number of keys when known at compile time (1..4), else 0. A
// key's load saw the partner's write when it logged the partner's iteration or
// a later one; a location nobody writes logs 0, which never does.
template <std::size_t Keys>
void PairStateCounter::count_lane_of(const LaneLogs& logs, const SweepResult& found,
                                     std::vector<std::uint64_t>& counts) const {
  constexpr std::size_t kMax = codegen::kMaxPerpetualKeys;
  const std::size_t keys = Keys > 0 ? Keys : keys_.size();
  const std::size_t n = static_cast<std::size_t>(logs.iterations);
  // Per key: its log, shifted so that iteration k is at [k].
  const std::int32_t* log[kMax];
  bool on_outer[kMax];
  for (std::size_t k = 0; k < keys; ++k) {
    log[k] = logs.log[keys_[k].thread] + static_cast<std::size_t>(keys_[k].slot) * n - 1;
    on_outer[k] = keys_[k].outer;
  }
  // with[m] counts the pairs whose state has every bit of m set; counting in
  // registers keeps a pair from waiting on an earlier pair's store, and lets a
  // run's loop use vector instructions.
  constexpr std::size_t kStates = std::size_t{1} << (Keys > 0 ? Keys : 1);
  std::uint64_t with[kStates] = {};
  const auto count_run = [&](std::int32_t u0, std::int32_t v0, std::int32_t length) {
    const std::int32_t* at[kMax];
    std::int32_t other[kMax];
    for (std::size_t k = 0; k < keys; ++k) {
      at[k] = log[k] + (on_outer[k] ? u0 : v0);
      other[k] = on_outer[k] ? v0 : u0;
    }
    const auto saw = [&](std::size_t k, std::int32_t i) {
      return static_cast<unsigned>(at[k][i] >= other[k] + i) << k;
    };
    if constexpr (Keys > 0) {
      std::uint32_t run[kStates] = {};  // a run has fewer than 2^31 pairs
      [&]<std::size_t... K>(std::index_sequence<K...>) {
        for (std::int32_t i = 0; i < length; ++i) {
          const unsigned bits = (saw(K, i) | ...);
          [&]<std::size_t... M>(std::index_sequence<M...>) {
            ((run[M + 1] += (bits & (M + 1)) == M + 1), ...);
          }
          (std::make_index_sequence<kStates - 1>{});
        }
      }
      (std::make_index_sequence<Keys>{});
      with[0] += static_cast<std::uint64_t>(length);
      for (std::size_t m = 1; m < kStates; ++m) with[m] += run[m];
    } else {
      for (std::int32_t i = 0; i < length; ++i) {
        unsigned bits = 0;
        for (std::size_t k = 0; k < keys; ++k) bits |= saw(k, i);
        ++counts[bits];
      }
    }
  };
  // The left-overs, paired in order.
  const auto& outer = found.outer_left;
  const auto& partner = found.partner_left;
  std::size_t a = 0, b = 0;
  std::int32_t u = outer.empty() ? 0 : outer[0].begin;
  std::int32_t v = partner.empty() ? 0 : partner[0].begin;
  while (a < outer.size() && b < partner.size()) {
    const std::int32_t length = std::min(outer[a].end - u, partner[b].end - v);
    count_run(u, v, length);
    u += length;
    v += length;
    if (u == outer[a].end && ++a < outer.size()) u = outer[a].begin;
    if (v == partner[b].end && ++b < partner.size()) v = partner[b].begin;
  }
  for (const PairRun& run : found.matched) count_run(run.outer, run.partner, run.length);
  if constexpr (Keys > 0) {
    // Inclusion-exclusion: the pairs with exactly the bits of s are those
    // with every bit of s, minus those with more.
    for (std::size_t state = 0; state < kStates; ++state) {
      std::int64_t exact = 0;
      for (std::size_t m = state; m < kStates; m = (m + 1) | state)
        exact += (std::popcount(m ^ state) % 2 ? -1 : 1) * static_cast<std::int64_t>(with[m]);
      counts[state] += static_cast<std::uint64_t>(exact);
    }
  }
}

}  // namespace litmuslab::run
