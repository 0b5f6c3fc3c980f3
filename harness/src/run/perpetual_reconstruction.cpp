#include "run/perpetual_reconstruction.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "pair_states.hpp"
#include "perpetual_sweep.hpp"

namespace litmuslab::run {

int perpetual_outer_thread(const kernel::PerpetualShape& shape) {
  int searches[2] = {0, 0};  // saw-write atoms on the partner of each thread
  for (const kernel::PerpetualAtom& atom : shape.condition)
    if (atom.saw_write) ++searches[1 - atom.thread];
  return searches[1] < searches[0] ? 1 : 0;
}

PerpetualTally::PerpetualTally(const kernel::PerpetualShape& shape, SweepForm form)
    : shape_(shape), outer_(perpetual_outer_thread(shape)), form_(form) {
  SweepAtoms atoms = SweepAtoms::of(shape_, outer_);
  std::vector<KeySource> keys;
  // The matched state is the condition's own when every key has an atom.
  state_fixed_by_condition_ = true;
  for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
    const kernel::PerpetualKey& key = shape_.keys[k];
    keys.push_back({key.thread, key.slot, key.thread == outer_});
    bool found = false;
    for (const kernel::PerpetualAtom& atom : shape_.condition)
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
  states_of_ = std::make_unique<PairStateCounter>(std::move(keys));
  states_ = std::size_t{1} << shape_.keys.size();
  counts_.assign(states_, 0);
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

// Which form is fastest depends on the logs: branching when nearly every
// iteration matches or none does, segments when matches and misses alternate
// in long runs. So `adaptive` times each lane's sweep, keeps a running cost per
// iteration for each candidate form, takes the cheapest, and now and then tries
// the other in case the runs have changed. A try costs the ratio of the two
// costs, so it comes after 16 x ratio^2 lanes (at most 1024): at most about
// 1.6% spent on tries, and a close race is re-checked every 16 lanes. Branchless
// is only a candidate when branching cannot serve the condition.
SweepForm PerpetualTally::next_form() {
  if (form_ != SweepForm::adaptive) return form_;
  const SweepForm candidates[2] = {sweep_->has_wide_form()        ? SweepForm::wide
                                   : sweep_->has_branching_form() ? SweepForm::branching
                                                                  : SweepForm::branchless,
                                   SweepForm::segments};
  probing_ = true;
  for (SweepForm form : candidates)
    if (cost_of(form) <= 0) return form;  // not timed yet
  const SweepForm cheap =
      cost_of(candidates[0]) <= cost_of(candidates[1]) ? candidates[0] : candidates[1];
  const double ratio = std::max(cost_of(candidates[0]), cost_of(candidates[1])) / cost_of(cheap);
  if (++lanes_since_probe_ >= std::min(16 * ratio * ratio, 1024.0)) {
    lanes_since_probe_ = 0;
    return cheap == candidates[0] ? candidates[1] : candidates[0];
  }
  probing_ = false;
  return cheap;
}

// When no pair of a lane can match, every iteration is left over and pairs
// with the partner's iteration of the same number. Proving it and counting
// the states then go block by block, so the second look at a block's log
// entries finds them in the nearest cache: the two passes cost about one.
bool PerpetualTally::count_without_matches(const LaneLogs& logs) {
  if (!sweep_->can_prove_no_match()) return false;
  // The first block is short: in a lane with matches (SB's, where nearly
  // every iteration matches) the proof fails there, at little cost.
  constexpr std::int32_t kFirstBlock = 64, kBlock = 1024;
  const std::int32_t n = logs.iterations;
  lane_counts_.assign(states_, 0);
  for (std::int32_t begin = 1; begin <= n;) {
    const std::int32_t end = std::min(n + 1, begin + (begin == 1 ? kFirstBlock : kBlock));
    if (!sweep_->no_pair_can_match(logs, {begin, end})) return false;
    states_of_->count_run(logs, {begin, begin, end - begin}, lane_counts_);
    begin = end;
  }
  for (std::size_t bits = 0; bits < states_; ++bits) counts_[bits] += lane_counts_[bits];
  return true;
}

void PerpetualTally::count(const LaneLogs& logs, double seconds) {
  const std::int32_t n = logs.iterations;
  if (n <= 0) return;
  if (!count_without_matches(logs)) count_with_sweep(logs);
  for (std::size_t bits = 0; bits < states_; ++bits)
    if (counts_[bits] > 0 && first_seen_[bits] < 0) first_seen_[bits] = seconds;
}

void PerpetualTally::count_with_sweep(const LaneLogs& logs) {
  const std::int32_t n = logs.iterations;
  const SweepForm form = next_form();
  const auto start = std::chrono::steady_clock::now();
  sweep_->run(logs, form, *found_);
  const double cost =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / n;
  // The first lane also pays for growing the scratch, so it is not timed; a
  // probe replaces the form's cost, and regular use smooths it.
  if (lanes_counted_++ > 0) cost_of(form) = probing_ ? cost : 0.7 * cost_of(form) + 0.3 * cost;
  matches_ += found_->matches;
  if (state_fixed_by_condition_) counts_[condition_bits_] += found_->matches;
  states_of_->count_lane(logs, *found_, counts_);
}

void PerpetualTally::drain_into(OutcomeHistogram& histogram,
                                std::map<StateValues, double>* first_seen) const {
  for (std::size_t bits = 0; bits < states_; ++bits) {
    if (counts_[bits] == 0) continue;
    StateValues state;
    for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
      const kernel::PerpetualKey& key = shape_.keys[k];
      const kernel::PerpetualLoad& load = shape_.threads[key.thread].loads[key.slot];
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
