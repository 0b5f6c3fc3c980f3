#include "litmuslab/perpetual_reconstruction.hpp"

#include <algorithm>
#include <array>
#include <utility>

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
  sweep_ = choose_sweep(own_write_.size(), own_initial_.size(), partner_write_.size(),
                        partner_initial_.size());
  states_ = std::size_t{1} << shape_.keys.size();
  counts_.assign(kBanks * states_, 0);
  first_seen_.assign(states_, -1);
}

std::uint64_t PerpetualTally::instances() const {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts_) sum += c;
  return sum;
}

void PerpetualTally::count(const LaneLogs& logs, double seconds) {
  const std::int32_t n = logs.iterations;
  if (n <= 0) return;
  const auto size = static_cast<std::size_t>(n) + 2;
  if (lo_.size() < size) {
    for (auto* v : {&lo_, &hi_, &last_below_, &last_below_2_, &unmatched_outer_,
                    &unmatched_partner_, &matched_outer_, &matched_partner_})
      v->resize(size);
    partner_taken_.resize(size);
  }
  std::fill(partner_taken_.begin(), partner_taken_.begin() + n + 2, 0);
  (this->*sweep_)(logs);
  matches_ += matched_;
  pair_leftovers(logs);
  for (std::size_t bits = 0; bits < states_; ++bits) {
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < kBanks; ++b) seen += counts_[b * states_ + bits];
    if (seen > 0 && first_seen_[bits] < 0) first_seen_[bits] = seconds;
  }
}

// last[w] = the last partner iteration v whose log in `slot` is w. Its
// prefix maximum over w < u is the last v that logged less than u: logs
// never decrease. Scatter and prefix maximum have no branch on the data.
void PerpetualTally::index_partner_log(const LaneLogs& logs, int slot, std::int32_t* last) {
  const std::int32_t n = logs.iterations;
  const std::int32_t* other = logs.log[1 - outer_] + slot;
  const std::size_t step = logs.step[1 - outer_];
  std::fill(last, last + n + 1, 0);
  for (std::int32_t v = 1; v <= n; ++v) last[other[static_cast<std::size_t>(v - 1) * step]] = v;
}

// Step 1 for conditions with at most one atom of each kind (every catalogue
// test): the bounds of general_sweep and the sweep in one pass.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
void PerpetualTally::fused_sweep(const LaneLogs& logs) {
  const std::int32_t n = logs.iterations;
  const std::size_t step = logs.step[outer_];
  const std::int32_t* own_write = logs.log[outer_] + (OwnWrite ? own_write_[0] : 0);
  const std::int32_t* own_initial = logs.log[outer_] + (OwnInitial ? own_initial_[0] : 0);
  if (PartnerWrite) index_partner_log(logs, partner_write_[0], last_below_.data());
  if (PartnerInitial) index_partner_log(logs, partner_initial_[0], last_below_2_.data());
  const std::int32_t* last_write = last_below_.data();
  const std::int32_t* last_initial = last_below_2_.data();
  std::int32_t* unmatched = unmatched_outer_.data();
  std::int32_t* matched_u = matched_outer_.data();
  std::int32_t* matched_v = matched_partner_.data();
  std::uint8_t* taken = partner_taken_.data();  // [n + 1] absorbs the misses
  std::size_t misses = 0;
  std::size_t hits = 0;
  std::int32_t below_write = 0;
  std::int32_t below_initial = 0;
  std::int32_t p = shape_.condition_possible ? 1 : n + 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    const std::size_t row = static_cast<std::size_t>(u - 1) * step;
    std::int32_t v = p;
    std::int32_t hi = n;
    if (OwnWrite) hi = std::min(hi, own_write[row]);
    if (OwnInitial) v = std::max(v, own_initial[row] + 1);
    if (PartnerWrite) {
      below_write = std::max(below_write, last_write[u - 1]);
      v = std::max(v, below_write + 1);
    }
    if (PartnerInitial) {
      below_initial = std::max(below_initial, last_initial[u - 1]);
      hi = std::min(hi, below_initial);
    }
    const bool ok = v <= hi;
    unmatched[misses] = u;
    misses += !ok;
    matched_u[hits] = u;
    matched_v[hits] = v;
    hits += ok;
    taken[ok ? v : n + 1] = 1;
    p = ok ? v + 1 : p;
  }
  unmatched_ = misses;
  matched_ = hits;
}

PerpetualTally::Sweep PerpetualTally::choose_sweep(std::size_t own_write, std::size_t own_initial,
                                                   std::size_t partner_write,
                                                   std::size_t partner_initial) {
  if (own_write > 1 || own_initial > 1 || partner_write > 1 || partner_initial > 1)
    return &PerpetualTally::general_sweep;
  // fused_sweep<a, b, c, d> for a, b, c, d in {0, 1}, at a*8 + b*4 + c*2 + d.
  const auto table = []<std::size_t... Code>(std::index_sequence<Code...>) {
    return std::array<Sweep, sizeof...(Code)>{
        &PerpetualTally::fused_sweep<(Code >> 3) & 1, (Code >> 2) & 1, (Code >> 1) & 1,
                                     Code & 1>...};
  }
  (std::make_index_sequence<16>{});
  return table[own_write * 8 + own_initial * 4 + partner_write * 2 + partner_initial];
}

void PerpetualTally::general_sweep(const LaneLogs& logs) {
  bound_partners(logs);
  match(logs.iterations);
}

// The partners v of outer iteration u that make a matching pair are
// lo_[u] <= v <= hi_[u]. An outer atom bounds v by the logged value. A
// partner atom splits the partner's iterations where its log reaches u: the
// last v whose log is below u is last_below(u), since logs never decrease.
// Saw-write atoms start the range after it, saw-initial atoms end it there.
void PerpetualTally::bound_partners(const LaneLogs& logs) {
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  const std::size_t own_step = logs.step[outer_];
  for (std::int32_t u = 1; u <= n; ++u) {
    lo_[u] = 1;
    hi_[u] = n;
  }
  for (int slot : own_write_)
    for (std::int32_t u = 1; u <= n; ++u)
      hi_[u] = std::min(hi_[u], own[static_cast<std::size_t>(u - 1) * own_step + slot]);
  for (int slot : own_initial_)
    for (std::int32_t u = 1; u <= n; ++u)
      lo_[u] = std::max(lo_[u], own[static_cast<std::size_t>(u - 1) * own_step + slot] + 1);
  const auto partner_split = [&](int slot, bool saw_write) {
    index_partner_log(logs, slot, last_below_.data());
    std::int32_t below = 0;
    for (std::int32_t u = 1; u <= n; ++u) {
      below = std::max(below, last_below_[u - 1]);
      if (saw_write) {
        lo_[u] = std::max(lo_[u], below + 1);
      } else {
        hi_[u] = std::min(hi_[u], below);
      }
    }
  };
  for (int slot : partner_write_) partner_split(slot, true);
  for (int slot : partner_initial_) partner_split(slot, false);
}

// Step 1, the sweep: each outer iteration in turn takes its smallest partner
// not yet passed. p is the first partner not passed: every v < p is matched,
// or below the range of every later u. The loop body has no branch on the
// data, so its cost does not depend on how weak the run was.
void PerpetualTally::match(std::int32_t n) {
  std::int32_t* unmatched = unmatched_outer_.data();
  std::int32_t* matched_u = matched_outer_.data();
  std::int32_t* matched_v = matched_partner_.data();
  std::uint8_t* taken = partner_taken_.data();  // [n + 1] absorbs the misses
  std::size_t misses = 0;
  std::size_t hits = 0;
  std::int32_t p = shape_.condition_possible ? 1 : n + 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    const std::int32_t v = std::max(p, lo_[u]);
    const bool ok = v <= hi_[u];
    unmatched[misses] = u;
    misses += !ok;
    matched_u[hits] = u;
    matched_v[hits] = v;
    hits += ok;
    taken[ok ? v : n + 1] = 1;
    p = ok ? v + 1 : p;
  }
  unmatched_ = misses;
  matched_ = hits;
}

// Step 2: the leftovers, in order, and the states of every pair.
void PerpetualTally::pair_leftovers(const LaneLogs& logs) {
  const std::int32_t n = logs.iterations;
  std::int32_t* partners = unmatched_partner_.data();
  std::size_t left = 0;
  for (std::int32_t v = 1; v <= n; ++v) {
    partners[left] = v;
    left += partner_taken_[v] == 0;
  }
  if (state_fixed_by_condition_) {
    counts_[condition_bits_] += matched_;
    matched_ = 0;
  }
  const auto both = [&](auto keys) {
    count_states<decltype(keys)::value>(logs, unmatched_outer_.data(), partners, unmatched_);
    count_states<decltype(keys)::value>(logs, matched_outer_.data(), matched_partner_.data(),
                                        matched_);
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
  const std::int32_t* base[16];
  std::size_t step[16];
  bool on_outer[16];
  for (std::size_t k = 0; k < keys; ++k) {
    base[k] = logs.log[keys_[k].thread] + keys_[k].slot;
    step[k] = logs.step[keys_[k].thread];
    on_outer[k] = keys_[k].outer;
  }
  for (std::size_t r = 0; r < pairs; ++r) {
    const std::int32_t u = outer[r];
    const std::int32_t v = partner[r];
    unsigned bits = 0;
    for (std::size_t k = 0; k < keys; ++k) {
      const std::int32_t own = on_outer[k] ? u : v;
      const std::int32_t other = on_outer[k] ? v : u;
      bits |= static_cast<unsigned>(base[k][static_cast<std::size_t>(own - 1) * step[k]] >= other)
              << k;
    }
    ++counts_[(r % kBanks) * states_ + bits];
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
