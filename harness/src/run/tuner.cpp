#include "litmuslab/tuner.hpp"

#include "run/runner.hpp"

#include <algorithm>

namespace litmuslab::run {
namespace {

// The candidate configurations of one knob: its tune values, set on `current`,
// that can run the test.
std::vector<RunConfig> candidates(const Knob& knob, const RunConfig& current, const Test& test) {
  std::vector<RunConfig> configs;
  for (const std::string& value : knob.tune_values) {
    RunConfig candidate = current;
    knob.parse(candidate, value, std::string(knob.name));
    try {
      check_knobs(candidate, test);  // e.g. a chunk that the lanes do not divide
      configs.push_back(std::move(candidate));
    } catch (const std::invalid_argument&) {
    }
  }
  return configs;
}

// The knobs the search moves in `mode`.
std::vector<const Knob*> tuned_knobs(RunMode mode) {
  std::vector<const Knob*> tuned;
  for (const Knob& knob : knobs())
    if (knob.applies_to(mode) && !knob.tune_values.empty()) tuned.push_back(&knob);
  return tuned;
}

bool better(const TuneTrial& a, const TuneTrial& b) {
  if (a.match_rate() != b.match_rate()) return a.match_rate() > b.match_rate();
  return a.iteration_rate() > b.iteration_rate();
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t mid = values.size() / 2;
  return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

class Tuner {
 public:
  Tuner(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options)
      : test_(test), kernels_(kernels), options_(options) {
    hooks_.stop_requested = options.stop_requested;
  }

  TuneResult run() {
    TuneResult result;
    result.defaults.cpus = options_.cpus;
    std::vector<RunMode> modes;
    for (const RunModeInfo& mode : run_modes())
      if (mode.serves(kernels_)) modes.push_back(mode.mode);
    std::size_t planned = modes.size();
    for (RunMode mode : modes)
      for (const Knob* knob : tuned_knobs(mode)) planned += knob->tune_values.size();
    const double slice = std::max(0.05, 0.7 * options_.seconds / static_cast<double>(planned));

    TuneTrial best;
    bool have_best = false;
    for (RunMode mode : modes) {
      RunConfig current = result.defaults;
      current.mode = mode;
      TuneTrial current_trial = measure(current, slice, result);
      if (result.interrupted) return result;
      for (const Knob* knob : tuned_knobs(mode)) {
        for (const RunConfig& candidate : candidates(*knob, current, test_)) {
          const TuneTrial trial = measure(candidate, slice, result);
          if (result.interrupted) return result;
          if (better(trial, current_trial)) current_trial = trial;
        }
        current = current_trial.config;
      }
      if (!have_best || better(current_trial, best)) best = current_trial;
      have_best = true;
    }
    result.best = best.config;
    confirm(result);
    return result;
  }

 private:
  TuneTrial measure(const RunConfig& config, double seconds, TuneResult& result) {
    TuneTrial trial = run_once(config, seconds);
    if (options_.stop_requested && options_.stop_requested()) result.interrupted = true;
    result.condition_seen = result.condition_seen || trial.matches > 0;
    result.trials.push_back(trial);
    if (options_.on_trial) options_.on_trial(trial);
    return trial;
  }

  TuneTrial run_once(const RunConfig& config, double seconds) {
    RunConfig timed = config;
    timed.iterations = 0;
    timed.seconds = seconds;
    const RunOutput out = run_test(test_, kernels_, timed, hooks_);
    TuneTrial trial;
    trial.config = config;
    trial.mode = out.mode;
    trial.seconds = out.seconds;
    trial.iterations = out.iterations;
    trial.matches = out.histogram.condition_matches(test_);
    return trial;
  }

  // Alternating runs, so a change in the machine's load hits both alike.
  void confirm(TuneResult& result) {
    const int runs = 5;
    const double slice = std::max(0.05, 0.3 * options_.seconds / (2.0 * runs));
    std::vector<double> best_matches, default_matches, best_iterations, default_iterations;
    for (int i = 0; i < runs; ++i) {
      const TuneTrial d = run_once(result.defaults, slice);
      const TuneTrial b = run_once(result.best, slice);
      if (options_.stop_requested && options_.stop_requested()) {
        result.interrupted = true;
        break;
      }
      default_matches.push_back(d.match_rate());
      default_iterations.push_back(d.iteration_rate());
      best_matches.push_back(b.match_rate());
      best_iterations.push_back(b.iteration_rate());
    }
    result.confirmation_runs = static_cast<int>(best_matches.size());
    result.best_match_rate = median(best_matches);
    result.default_match_rate = median(default_matches);
    result.best_iteration_rate = median(best_iterations);
    result.default_iteration_rate = median(default_iterations);
  }

  const Test& test_;
  const kernel::TestKernels& kernels_;
  const TuneOptions& options_;
  RunHooks hooks_;
};

}  // namespace

TuneResult tune(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options) {
  return Tuner(test, kernels, options).run();
}

}  // namespace litmuslab::run
