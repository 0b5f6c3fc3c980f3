#include "litmuslab/perpetual_reconstruction.hpp"

#include <algorithm>
#include <bit>
#include <type_traits>
#include <utility>

#include "perpetual_sweep.hpp"

namespace litmuslab::run {

int perpetual_outer_thread(const codegen::PerpetualShape& shape) {
  int searches[2] = {0, 0};  // saw-write atoms on the partner of each thread
  for (const codegen::PerpetualAtom& atom : shape.condition)
    if (atom.saw_write) ++searches[1 - atom.thread];
  return searches[1] < searches[0] ? 1 : 0;
}

PerpetualTally::PerpetualTally(const codegen::PerpetualShape& shape, SweepForm form)
    : shape_(shape), outer_(perpetual_outer_thread(shape)), form_(form) {
  SweepAtoms atoms;
  for (const codegen::PerpetualAtom& atom : shape_.condition) {
    if (atom.thread == outer_) {
      (atom.saw_write ? atoms.own_write : atoms.own_initial).push_back(atom.slot);
    } else {
      (atom.saw_write ? atoms.partner_write : atoms.partner_initial).push_back(atom.slot);
    }
  }
  // The matched state is the condition's own when every key has an atom.
  state_fixed_by_condition_ = true;
  for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
    const codegen::PerpetualKey& key = shape_.keys[k];
    keys_.push_back({key.thread, key.slot, key.thread == outer_});
    bool found = false;
    for (const codegen::PerpetualAtom& atom : shape_.condition)
      if (atom.thread == key.thread && atom.slot == key.slot) {
        found = true;
        if (atom.saw_write) condition_bits_ |= 1u << k;
      }
    if (!found && shape_.threads[key.thread].loads[key.slot].location_written)
      state_fixed_by_condition_ = false;
  }
  sweep_ = std::make_unique<MatchingSweep>(outer_, std::move(atoms), shape_.condition_possible,
                                           !state_fixed_by_condition_);
  found_ = std::make_unique<SweepResult>();
  states_ = std::size_t{1} << shape_.keys.size();
  counts_.assign(states_, 0);
  first_seen_.assign(states_, -1);
  last_kind_ = static_cast<int>(SweepKind::segments);
}

PerpetualTally::~PerpetualTally() = default;
PerpetualTally::PerpetualTally(PerpetualTally&&) noexcept = default;
PerpetualTally& PerpetualTally::operator=(PerpetualTally&&) noexcept = default;

std::uint64_t PerpetualTally::instances() const {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts_) sum += c;
  return sum;
}

// Branching, with its blocks of eight, is the fastest form on the logs this
// machine writes, whatever the share of matches; conditions it cannot serve
// take segments while the logs hold runs (one segment per four iterations or
// fewer), retrying them every sixteenth lane, and branchless otherwise.
int PerpetualTally::next_kind() {
  switch (form_) {
    case SweepForm::segments:
      return static_cast<int>(SweepKind::segments);
    case SweepForm::branching:
      return static_cast<int>(SweepKind::branching);
    case SweepForm::branchless:
      return static_cast<int>(SweepKind::branchless);
    case SweepForm::adaptive:
      break;
  }
  if (sweep_->has_branching_form()) return static_cast<int>(SweepKind::branching);
  const bool runs = last_kind_ == static_cast<int>(SweepKind::segments) && last_step_share_ <= 0.25;
  if (runs || ++lanes_since_probe_ >= 16) {
    lanes_since_probe_ = 0;
    return static_cast<int>(SweepKind::segments);
  }
  return static_cast<int>(SweepKind::branchless);
}

void PerpetualTally::count(const LaneLogs& logs, double seconds) {
  const std::int32_t n = logs.iterations;
  if (n <= 0) return;
  const int kind = next_kind();
  sweep_->run(logs, static_cast<SweepKind>(kind), *found_);
  last_kind_ = kind;
  last_step_share_ = static_cast<double>(found_->steps) / n;
  matches_ += found_->matches;
  if (state_fixed_by_condition_) counts_[condition_bits_] += found_->matches;
  count_leftovers(logs);
  for (const PairRun& run : found_->matched) count_pairs(logs, run.outer, run.partner, run.length);
  for (std::size_t bits = 0; bits < states_; ++bits)
    if (counts_[bits] > 0 && first_seen_[bits] < 0) first_seen_[bits] = seconds;
}

// Step 2: the r-th left-over outer iteration with the r-th left-over partner.
// Both lists are ascending ranges, so they pair up in runs of consecutive
// iterations on both sides.
void PerpetualTally::count_leftovers(const LaneLogs& logs) {
  const auto& outer = found_->outer_left;
  const auto& partner = found_->partner_left;
  std::size_t a = 0, b = 0;
  std::int32_t u = outer.empty() ? 0 : outer[0].begin;
  std::int32_t v = partner.empty() ? 0 : partner[0].begin;
  while (a < outer.size() && b < partner.size()) {
    const std::int32_t length = std::min(outer[a].end - u, partner[b].end - v);
    count_pairs(logs, u, v, length);
    u += length;
    v += length;
    if (u == outer[a].end && ++a < outer.size()) u = outer[a].begin;
    if (v == partner[b].end && ++b < partner.size()) v = partner[b].begin;
  }
}

void PerpetualTally::count_pairs(const LaneLogs& logs, std::int32_t outer, std::int32_t partner,
                                 std::int32_t length) {
  switch (keys_.size()) {
    case 1:
      return count_pairs_of<1>(logs, outer, partner, length);
    case 2:
      return count_pairs_of<2>(logs, outer, partner, length);
    case 3:
      return count_pairs_of<3>(logs, outer, partner, length);
    case 4:
      return count_pairs_of<4>(logs, outer, partner, length);
    default:
      return count_pairs_of<0>(logs, outer, partner, length);
  }
}

// Counts the states of pairs (outer + i, partner + i), i < length. A key's
// load saw the partner's write when it logged the partner's iteration or a
// later one; a location nobody writes logs 0, which never does. Keys is the
// number of keys when known at compile time, else 0.
template <std::size_t Keys>
void PerpetualTally::count_pairs_of(const LaneLogs& logs, std::int32_t outer, std::int32_t partner,
                                    std::int32_t length) {
  const std::size_t keys = Keys > 0 ? Keys : keys_.size();
  const std::size_t n = static_cast<std::size_t>(logs.iterations);
  // Per key: its log from its own first iteration on, and the partner's first.
  const std::int32_t* log[codegen::kMaxPerpetualKeys];
  std::int32_t other[codegen::kMaxPerpetualKeys];
  for (std::size_t k = 0; k < keys; ++k) {
    const std::int32_t own = keys_[k].outer ? outer : partner;
    other[k] = keys_[k].outer ? partner : outer;
    log[k] = logs.log[keys_[k].thread] + static_cast<std::size_t>(keys_[k].slot) * n + (own - 1);
  }
  const auto saw = [&](std::size_t k, std::int32_t i) {
    return static_cast<unsigned>(log[k][i] >= other[k] + i) << k;
  };
  if constexpr (Keys > 0) {
    // with[m] counts the pairs whose state has every bit of m set; counting
    // in registers keeps each pair from waiting on a store, and the loop over
    // consecutive log entries can use vector instructions.
    // A run has fewer than 2^31 pairs, so 32-bit counters (more per vector)
    // cannot overflow.
    constexpr std::size_t kStates = std::size_t{1} << Keys;
    std::uint32_t with[kStates] = {};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      for (std::int32_t i = 0; i < length; ++i) {
        const unsigned bits = (saw(K, i) | ...);
        [&]<std::size_t... M>(std::index_sequence<M...>) {
          ((with[M + 1] += (bits & (M + 1)) == M + 1), ...);
        }
        (std::make_index_sequence<kStates - 1>{});
      }
    }
    (std::make_index_sequence<Keys>{});
    with[0] = static_cast<std::uint32_t>(length);
    // Inclusion-exclusion: exactly the bits of s = those of s, minus supersets.
    for (std::size_t state = 0; state < kStates; ++state) {
      std::int64_t exact = 0;
      for (std::size_t m = state; m < kStates; m = (m + 1) | state)
        exact += (std::popcount(m ^ state) % 2 ? -1 : 1) * static_cast<std::int64_t>(with[m]);
      counts_[state] += static_cast<std::uint64_t>(exact);
    }
  } else {
    for (std::int32_t i = 0; i < length; ++i) {
      unsigned bits = 0;
      for (std::size_t k = 0; k < keys; ++k) bits |= saw(k, i);
      ++counts_[bits];
    }
  }
}

void PerpetualTally::drain_into(OutcomeHistogram& histogram,
                                std::map<StateValues, double>* first_seen) const {
  for (std::size_t bits = 0; bits < states_; ++bits) {
    if (counts_[bits] == 0) continue;
    StateValues state;
    for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
      const codegen::PerpetualKey& key = shape_.keys[k];
      const codegen::PerpetualLoad& load = shape_.threads[key.thread].loads[key.slot];
      state.push_back((bits >> k) & 1 ? load.written_value : load.initial_value);
    }
    histogram.add(state, counts_[bits]);
    if (first_seen) {
      auto [it, inserted] = first_seen->emplace(state, first_seen_[bits]);
      if (!inserted) it->second = std::min(it->second, first_seen_[bits]);
    }
  }
}

}  // namespace litmuslab::run
