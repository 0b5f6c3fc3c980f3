// Auto mode's schedule, driven by a stubbed rate source: which candidate it
// chooses, when it probes again, what probing costs, and how its segments
// add up, in the output and in the results JSON.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>

#include "catalogue_entry.hpp"
#include "litmuslab/results.hpp"
#include "report/record.hpp"
#include "run/auto_schedule.hpp"

namespace litmuslab::run {
namespace {

// What a stubbed host does in one mode: iterations per second and the share
// of them that match.
struct ModeRate {
  double iterations_per_second = 0;
  double weak_share = 0;
};

// A host whose rates depend on the mode, the lanes and the time: `rate(config,
// t)` at t seconds into the run. States: {1} matches the condition, {0} not.
class StubHost {
 public:
  using RateAt = std::function<ModeRate(const RunConfig&, double t)>;
  explicit StubHost(RateAt rate) : rate_(std::move(rate)) {}

  SegmentRunner runner() {
    return [this](const RunConfig& segment, const RunHooks&) {
      const ModeRate rate = rate_(segment, now_);
      double seconds = segment.seconds;
      if (segment.iterations > 0) {
        const double needed = static_cast<double>(segment.iterations) / rate.iterations_per_second;
        seconds = seconds > 0 ? std::min(seconds, needed) : needed;
      }
      std::uint64_t iterations =
          static_cast<std::uint64_t>(std::llround(seconds * rate.iterations_per_second));
      if (segment.iterations > 0) iterations = std::min(iterations, segment.iterations);
      iterations = std::max<std::uint64_t>(iterations, 1);
      const auto weak =
          static_cast<std::uint64_t>(std::floor(static_cast<double>(iterations) * rate.weak_share));
      RunOutput out;
      out.mode = segment.mode;
      out.config = recorded_knobs(segment);
      out.seconds = seconds;
      out.iterations = iterations;
      out.histogram.add({1}, weak);
      out.histogram.add({0}, iterations - weak);
      out.first_seen[{0}] = seconds / 2;
      out.thread_cpus = {0, 1};
      now_ += seconds;
      ++calls_;
      return out;
    };
  }

  int calls() const { return calls_; }

 private:
  RateAt rate_;
  double now_ = 0;
  int calls_ = 0;
};

const MatchCounter kMatches = [](const OutcomeHistogram& histogram) {
  return histogram.count_of({1});
};

RunConfig with_lanes(RunMode mode, std::size_t lanes) {
  RunConfig config;
  config.mode = mode;
  config.lanes = lanes;
  return config;
}

// Batched, perpetual with the default lanes, perpetual with 4 lanes.
const std::vector<RunConfig> kCandidates = {with_lanes(RunMode::batched, 2),
                                            with_lanes(RunMode::perpetual, 2),
                                            with_lanes(RunMode::perpetual, 4)};

// The two placements: close, batched wins; far, perpetual with 4 lanes wins.
ModeRate close_placement(const RunConfig& config) {
  if (config.mode == RunMode::batched) return {160e6, 0.9};
  return {220e6, config.lanes == 4 ? 0.2 : 0.22};
}
ModeRate far_placement(const RunConfig& config) {
  if (config.mode == RunMode::batched) return {50e6, 0.8};
  return config.lanes == 4 ? ModeRate{230e6, 0.98} : ModeRate{150e6, 0.97};
}

RunConfig for_seconds(double seconds) {
  RunConfig config;
  config.seconds = seconds;
  return config;
}

double seconds_of(const RunOutput& out, RunSegment::Role role) {
  double sum = 0;
  for (const RunSegment& s : out.segments)
    if (s.role == role) sum += s.seconds;
  return sum;
}

// The segments' knobs, as the runner recorded them: mode and lanes.
std::string served(const RunSegment& segment) {
  return to_string(segment.mode) + "/" + segment.config.at("lanes");
}

void expect_sums(const RunOutput& out) {
  std::uint64_t iterations = 0;
  OutcomeHistogram merged;
  double seconds = 0;
  for (const RunSegment& s : out.segments) {
    EXPECT_EQ(s.histogram.total(), s.iterations);
    iterations += s.iterations;
    merged.merge(s.histogram);
    seconds += s.seconds;
  }
  EXPECT_EQ(out.iterations, iterations);
  EXPECT_EQ(out.histogram.counts(), merged.counts());
  EXPECT_EQ(out.histogram.total(), out.iterations);
  EXPECT_DOUBLE_EQ(out.seconds, seconds);
}

TEST(AutoMode, ChoosesBatchedWhenItMatchesMoreOften) {
  StubHost host([](const RunConfig& c, double) { return close_placement(c); });
  const RunOutput out = run_segments(for_seconds(2), kCandidates, host.runner(), kMatches);
  EXPECT_EQ(out.mode, RunMode::automatic);
  ASSERT_GE(out.segments.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out.segments[i].role, RunSegment::Role::probe);
    EXPECT_EQ(out.segments[i].mode, kCandidates[i].mode);
    EXPECT_EQ(out.segments[i].config.at("lanes"), std::to_string(kCandidates[i].lanes));
  }
  for (std::size_t i = 3; i < out.segments.size(); ++i) {
    EXPECT_EQ(out.segments[i].role, RunSegment::Role::run);
    EXPECT_EQ(out.segments[i].mode, RunMode::batched);
  }
  EXPECT_LE(seconds_of(out, RunSegment::Role::probe), 0.05 * out.seconds);
  EXPECT_GE(out.seconds, 2.0);
  expect_sums(out);
}

TEST(AutoMode, ChoosesPerpetualWithTheLanesThatMatchMostOften) {
  StubHost host([](const RunConfig& c, double) { return far_placement(c); });
  const RunOutput out = run_segments(for_seconds(2), kCandidates, host.runner(), kMatches);
  for (const RunSegment& s : out.segments) {
    if (s.role == RunSegment::Role::run) {
      EXPECT_EQ(served(s), "perpetual/4");
    }
  }
  EXPECT_LE(seconds_of(out, RunSegment::Role::probe), 0.05 * out.seconds);
  expect_sums(out);
}

// The host moves the vCPUs: far for the first 30 s, then close, then far
// again. The winner's rate drops at each move, so auto probes again and
// follows; every probe round together stays within 5% of the run.
TEST(AutoMode, FollowsThePlacementWhenTheRateDrops) {
  StubHost host([](const RunConfig& c, double t) {
    return t < 30 || t >= 50 ? far_placement(c) : close_placement(c);
  });
  AutoPolicy policy;
  policy.reprobe_seconds = 1000;  // only drops call for probes here
  const RunOutput out =
      run_segments(for_seconds(60), kCandidates, host.runner(), kMatches, {}, policy);
  expect_sums(out);
  EXPECT_LE(seconds_of(out, RunSegment::Role::probe), 0.05 * out.seconds);
  double far_wrong = 0, close_wrong = 0, run_seconds = 0;
  int rounds = 0;
  for (std::size_t i = 0; i < out.segments.size(); ++i) {
    const RunSegment& s = out.segments[i];
    if (s.role == RunSegment::Role::probe) {
      if (i == 0 || out.segments[i - 1].role != RunSegment::Role::probe) ++rounds;
      continue;
    }
    run_seconds += s.seconds;
    const bool far = s.start_seconds < 30 || s.start_seconds >= 50;
    if (far && served(s) != "perpetual/4") far_wrong += s.seconds;
    if (!far && s.mode != RunMode::batched) close_wrong += s.seconds;
  }
  EXPECT_EQ(rounds, 3);  // the start and each move

  // Only the segment in which each move happened ran the old winner.
  EXPECT_LE(far_wrong + close_wrong, 2 * policy.max_segment_seconds);
  EXPECT_GT(run_seconds, 0.9 * out.seconds);
}

// With no drop, a round comes at each interval, as the budget allows.
TEST(AutoMode, ProbesAgainAtIntervals) {
  StubHost host([](const RunConfig& c, double) { return far_placement(c); });
  AutoPolicy policy;
  policy.reprobe_seconds = 5;
  const RunOutput out =
      run_segments(for_seconds(30), kCandidates, host.runner(), kMatches, {}, policy);
  int probes = 0;
  for (const RunSegment& s : out.segments) probes += s.role == RunSegment::Role::probe;
  EXPECT_GE(probes, 3 * 5);  // the start and every 5 s, but not in the last moments
  EXPECT_LE(probes, 3 * 6);
  EXPECT_LE(seconds_of(out, RunSegment::Role::probe), 0.05 * out.seconds);
}

// A test whose condition the host never shows: iterations per second decide.
TEST(AutoMode, WithoutMatchesTheFasterModeWins) {
  StubHost host([](const RunConfig& c, double) {
    return c.mode == RunMode::batched ? ModeRate{150e6, 0} : ModeRate{90e6, 0};
  });
  const RunOutput out = run_segments(for_seconds(1), kCandidates, host.runner(), kMatches);
  for (const RunSegment& s : out.segments) {
    if (s.role == RunSegment::Role::run) {
      EXPECT_EQ(s.mode, RunMode::batched);
    }
  }
  EXPECT_EQ(out.histogram.count_of({1}), 0u);
}

// A run too short for probes of the minimum length is the first candidate's
// own run, recorded in its mode.
TEST(AutoMode, TooShortToProbeRunsTheFirstCandidate) {
  StubHost host([](const RunConfig& c, double) { return far_placement(c); });
  RunConfig config;
  config.iterations = 10'000;
  const RunOutput out = run_segments(config, kCandidates, host.runner(), kMatches);
  EXPECT_EQ(host.calls(), 1);
  EXPECT_EQ(out.mode, RunMode::batched);
  EXPECT_TRUE(out.segments.empty());
  EXPECT_EQ(out.iterations, 10'000u);
  EXPECT_TRUE(out.notes.empty());
}

// A budget of iterations is met exactly, probes included.
TEST(AutoMode, IterationBudgetIsMetExactly) {
  StubHost host([](const RunConfig& c, double) { return close_placement(c); });
  RunConfig config;
  config.iterations = 200'000'000;
  const RunOutput out = run_segments(config, kCandidates, host.runner(), kMatches);
  EXPECT_EQ(out.iterations, config.iterations);
  EXPECT_EQ(out.histogram.total(), config.iterations);
  EXPECT_EQ(out.segments.front().role, RunSegment::Role::probe);
  EXPECT_EQ(out.segments.back().mode, RunMode::batched);
  EXPECT_LE(seconds_of(out, RunSegment::Role::probe), 0.05 * out.seconds);
  expect_sums(out);
}

// A stop request ends the run after the segment it cut short.
TEST(AutoMode, StopsWhenASegmentIsInterrupted) {
  int segments = 0;
  const SegmentRunner runner = [&](const RunConfig& segment, const RunHooks&) {
    RunOutput out;
    out.mode = segment.mode;
    out.config = recorded_knobs(segment);
    out.seconds = 0.001;
    out.iterations = 100;
    out.histogram.add({0}, 100);
    out.interrupted = ++segments == 2;
    return out;
  };
  const RunOutput out = run_segments(for_seconds(10), kCandidates, runner, kMatches);
  EXPECT_TRUE(out.interrupted);
  EXPECT_EQ(out.segments.size(), 2u);
  EXPECT_EQ(out.iterations, 200u);
}

TEST(AutoMode, CandidatesComeFromTheKnobRegistry) {
  const auto& sb = litmuslab::testing::entry("SB+rlx");
  const std::vector<RunConfig> both = auto_candidates(RunConfig{}, sb.test, true);
  ASSERT_EQ(both.size(), 3u);
  EXPECT_EQ(both[0].mode, RunMode::batched);
  EXPECT_EQ(both[1].mode, RunMode::perpetual);
  EXPECT_EQ(both[1].lanes, RunConfig{}.lanes);
  EXPECT_EQ(both[2].mode, RunMode::perpetual);
  EXPECT_EQ(both[2].lanes, 4u);
  // Lanes the user chose are kept: no variant of them.
  RunConfig chosen;
  chosen.lanes = 8;
  chosen.chunk = 8192;
  const std::vector<RunConfig> kept = auto_candidates(chosen, sb.test, true);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[1].lanes, 8u);
  EXPECT_EQ(kept[1].chunk, 8192u);
  // A test perpetual mode does not serve: batched only.
  const std::vector<RunConfig> batched = auto_candidates(RunConfig{}, sb.test, false);
  ASSERT_EQ(batched.size(), 1u);
  EXPECT_EQ(batched[0].mode, RunMode::batched);
}

// The results document keeps each segment's histogram, and the run's totals
// are their sums; the reader refuses segments that do not add up.
TEST(AutoMode, SegmentsAddUpInTheResultsJson) {
  const auto& sb = litmuslab::testing::entry("SB+rlx");
  // SB+rlx observes 0:r0 and 1:r0; both 0 is the weak state.
  const SegmentRunner runner = [n = 0](const RunConfig& segment, const RunHooks&) mutable {
    RunOutput out;
    out.mode = segment.mode;
    out.config = recorded_knobs(segment);
    out.seconds = segment.seconds > 0 ? segment.seconds : 0.01;
    out.iterations = 1000 + static_cast<std::uint64_t>(n);
    out.histogram.add({0, 0}, 100 * (segment.mode == RunMode::perpetual ? 9 : 1));
    out.histogram.add({0, 1}, out.iterations - out.histogram.total());
    ++n;
    return out;
  };
  const MatchCounter matches = [&](const OutcomeHistogram& h) {
    return h.condition_matches(sb.test);
  };
  const RunOutput out = run_segments(for_seconds(1), kCandidates, runner, matches);
  const report::TestRun run = report::summarize(sb.test, *sb.kernels, out);
  EXPECT_EQ(run.mode, "auto");
  ASSERT_EQ(run.segments.size(), out.segments.size());
  std::uint64_t instances = 0, matched = 0;
  for (const report::Segment& s : run.segments) {
    instances += s.instances;
    matched += s.matches;
  }
  EXPECT_EQ(instances, run.instances);
  EXPECT_EQ(matched, run.matches);
  EXPECT_EQ(run.segments[1].mode, "perpetual");
  EXPECT_EQ(run.segments[1].matches, 900u);
  EXPECT_EQ(run.segments[0].role, "probe");
  EXPECT_EQ(run.segments.back().role, "run");

  report::ResultsDocument document;
  document.created = "2026-12-05T00:00:00Z";
  document.runs.push_back(run);
  const std::string text = report::to_json(document);
  EXPECT_EQ(report::parse_results(text, "auto.json"), document);

  nlohmann::json broken = nlohmann::json::parse(text);
  broken["runs"][0]["segments"][1]["matches"] = 899;
  try {
    report::parse_results(broken.dump(), "auto.json");
    FAIL() << "segments that do not add up were read";
  } catch (const report::ResultsFormatError& error) {
    EXPECT_EQ(std::string(error.what()),
              "auto.json: runs[0].segments: the segments' matches sum to " +
                  std::to_string(run.matches - 1) + ", not the run's " +
                  std::to_string(run.matches));
  }
  broken = nlohmann::json::parse(text);
  broken["runs"][0]["segments"][0]["outcomes"][0]["count"] = 7;
  EXPECT_THROW(report::parse_results(broken.dump(), "auto.json"), report::ResultsFormatError);
}

}  // namespace
}  // namespace litmuslab::run
