// Auto mode: segments of the fixed modes, each segment run by the fixed
// mode's own runner, chosen by measured condition matches per second.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "run/auto_schedule.hpp"

namespace litmuslab::run {
namespace {

// A segment's rates. Matches per second decide; among candidates that all
// find none (a test whose condition the host never shows), iterations do.
struct Rate {
  double matches = 0;
  double iterations = 0;
  bool better_than(const Rate& other) const {
    if (matches != other.matches) return matches > other.matches;
    return iterations > other.iterations;
  }
};

// "perpetual --lanes 4": the mode and the knobs of it set away from their defaults.
std::string candidate_label(const RunConfig& candidate) {
  std::string label = to_string(candidate.mode);
  for (const Knob& knob : knobs())
    if (knob.recorded == Recorded::config && knob.applies_to(candidate.mode) &&
        knob.print(candidate) != knob.default_text())
      label += " " + spelled(knob.name, Spelling::option) + " " + knob.print(candidate);
  return label;
}

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f%%", 100 * share);
  return text;
}

class AutoRun {
 public:
  AutoRun(const RunConfig& config, const std::vector<RunConfig>& candidates,
          const SegmentRunner& run, const MatchCounter& matches, const RunHooks& hooks,
          const AutoPolicy& policy)
      : config_(config),
        candidates_(candidates),
        run_(run),
        matches_(matches),
        hooks_(hooks),
        policy_(policy) {
    if (candidates_.empty()) throw std::logic_error("auto mode needs a candidate");
    if (config_.iterations == 0 && !(config_.seconds > 0))
      throw std::invalid_argument("a run needs a number of iterations or of seconds");
  }

  RunOutput run() {
    size_first_round();
    // Too short to probe (or one candidate): the first candidate's own run,
    // recorded in its mode, as a perpetual run that falls back is.
    if (!probing_) {
      RunConfig whole = candidates_.front();
      whole.iterations = config_.iterations;
      whole.seconds = config_.seconds;
      whole.cpus = config_.cpus;
      return run_(whole, hooks_);
    }
    probe_round();
    while (budget_left() && !output_.interrupted) {
      if (should_probe()) {
        probe_round();
        continue;
      }
      run_segment();
    }
    finish();
    return std::move(output_);
  }

 private:
  bool by_time() const { return config_.iterations == 0; }

  bool budget_left() const {
    if (stalled_) return false;
    return by_time() ? elapsed_ < config_.seconds : output_.iterations < config_.iterations;
  }

  // The run's whole length in seconds: given, or estimated from the winner's rate.
  double expected_seconds() const {
    if (by_time()) return config_.seconds;
    const double left = static_cast<double>(config_.iterations - output_.iterations);
    return elapsed_ + (reference_.iterations > 0 ? left / reference_.iterations : 0);
  }

  // Probes of the first round take first_probe_share of the run between
  // them; a run too short for probes of the minimum length is not probed.
  void size_first_round() {
    const double k = static_cast<double>(candidates_.size());
    if (candidates_.size() < 2) return;
    if (by_time()) {
      probe_seconds_ = policy_.first_probe_share * config_.seconds / k;
      probing_ = probe_seconds_ >= policy_.min_probe_seconds;
      probe_seconds_ = std::min(probe_seconds_, policy_.max_probe_seconds);
    } else {
      probe_iterations_ = static_cast<std::uint64_t>(policy_.first_probe_share *
                                                     static_cast<double>(config_.iterations) / k);
      probing_ = probe_iterations_ >= policy_.min_probe_iterations;
      probe_seconds_ = policy_.max_probe_seconds;
    }
  }

  // Runs one segment of `candidate`, within `seconds` and `iterations` (0:
  // up to the rest of the budget), and adds it to the output.
  Rate execute(const RunConfig& candidate, RunSegment::Role role, double seconds,
               std::uint64_t iterations) {
    RunConfig segment = candidate;
    segment.cpus = config_.cpus;
    if (by_time()) {
      const double left = config_.seconds - elapsed_;
      segment.seconds = seconds > 0 ? std::min(seconds, left) : left;
      segment.iterations = 0;
    } else {
      const std::uint64_t left = config_.iterations - output_.iterations;
      segment.iterations = iterations > 0 ? std::min(iterations, left) : left;
      segment.seconds = seconds;
    }
    RunOutput out = run_(segment, segment_hooks());
    labels_.push_back(candidate_label(candidate));
    RunSegment record;
    record.role = role;
    record.mode = out.mode;
    record.config = out.config;
    record.start_seconds = elapsed_;
    record.seconds = out.seconds;
    record.iterations = out.iterations;
    record.histogram = out.histogram;
    stalled_ = out.iterations == 0 && !(out.seconds > 0);  // a runner that did nothing
    add(out, record);
    Rate rate;
    if (out.seconds > 0) {
      rate.matches = static_cast<double>(matches_(out.histogram)) / out.seconds;
      rate.iterations = static_cast<double>(out.iterations) / out.seconds;
    }
    return rate;
  }

  RunHooks segment_hooks() const {
    RunHooks hooks;
    hooks.stop_requested = hooks_.stop_requested;
    hooks.lane_logs = hooks_.lane_logs;
    if (hooks_.progress)
      hooks.progress = [this](const Progress& segment) {
        Progress whole = segment;
        whole.done = output_.iterations + segment.done;
        whole.target = config_.iterations;
        whole.elapsed = elapsed_ + segment.elapsed;
        whole.target_seconds = config_.seconds;
        hooks_.progress(whole);
      };
    return hooks;
  }

  void add(RunOutput& out, RunSegment& record) {
    if (output_.segments.empty()) output_.thread_cpus = out.thread_cpus;
    output_.oversubscribed = output_.oversubscribed || out.oversubscribed;
    output_.histogram.merge(out.histogram);
    output_.iterations += out.iterations;
    for (const auto& [state, seconds] : out.first_seen) {
      auto [it, inserted] = output_.first_seen.emplace(state, elapsed_ + seconds);
      if (!inserted) it->second = std::min(it->second, elapsed_ + seconds);
    }
    output_.reconstruction_seconds += out.reconstruction_seconds;
    output_.interrupted = output_.interrupted || out.interrupted;
    elapsed_ += out.seconds;
    if (record.role == RunSegment::Role::probe) probe_elapsed_ += out.seconds;
    output_.segments.push_back(std::move(record));
  }

  // Each candidate for one probe; the best becomes the winner.
  void probe_round() {
    const double round_start = elapsed_;
    std::size_t best = 0;
    Rate best_rate;
    for (std::size_t i = 0; i < candidates_.size() && budget_left(); ++i) {
      const Rate rate =
          execute(candidates_[i], RunSegment::Role::probe, probe_seconds_, probe_iterations_);
      if (output_.interrupted) return;
      if (i == 0 || rate.better_than(best_rate)) {
        best = i;
        best_rate = rate;
      }
    }
    ++rounds_;
    dropped_ = false;
    chosen_ = best;
    reference_ = best_rate;
    round_seconds_ = elapsed_ - round_start;
    last_probe_end_ = elapsed_;
  }

  // A drop in the winner's rate, or the interval since the last round, asks
  // for a round; the round happens when it fits the probe share and leaves
  // time for its winner.
  bool should_probe() const {
    const bool asked = dropped_ || elapsed_ - last_probe_end_ >= policy_.reprobe_seconds;
    if (!asked) return false;
    const double total = expected_seconds();
    return probe_elapsed_ + round_seconds_ <= policy_.probe_share * total &&
           total - elapsed_ >= 4 * round_seconds_;
  }

  void run_segment() {
    const double length = std::clamp(expected_seconds() / policy_.segments_per_run,
                                     policy_.min_segment_seconds, policy_.max_segment_seconds);
    std::uint64_t iterations = 0;
    if (!by_time())
      iterations = std::max<std::uint64_t>(
          1, static_cast<std::uint64_t>(length * std::max(reference_.iterations, 1.0)));
    const Rate rate =
        execute(candidates_[chosen_], RunSegment::Role::run, by_time() ? length : 0, iterations);
    // Compare on matches when the winner finds any, else on iterations.
    const bool on_matches = reference_.matches > 0;
    const double now = on_matches ? rate.matches : rate.iterations;
    const double then = on_matches ? reference_.matches : reference_.iterations;
    dropped_ = now < policy_.drop_ratio * then;
    if (!dropped_ && rate.better_than(reference_)) reference_ = rate;
  }

  // The document's own account of the schedule: what served the run, and
  // what probing cost.
  void finish() {
    output_.mode = RunMode::automatic;
    output_.seconds = elapsed_;
    output_.config = recorded_knobs(config_);
    std::vector<std::pair<std::string, double>> served;  // label, seconds, in first-use order
    for (std::size_t i = 0; i < output_.segments.size(); ++i) {
      auto it = std::find_if(served.begin(), served.end(),
                             [&](const auto& entry) { return entry.first == labels_[i]; });
      if (it == served.end()) it = served.insert(served.end(), {labels_[i], 0.0});
      it->second += output_.segments[i].seconds;
    }
    if (rounds_ == 0) {
      output_.notes.push_back("auto: stopped during the first probe round");
      return;
    }
    std::string note = "auto: " + std::to_string(rounds_) + " probe round" +
                       (rounds_ == 1 ? "" : "s") + " took " +
                       percent(elapsed_ > 0 ? probe_elapsed_ / elapsed_ : 0) + " of the time;";
    for (std::size_t i = 0; i < served.size(); ++i)
      note += std::string(i == 0 ? " " : ", ") + served[i].first + " " +
              percent(elapsed_ > 0 ? served[i].second / elapsed_ : 0);
    output_.notes.push_back(note);
  }

  const RunConfig& config_;
  const std::vector<RunConfig>& candidates_;
  const SegmentRunner& run_;
  const MatchCounter& matches_;
  const RunHooks& hooks_;
  const AutoPolicy& policy_;
  RunOutput output_;
  double elapsed_ = 0;        // the segments' seconds so far
  double probe_elapsed_ = 0;  // of which probes
  bool probing_ = false;
  double probe_seconds_ = 0;            // per candidate
  std::uint64_t probe_iterations_ = 0;  // per candidate, in a run by iterations
  double round_seconds_ = 0;            // what the last round took
  double last_probe_end_ = 0;
  int rounds_ = 0;
  std::size_t chosen_ = 0;
  Rate reference_;  // the winner's rate when chosen, or its best since
  bool dropped_ = false;
  bool stalled_ = false;
  std::vector<std::string> labels_;  // of each segment's candidate
};

}  // namespace

std::vector<RunConfig> auto_candidates(const RunConfig& config, const Test& test,
                                       bool perpetual_serves) {
  std::vector<RunConfig> candidates;
  for (const RunModeInfo& mode : run_modes()) {
    if (!mode.fixed || (mode.mode == RunMode::perpetual && !perpetual_serves)) continue;
    RunConfig base = config;
    base.mode = mode.mode;
    candidates.push_back(base);
    for (const Knob& knob : knobs()) {
      if (knob.recorded != Recorded::config || !knob.applies_to(mode.mode) ||
          knob.print(config) != knob.default_text())
        continue;
      for (const std::string& value : knob.auto_values) {
        RunConfig variant = base;
        knob.parse(variant, value, std::string(knob.name));
        try {
          check_knobs(variant, test);  // e.g. a chunk the lanes do not divide
          candidates.push_back(std::move(variant));
        } catch (const std::invalid_argument&) {
        }
      }
    }
  }
  return candidates;
}

RunOutput run_segments(const RunConfig& config, const std::vector<RunConfig>& candidates,
                       const SegmentRunner& run, const MatchCounter& matches, const RunHooks& hooks,
                       const AutoPolicy& policy) {
  return AutoRun(config, candidates, run, matches, hooks, policy).run();
}

RunOutput run_auto(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks) {
  check_config(config, test);
  const bool perpetual = info(RunMode::perpetual).serves(kernels);
  const std::vector<RunConfig> candidates = auto_candidates(config, test, perpetual);
  const SegmentRunner segment = [&](const RunConfig& knobs, const RunHooks& segment_hooks) {
    return knobs.mode == RunMode::perpetual ? run_perpetual(test, kernels, knobs, segment_hooks)
                                            : run_batched(test, kernels, knobs, segment_hooks);
  };
  const MatchCounter matches = [&](const OutcomeHistogram& histogram) {
    return histogram.condition_matches(test);
  };
  const auto start = std::chrono::steady_clock::now();
  RunOutput output = run_segments(config, candidates, segment, matches, hooks);
  // The wall time, with the thread starts between segments.
  output.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (output.reconstruction_seconds > 0 && output.mode == RunMode::automatic) {
    double perpetual_seconds = 0;
    for (const RunSegment& s : output.segments)
      if (s.mode == RunMode::perpetual) perpetual_seconds += s.seconds;
    output.notes.push_back("perpetual segments: reconstruction took " +
                           percent(output.reconstruction_seconds / perpetual_seconds) +
                           " of their wall time");
  }
  return output;
}

}  // namespace litmuslab::run
