#include "pair_states.hpp"

#include <bit>
#include <utility>

#include "vector_clones.hpp"

namespace litmuslab::run {
namespace {

// with[m] counts the pairs whose state has every bit of m set; counting in
// registers keeps a pair from waiting on an earlier pair's store, and lets a
// run's loop use vector instructions. Keys is the number of keys when known
// at compile time (1..4), else 0. A key's load saw the partner's write when it
// logged the partner's iteration or a later one; a location nobody writes
// logs 0, which never does.
// The AND of bits[k] over the keys k in the set `Set`.
template <std::size_t Set, std::size_t Keys>
[[gnu::always_inline]] inline std::uint32_t product_of_bits(const std::uint32_t (&bits)[Keys]) {
  std::uint32_t product = 1;
  for (std::size_t k = 0; k < Keys; ++k)
    if (Set >> k & 1) product &= bits[k];
  return product;
}

template <std::size_t Keys>
class RunTally {
  static constexpr std::size_t kMax = kernel::kMaxPerpetualKeys;
  static constexpr std::int32_t kShortRun = 16;
  static constexpr std::size_t kStates = std::size_t{1} << (Keys > 0 ? Keys : 1);

 public:
  RunTally(const std::vector<KeySource>& sources, const LaneLogs& logs,
           std::vector<std::uint64_t>& counts)
      : keys_(Keys > 0 ? Keys : sources.size()), counts_(counts) {
    const std::size_t n = static_cast<std::size_t>(logs.iterations);
    // Per key: its log, shifted so that iteration k is at [k].
    for (std::size_t k = 0; k < keys_; ++k) {
      log_[k] = logs.log[sources[k].thread] + static_cast<std::size_t>(sources[k].slot) * n - 1;
      on_outer_[k] = sources[k].outer;
    }
  }

  // The pairs (u0 + i, v0 + i) for i < length.
  [[gnu::always_inline]] void add_run(std::int32_t u0, std::int32_t v0, std::int32_t length) {
    const std::int32_t* at[kMax];
    std::int32_t other[kMax];
    for (std::size_t k = 0; k < keys_; ++k) {
      at[k] = log_[k] + (on_outer_[k] ? u0 : v0);
      other[k] = on_outer_[k] ? v0 : u0;
    }
    const auto saw = [&](std::size_t k, std::int32_t i) {
      return static_cast<unsigned>(at[k][i] >= other[k] + i) << k;
    };
    if constexpr (Keys > 0) {
      if (length < kShortRun) {
        // Threads that drift apart leave left-overs in runs of a few pairs,
        // where setting up the vector loop costs more than the pairs.
        for (std::int32_t i = 0; i < length; ++i) add_pair(at, other, i, with_);
        with_[0] += static_cast<std::uint64_t>(length);
        return;
      }
      std::uint32_t run[kStates] = {};  // a run has fewer than 2^31 pairs
      for (std::int32_t i = 0; i < length; ++i) add_pair(at, other, i, run);
      with_[0] += static_cast<std::uint64_t>(length);
      for (std::size_t m = 1; m < kStates; ++m) with_[m] += run[m];
    } else {
      for (std::int32_t i = 0; i < length; ++i) {
        unsigned bits = 0;
        for (std::size_t k = 0; k < keys_; ++k) bits |= saw(k, i);
        ++counts_[bits];
      }
    }
  }

  // Each set m adds the product of its keys' 0/1 bits: a few vector ANDs and
  // adds per entry, where testing the packed bits against each m took a
  // compare and a masked move apiece.
  template <class Count>
  [[gnu::always_inline]] static void add_pair(const std::int32_t* const (&at)[kMax],
                                              const std::int32_t (&other)[kMax], std::int32_t i,
                                              Count (&with)[kStates]) {
    std::uint32_t saw_write[Keys];
    for (std::size_t k = 0; k < Keys; ++k) saw_write[k] = at[k][i] >= other[k] + i;
    [&]<std::size_t... M>(std::index_sequence<M...>) {
      ((with[M + 1] += product_of_bits<M + 1>(saw_write)), ...);
    }
    (std::make_index_sequence<kStates - 1>{});
  }

  // Inclusion-exclusion: the pairs with exactly the bits of s are those with
  // every bit of s, minus those with more.
  void finish() {
    if constexpr (Keys > 0) {
      for (std::size_t state = 0; state < kStates; ++state) {
        std::int64_t exact = 0;
        for (std::size_t m = state; m < kStates; m = (m + 1) | state)
          exact += (std::popcount(m ^ state) % 2 ? -1 : 1) * static_cast<std::int64_t>(with_[m]);
        counts_[state] += static_cast<std::uint64_t>(exact);
      }
    }
  }

 private:
  std::size_t keys_;
  std::vector<std::uint64_t>& counts_;
  const std::int32_t* log_[kMax];
  bool on_outer_[kMax];
  std::uint64_t with_[kStates] = {};
};

template <std::size_t Keys>
LITMUSLAB_VECTOR_CLONES void count_lane_of(const std::vector<KeySource>& keys, const LaneLogs& logs,
                                           const SweepResult& found,
                                           std::vector<std::uint64_t>& counts) {
  RunTally<Keys> tally(keys, logs, counts);
  // The left-overs, paired in order.
  const auto& outer = found.outer_left;
  const auto& partner = found.partner_left;
  std::size_t a = 0, b = 0;
  std::int32_t u = outer.empty() ? 0 : outer[0].begin;
  std::int32_t v = partner.empty() ? 0 : partner[0].begin;
  while (a < outer.size() && b < partner.size()) {
    const std::int32_t length = std::min(outer[a].end - u, partner[b].end - v);
    tally.add_run(u, v, length);
    u += length;
    v += length;
    if (u == outer[a].end && ++a < outer.size()) u = outer[a].begin;
    if (v == partner[b].end && ++b < partner.size()) v = partner[b].begin;
  }
  for (const PairRun& run : found.matched) tally.add_run(run.outer, run.partner, run.length);
  tally.finish();
}

template <std::size_t Keys>
LITMUSLAB_VECTOR_CLONES void count_run_of(const std::vector<KeySource>& keys, const LaneLogs& logs,
                                          PairRun run, std::vector<std::uint64_t>& counts) {
  RunTally<Keys> tally(keys, logs, counts);
  tally.add_run(run.outer, run.partner, run.length);
  tally.finish();
}

// Calls F<Keys> with the number of keys fixed at compile time where it can be.
template <template <std::size_t> class F, class... Args>
void with_key_count(std::size_t keys, Args&&... args) {
  switch (keys) {
    case 1:
      return F<1>{}(std::forward<Args>(args)...);
    case 2:
      return F<2>{}(std::forward<Args>(args)...);
    case 3:
      return F<3>{}(std::forward<Args>(args)...);
    case 4:
      return F<4>{}(std::forward<Args>(args)...);
    default:
      return F<0>{}(std::forward<Args>(args)...);
  }
}

template <std::size_t Keys>
struct CountLane {
  template <class... Args>
  void operator()(Args&&... args) const {
    count_lane_of<Keys>(std::forward<Args>(args)...);
  }
};

template <std::size_t Keys>
struct CountRun {
  template <class... Args>
  void operator()(Args&&... args) const {
    count_run_of<Keys>(std::forward<Args>(args)...);
  }
};

}  // namespace

void PairStateCounter::count_lane(const LaneLogs& logs, const SweepResult& found,
                                  std::vector<std::uint64_t>& counts) const {
  with_key_count<CountLane>(keys_.size(), keys_, logs, found, counts);
}

void PairStateCounter::count_run(const LaneLogs& logs, PairRun run,
                                 std::vector<std::uint64_t>& counts) const {
  with_key_count<CountRun>(keys_.size(), keys_, logs, run, counts);
}

}  // namespace litmuslab::run
