// Step 1 of perpetual reconstruction: the maximum set of disjoint pairs of
// iterations that satisfy the condition (see perpetual_reconstruction.hpp).
//
// Walking the outer thread's iterations u in turn, the partners v that make a
// matching pair are lo(u) <= v <= hi(u), and both ends never decrease with u.
// Each u takes max(p, lo(u)) when that is <= hi(u), where p is the first
// partner not yet passed: every v < p is matched, or below the range of every
// later u. Three forms compute the same pairs (and perpetual_no_match.cpp
// skips the sweep for a lane where no u could match at all):
//  - segments: lo and hi only change where a log changes value, and logs
//    here hold runs of tens of equal values (a load sees one value until the
//    line comes back). Between changes, the u take consecutive partners until
//    hi is reached, so a run costs a few steps whatever its length;
//  - branching: one u at a time, branching on whether it matched; fast when
//    nearly all match or nearly none do, so the branch is predictable. Blocks
//    of eight are settled at once where their ends allow, and on CPUs with
//    AVX-512 the wide variant settles blocks of sixteen entry by entry
//    (perpetual_sweep_wide.cpp);
//  - branchless: one u at a time from precomputed bounds, the same work
//    whatever the data.
#pragma once

#include <cstdint>
#include <vector>

#include "run/perpetual_reconstruction.hpp"

namespace litmuslab::run {

// The condition's atoms by kind, as log slots.
struct SweepAtoms {
  std::vector<int> own_write, own_initial;          // on the outer thread
  std::vector<int> partner_write, partner_initial;  // on the partner

  static SweepAtoms of(const kernel::PerpetualShape& shape, int outer) {
    SweepAtoms atoms;
    for (const kernel::PerpetualAtom& atom : shape.condition) {
      if (atom.thread == outer) {
        (atom.saw_write ? atoms.own_write : atoms.own_initial).push_back(atom.slot);
      } else {
        (atom.saw_write ? atoms.partner_write : atoms.partner_initial).push_back(atom.slot);
      }
    }
    return atoms;
  }
};

struct IterationRange {
  std::int32_t begin = 0, end = 0;  // [begin, end)
};

// Pairs (outer + i, partner + i) for i < length.
struct PairRun {
  std::int32_t outer = 0, partner = 0, length = 0;
};

// What a sweep found in one lane. Left-over iterations are ascending ranges.
struct SweepResult {
  std::vector<IterationRange> outer_left, partner_left;
  std::vector<PairRun> matched;  // only when recorded
  std::uint64_t matches = 0;
  std::size_t steps = 0;  // segments visited (segments form) or iterations (others)
  // Scratch of the element forms.
  std::vector<std::int32_t> lo, hi, last_below, last_below_2, misses, gap_begin, gap_end;
};

class MatchingSweep {
 public:
  // `record_matches`: keep the matched pairs (needed when some observed key
  // is not in the condition, so a match's state is not the condition's own).
  MatchingSweep(int outer, SweepAtoms atoms, bool condition_possible, bool record_matches);

  // Fills `out` for one lane; the branching form falls back to branchless
  // for conditions with more than one atom of a kind.
  void run(const LaneLogs& logs, SweepForm form, SweepResult& out) const;  // not adaptive

  bool has_branching_form() const { return branching_ != nullptr; }
  bool has_wide_form() const { return wide_ != nullptr; }

  // Whether no_pair_can_match can answer for this condition.
  bool can_prove_no_match() const { return no_match_ != nullptr && condition_possible_; }
  // True when no u in `outer` could match any v, whichever partners earlier
  // iterations took (perpetual_no_match.cpp).
  bool no_pair_can_match(const LaneLogs& logs, IterationRange outer) const {
    return (this->*no_match_)(logs, outer);
  }

 private:
  using Form = void (MatchingSweep::*)(const LaneLogs&, SweepResult&) const;
  using NoMatchProof = bool (MatchingSweep::*)(const LaneLogs&, IterationRange) const;

  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
  bool no_pair_can_match_in(const LaneLogs& logs, IterationRange outer) const;
  // Null when the atoms need more than one look per u.
  static NoMatchProof no_match_proof_for(std::size_t own_write, std::size_t own_initial,
                                         std::size_t partner_write, std::size_t partner_initial);

  void segments(const LaneLogs& logs, SweepResult& out) const;
  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
  void fused(const LaneLogs& logs, SweepResult& out) const;
  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
  void branching(const LaneLogs& logs, SweepResult& out) const;
#if defined(__x86_64__)
  // perpetual_sweep_wide.cpp
  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
  __attribute__((target("avx512f"))) void branching_wide(const LaneLogs& logs,
                                                         SweepResult& out) const;
#endif
  // Null where the CPU lacks AVX-512 or the atoms need the general form.
  static Form wide_form_for(std::size_t own_write, std::size_t own_initial,
                            std::size_t partner_write, std::size_t partner_initial);
  void general(const LaneLogs& logs, SweepResult& out) const;
  void index_partner_log(const LaneLogs& logs, int slot, std::int32_t* last) const;
  // Turns the element forms' misses and gaps into ranges; p is the sweep's end.
  void collect(std::size_t misses, std::size_t gaps, std::int32_t p, std::int32_t n,
               SweepResult& out) const;

  int outer_;
  SweepAtoms atoms_;
  bool condition_possible_;
  bool record_;
  Form branchless_ = nullptr;
  Form branching_ = nullptr;
  Form wide_ = nullptr;
  NoMatchProof no_match_ = nullptr;
};

}  // namespace litmuslab::run
