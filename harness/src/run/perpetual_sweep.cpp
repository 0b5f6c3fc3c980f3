#include "perpetual_sweep.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace litmuslab::run {

MatchingSweep::MatchingSweep(int outer, SweepAtoms atoms, bool condition_possible,
                             bool record_matches)
    : outer_(outer), atoms_(std::move(atoms)), condition_possible_(condition_possible) {
  const std::size_t ow = atoms_.own_write.size(), oi = atoms_.own_initial.size();
  const std::size_t pw = atoms_.partner_write.size(), pi = atoms_.partner_initial.size();
  if (ow > 1 || oi > 1 || pw > 1 || pi > 1) {
    branchless_ = &MatchingSweep::general;
    return;
  }
  // Every combination of at most one atom per kind, indexed by its bits.
  const auto fused_table = []<std::size_t... C>(std::index_sequence<C...>) {
    return std::array<Form, sizeof...(C)>{
        &MatchingSweep::fused<(C >> 4) & 1, (C >> 3) & 1, (C >> 2) & 1, (C >> 1) & 1, C & 1>...};
  }
  (std::make_index_sequence<32>{});
  const auto branching_table = []<std::size_t... C>(std::index_sequence<C...>) {
    return std::array<Form, sizeof...(C)>{
        &MatchingSweep::branching<(C >> 3) & 1, (C >> 2) & 1, (C >> 1) & 1, C & 1>...};
  }
  (std::make_index_sequence<16>{});
  const std::size_t record = record_matches ? 1 : 0;
  branchless_ = fused_table[ow * 16 + oi * 8 + pw * 4 + pi * 2 + record];
  if (pw == 0) branchy_ = branching_table[ow * 8 + oi * 4 + pi * 2 + record];
}

void MatchingSweep::run(const LaneLogs& logs, bool branchy, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const auto size = static_cast<std::size_t>(n) + 2;
  if (out.unmatched_outer.size() < size)
    for (auto* v : {&out.unmatched_outer, &out.gap_begin, &out.gap_end, &out.matched_outer,
                    &out.matched_partner, &out.lo, &out.hi, &out.last_below, &out.last_below_2})
      v->resize(size);
  out.unmatched = out.gaps = out.matched = 0;
  if (!condition_possible_) {  // nothing matches: every iteration is left over
    for (std::int32_t u = 1; u <= n; ++u) out.unmatched_outer[u - 1] = u;
    out.unmatched = static_cast<std::size_t>(n);
    out.next_partner = 1;
    return;
  }
  (this->*(branchy && branchy_ ? branchy_ : branchless_))(logs, out);
}

// last[w] = the last partner iteration v whose log in `slot` is w. Its running
// maximum over w < u is the last v that logged less than u, since logs never
// decrease. Neither the scatter nor the running maximum branches on the data.
void MatchingSweep::index_partner_log(const LaneLogs& logs, int slot, std::int32_t* last) const {
  const std::int32_t n = logs.iterations;
  const std::int32_t* other = logs.log[1 - outer_] + slot;
  const std::size_t step = logs.step[1 - outer_];
  std::fill(last, last + n + 1, 0);
  for (std::int32_t v = 1; v <= n; ++v) last[other[static_cast<std::size_t>(v - 1) * step]] = v;
}

// Branchless, one pass: an outer atom bounds v by its logged value; a partner
// saw-write atom starts the range after the last v whose log is below u, a
// saw-initial atom ends it there.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial, bool Record>
void MatchingSweep::fused(const LaneLogs& logs, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const std::size_t step = logs.step[outer_];
  const std::int32_t* own_write = logs.log[outer_] + (OwnWrite ? atoms_.own_write[0] : 0);
  const std::int32_t* own_initial = logs.log[outer_] + (OwnInitial ? atoms_.own_initial[0] : 0);
  if (PartnerWrite) index_partner_log(logs, atoms_.partner_write[0], out.last_below.data());
  if (PartnerInitial) index_partner_log(logs, atoms_.partner_initial[0], out.last_below_2.data());
  const std::int32_t* last_write = out.last_below.data();
  const std::int32_t* last_initial = out.last_below_2.data();
  std::int32_t* unmatched = out.unmatched_outer.data();
  std::int32_t* gap_begin = out.gap_begin.data();
  std::int32_t* gap_end = out.gap_end.data();
  std::int32_t* matched_u = out.matched_outer.data();
  std::int32_t* matched_v = out.matched_partner.data();
  std::size_t misses = 0, hits = 0, gaps = 0;
  std::int32_t below_write = 0, below_initial = 0;
  std::int32_t p = 1;
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
    if (Record) {
      matched_u[hits] = u;
      matched_v[hits] = v;
    }
    hits += ok;
    gap_begin[gaps] = p;
    gap_end[gaps] = v;
    gaps += ok & (v > p);
    p = ok ? v + 1 : p;
  }
  out.unmatched = misses;
  out.matched = hits;
  out.gaps = gaps;
  out.next_partner = p;
}

// Branching: the partner's saw-initial atom is checked at the candidate only
// (its log never decreases, so no later v passes if the candidate fails),
// which keeps a load and a compare off the path from one p to the next.
template <int OwnWrite, int OwnInitial, int PartnerInitial, bool Record>
void MatchingSweep::branching(const LaneLogs& logs, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const std::size_t step = logs.step[outer_];
  const std::size_t other_step = logs.step[1 - outer_];
  // Logs shifted so that iteration k is at k * step.
  const std::int32_t* own_write = logs.log[outer_] + (OwnWrite ? atoms_.own_write[0] : 0) - step;
  const std::int32_t* own_initial =
      logs.log[outer_] + (OwnInitial ? atoms_.own_initial[0] : 0) - step;
  const std::int32_t* other_initial =
      logs.log[1 - outer_] + (PartnerInitial ? atoms_.partner_initial[0] : 0) - other_step;
  // Locals, so stores through them do not make the compiler reload `out`.
  std::int32_t* unmatched = out.unmatched_outer.data();
  std::int32_t* gap_begin = out.gap_begin.data();
  std::int32_t* gap_end = out.gap_end.data();
  std::int32_t* matched_u = out.matched_outer.data();
  std::int32_t* matched_v = out.matched_partner.data();
  std::size_t misses = 0, hits = 0, gaps = 0;
  std::int32_t p = 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    std::int32_t v = p;
    std::int32_t hi = n;
    if (OwnWrite) hi = std::min(hi, own_write[static_cast<std::size_t>(u) * step]);
    if (OwnInitial) v = std::max(v, own_initial[static_cast<std::size_t>(u) * step] + 1);
    const bool ok =
        v <= hi && (!PartnerInitial || other_initial[static_cast<std::size_t>(v) * other_step] < u);
    if (ok) [[likely]] {
      if (v > p) [[unlikely]] {
        gap_begin[gaps] = p;
        gap_end[gaps++] = v;
      }
      if (Record) {
        matched_u[hits] = u;
        matched_v[hits] = v;
      }
      ++hits;
      p = v + 1;
    } else {
      unmatched[misses++] = u;
    }
  }
  out.unmatched = misses;
  out.matched = hits;
  out.gaps = gaps;
  out.next_partner = p;
}

// Any number of atoms: the bounds of every u first, then the same sweep.
void MatchingSweep::general(const LaneLogs& logs, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  const std::size_t own_step = logs.step[outer_];
  std::int32_t* lo = out.lo.data();
  std::int32_t* hi = out.hi.data();
  std::fill(lo + 1, lo + n + 1, 1);
  std::fill(hi + 1, hi + n + 1, n);
  for (int slot : atoms_.own_write)
    for (std::int32_t u = 1; u <= n; ++u)
      hi[u] = std::min(hi[u], own[static_cast<std::size_t>(u - 1) * own_step + slot]);
  for (int slot : atoms_.own_initial)
    for (std::int32_t u = 1; u <= n; ++u)
      lo[u] = std::max(lo[u], own[static_cast<std::size_t>(u - 1) * own_step + slot] + 1);
  const auto partner_split = [&](int slot, bool saw_write) {
    index_partner_log(logs, slot, out.last_below.data());
    std::int32_t below = 0;
    for (std::int32_t u = 1; u <= n; ++u) {
      below = std::max(below, out.last_below[u - 1]);
      if (saw_write) {
        lo[u] = std::max(lo[u], below + 1);
      } else {
        hi[u] = std::min(hi[u], below);
      }
    }
  };
  for (int slot : atoms_.partner_write) partner_split(slot, true);
  for (int slot : atoms_.partner_initial) partner_split(slot, false);
  std::size_t misses = 0, hits = 0, gaps = 0;
  std::int32_t p = 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    const std::int32_t v = std::max(p, lo[u]);
    const bool ok = v <= hi[u];
    out.unmatched_outer[misses] = u;
    misses += !ok;
    out.matched_outer[hits] = u;
    out.matched_partner[hits] = v;
    hits += ok;
    out.gap_begin[gaps] = p;
    out.gap_end[gaps] = v;
    gaps += ok & (v > p);
    p = ok ? v + 1 : p;
  }
  out.unmatched = misses;
  out.matched = hits;
  out.gaps = gaps;
  out.next_partner = p;
}

}  // namespace litmuslab::run
