// The measured loop shared by every benchmark: runs `op(i)` once per Google
// Benchmark iteration and reports ops/s plus, where the TSC is constant,
// reference TSC ticks per op.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>

#include "tsc_clock.hpp"

namespace litmuslab::bench {

template <class Op>
void run_timed_loop(benchmark::State& state, Op&& op) {
  // Spelled out rather than a range-for so the TSC is read after begin(),
  // which waits at the threads' start barrier. The end reading does include
  // the wait at the stop barrier for the slower thread, which is small next to
  // a loop of many milliseconds.
  auto iteration = state.begin();
  const auto last = state.end();
  const std::uint64_t start_ticks = read_tsc();
  std::uint64_t i = 0;
  for (; iteration != last; ++iteration) {
    op(i);
    ++i;
  }
  const std::uint64_t end_ticks = read_tsc();

  state.SetItemsProcessed(state.iterations());
  if (tsc_is_constant() && state.iterations() > 0) {
    // Averaged, not summed, over threads: each thread's ticks per op.
    state.counters["tsc_ref_ticks_per_op"] = benchmark::Counter(
        static_cast<double>(end_ticks - start_ticks) / static_cast<double>(state.iterations()),
        benchmark::Counter::kAvgThreads);
  }
}

}  // namespace litmuslab::bench
