// Step 1 of perpetual reconstruction: the maximum set of disjoint pairs of
// iterations that satisfy the condition (see perpetual_reconstruction.hpp).
//
// Walking the outer thread's iterations u in turn, the partners v that make a
// matching pair are lo(u) <= v <= hi(u), and both ends never decrease with u.
// Each u takes max(p, lo(u)) when that is <= hi(u), where p is the first
// partner not yet passed: every v < p is matched, or below the range of every
// later u. Two forms compute the same pairs:
//  - branchless: bounds from precomputed arrays, the same work whatever the
//    data; best when matches and misses are mixed;
//  - branchy: partner atoms are checked at the candidate only and the loop
//    branches on the outcome; best when nearly every u matches, or nearly
//    none does, as in most runs.
#pragma once

#include <cstdint>
#include <vector>

#include "litmuslab/perpetual_reconstruction.hpp"

namespace litmuslab::run {

// The condition's atoms by kind, as log slots.
struct SweepAtoms {
  std::vector<int> own_write, own_initial;          // on the outer thread
  std::vector<int> partner_write, partner_initial;  // on the partner
};

// What a sweep found in one lane.
struct SweepResult {
  std::vector<std::int32_t> unmatched_outer;     // ascending
  std::vector<std::int32_t> gap_begin, gap_end;  // partners [begin, end) passed unmatched
  std::vector<std::int32_t> matched_outer, matched_partner;  // when recorded
  std::size_t unmatched = 0, gaps = 0, matched = 0;
  std::int32_t next_partner = 1;  // partners from here to n are unmatched too
  // Scratch of the branchless form.
  std::vector<std::int32_t> lo, hi, last_below, last_below_2;
};

class MatchingSweep {
 public:
  // `record_matches`: keep the matched pairs (needed when some observed key
  // is not in the condition, so a match's state is not the condition's own).
  MatchingSweep(int outer, SweepAtoms atoms, bool condition_possible, bool record_matches);

  // Fills `out` for one lane; `branchy` picks the form when both exist.
  void run(const LaneLogs& logs, bool branchy, SweepResult& out) const;

  // The branchy form needs every partner atom to be checkable at the
  // candidate (saw-initial ones) and at most one atom of each kind.
  bool has_branchy_form() const { return branchy_ != nullptr; }

 private:
  using Form = void (MatchingSweep::*)(const LaneLogs&, SweepResult&) const;

  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial, bool Record>
  void fused(const LaneLogs& logs, SweepResult& out) const;
  template <int OwnWrite, int OwnInitial, int PartnerInitial, bool Record>
  void branching(const LaneLogs& logs, SweepResult& out) const;
  void general(const LaneLogs& logs, SweepResult& out) const;
  void index_partner_log(const LaneLogs& logs, int slot, std::int32_t* last) const;

  int outer_;
  SweepAtoms atoms_;
  bool condition_possible_;
  Form branchless_ = nullptr;
  Form branchy_ = nullptr;
};

}  // namespace litmuslab::run
