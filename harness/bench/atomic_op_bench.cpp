// Cost of each atomic operation under each memory order valid for it, alone
// (uncontended) and with a second pinned thread doing the same to an atomic on
// the same cache line or on another line. Names: op/order/contention.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include "atomic_ops.hpp"
#include "cpu_pinning.hpp"
#include "memory_order_names.hpp"
#include "timed_loop.hpp"

namespace litmuslab::bench {
namespace {

#ifdef __cpp_lib_hardware_interference_size
constexpr std::size_t kCacheLine = std::hardware_destructive_interference_size;
#else
constexpr std::size_t kCacheLine = 64;
#endif

enum class Contention { uncontended, contended_same_line, contended_separate_lines };

constexpr const char* contention_name(Contention contention) {
  switch (contention) {
    case Contention::uncontended:
      return "uncontended";
    case Contention::contended_same_line:
      return "contended_same_line";
    case Contention::contended_separate_lines:
      return "contended_separate_lines";
  }
  return "?";
}

// Two threads' atomics sharing one line: every write by one thread steals the
// line from the other (false sharing, not a shared variable).
struct alignas(kCacheLine) SameLineSlots {
  Slot slot[2];
};

// Two threads' atomics a line apart: no coherence traffic between them.
struct SeparateLineSlots {
  struct alignas(kCacheLine) PaddedSlot {
    Slot slot;
  };
  PaddedSlot padded[2];
};

// The atomics the benchmarks' threads share. One set, owned by every
// registration (a shared_ptr each), rather than globals.
struct BenchSlots {
  SameLineSlots same_line;
  SeparateLineSlots separate_lines;

  Slot& slot_for(Contention contention, int thread_index) {
    if (contention == Contention::contended_same_line) return same_line.slot[thread_index];
    return separate_lines.padded[thread_index].slot;
  }
};

template <class Op, Contention P>
void atomic_op_benchmark(benchmark::State& state, const std::shared_ptr<BenchSlots>& slots) {
  const ScopedPin pin(state.thread_index());
  if (P != Contention::uncontended && allowed_cpus().size() < 2) {
    state.SkipWithError("contended benchmarks need 2 CPUs in the affinity mask");
    return;
  }
  Slot& slot = slots->slot_for(P, state.thread_index());
  slot.store(0, std::memory_order_relaxed);  // CasSucceeds counts up from 0
  run_timed_loop(state, [&slot](std::uint64_t i) { Op::run(slot, i); });
}

template <class Op>
void register_contentions(std::memory_order order, const std::shared_ptr<BenchSlots>& slots) {
  const std::string base = std::string(Op::name) + "/" + order_name(order) + "/";
  benchmark::RegisterBenchmark((base + contention_name(Contention::uncontended)).c_str(),
                               atomic_op_benchmark<Op, Contention::uncontended>, slots)
      ->UseRealTime();
  for (Contention contended :
       {Contention::contended_same_line, Contention::contended_separate_lines}) {
    auto* function = contended == Contention::contended_same_line
                         ? atomic_op_benchmark<Op, Contention::contended_same_line>
                         : atomic_op_benchmark<Op, Contention::contended_separate_lines>;
    benchmark::RegisterBenchmark((base + contention_name(contended)).c_str(), function, slots)
        ->Threads(2)
        ->UseRealTime();
  }
}

// One benchmark family per operation, instantiated for each order given.
template <template <std::memory_order> class Op, std::memory_order... Orders>
void register_op(const std::shared_ptr<BenchSlots>& slots) {
  (register_contentions<Op<Orders>>(Orders, slots), ...);
}

constexpr auto relaxed = std::memory_order_relaxed;
constexpr auto acquire = std::memory_order_acquire;
constexpr auto release = std::memory_order_release;
constexpr auto acq_rel = std::memory_order_acq_rel;
constexpr auto seq_cst = std::memory_order_seq_cst;

const bool registered = [] {
  const auto slots = std::make_shared<BenchSlots>();
  register_op<Load, relaxed, acquire, seq_cst>(slots);
  register_op<Store, relaxed, release, seq_cst>(slots);
  register_op<Exchange, relaxed, acquire, release, acq_rel, seq_cst>(slots);
  register_op<FetchAdd, relaxed, acquire, release, acq_rel, seq_cst>(slots);
  register_op<CasSucceeds, relaxed, acquire, release, acq_rel, seq_cst>(slots);
  register_op<CasFails, relaxed, acquire, release, acq_rel, seq_cst>(slots);
  register_op<StoreThenFence, acquire, release, acq_rel, seq_cst>(slots);
  return true;
}();

}  // namespace
}  // namespace litmuslab::bench
