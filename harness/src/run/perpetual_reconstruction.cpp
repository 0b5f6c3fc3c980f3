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
  counts_.assign(kBanks * states_, 0);
  first_seen_.assign(states_, -1);
}

PerpetualTally::~PerpetualTally() = default;
PerpetualTally::PerpetualTally(PerpetualTally&&) noexcept = default;
PerpetualTally& PerpetualTally::operator=(PerpetualTally&&) noexcept = default;

std::uint64_t PerpetualTally::instances() const {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts_) sum += c;
  return sum;
}

// Branching pays off when the previous lane matched almost always or almost
// never: its branch is then predictable.
bool PerpetualTally::use_branching() const {
  if (form_ != SweepForm::adaptive) return form_ == SweepForm::branching;
  return last_share_ > 0.9 || last_share_ < 0.1;
}

void PerpetualTally::count(const LaneLogs& logs, double seconds) {
  const std::int32_t n = logs.iterations;
  if (n <= 0) return;
  sweep_->run(logs, use_branching(), *found_);
  matches_ += found_->matched;
  last_share_ = static_cast<double>(found_->matched) / n;
  if (state_fixed_by_condition_) {
    counts_[condition_bits_] += found_->matched;
    found_->matched = 0;  // their states need no more work
  }
  count_leftovers(logs);
  for (std::size_t bits = 0; bits < states_; ++bits) {
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBanks; ++b) seen += counts_[b * states_ + bits];
    if (seen > 0 && first_seen_[bits] < 0) first_seen_[bits] = seconds;
  }
}

// Step 2: the partners the sweep passed over, and those after its last
// match, paired in order with the outer iterations it left; then the states
// of recorded matches.
void PerpetualTally::count_leftovers(const LaneLogs& logs) {
  const SweepResult& found = *found_;
  left_partners_.resize(found.unmatched);
  std::size_t left = 0;
  for (std::size_t g = 0; g < found.gaps; ++g)
    for (std::int32_t v = found.gap_begin[g]; v < found.gap_end[g]; ++v) left_partners_[left++] = v;
  for (std::int32_t v = found.next_partner; v <= logs.iterations; ++v) left_partners_[left++] = v;
  const auto both = [&](auto keys) {
    constexpr std::size_t k = decltype(keys)::value;
    count_states<k>(logs, found.unmatched_outer.data(), left_partners_.data(), found.unmatched);
    count_states<k>(logs, found.matched_outer.data(), found.matched_partner.data(), found.matched);
  };
  switch (keys_.size()) {
    case 1:
      return both(std::integral_constant<std::size_t, 1>{});
    case 2:
      return both(std::integral_constant<std::size_t, 2>{});
    case 3:
      return both(std::integral_constant<std::size_t, 3>{});
    case 4:
      return both(std::integral_constant<std::size_t, 4>{});
    default:
      return both(std::integral_constant<std::size_t, 0>{});
  }
}

// Counts the state of pairs (outer[r], partner[r]). A key's load saw the
// partner's write when it logged the partner's iteration or a later one; a
// location nobody writes logs 0, which never does. Keys is the number of
// keys when known at compile time, else 0.
template <std::size_t Keys>
void PerpetualTally::count_states(const LaneLogs& logs, const std::int32_t* outer,
                                  const std::int32_t* partner, std::size_t pairs) {
  const std::size_t keys = Keys > 0 ? Keys : keys_.size();
  // Per key: its log shifted so iteration k is at k * step, and which list
  // holds its own iterations and which the partner's.
  const std::int32_t* log[codegen::kMaxPerpetualKeys];
  std::size_t step[codegen::kMaxPerpetualKeys];
  const std::int32_t* own[codegen::kMaxPerpetualKeys];
  const std::int32_t* other[codegen::kMaxPerpetualKeys];
  for (std::size_t k = 0; k < keys; ++k) {
    step[k] = logs.step[keys_[k].thread];
    log[k] = logs.log[keys_[k].thread] + keys_[k].slot - step[k];
    own[k] = keys_[k].outer ? outer : partner;
    other[k] = keys_[k].outer ? partner : outer;
  }
  std::uint64_t* counts = counts_.data();
  const std::size_t states = states_;
  const auto saw = [&](std::size_t k, std::size_t r) {
    return static_cast<unsigned>(log[k][static_cast<std::size_t>(own[k][r]) * step[k]] >=
                                 other[k][r])
           << k;
  };
  if constexpr (Keys > 0) {
    // Unrolled over the keys, so their pointers stay in registers, and
    // counted in registers too: with[m] counts pairs whose state has every
    // bit of m set. Incrementing counters in memory would make each pair wait
    // for the store of an earlier one.
    constexpr std::size_t kStates = std::size_t{1} << Keys;
    std::uint64_t with[kStates] = {};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
      for (std::size_t r = 0; r < pairs; ++r) {
        const unsigned bits = (saw(K, r) | ...);
        [&]<std::size_t... M>(std::index_sequence<M...>) {
          ((with[M + 1] += ((bits & (M + 1)) == M + 1)), ...);
        }
        (std::make_index_sequence<kStates - 1>{});
      }
    }
    (std::make_index_sequence<Keys>{});
    with[0] = pairs;
    // Inclusion-exclusion: exactly the bits of s = those of s, minus supersets.
    for (std::size_t state = 0; state < kStates; ++state) {
      std::int64_t exact = 0;
      for (std::size_t m = state; m < kStates; m = (m + 1) | state)
        exact += (std::popcount(m ^ state) % 2 ? -1 : 1) * static_cast<std::int64_t>(with[m]);
      counts[state] += static_cast<std::uint64_t>(exact);
    }
  } else {
    for (std::size_t r = 0; r < pairs; ++r) {
      unsigned bits = 0;
      for (std::size_t k = 0; k < keys; ++k) bits |= saw(k, r);
      ++counts[(r % kBanks) * states + bits];
    }
  }
}

void PerpetualTally::drain_into(OutcomeHistogram& histogram,
                                std::map<StateValues, double>* first_seen) const {
  for (std::size_t bits = 0; bits < states_; ++bits) {
    std::uint64_t count = 0;
    for (std::size_t b = 0; b < kBanks; ++b) count += counts_[b * states_ + bits];
    if (count == 0) continue;
    StateValues state;
    for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
      const codegen::PerpetualKey& key = shape_.keys[k];
      const codegen::PerpetualLoad& load = shape_.threads[key.thread].loads[key.slot];
      state.push_back((bits >> k) & 1 ? load.written_value : load.initial_value);
    }
    histogram.add(state, count);
    if (first_seen) {
      auto [it, inserted] = first_seen->emplace(state, first_seen_[bits]);
      if (!inserted) it->second = std::min(it->second, first_seen_[bits]);
    }
  }
}

}  // namespace litmuslab::run
