#include "litmuslab/tuner.hpp"

#include <algorithm>

namespace litmuslab::run {
namespace {

using Setter = std::function<void(RunConfig&)>;

struct Knob {
  std::vector<Setter> values;
};

// The candidates of each knob, per mode. First comes the mode's default.
std::vector<Knob> knobs_for(RunMode mode, std::size_t threads) {
  std::vector<Knob> knobs;
  const auto add = [&](auto&& values, auto&& apply) {
    Knob knob;
    for (const auto& value : values)
      knob.values.push_back([apply, value](RunConfig& c) { apply(c, value); });
    knobs.push_back(std::move(knob));
  };
  if (mode == RunMode::batched) {
    add(std::vector<std::size_t>{8192, 1024, 4096, 32768, 131072},
        [](RunConfig& c, std::size_t v) { c.batch = BatchSize{v}; });
  } else {
    add(std::vector<std::size_t>{2, 1, 4, 8},
        [](RunConfig& c, std::size_t v) { c.lanes = Lanes{v}; });
    add(std::vector<std::size_t>{16384, 65536, 262144, 1048576},
        [](RunConfig& c, std::size_t v) { c.chunk = ChunkSize{v}; });
  }
  add(std::vector<Layout>{Layout::shared_line, Layout::line_per_instance, Layout::arrays,
                          Layout::padded},
      [](RunConfig& c, Layout v) { c.layout = v; });
  if (mode == RunMode::batched)
    add(std::vector<std::size_t>{1, 2, 7, 64},
        [](RunConfig& c, std::size_t v) { c.stride = Stride{v}; });
  std::vector<int> firsts{RunConfig{}.first.thread, FirstThread::kAny};
  for (std::size_t t = 0; t < threads && t < 2; ++t) firsts.push_back(static_cast<int>(t));
  add(firsts, [](RunConfig& c, int v) { c.first = FirstThread{v}; });
  add(std::vector<std::uint32_t>{0, 64, 1024},
      [](RunConfig& c, std::uint32_t v) { c.delay = RandomDelay{v}; });
  add(std::vector<Placement>{Placement::heap, Placement::static_arena},
      [](RunConfig& c, Placement v) { c.placement = v; });
  return knobs;
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
    std::vector<RunMode> modes{RunMode::batched};
    if (!kernels_.perpetual.empty()) modes.push_back(RunMode::perpetual);
    std::size_t planned = 0;
    for (RunMode mode : modes)
      for (const Knob& knob : knobs_for(mode, test_.threads.size()))
        planned += knob.values.size() - 1;
    planned += modes.size();
    const double slice = std::max(0.05, 0.7 * options_.seconds / static_cast<double>(planned));

    TuneTrial best;
    bool have_best = false;
    for (RunMode mode : modes) {
      RunConfig current = result.defaults;
      current.mode = mode;
      TuneTrial current_trial = measure(current, slice, result);
      if (result.interrupted) return result;
      for (const Knob& knob : knobs_for(mode, test_.threads.size())) {
        for (std::size_t v = 1; v < knob.values.size(); ++v) {  // value 0 is the current one
          RunConfig candidate = current;
          knob.values[v](candidate);
          if (candidate.mode == RunMode::perpetual &&
              candidate.chunk.value % candidate.lanes.value != 0)
            continue;
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

std::string run_arguments(const RunConfig& config) {
  std::string text = "--mode " + to_string(config.mode);
  if (config.mode == RunMode::batched) {
    text += " --batch " + config.batch.to_string() + " --stride " + config.stride.to_string();
  } else {
    text += " --chunk " + config.chunk.to_string() + " --lanes " + config.lanes.to_string();
  }
  text += " --layout " + to_string(config.layout) + " --placement " + to_string(config.placement) +
          " --first " + config.first.to_string() + " --delay " + config.delay.to_string();
  return text;
}

}  // namespace litmuslab::run
