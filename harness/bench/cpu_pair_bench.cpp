// Where the two CPUs a litmus run uses sit relative to each other, which moves
// every rate in results/ (a virtual machine's CPUs can move between runs):
//   cpu_pair/round_trip      one cache line passed to the other CPU and back
//   cpu_pair/arithmetic/threads:1, /threads:2
//                            a dependent chain of multiplies, on one CPU and
//                            on both at once
// Two CPUs on one core (hyperthreads) show a short round trip and a slower
// chain with two threads; two cores of one core complex, a short round trip
// and equal chains; cores further apart, a round trip several times longer.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <thread>

#include "cpu_pinning.hpp"

namespace litmuslab::bench {
namespace {

void round_trip(benchmark::State& state) {
  if (allowed_cpus().size() < 2) return state.SkipWithError("needs two CPUs");
  struct alignas(64) Line {
    std::atomic<std::uint64_t> turn{0};
  };
  Line line;
  std::atomic<bool> stop{false};
  // The partner answers each odd value with the next even one.
  std::thread partner([&] {
    ScopedPin pin(1);
    std::uint64_t seen = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      const std::uint64_t now = line.turn.load(std::memory_order_acquire);
      if (now != seen && now % 2 == 1) {
        line.turn.store(now + 1, std::memory_order_release);
        seen = now + 1;
      }
    }
  });
  {
    ScopedPin pin(0);
    std::uint64_t next = 1;
    for (auto _ : state) {
      line.turn.store(next, std::memory_order_release);
      while (line.turn.load(std::memory_order_acquire) != next + 1) {
      }
      next += 2;
    }
  }
  stop = true;
  partner.join();
  state.SetItemsProcessed(state.iterations());
}

void arithmetic(benchmark::State& state) {
  if (state.threads() > static_cast<int>(allowed_cpus().size()))
    return state.SkipWithError("needs a CPU per thread");
  ScopedPin pin(state.thread_index());
  std::uint64_t a = 1, b = 2;
  for (auto _ : state) {
    for (int i = 0; i < 64; ++i) {
      a = a * 3 + b;
      b ^= a >> 3;
    }
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(state.iterations() * 64);
}

BENCHMARK(round_trip)->Name("cpu_pair/round_trip")->UseRealTime();
BENCHMARK(arithmetic)->Name("cpu_pair/arithmetic")->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace litmuslab::bench
