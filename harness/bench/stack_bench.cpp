// Throughput of TreiberStack under each ordering policy: each iteration pushes
// one value and pops one, on 1 thread and on 2 pinned threads sharing a stack.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "cpu_pinning.hpp"
#include "timed_loop.hpp"
#include "treiber_stack.hpp"

namespace litmuslab::bench {
namespace {

constexpr std::uint32_t kStackCapacity = 1024;

template <class Ordering>
void stack_push_pop_benchmark(benchmark::State& state) {
  // Shared by the threads of one run; empty again after every run, since each
  // iteration pops what it pushed (or another thread's value).
  static TreiberStack<Ordering> stack(kStackCapacity);
  const ScopedPin pin(state.thread_index());
  if (state.threads() > 1 && allowed_cpus().size() < 2) {
    state.SkipWithError("the 2-thread stack benchmark needs 2 CPUs in the affinity mask");
    return;
  }
  const std::uint64_t thread_bits = static_cast<std::uint64_t>(state.thread_index()) << 32;
  run_timed_loop(state, [&](std::uint64_t i) {
    benchmark::DoNotOptimize(stack.push(thread_bits | i));
    benchmark::DoNotOptimize(stack.pop());
  });
}

template <class Ordering>
void register_stack_benchmark() {
  const std::string name = std::string("stack/push_pop/") + Ordering::name;
  benchmark::RegisterBenchmark(name.c_str(), stack_push_pop_benchmark<Ordering>)
      ->Threads(1)
      ->Threads(2)
      ->UseRealTime();
}

const bool registered = [] {
  register_stack_benchmark<Relaxed>();
  register_stack_benchmark<AcqRel>();
  register_stack_benchmark<SeqCst>();
  return true;
}();

}  // namespace
}  // namespace litmuslab::bench
