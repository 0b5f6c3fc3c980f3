#include "litmuslab/tuner.hpp"

#include "run/runner.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

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

// Each run of a fixed mode's kernels, in order: the defaults, then each
// knob's values; then one run of auto, which tunes nothing of its own.
std::size_t search_trials(const kernel::TestKernels& kernels) {
  std::size_t trials = 0;
  for (const RunModeInfo& mode : run_modes()) {
    if (!mode.serves(kernels)) continue;
    ++trials;
    if (!mode.fixed) continue;
    for (const Knob* knob : tuned_knobs(mode.mode)) trials += knob->tune_values.size();
  }
  return trials;
}

std::string seconds_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

constexpr int kConfirmationRuns = 5;
constexpr double kSearchShare = 0.7;  // of the budget; the confirmation runs get the rest
// Room for each run's start-up (memory, threads, pinning) in the least budget.
constexpr double kStartUpAllowance = 1.25;

class Tuner {
  using Clock = std::chrono::steady_clock;

 public:
  Tuner(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options)
      : test_(test), kernels_(kernels), options_(options) {
    hooks_.stop_requested = options.stop_requested;
  }

  TuneResult run() {
    start_ = Clock::now();
    end_ = start_ + seconds(options_.seconds);
    search_end_ = start_ + seconds(kSearchShare * options_.seconds);
    TuneResult result;
    result.defaults.cpus = options_.cpus;
    remaining_trials_ = search_trials(kernels_);
    search(result);
    if (!result.interrupted && !result.trials.empty()) confirm(result);
    result.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    return result;
  }

 private:
  static Clock::duration seconds(double value) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(value));
  }

  // The next run's length: what is left until `phase_end`, shared among the
  // runs still to come there, less the start-up each run has cost so far.
  double slice(Clock::time_point now, Clock::time_point phase_end, std::size_t runs_left) const {
    const double left = std::chrono::duration<double>(phase_end - now).count();
    return std::max(kMinTrialSeconds,
                    left / static_cast<double>(std::max<std::size_t>(runs_left, 1)) - start_up_);
  }

  // Whether a run of `length` seconds, start-up included, ends by `phase_end`:
  // the search keeps to its share, so the comparison always has its own.
  // Both read the same `now`: the last run's slice is exactly what is left.
  bool fits(Clock::time_point now, double length, Clock::time_point phase_end) const {
    return now + seconds(length + start_up_) <= phase_end;
  }

  void search(TuneResult& result) {
    std::vector<RunMode> fixed_modes;  // auto chooses among them itself, so it is measured apart
    for (const RunModeInfo& mode : run_modes())
      if (mode.fixed && mode.serves(kernels_)) fixed_modes.push_back(mode.mode);
    TuneTrial best;
    bool have_best = false;
    for (RunMode mode : fixed_modes) {
      RunConfig current = result.defaults;
      current.mode = mode;
      std::optional<TuneTrial> current_trial = measure(current, result);
      if (!current_trial) break;
      for (const Knob* knob : tuned_knobs(mode)) {
        const std::vector<RunConfig> configs = candidates(*knob, current, test_);
        // Values that cannot run this test are not tried: their share goes to the rest.
        remaining_trials_ -= std::min(remaining_trials_, knob->tune_values.size() - configs.size());
        for (const RunConfig& candidate : configs) {
          const std::optional<TuneTrial> trial = measure(candidate, result);
          if (!trial) break;
          if (better(*trial, *current_trial)) current_trial = trial;
        }
        current = current_trial->config;
        if (result.interrupted || result.budget_ran_out) break;
      }
      if (!have_best || better(*current_trial, best)) best = *current_trial;
      have_best = true;
      if (result.interrupted || result.budget_ran_out) break;
    }
    if (have_best) result.best = best.config;
    // Auto, the defaults, beside the fixed modes: the search's last trial.
    if (!result.interrupted && !result.budget_ran_out) measure(result.defaults, result);
  }

  // One trial of the search; nothing when the budget or a stop request ends it.
  std::optional<TuneTrial> measure(const RunConfig& config, TuneResult& result) {
    const Clock::time_point now = Clock::now();
    const double length = slice(now, search_end_, remaining_trials_);
    if (!fits(now, length, search_end_)) {
      result.budget_ran_out = true;
      return std::nullopt;
    }
    TuneTrial trial = run_once(config, length);
    if (remaining_trials_ > 0) --remaining_trials_;
    if (options_.stop_requested && options_.stop_requested()) result.interrupted = true;
    result.condition_seen = result.condition_seen || trial.matches > 0;
    result.trials.push_back(trial);
    if (options_.on_trial) options_.on_trial(trial);
    if (result.interrupted) return std::nullopt;
    return trial;
  }

  TuneTrial run_once(const RunConfig& config, double length) {
    RunConfig timed = config;
    timed.iterations = 0;
    timed.seconds = length;
    const Clock::time_point began = Clock::now();
    const RunOutput out = run_test(test_, kernels_, timed, hooks_);
    const double wall = std::chrono::duration<double>(Clock::now() - began).count();
    start_up_total_ += std::max(0.0, wall - out.seconds);
    ++runs_;
    start_up_ = start_up_total_ / static_cast<double>(runs_);
    TuneTrial trial;
    trial.config = config;
    trial.mode = out.mode;
    trial.seconds = out.seconds;
    trial.iterations = out.iterations;
    trial.matches = out.histogram.condition_matches(test_);
    return trial;
  }

  // Alternating runs, so a change in the machine's load hits both alike; as
  // many pairs as the rest of the budget holds, up to kConfirmationRuns.
  void confirm(TuneResult& result) {
    std::vector<double> best_matches, default_matches, best_iterations, default_iterations;
    for (int i = 0; i < kConfirmationRuns; ++i) {
      // As many pairs as what is left holds, up to kConfirmationRuns, each
      // run at least kMinTrialSeconds, and each pair's share of the rest so
      // the last one ends at the budget.
      const double left = std::chrono::duration<double>(end_ - Clock::now()).count();
      const int pairs_fit =
          static_cast<int>(std::max(0.0, std::floor(left / (2 * (kMinTrialSeconds + start_up_)))));
      const int pairs_left = std::min(kConfirmationRuns - i, pairs_fit);
      if (pairs_left < kConfirmationRuns - i) result.budget_ran_out = true;
      if (pairs_left == 0) break;
      const double length = left / (2.0 * pairs_left) - start_up_;
      const TuneTrial d = run_once(result.defaults, length);
      const TuneTrial b = run_once(result.best, length);
      if (options_.stop_requested && options_.stop_requested()) {
        result.interrupted = true;
        break;
      }
      default_matches.push_back(d.match_rate());
      default_iterations.push_back(d.iteration_rate());
      best_matches.push_back(b.match_rate());
      best_iterations.push_back(b.iteration_rate());
      result.default_matches += d.matches;
      result.best_matches += b.matches;
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
  Clock::time_point start_, search_end_, end_;
  std::size_t remaining_trials_ = 0;
  // What a run's start-up (memory, threads, pinning) has cost on average.
  double start_up_total_ = 0;
  std::size_t runs_ = 0;
  double start_up_ = 0;
};

}  // namespace

TunePlan plan_tune(const Test&, const kernel::TestKernels& kernels) {
  TunePlan plan;
  plan.trials = search_trials(kernels);
  plan.confirmation_runs = kConfirmationRuns;
  const double runs = static_cast<double>(plan.trials + 2 * plan.confirmation_runs);
  // Rounded up to a tenth of a second, as --help and messages print it.
  plan.minimum_seconds = std::ceil(runs * kMinTrialSeconds * kStartUpAllowance * 10) / 10;
  return plan;
}

std::string tune_budget_problem(const Test& test, const TunePlan& plan, double seconds,
                                std::string_view option) {
  if (seconds >= plan.minimum_seconds) return "";
  return std::string(option) + " " + seconds_text(seconds) + " is too short to tune " + test.name +
         ": its search runs " + std::to_string(plan.trials) + " trials and " +
         std::to_string(2 * plan.confirmation_runs) + " comparison runs of at least " +
         seconds_text(kMinTrialSeconds) + " s each, start-up included, so give at least " +
         seconds_text(plan.minimum_seconds) + " s";
}

TuneResult tune(const Test& test, const kernel::TestKernels& kernels, const TuneOptions& options) {
  const TunePlan plan = plan_tune(test, kernels);
  if (std::string problem = tune_budget_problem(test, plan, options.seconds, "a budget of");
      !problem.empty())
    throw std::invalid_argument(problem);
  return Tuner(test, kernels, options).run();
}

}  // namespace litmuslab::run
