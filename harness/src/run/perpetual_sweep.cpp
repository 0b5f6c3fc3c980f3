#include "perpetual_sweep.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace litmuslab::run {
namespace {

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

// The first iteration from `from` on whose value is at least x, or n + 1.
std::int32_t first_at_least(const std::int32_t* a, std::int32_t from, std::int32_t n,
                            std::int32_t x) {
  std::int32_t j = from;
  while (j + 7 <= n && a[j + 6] < x) j += 8;
  while (j <= n && a[j - 1] < x) ++j;
  return j;
}

void add_range(std::vector<IterationRange>& ranges, std::int32_t begin, std::int32_t end) {
  if (begin >= end) return;
  if (!ranges.empty() && ranges.back().end == begin) {
    ranges.back().end = end;
  } else {
    ranges.push_back({begin, end});
  }
}

void add_pairs(std::vector<PairRun>& runs, std::int32_t u, std::int32_t v, std::int32_t length) {
  if (!runs.empty() && runs.back().outer + runs.back().length == u &&
      runs.back().partner + runs.back().length == v) {
    runs.back().length += length;
  } else {
    runs.push_back({u, v, length});
  }
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

void MatchingSweep::run(const LaneLogs& logs, SweepKind kind, SweepResult& out) const {
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
  if (kind == SweepKind::segments) return segments(logs, out);
  const auto size = static_cast<std::size_t>(n) + 2;
  if (out.misses.size() < size)
    for (auto* v : {&out.lo, &out.hi, &out.last_below, &out.last_below_2, &out.misses,
                    &out.gap_begin, &out.gap_end})
      v->resize(size);
  const Form form = kind == SweepKind::branching && branching_ ? branching_ : branchless_;
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
  const std::int32_t* own = logs.log[outer_];
  const std::int32_t* own_write = own + (OwnWrite ? atoms_.own_write[0] * std::size_t(n) : 0);
  const std::int32_t* own_initial = own + (OwnInitial ? atoms_.own_initial[0] * std::size_t(n) : 0);
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
void MatchingSweep::branching(const LaneLogs& logs, SweepResult& out) const {
  constexpr std::int32_t kBlock = 8;
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  const std::int32_t* other = logs.log[1 - outer_];
  const std::int32_t* own_write = own + (OwnWrite ? atoms_.own_write[0] * std::size_t(n) : 0);
  const std::int32_t* own_initial = own + (OwnInitial ? atoms_.own_initial[0] * std::size_t(n) : 0);
  const std::int32_t* other_write =
      other + (PartnerWrite ? atoms_.partner_write[0] * std::size_t(n) : 0);
  const std::int32_t* other_initial =
      other + (PartnerInitial ? atoms_.partner_initial[0] * std::size_t(n) : 0);
  // The partner's saw-write atom starts the range at the first v whose log
  // reaches u: `reach` for the current u, found from the previous one's.
  std::int32_t reach = 1;
  const auto lo_at = [&](std::int32_t u, std::int32_t first_reaching) {
    const std::int32_t lo = OwnInitial ? own_initial[u - 1] + 1 : 1;
    return PartnerWrite ? std::max(lo, first_reaching) : lo;
  };
  const auto hi_at = [&](std::int32_t u) { return OwnWrite ? std::min(n, own_write[u - 1]) : n; };
  std::int32_t* gap_begin = out.gap_begin.data();
  std::int32_t* gap_end = out.gap_end.data();
  std::size_t gaps = 0;
  std::uint64_t hits = 0;
  std::int32_t p = 1;
  std::int32_t miss_begin = 0, miss_end = 0;  // the current run of misses
  const auto miss = [&](std::int32_t from, std::int32_t to) {
    if (from != miss_end) {
      add_range(out.outer_left, miss_begin, miss_end);
      miss_begin = from;
    }
    miss_end = to;
  };
  std::int32_t u = 1;
  while (u <= n) {
    if (PartnerWrite) reach = first_at_least(other_write, reach, n, u);
    const std::int32_t lo = lo_at(u, reach);
    if (u + kBlock - 1 <= n) {
      const std::int32_t last = u + kBlock - 1;
      const std::int32_t top = p + kBlock - 1;
      // lo never decreases, so lo at u above p rules the block out before
      // the search for lo at its end.
      if (lo <= p && top <= hi_at(u) && (!PartnerInitial || other_initial[top - 1] < u) &&
          lo_at(last, PartnerWrite ? first_at_least(other_write, reach, n, last) : 1) <= p) {
        if (record_) add_pairs(out.matched, u, p, kBlock);
        hits += kBlock;
        p += kBlock;
        u += kBlock;
        continue;
      }
      const std::int32_t v = std::max(p, lo);
      if (v > hi_at(last) || (PartnerInitial && other_initial[v - 1] >= last)) {
        miss(u, u + kBlock);
        u += kBlock;
        continue;
      }
      // Half a block: logs that change every dozen or so iterations leave
      // room for one between two changes more often than for a whole one.
      constexpr std::int32_t kHalf = kBlock / 2;
      const std::int32_t half_last = u + kHalf - 1;
      const std::int32_t half_top = p + kHalf - 1;
      if (lo <= p && half_top <= hi_at(u) && (!PartnerInitial || other_initial[half_top - 1] < u) &&
          lo_at(half_last, PartnerWrite ? first_at_least(other_write, reach, n, half_last) : 1) <=
              p) {
        if (record_) add_pairs(out.matched, u, p, kHalf);
        hits += kHalf;
        p += kHalf;
        u += kHalf;
        continue;
      }
    }
    const std::int32_t v = std::max(p, lo);
    const bool ok = v <= hi_at(u) && (!PartnerInitial || other_initial[v - 1] < u);
    if (ok) {
      // Unconditional stores: a partner gap opens whenever the outer log jumps
      // ahead, often enough that a branch on it would be mispredicted.
      gap_begin[gaps] = p;
      gap_end[gaps] = v;
      gaps += v > p;
      if (record_) add_pairs(out.matched, u, v, 1);
      ++hits;
      p = v + 1;
    } else {
      miss(u, u + 1);
    }
    ++u;
  }
  add_range(out.outer_left, miss_begin, miss_end);
  out.matches = hits;
  collect(0, gaps, p, n, out);
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
