#include "litmuslab/perpetual_reconstruction.hpp"

#include <algorithm>

namespace litmuslab::run {
int perpetual_outer_thread(const codegen::PerpetualShape& shape) {
  int searches[2] = {0, 0};  // saw-write atoms on the partner of each thread
  for (const codegen::PerpetualAtom& atom : shape.condition)
    if (atom.saw_write) ++searches[1 - atom.thread];
  return searches[1] < searches[0] ? 1 : 0;
}

PerpetualTally::PerpetualTally(const codegen::PerpetualShape& shape)
    : shape_(shape), outer_(perpetual_outer_thread(shape)) {
  for (const codegen::PerpetualAtom& atom : shape_.condition) {
    if (atom.thread == outer_) {
      (atom.saw_write ? own_write_ : own_initial_).push_back(atom.slot);
    } else {
      (atom.saw_write ? partner_write_ : partner_initial_).push_back(atom.slot);
    }
  }
  // The matched state is the condition's own when every key has an atom.
  state_fixed_by_condition_ = true;
  for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
    const codegen::PerpetualKey& key = shape_.keys[k];
    bool found = false;
    for (const codegen::PerpetualAtom& atom : shape_.condition)
      if (atom.thread == key.thread && atom.slot == key.slot) {
        found = true;
        if (atom.saw_write) condition_bits_ |= 1u << k;
      }
    if (!found && shape_.threads[key.thread].loads[key.slot].location_written)
      state_fixed_by_condition_ = false;
  }
  counts_.assign(std::size_t{1} << shape_.keys.size(), 0);
  first_seen_.assign(counts_.size(), -1);
}

std::uint64_t PerpetualTally::instances() const {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts_) sum += c;
  return sum;
}

void PerpetualTally::count(const LaneLogs& logs, double seconds) {
  if (logs.iterations <= 0) return;
  match(logs);
  pair_leftovers(logs);
  for (std::size_t bits = 0; bits < counts_.size(); ++bits)
    if (counts_[bits] > 0 && first_seen_[bits] < 0) first_seen_[bits] = seconds;
}

// Step 1. For outer iteration u the partners v that make a matching pair are
// lo <= v <= hi, where each outer atom bounds v by the logged value, each
// partner saw_write atom starts the range at the first v whose log reaches u,
// and each partner saw-initial atom ends it before that point (checked at the
// candidate, since the log never decreases). p is the first partner not yet
// passed: every v < p is matched or can never match a later u.
void PerpetualTally::match(const LaneLogs& logs) {
  const std::int32_t n = logs.iterations;
  const int partner = 1 - outer_;
  const std::int32_t* own = logs.log[outer_];
  const std::int32_t* other = logs.log[partner];
  const std::size_t own_step = logs.step[outer_];
  const std::size_t other_step = logs.step[partner];
  unmatched_outer_.clear();
  unmatched_partner_.clear();
  matched_outer_.clear();
  matched_partner_.clear();
  if (!shape_.condition_possible) {
    for (std::int32_t u = 1; u <= n; ++u) unmatched_outer_.push_back(u);
    for (std::int32_t v = 1; v <= n; ++v) unmatched_partner_.push_back(v);
    return;
  }
  partner_cursor_.assign(partner_write_.size(), 1);
  std::int32_t p = 1;
  std::uint64_t found = 0;
  for (std::int32_t u = 1; u <= n; ++u) {
    const std::int32_t* own_row = own + static_cast<std::size_t>(u - 1) * own_step;
    std::int32_t lo = p;
    std::int32_t hi = n;
    for (int slot : own_write_) hi = std::min(hi, own_row[slot]);
    for (int slot : own_initial_) lo = std::max(lo, own_row[slot] + 1);
    for (std::size_t a = 0; a < partner_write_.size(); ++a) {
      std::int32_t& v = partner_cursor_[a];
      const int slot = partner_write_[a];
      while (v <= n && other[static_cast<std::size_t>(v - 1) * other_step + slot] < u) ++v;
      lo = std::max(lo, v);
    }
    bool ok = lo <= hi;
    if (ok) {
      const std::int32_t* other_row = other + static_cast<std::size_t>(lo - 1) * other_step;
      for (int slot : partner_initial_) ok = ok && other_row[slot] < u;
    }
    if (!ok) {
      unmatched_outer_.push_back(u);
      continue;
    }
    for (std::int32_t v = p; v < lo; ++v) unmatched_partner_.push_back(v);
    if (!state_fixed_by_condition_) {
      matched_outer_.push_back(u);
      matched_partner_.push_back(lo);
    }
    ++found;
    p = lo + 1;
  }
  for (std::int32_t v = p; v <= n; ++v) unmatched_partner_.push_back(v);
  matches_ += found;
  if (state_fixed_by_condition_) {
    counts_[condition_bits_] += found;
  } else {
    for (std::size_t m = 0; m < matched_outer_.size(); ++m)
      ++counts_[state_bits(logs, matched_outer_[m], matched_partner_[m])];
  }
}

// Step 2: the leftovers, in order.
void PerpetualTally::pair_leftovers(const LaneLogs& logs) {
  for (std::size_t r = 0; r < unmatched_outer_.size(); ++r)
    ++counts_[state_bits(logs, unmatched_outer_[r], unmatched_partner_[r])];
}

unsigned PerpetualTally::state_bits(const LaneLogs& logs, std::int32_t outer,
                                    std::int32_t partner) const {
  unsigned bits = 0;
  for (std::size_t k = 0; k < shape_.keys.size(); ++k) {
    const codegen::PerpetualKey& key = shape_.keys[k];
    const bool is_outer = key.thread == outer_;
    const std::int32_t own = is_outer ? outer : partner;
    const std::int32_t other = is_outer ? partner : outer;
    const std::int32_t seen =
        logs.log[key.thread][static_cast<std::size_t>(own - 1) * logs.step[key.thread] + key.slot];
    // A location nobody writes logs 0, which is never >= an iteration number.
    bits |= static_cast<unsigned>(seen >= other) << k;
  }
  return bits;
}

void PerpetualTally::drain_into(OutcomeHistogram& histogram,
                                std::map<StateValues, double>* first_seen) const {
  for (std::size_t bits = 0; bits < counts_.size(); ++bits) {
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
