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

#include "perpetual_sweep.hpp"
#include "vector_clones.hpp"

namespace litmuslab::run {

namespace {

// Whether u could match some v, ignoring which partners earlier u took.
template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
struct PossibleMatch {
  [[gnu::always_inline]] std::int32_t lo(std::int32_t u) const {
    return OwnInitial ? own_initial[u - 1] + 1 : 1;
  }
  [[gnu::always_inline]] std::int32_t hi(std::int32_t u) const {
    return OwnWrite ? own_write[u - 1] : n;  // logs hold iterations <= n
  }
  // No u in [begin, end) could match. Always inlined: a call here would run
  // the caller's vector clone's loop in the default build.
  [[gnu::always_inline]] bool none_in(std::int32_t begin, std::int32_t end) const {
    int possible = 0;
    for (std::int32_t u = begin; u < end; ++u) {
      int could = lo(u) <= hi(u);
      // The clamps only keep the look in bounds where lo > hi has settled it.
      if (PartnerWrite) could &= other_write[std::max(hi(u), 1) - 1] >= u;
      if (PartnerInitial) could &= other_initial[std::min(lo(u), n) - 1] < u;
      possible |= could;
    }
    return !possible;
  }

  std::int32_t n;
  const std::int32_t* own_write;
  const std::int32_t* own_initial;
  const std::int32_t* other_write;
  const std::int32_t* other_initial;
};

}  // namespace

template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
LITMUSLAB_VECTOR_CLONES bool MatchingSweep::no_pair_can_match_in(const LaneLogs& logs,
                                                                 IterationRange outer) const {
  static_assert(!(PartnerWrite && PartnerInitial), "one look per u cannot settle both");
  const std::int32_t n = logs.iterations;
  const std::int32_t* own = logs.log[outer_];
  const std::int32_t* other = logs.log[1 - outer_];
  const PossibleMatch<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial> look{
      n, own + (OwnWrite ? atoms_.own_write[0] * std::size_t(n) : 0),
      own + (OwnInitial ? atoms_.own_initial[0] * std::size_t(n) : 0),
      other + (PartnerWrite ? atoms_.partner_write[0] * std::size_t(n) : 0),
      other + (PartnerInitial ? atoms_.partner_initial[0] * std::size_t(n) : 0)};
  if (!PartnerWrite) return look.none_in(outer.begin, outer.end);
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
    const std::int32_t place = std::max(look.hi(u + kBlock - 1), 1);
    if (look.other_write[place - 1] >= u && !look.none_in(u, u + kBlock)) return false;
  }
  return look.none_in(u, outer.end);
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
