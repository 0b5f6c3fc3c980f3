// Auto mode's schedule: which candidate runs each segment of a run. Kept
// apart from the runners so a test can drive it with a stubbed rate source.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "litmuslab/knobs.hpp"
#include "litmuslab/test.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {

// The numbers behind the schedule (harness/README.md, "Auto mode").
struct AutoPolicy {
  double probe_share = 0.05;        // probes take at most this share of the run's time
  double first_probe_share = 0.02;  // the first round's share, so later rounds have room
  // Per candidate: shorter probes measure mostly thread start-up; longer
  // ones would not fit the share of a typical run.
  double min_probe_seconds = 0.001;
  double max_probe_seconds = 0.02;
  std::uint64_t min_probe_iterations = 32768;
  // The winner runs in segments of about 1/20 of the run, within these bounds:
  // each ends with a look at its rate, and starting one costs a thread start.
  double segments_per_run = 20;
  double min_segment_seconds = 0.05;
  double max_segment_seconds = 0.5;
  // Probe again after this long even when the rate holds (the host moves the
  // vCPUs every few minutes), or as soon as a segment's rate falls below
  // drop_ratio of the rate the winner was chosen at.
  double reprobe_seconds = 10;
  double drop_ratio = 0.6;
};

// What auto probes for `config` and `test`: each fixed mode that serves the
// test (batched first, so a run too short to probe runs batched), with the
// run's knobs, and for every knob the run left at its default, one more
// candidate per value of the knob's auto_values in each mode it applies to.
std::vector<RunConfig> auto_candidates(const RunConfig& config, const Test& test,
                                       bool perpetual_serves);

// Runs one segment: `segment` holds the candidate's knobs and the segment's
// budget (iterations, seconds or both, the first reached ends it).
using SegmentRunner = std::function<RunOutput(const RunConfig& segment, const RunHooks& hooks)>;
// Condition matches in a histogram.
using MatchCounter = std::function<std::uint64_t(const OutcomeHistogram& histogram)>;

// Runs `config`'s budget as segments of `candidates` (at least one): a probe
// round, then the winner, with more rounds while they fit the policy's
// share. Time is the sum of the segments' seconds, so a stub that makes up
// their outputs drives the schedule exactly. The output is in mode auto:
// its segments, and their sums.
RunOutput run_segments(const RunConfig& config, const std::vector<RunConfig>& candidates,
                       const SegmentRunner& run, const MatchCounter& matches,
                       const RunHooks& hooks = {}, const AutoPolicy& policy = {});

}  // namespace litmuslab::run
