// A lane where no pair can satisfy the condition, proved without the sweep.
//
// Ignoring which partners earlier iterations took, u can only pair with v in
// [lo, hi] from its own atoms, and a partner atom's log never decreases: a
// saw-write atom is likeliest to hold at the largest such v, a saw-initial
// one at the smallest. So one look per u settles whether u could match at
// all, and when none could, every iteration is left over. Unlike the sweep's
// steps, no u here waits for the one before, so the loop runs as fast as the
// loads come in (and with own atoms only, in vector instructions). On this
// host it is the common case: x86-TSO forbids the conditions of MP, LB, CoRR
// and every fenced or seq_cst variant.
#include <algorithm>
#include <array>
#include <utility>

#include "atom_logs.hpp"
#include "perpetual_sweep.hpp"
#include "vector_clones.hpp"

namespace litmuslab::run {

namespace {

// No u in [begin, end) could match any v. Always inlined: a call here would
// run the caller's vector clone's loop in the default build.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
[[gnu::always_inline]] inline bool none_in(
    const sweep::AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial>& logs,
    std::int32_t begin, std::int32_t end) {
  const std::int32_t n = logs.n;
  int possible = 0;
  for (std::int32_t u = begin; u < end; ++u) {
    const std::int32_t lo = logs.own_lo(u), hi = logs.hi(u);
    int could = lo <= hi;
    // The clamps only keep the look in bounds where lo > hi has settled it.
    if (PartnerWrite) could &= logs.other_write[std::max(hi, 1) - 1] >= u;
    if (PartnerInitial) could &= logs.other_initial[std::min(lo, n) - 1] < u;
    possible |= could;
  }
  return !possible;
}

}  // namespace

template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
LITMUSLAB_VECTOR_CLONES bool MatchingSweep::no_pair_can_match_in(const LaneLogs& lane,
                                                                 IterationRange outer) const {
  static_assert(!(PartnerWrite && PartnerInitial), "one look per u cannot settle both");
  const sweep::AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial> logs(lane, outer_,
                                                                                 atoms_);
  if (!PartnerWrite) return none_in(logs, outer.begin, outer.end);
  // A partner look is a load at a place computed from u's own log, which
  // compilers leave scalar. But for a saw-write atom that place never moves
  // back, so in a block the partner's log is at most its value at the
  // block's last u, and when that is below the block's first u, no u of the
  // block can match. In LB-like tests the margin is a round trip between the
  // threads, and on this host 99% of blocks of sixteen are settled so. (A
  // saw-initial atom has the mirror check, but in SB-like tests the threads
  // run in step and it almost never settles a block.)
  constexpr std::int32_t kBlock = 16;
  std::int32_t u = outer.begin;
  for (; u + kBlock <= outer.end; u += kBlock) {
    const std::int32_t place = std::max(logs.hi(u + kBlock - 1), 1);
    if (logs.other_write[place - 1] >= u && !none_in(logs, u, u + kBlock)) return false;
  }
  return none_in(logs, u, outer.end);
}

MatchingSweep::NoMatchProof MatchingSweep::no_match_proof_for(std::size_t own_write,
                                                              std::size_t own_initial,
                                                              std::size_t partner_write,
                                                              std::size_t partner_initial) {
  if (own_write > 1 || own_initial > 1 || partner_write + partner_initial > 1) return nullptr;
  const auto table = []<std::size_t... C>(std::index_sequence<C...>) {
    // Index: own write, own initial, partner atom (0 none, 1 saw-write, 2 saw-initial).
    return std::array<NoMatchProof, sizeof...(C)>{
        &MatchingSweep::no_pair_can_match_in<(C / 6) & 1, (C / 3) & 1, C % 3 == 1, C % 3 == 2>...};
  }
  (std::make_index_sequence<12>{});
  return table[own_write * 6 + own_initial * 3 + (partner_write ? 1 : partner_initial ? 2 : 0)];
}

}  // namespace litmuslab::run
