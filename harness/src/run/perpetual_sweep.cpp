#include "perpetual_sweep.hpp"

#include "branching_sweep.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace litmuslab::run {
namespace {

using sweep::add_pairs;
using sweep::add_range;
using sweep::first_at_least;

// Logs are 0-based arrays of 1-based iterations: iteration k is at a[k - 1].
// Both searches step over eight values at once where the log's monotonicity
// allows: a[j + 7] == a[j] means the eight are equal.

// The first iteration after k whose value differs from iteration k's, or n + 1.
std::int32_t run_end(const std::int32_t* a, std::int32_t k, std::int32_t n) {
  const std::int32_t value = a[k - 1];
  std::int32_t j = k + 1;
  while (j + 7 <= n && a[j + 6] == value) j += 8;
  while (j <= n && a[j - 1] == value) ++j;
  return j;
}

}  // namespace

MatchingSweep::MatchingSweep(int outer, SweepAtoms atoms, bool condition_possible,
                             bool record_matches)
    : outer_(outer),
      atoms_(std::move(atoms)),
      condition_possible_(condition_possible),
      record_(record_matches) {
  const std::size_t ow = atoms_.own_write.size(), oi = atoms_.own_initial.size();
  const std::size_t pw = atoms_.partner_write.size(), pi = atoms_.partner_initial.size();
  no_match_ = no_match_proof_for(ow, oi, pw, pi);
  wide_ = wide_form_for(ow, oi, pw, pi);
  if (ow > 1 || oi > 1 || pw > 1 || pi > 1) {
    branchless_ = &MatchingSweep::general;
    return;
  }
  // Every combination of at most one atom per kind, indexed by its bits.
  const auto fused_table = []<std::size_t... C>(std::index_sequence<C...>) {
    return std::array<Form, sizeof...(C)>{
        &MatchingSweep::fused<(C >> 3) & 1, (C >> 2) & 1, (C >> 1) & 1, C & 1>...};
  }
  (std::make_index_sequence<16>{});
  const auto branching_table = []<std::size_t... C>(std::index_sequence<C...>) {
    return std::array<Form, sizeof...(C)>{
        &MatchingSweep::branching<(C >> 3) & 1, (C >> 2) & 1, (C >> 1) & 1, C & 1>...};
  }
  (std::make_index_sequence<16>{});
  branchless_ = fused_table[ow * 8 + oi * 4 + pw * 2 + pi];
  branching_ = branching_table[ow * 8 + oi * 4 + pw * 2 + pi];
}

void MatchingSweep::run(const LaneLogs& logs, SweepForm kind, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  out.outer_left.clear();
  out.partner_left.clear();
  out.matched.clear();
  out.matches = 0;
  out.steps = 0;
  if (!condition_possible_) {  // nothing matches: every iteration is left over
    add_range(out.outer_left, 1, n + 1);
    add_range(out.partner_left, 1, n + 1);
    return;
  }
  if (kind == SweepForm::segments) return segments(logs, out);
  const auto size = static_cast<std::size_t>(n) + 2;
  if (out.misses.size() < size)
    for (auto* v : {&out.lo, &out.hi, &out.last_below, &out.last_below_2, &out.misses,
                    &out.gap_begin, &out.gap_end})
      v->resize(size);
  Form form = branchless_;
  if (kind == SweepForm::wide || kind == SweepForm::branching)
    form = branching_ ? branching_ : form;
  if (kind == SweepForm::wide) form = wide_ ? wide_ : form;
  (this->*form)(logs, out);
}

// Segments: between two changes of any log that bounds the range, lo and hi
// are constant, so the iterations there take consecutive partners from
// max(p, lo) until hi, and the rest are left over.
void MatchingSweep::segments(const LaneLogs& logs, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  const std::int32_t* other = logs.log[1 - outer_];
  struct Bound {
    const std::int32_t* log;
    bool partner;
    bool lower;              // bounds lo (else hi)
    std::int32_t value = 0;  // own: the log at u; partner: the last v whose log is below u
    std::int32_t next = 0;   // the iteration where value changes
  };
  std::vector<Bound> bounds;
  const auto slot = [n](const std::int32_t* base, int s) {
    return base + static_cast<std::size_t>(s) * n;
  };
  for (int s : atoms_.own_write) bounds.push_back({slot(own, s), false, false});
  for (int s : atoms_.own_initial) bounds.push_back({slot(own, s), false, true});
  for (int s : atoms_.partner_write) bounds.push_back({slot(other, s), true, true});
  for (int s : atoms_.partner_initial) bounds.push_back({slot(other, s), true, false});
  const auto update = [n](Bound& b, std::int32_t u) {
    if (b.partner) {
      b.value = first_at_least(b.log, b.value + 1, n, u) - 1;
      b.next = b.value < n ? b.log[b.value] + 1 : n + 1;
    } else {
      b.value = b.log[u - 1];
      b.next = run_end(b.log, u, n);
    }
  };
  for (Bound& b : bounds) update(b, 1);
  std::int32_t p = 1;
  std::uint64_t found = 0;
  std::size_t steps = 0;
  for (std::int32_t u = 1; u <= n; ++steps) {
    std::int32_t lo = 1, hi = n, end = n + 1;
    for (const Bound& b : bounds) {
      // Own saw-write: v <= log; own saw-initial: v > log. Partner
      // saw-write: v > last below u; partner saw-initial: v <= last below u.
      if (b.lower) {
        lo = std::max(lo, b.value + 1);
      } else {
        hi = std::min(hi, b.value);
      }
      end = std::min(end, b.next);
    }
    const std::int32_t length = end - u;
    const std::int32_t v = std::max(p, lo);
    const std::int32_t taken = v <= hi ? std::min(length, hi - v + 1) : 0;
    if (taken > 0) {
      add_range(out.partner_left, p, v);
      if (record_) add_pairs(out.matched, u, v, taken);
      found += static_cast<std::uint64_t>(taken);
      p = v + taken;
    }
    add_range(out.outer_left, u + taken, end);
    u = end;
    if (u > n) break;
    for (Bound& b : bounds)
      if (b.next == u) update(b, u);
  }
  add_range(out.partner_left, p, n + 1);
  out.matches = found;
  out.steps = steps;
}

// last[w] = the last partner iteration v whose log in `slot` is w. Its running
// maximum over w < u is the last v that logged less than u, since logs never
// decrease. Neither the scatter nor the running maximum branches on the data.
void MatchingSweep::index_partner_log(const LaneLogs& logs, int slot, std::int32_t* last) const {
  const std::int32_t n = logs.iterations;
  const std::int32_t* other = logs.log[1 - outer_] + static_cast<std::size_t>(slot) * n;
  std::fill(last, last + n + 1, 0);
  for (std::int32_t v = 1; v <= n; ++v) last[other[v - 1]] = v;
}

void MatchingSweep::collect(std::size_t misses, std::size_t gaps, std::int32_t p, std::int32_t n,
                            SweepResult& out) const {
  // Consecutive misses make one range; most of them are consecutive.
  const std::int32_t* miss = out.misses.data();
  for (std::size_t i = 0; i < misses;) {
    std::size_t j = i + 1;
    while (j < misses && miss[j] == miss[j - 1] + 1) ++j;
    add_range(out.outer_left, miss[i], miss[j - 1] + 1);
    i = j;
  }
  for (std::size_t g = 0; g < gaps; ++g)
    add_range(out.partner_left, out.gap_begin[g], out.gap_end[g]);
  add_range(out.partner_left, p, n + 1);
  out.steps = static_cast<std::size_t>(n);
}

// Branchless, one pass: an outer atom bounds v by its logged value; a partner
// saw-write atom starts the range after the last v whose log is below u, a
// saw-initial atom ends it there. Matches are recorded only by `general`.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
void MatchingSweep::fused(const LaneLogs& logs, SweepResult& out) const {
  if (record_) return general(logs, out);
  const std::int32_t n = logs.iterations;
  const sweep::AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial> atom_logs(logs, outer_,
                                                                                      atoms_);
  const std::int32_t* own_write = atom_logs.own_write;
  const std::int32_t* own_initial = atom_logs.own_initial;
  if (PartnerWrite) index_partner_log(logs, atoms_.partner_write[0], out.last_below.data());
  if (PartnerInitial) index_partner_log(logs, atoms_.partner_initial[0], out.last_below_2.data());
  const std::int32_t* last_write = out.last_below.data();
  const std::int32_t* last_initial = out.last_below_2.data();
  std::int32_t* misses = out.misses.data();
  std::int32_t* gap_begin = out.gap_begin.data();
  std::int32_t* gap_end = out.gap_end.data();
  std::size_t missed = 0, hits = 0, gaps = 0;
  std::int32_t below_write = 0, below_initial = 0;
  std::int32_t p = 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    std::int32_t v = p;
    std::int32_t hi = n;
    if (OwnWrite) hi = std::min(hi, own_write[u - 1]);
    if (OwnInitial) v = std::max(v, own_initial[u - 1] + 1);
    if (PartnerWrite) {
      below_write = std::max(below_write, last_write[u - 1]);
      v = std::max(v, below_write + 1);
    }
    if (PartnerInitial) {
      below_initial = std::max(below_initial, last_initial[u - 1]);
      hi = std::min(hi, below_initial);
    }
    const bool ok = v <= hi;
    misses[missed] = u;
    missed += !ok;
    hits += ok;
    gap_begin[gaps] = p;
    gap_end[gaps] = v;
    gaps += ok & (v > p);
    p = ok ? v + 1 : p;
  }
  out.matches = hits;
  collect(missed, gaps, p, n, out);
}

// Branching: the partner's saw-initial atom is checked at the candidate only
// (its log never decreases, so no later v passes if the candidate fails), and
// its saw-write atom's start (the first v whose log reaches u) comes from a
// cursor that only moves forward. Blocks of eight iterations are settled at
// once where the logs' ends allow:
//  - all match, at p, p+1, ...: lo at the block's end is at most p, hi at its
//    start at least p+7, and the partner's saw-initial log at p+7 is below
//    the block's first u;
//  - none matches: max(p, lo) at the block's start is above hi at its end, or
//    the partner's saw-initial log at that candidate reaches the block's last u.
// Logs never decrease, so these checks at the ends hold for the whole block.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
void MatchingSweep::branching(const LaneLogs& lane, SweepResult& out) const {
  constexpr std::int32_t kBlock = 8;
  const sweep::AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial> logs(lane, outer_,
                                                                                 atoms_);
  const std::int32_t n = logs.n;
  sweep::BranchingState state(out, record_);
  // The partner's saw-write atom starts the range at the first v whose log
  // reaches u: `reach` for the current u, found from the previous one's.
  std::int32_t reach = 1;
  const auto reach_at = [&](std::int32_t u) {
    return PartnerWrite ? sweep::first_at_least(logs.other_write, reach, n, u) : 1;
  };
  // Whether u, u + 1, ..., u + length - 1 all take p, p + 1, ...: lo never
  // decreases, so lo at u above p rules the block out before the search for
  // lo at its end.
  const auto all_take_p = [&](std::int32_t u, std::int32_t length) {
    const std::int32_t p = state.p(), last = u + length - 1, top = p + length - 1;
    return logs.candidate(u, p, reach) <= p && top <= logs.hi(u) &&
           (!PartnerInitial || logs.other_initial[top - 1] < u) &&
           logs.candidate(last, p, reach_at(last)) <= p;
  };
  std::int32_t u = 1;
  while (u <= n) {
    reach = reach_at(u);
    if (u + kBlock - 1 <= n) {
      if (all_take_p(u, kBlock)) {
        state.take_run(u, kBlock);
        u += kBlock;
        continue;
      }
      const std::int32_t last = u + kBlock - 1;
      const std::int32_t v = logs.candidate(u, state.p(), reach);
      if (v > logs.hi(last) || (PartnerInitial && logs.other_initial[v - 1] >= last)) {
        state.miss(u, u + kBlock);
        u += kBlock;
        continue;
      }
      // Half a block: logs that change every dozen or so iterations leave
      // room for one between two changes more often than for a whole one.
      if (all_take_p(u, kBlock / 2)) {
        state.take_run(u, kBlock / 2);
        u += kBlock / 2;
        continue;
      }
    }
    state.step(logs, u, reach);
    ++u;
  }
  const std::size_t gaps = state.finish();
  collect(0, gaps, state.p(), n, out);
}

// Any number of atoms: the bounds of every u first, then the same sweep.
void MatchingSweep::general(const LaneLogs& logs, SweepResult& out) const {
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  std::int32_t* lo = out.lo.data();
  std::int32_t* hi = out.hi.data();
  std::fill(lo + 1, lo + n + 1, 1);
  std::fill(hi + 1, hi + n + 1, n);
  for (int slot : atoms_.own_write)
    for (std::int32_t u = 1; u <= n; ++u)
      hi[u] = std::min(hi[u], own[static_cast<std::size_t>(slot) * n + u - 1]);
  for (int slot : atoms_.own_initial)
    for (std::int32_t u = 1; u <= n; ++u)
      lo[u] = std::max(lo[u], own[static_cast<std::size_t>(slot) * n + u - 1] + 1);
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
  std::size_t missed = 0, gaps = 0;
  std::uint64_t hits = 0;
  std::int32_t p = 1;
  for (std::int32_t u = 1; u <= n; ++u) {
    const std::int32_t v = std::max(p, lo[u]);
    const bool ok = v <= hi[u];
    out.misses[missed] = u;
    missed += !ok;
    if (ok && record_) add_pairs(out.matched, u, v, 1);
    hits += ok;
    out.gap_begin[gaps] = p;
    out.gap_end[gaps] = v;
    gaps += ok & (v > p);
    p = ok ? v + 1 : p;
  }
  out.matches = hits;
  collect(missed, gaps, p, n, out);
}

}  // namespace litmuslab::run
