// Searching the run knobs for the most condition matches per second.
//
// Coordinate descent: starting from the defaults of each fixed mode the
// test can run in, each knob of that mode in turn (knobs(), in order) takes
// every value of its tune_values while the others keep their best so far,
// and keeps the value with the highest rate. The defaults (auto mode) then
// run once beside them. Rates here vary from run to run, so the best fixed
// configuration and the defaults are then measured again, alternately, and
// compared by their medians.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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

// The shortest trial worth ranking: shorter runs measure start-up, not rates.
inline constexpr double kMinTrialSeconds = 0.02;
// Matches each side needs over its confirmation runs before a ratio of the
// two rates means anything (a count of 100 is known to about 10%).
inline constexpr std::uint64_t kMinMatchesForRatio = 100;

struct TuneOptions {
  // The budget of the whole command: every trial and the confirmation runs,
  // each run's start-up included. tune() keeps to it.
  double seconds = 20;
  std::vector<int> cpus;  // empty: the process's affinity mask
  // Called after every trial of the search (not the confirmation runs).
  std::function<void(const TuneTrial&)> on_trial;
  std::function<bool()> stop_requested;
};

// How many runs a search of `test` takes, and the least budget that gives
// each of them kMinTrialSeconds with room for start-up.
struct TunePlan {
  std::size_t trials = 0;             // the search: each mode's defaults and every candidate
  std::size_t confirmation_runs = 0;  // of each, defaults and best
  double minimum_seconds = 0;
};
TunePlan plan_tune(const Test& test, const kernel::TestKernels& kernels);

// What is wrong with a budget of `seconds` for the plan ("--seconds 0.001 is
// too short to tune SB+rlx: ... give at least 1.1 s"), or "" when it is enough.
std::string tune_budget_problem(const Test& test, const TunePlan& plan, double seconds,
                                std::string_view option);

struct TuneResult {
  std::vector<TuneTrial> trials;  // the search, in the order tried, then auto's trial
  RunConfig best;      // of the fixed modes, the highest match rate (iteration rate breaks ties)
  RunConfig defaults;  // RunConfig{} with the options' CPUs: auto mode
  // Medians of the confirmation runs, alternating defaults and best.
  double best_match_rate = 0, default_match_rate = 0;
  double best_iteration_rate = 0, default_iteration_rate = 0;
  int confirmation_runs = 0;  // of each
  // Matches over the confirmation runs: too few (kMinMatchesForRatio) and
  // the ratio of the rates is noise.
  std::uint64_t best_matches = 0, default_matches = 0;
  bool condition_seen = false;  // some trial matched the condition
  bool interrupted = false;
  bool budget_ran_out = false;  // the budget ended the search or the confirmation early
  double elapsed_seconds = 0;   // the whole search, start-ups included

  // Whether the confirmation runs can carry a ratio of the match rates.
  bool ratio_meaningful() const {
    return confirmation_runs >= 3 && best_matches >= kMinMatchesForRatio &&
           default_matches >= kMinMatchesForRatio && default_match_rate > 0;
  }
};

// Throws std::invalid_argument when options.seconds is below the plan's minimum.
TuneResult tune(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options);

}  // namespace litmuslab::run
