// Running a compiled test on pinned threads and counting its final states.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "run/histogram.hpp"
#include "litmuslab/kernel.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/progress.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

// Called from the controlling thread about twenty times a second.
struct RunHooks {
  std::function<bool()> stop_requested;  // e.g. a signal arrived
  std::function<void(const Progress&)> progress;
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

// Runs in config.mode; a test that cannot run perpetually runs batched, with
// a note saying why.
RunOutput run_test(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks = {});

}  // namespace litmuslab::run
