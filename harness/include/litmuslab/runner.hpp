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
  RunMode mode = RunMode::batched;
  // Perpetual: iterations per thread between barriers. Small enough that two
  // threads running at different paces (which this host's vCPUs sometimes
  // do) drift only so far apart in a chunk (harness/README.md).
  ChunkSize chunk{16384};
  Lanes lanes{2};  // perpetual: copies of the locations; one per thread counts in parallel
  Placement placement = Placement::heap;
  Stride stride{1};
  // Threads take turns to leave each barrier first: more weak outcomes here (README).
  FirstThread first{FirstThread::kRotate};
  RandomDelay delay;
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
  // Batched: instances run. Perpetual: iterations per thread. Either way
  // it equals histogram.total().
  std::uint64_t iterations = 0;
  double seconds = 0;
  bool interrupted = false;                   // stopped early by stop_requested
  std::vector<int> thread_cpus;               // the CPU of test thread i
  bool oversubscribed = false;                // fewer CPUs than threads
  std::map<std::string, std::string> config;  // every knob, printed
  std::string mode = "batched";               // how it actually ran: "batched" or "perpetual"
  std::vector<std::string> notes;             // e.g. why perpetual fell back to batched
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
