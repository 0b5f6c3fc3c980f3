// Running a compiled test on pinned threads and counting its final states.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "litmuslab/histogram.hpp"
#include "litmuslab/kernel.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

struct RunConfig {
  std::uint64_t iterations = 0;  // instances to run; 0 means run for `seconds`
  double seconds = 0;
  std::vector<int> cpus;  // empty: the process's affinity mask
  BatchSize batch{8192};
  Layout layout = Layout::shared_line;
};

struct Progress {
  std::uint64_t done = 0;
  std::uint64_t target = 0;  // 0 when running for a time
  double elapsed = 0;
  double target_seconds = 0;
};

// Called from the controlling thread about twenty times a second.
struct RunHooks {
  std::function<bool()> stop_requested;  // e.g. a signal arrived
  std::function<void(const Progress&)> progress;
};

struct RunOutput {
  OutcomeHistogram histogram;
  std::uint64_t iterations = 0;  // instances run; equals histogram.total()
  double seconds = 0;
  bool interrupted = false;  // stopped early by stop_requested
  std::vector<int> thread_cpus;  // the CPU of test thread i
  bool oversubscribed = false;   // fewer CPUs than threads
  std::map<std::string, std::string> config;  // every knob, printed
};

// Batched mode: a barrier per batch, no synchronisation per instance.
// Throws std::invalid_argument for a config that cannot run.
RunOutput run_batched(const Test& test, const CompiledTest& kernels, const RunConfig& config,
                      const RunHooks& hooks = {});

}  // namespace litmuslab::run
