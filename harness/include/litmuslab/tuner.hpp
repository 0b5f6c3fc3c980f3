// Searching the run knobs for the most condition matches per second.
//
// Coordinate descent: starting from the defaults of each mode the test can
// run in, each knob of that mode in turn (knobs(), in order) takes every
// value of its tune_values while the others keep their best so far, and
// keeps the value with the highest rate. Rates
// here vary from run to run, so the best configuration and the defaults are
// then measured again, alternately, and compared by their medians.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "litmuslab/kernel.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

struct TuneTrial {
  RunConfig config;
  RunMode mode = RunMode::batched;  // as it ran (batched when perpetual fell back)
  double seconds = 0;
  std::uint64_t iterations = 0;
  std::uint64_t matches = 0;
  double match_rate() const { return seconds > 0 ? static_cast<double>(matches) / seconds : 0; }
  double iteration_rate() const {
    return seconds > 0 ? static_cast<double>(iterations) / seconds : 0;
  }
};

struct TuneOptions {
  double seconds = 20;    // the whole search, confirmation included
  std::vector<int> cpus;  // empty: the process's affinity mask
  // Called after every trial of the search (not the confirmation runs).
  std::function<void(const TuneTrial&)> on_trial;
  std::function<bool()> stop_requested;
};

struct TuneResult {
  std::vector<TuneTrial> trials;  // the search, in the order tried
  RunConfig best;                 // the highest match rate (iteration rate breaks ties)
  RunConfig defaults;             // RunConfig{} with the options' CPUs
  // Medians of the confirmation runs, alternating defaults and best.
  double best_match_rate = 0, default_match_rate = 0;
  double best_iteration_rate = 0, default_iteration_rate = 0;
  int confirmation_runs = 0;    // of each
  bool condition_seen = false;  // some trial matched the condition
  bool interrupted = false;
};

TuneResult tune(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options);

}  // namespace litmuslab::run
