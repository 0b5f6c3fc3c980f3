// Step 2 of perpetual reconstruction: the states of the pairs, counted run by
// run. The left-over iterations of both threads are ascending ranges, so the
// r-th of one with the r-th of the other come in runs (u0 + i, v0 + i); so do
// recorded matches. In a run, each key's bit is its log at consecutive
// entries compared with consecutive iteration numbers: a loop the compiler
// turns into vector instructions (this file is built with -O3).
#pragma once

#include <cstdint>
#include <vector>

#include "perpetual_sweep.hpp"
#include "run/perpetual_reconstruction.hpp"

namespace litmuslab::run {

// Where one observed key's value comes from.
struct KeySource {
  int thread = 0;
  int slot = 0;
  bool outer = false;  // the key's thread is the one the sweep walks
};

class PairStateCounter {
 public:
  explicit PairStateCounter(std::vector<KeySource> keys) : keys_(std::move(keys)) {}

  // Adds to counts[bits] (bit k set when key k saw the partner's write) the
  // left-over pairs of `found` and its recorded matches.
  void count_lane(const LaneLogs& logs, const SweepResult& found,
                  std::vector<std::uint64_t>& counts) const;
  // Adds the pairs of one run.
  void count_run(const LaneLogs& logs, PairRun run, std::vector<std::uint64_t>& counts) const;

 private:
  std::vector<KeySource> keys_;
};

}  // namespace litmuslab::run
