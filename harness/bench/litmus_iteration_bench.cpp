// Cost of one instance of a catalogue test, per memory-order variant, using
// the runner's own generated kernels:
//   litmus/TEST/sequential  every thread's kernel run one after another on one
//                           CPU over a batch: the instructions alone, no sharing;
//   litmus/TEST/pinned      the real batched run on pinned threads (barriers,
//                           tallying, cache-line traffic), timed by the runner.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/frontend.hpp"
#include "run/runner.hpp"

namespace litmuslab::bench {
namespace {

constexpr std::size_t kBatch = 4096;

// A batch's memory for the sequential case: one instance per 16 bytes is
// enough, since a single thread runs the kernels and nothing is shared.
struct SequentialBatch {
  explicit SequentialBatch(const Test& test)
      : memory(kBatch * stride() + 64), offsets(test.locations.size()) {
    for (std::size_t l = 0; l < offsets.size(); ++l)
      offsets[l] = static_cast<std::ptrdiff_t>(l * 4);
    for (const Thread& thread : test.threads)
      registers.emplace_back(kBatch * thread.registers.size() + 1);
  }
  static std::ptrdiff_t stride() { return 64; }
  std::vector<std::byte> memory;
  std::vector<std::ptrdiff_t> offsets;
  std::vector<std::vector<std::int32_t>> registers;
};

void sequential_kernels(benchmark::State& state, const catalogue::RunnableTest* entry) {
  // Plain zeroed bytes stand for every location: std::atomic<int> of 0 has
  // that representation on the targets we build for.
  SequentialBatch batch(entry->test);
  std::byte* base =
      batch.memory.data() + (64 - reinterpret_cast<std::uintptr_t>(batch.memory.data()) % 64) % 64;
  for (auto _ : state) {
    for (std::size_t t = 0; t < entry->kernels->threads.size(); ++t) {
      kernel::KernelArgs args;
      args.base = base;
      args.stride = SequentialBatch::stride();
      args.location_offset = batch.offsets.data();
      args.count = kBatch;
      args.registers = batch.registers[t].data();
      entry->kernels->threads[t](args);
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.counters["ns_per_instance"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kBatch),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void pinned_run(benchmark::State& state, const catalogue::RunnableTest* entry) {
  run::RunConfig config;
  config.iterations = 1'000'000;
  std::uint64_t instances = 0;
  for (auto _ : state) {
    const run::RunOutput output = run::run_batched(entry->test, *entry->kernels, config);
    state.SetIterationTime(output.seconds);
    instances += output.iterations;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(instances));
  state.counters["ns_per_instance"] = benchmark::Counter(
      static_cast<double>(instances), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Registered before main runs: SB, MP and LB in each order variant.
const bool registered = [] {
  for (const std::string& name : frontend::default_suite()) {
    const catalogue::RunnableTest* entry = catalogue::Catalogue::compiled().find(name);
    if (!entry) continue;
    benchmark::RegisterBenchmark(("litmus/" + name + "/sequential").c_str(), sequential_kernels,
                                 entry);
    benchmark::RegisterBenchmark(("litmus/" + name + "/pinned").c_str(), pinned_run, entry)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
}  // namespace litmuslab::bench
