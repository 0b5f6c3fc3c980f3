// Running a compiled test on pinned threads and counting its final states.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "litmuslab/kernel.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/progress.hpp"
#include "litmuslab/test.hpp"
#include "run/histogram.hpp"

namespace litmuslab::run {

struct LaneLogs;  // perpetual_reconstruction.hpp

struct RunHooks {
  // Called from the controlling thread about twenty times a second.
  std::function<bool()> stop_requested;  // e.g. a signal arrived
  std::function<void(const Progress&)> progress;
  // Perpetual mode: each lane's logs, just before they are counted, from the
  // worker that counts them (so concurrently); for capturing real logs
  // (litmuslab-lanes). The logs are valid during the call only.
  std::function<void(const LaneLogs&)> lane_logs;
};

// Auto mode: one stretch of the run in one fixed mode with one set of knobs.
struct RunSegment {
  enum class Role { probe, run };  // a probe measures a candidate; a run serves the winner
  Role role = Role::run;
  RunMode mode = RunMode::batched;            // as it ran
  std::map<std::string, std::string> config;  // the segment's knobs, as its runner recorded them
  double start_seconds = 0;                   // from the start of the whole run
  double seconds = 0;
  std::uint64_t iterations = 0;  // in the segment's mode's sense; equals histogram.total()
  OutcomeHistogram histogram;    // the segment's own; instances of the two modes differ
};

struct RunOutput {
  OutcomeHistogram histogram;
  // Batched: instances run. Perpetual: iterations per thread. Either way
  // it equals histogram.total() + filtered.
  std::uint64_t iterations = 0;
  // Instances whose final state failed the test's `filter` (herd7 drops
  // such executions): counted here, not in the histogram. Perpetual mode
  // takes no test with a filter, so it is 0 there.
  std::uint64_t filtered = 0;
  double seconds = 0;
  bool interrupted = false;      // stopped early by stop_requested
  std::vector<int> thread_cpus;  // the CPU of test thread i
  bool oversubscribed = false;   // fewer CPUs than threads
  // Every knob as recorded_knobs() prints it, and facts of the mode (perpetual: `pairing`).
  std::map<std::string, std::string> config;
  RunMode mode = RunMode::batched;  // how it actually ran
  std::vector<std::string> notes;   // e.g. why perpetual fell back to batched
  // When each state was first counted, in seconds from the start: the end of
  // the batch or chunk that held it (an upper bound).
  std::map<StateValues, double> first_seen;
  // Perpetual mode: the wall time reconstruction added, i.e. how much later
  // the barriers opened than when the last kernel of each chunk finished.
  double reconstruction_seconds = 0;
  // Auto mode: its segments in order, probes included; empty in a fixed mode.
  // The histogram, iterations and seconds above are their sums.
  std::vector<RunSegment> segments;
};

// Batched mode: a barrier per batch, no synchronisation per instance.
// Throws std::invalid_argument for a config that cannot run.
RunOutput run_batched(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                      const RunHooks& hooks = {});

// Perpetual mode: chunks of `config.chunk` iterations per thread with no
// barrier inside, instances reconstructed from the load logs (see README,
// "Perpetual mode"). `iterations` counts iterations per thread; the histogram
// sums to the same number of reconstructed instances. Throws
// std::invalid_argument when the test has no perpetual kernels.
RunOutput run_perpetual(const Test& test, const kernel::TestKernels& kernels,
                        const RunConfig& config, const RunHooks& hooks = {});

// Auto mode: segments of the fixed modes, probing each candidate
// (auto_candidates) briefly and running the one with the most condition
// matches per second, probing again at intervals and when the rate drops
// (auto_schedule.hpp). A test perpetual mode does not serve probes batched
// candidates only.
RunOutput run_auto(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks = {});

// Runs in config.mode; a test that cannot run perpetually runs batched, with
// a note saying why.
RunOutput run_test(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks = {});

}  // namespace litmuslab::run
