// What the two branching forms of the sweep share (perpetual_sweep.cpp with
// blocks of eight checked at their ends, perpetual_sweep_wide.cpp with blocks
// of sixteen checked entry by entry in vector registers): the logs of the
// atoms, the state carried from one u to the next, and the step that settles
// one u on its own.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "atom_logs.hpp"
#include "perpetual_sweep.hpp"

namespace litmuslab::run::sweep {

// Logs are 0-based arrays of 1-based iterations: iteration k is at a[k - 1].

// The first iteration from `from` on whose value is at least x, or n + 1;
// eight values at a time where the log's order allows.
inline std::int32_t first_at_least(const std::int32_t* a, std::int32_t from, std::int32_t n,
                                   std::int32_t x) {
  std::int32_t j = from;
  while (j + 7 <= n && a[j + 6] < x) j += 8;
  while (j <= n && a[j - 1] < x) ++j;
  return j;
}

inline void add_range(std::vector<IterationRange>& ranges, std::int32_t begin, std::int32_t end) {
  if (begin >= end) return;
  if (!ranges.empty() && ranges.back().end == begin) {
    ranges.back().end = end;
  } else {
    ranges.push_back({begin, end});
  }
}

inline void add_pairs(std::vector<PairRun>& runs, std::int32_t u, std::int32_t v,
                      std::int32_t length) {
  if (!runs.empty() && runs.back().outer + runs.back().length == u &&
      runs.back().partner + runs.back().length == v) {
    runs.back().length += length;
  } else {
    runs.push_back({u, v, length});
  }
}

// The first free partner p, the matches so far, the gaps the partner leaves
// and the run of misses being built.
class BranchingState {
 public:
  BranchingState(SweepResult& out, bool record) : out_(out), record_(record) {}

  std::int32_t p() const { return p_; }

  // u, u + 1, ... take p, p + 1, ...
  void take_run(std::int32_t u, std::int32_t length) {
    if (record_) add_pairs(out_.matched, u, p_, length);
    hits_ += static_cast<std::uint64_t>(length);
    p_ += length;
  }

  void miss(std::int32_t from, std::int32_t to) {
    if (from != miss_end_) {
      add_range(out_.outer_left, miss_begin_, miss_end_);
      miss_begin_ = from;
    }
    miss_end_ = to;
  }

  // Settles u alone: it takes its candidate when that is in range.
  template <int OwnWrite, int OwnInitial, int PartnerWrite, int PartnerInitial>
  void step(const AtomLogs<OwnWrite, OwnInitial, PartnerWrite, PartnerInitial>& logs,
            std::int32_t u, std::int32_t reach) {
    const std::int32_t v = logs.candidate(u, p_, reach);
    const bool ok = v <= logs.hi(u) && (!PartnerInitial || logs.other_initial[v - 1] < u);
    if (ok) {
      // Unconditional stores: a partner gap opens whenever the outer log jumps
      // ahead, often enough that a branch on it would be mispredicted.
      out_.gap_begin[gaps_] = p_;
      out_.gap_end[gaps_] = v;
      gaps_ += v > p_;
      if (record_) add_pairs(out_.matched, u, v, 1);
      ++hits_;
      p_ = v + 1;
    } else {
      miss(u, u + 1);
    }
  }

  // Closes the run of misses; the gaps still need MatchingSweep::collect.
  std::size_t finish() {
    add_range(out_.outer_left, miss_begin_, miss_end_);
    out_.matches = hits_;
    return gaps_;
  }

 private:
  SweepResult& out_;
  bool record_;
  std::int32_t p_ = 1;
  std::uint64_t hits_ = 0;
  std::size_t gaps_ = 0;
  std::int32_t miss_begin_ = 0, miss_end_ = 0;
};

}  // namespace litmuslab::run::sweep
