// The branching sweep in blocks of sixteen, on CPUs with AVX-512. Where the
// narrow form checks a block of eight at its ends (which fails whenever a log
// changes inside it, every dozen or so iterations in this host's faster
// minutes), this one compares every entry of the block in one instruction per
// atom, takes its leading matches (or misses) at once, and settles the entry
// that stopped them alone:
//  - u + i takes p + i when lo(u + i) <= p + i <= hi(u + i). Each atom is then
//    one comparison of a log entry with u + i or p + i: lo <= p + i holds for
//    the partner's saw-write atom when its log at p + i reaches u + i;
//  - u + i misses, while p stays, when max(p, lo) > hi. The partner's bounds
//    need a search per u, so this uses what holds for the whole block: lo is
//    at least the saw-write cursor at u, and the saw-initial log at the
//    block's first candidate is at most its log at any later one.
// On SB lanes captured in both of this host's speeds it took 25-35% less time
// than the narrow form; both find the same pairs (perpetual_reconstruction_test).
#include <array>
#include <utility>

#include "branching_sweep.hpp"
#include "perpetual_sweep.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace litmuslab::run {

#if defined(__x86_64__)

template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
void MatchingSweep::branching_wide(const LaneLogs& lane, SweepResult& out) const {
  constexpr std::int32_t kBlock = 16;
  constexpr __mmask16 kAll = 0xffff;
  const sweep::AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial> logs(lane, outer_,
                                                                                 atoms_);
  const std::int32_t n = logs.n;
  sweep::BranchingState state(out, record_);
  const __m512i steps = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  std::int32_t reach = 1;  // the first v whose saw-write log reaches u
  std::int32_t u = 1;
  while (u <= n) {
    if (PartnerWrite) reach = sweep::first_at_least(logs.other_write, reach, n, u);
    const std::int32_t p = state.p();
    if (u + kBlock - 1 <= n && p + kBlock - 1 <= n) {
      const __m512i us = _mm512_add_epi32(_mm512_set1_epi32(u), steps);
      const __m512i ps = _mm512_add_epi32(_mm512_set1_epi32(p), steps);
      __mmask16 take = kAll;
      if (OwnWrite) take &= _mm512_cmpge_epi32_mask(_mm512_loadu_si512(logs.own_write + u - 1), ps);
      if (OwnInitial)
        take &= _mm512_cmplt_epi32_mask(_mm512_loadu_si512(logs.own_initial + u - 1), ps);
      if (PartnerWrite)
        take &= _mm512_cmpge_epi32_mask(_mm512_loadu_si512(logs.other_write + p - 1), us);
      if (PartnerInitial)
        take &= _mm512_cmplt_epi32_mask(_mm512_loadu_si512(logs.other_initial + p - 1), us);
      // A whole block moves u and p by a constant: the branch is predicted
      // and the next block's loads need not wait for this one's.
      if (take == kAll) {
        state.take_run(u, kBlock);
        u += kBlock;
        continue;
      }
      if (const int taken = __builtin_ctz(~static_cast<unsigned>(take)); taken > 0) {
        state.take_run(u, taken);
        u += taken;
        if (PartnerWrite) reach = sweep::first_at_least(logs.other_write, reach, n, u);
      } else {
        const std::int32_t first = logs.candidate(u, p, reach);
        __m512i firsts = _mm512_set1_epi32(PartnerWrite ? std::max(p, reach) : p);
        if (OwnInitial) {
          // max(firsts, lo), as a blend: GCC 12 warns inside _mm512_max_epi32.
          const __m512i lo =
              _mm512_add_epi32(_mm512_loadu_si512(logs.own_initial + u - 1), _mm512_set1_epi32(1));
          firsts = _mm512_mask_blend_epi32(_mm512_cmplt_epi32_mask(firsts, lo), firsts, lo);
        }
        __mmask16 missed = _mm512_cmpgt_epi32_mask(
            firsts, OwnWrite ? _mm512_loadu_si512(logs.own_write + u - 1) : _mm512_set1_epi32(n));
        if (PartnerInitial && first <= n)
          missed |= _mm512_cmpge_epi32_mask(_mm512_set1_epi32(logs.other_initial[first - 1]), us);
        if (missed == kAll) {
          state.miss(u, u + kBlock);
          u += kBlock;
          continue;
        }
        if (const int skipped = __builtin_ctz(~static_cast<unsigned>(missed)); skipped > 0) {
          state.miss(u, u + skipped);
          u += skipped;
          if (PartnerWrite) reach = sweep::first_at_least(logs.other_write, reach, n, u);
        }
      }
    }
    state.step(logs, u, reach);
    ++u;
  }
  const std::size_t gaps = state.finish();
  collect(0, gaps, state.p(), n, out);
}

MatchingSweep::Form MatchingSweep::wide_form_for(std::size_t own_write, std::size_t own_initial,
                                                 std::size_t partner_write,
                                                 std::size_t partner_initial) {
  if (own_write > 1 || own_initial > 1 || partner_write > 1 || partner_initial > 1) return nullptr;
  if (!__builtin_cpu_supports("avx512f")) return nullptr;
  const auto table = []<std::size_t... C>(std::index_sequence<C...>) {
    return std::array<Form, sizeof...(C)>{
        &MatchingSweep::branching_wide<(C >> 3) & 1, (C >> 2) & 1, (C >> 1) & 1, C & 1>...};
  }
  (std::make_index_sequence<16>{});
  return table[own_write * 8 + own_initial * 4 + partner_write * 2 + partner_initial];
}

#else

MatchingSweep::Form MatchingSweep::wide_form_for(std::size_t, std::size_t, std::size_t,
                                                 std::size_t) {
  return nullptr;
}

#endif

}  // namespace litmuslab::run
