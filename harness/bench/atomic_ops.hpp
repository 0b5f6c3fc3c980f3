// The timed operations, one struct per operation, with the memory order as a
// compile-time constant so each instantiation compiles to exactly the
// instruction(s) that order needs. `run(slot, i)` does one operation on this
// thread's own atomic; `i` is the iteration number, starting at 0.
#pragma once

#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdint>

namespace litmuslab::bench {

using Slot = std::atomic<std::uint64_t>;

template <std::memory_order Order>
struct Load {
  static constexpr const char* name = "load";
  static void run(Slot& slot, std::uint64_t) { benchmark::DoNotOptimize(slot.load(Order)); }
};

template <std::memory_order Order>
struct Store {
  static constexpr const char* name = "store";
  static void run(Slot& slot, std::uint64_t i) {
    slot.store(i, Order);
    benchmark::ClobberMemory();  // keeps the compiler from merging successive stores
  }
};

template <std::memory_order Order>
struct Exchange {
  static constexpr const char* name = "exchange";
  static void run(Slot& slot, std::uint64_t i) {
    benchmark::DoNotOptimize(slot.exchange(i, Order));
  }
};

template <std::memory_order Order>
struct FetchAdd {
  static constexpr const char* name = "fetch_add";
  static void run(Slot& slot, std::uint64_t) { benchmark::DoNotOptimize(slot.fetch_add(1, Order)); }
};

// The slot starts at 0 and iteration i swaps i for i + 1, so every CAS
// succeeds (each thread owns its slot). The single-order overload derives the
// failure order (release -> relaxed, acq_rel -> acquire) as the standard says.
template <std::memory_order Order>
struct CasSucceeds {
  static constexpr const char* name = "cas_success";
  static void run(Slot& slot, std::uint64_t i) {
    std::uint64_t expected = i;
    benchmark::DoNotOptimize(slot.compare_exchange_strong(expected, i + 1, Order));
  }
};

// Expects a value the slot never holds, so every CAS fails. On x86 a failed
// `lock cmpxchg` still takes the line exclusive, so it costs like a success.
template <std::memory_order Order>
struct CasFails {
  static constexpr const char* name = "cas_failure";
  static void run(Slot& slot, std::uint64_t) {
    std::uint64_t expected = UINT64_MAX;
    benchmark::DoNotOptimize(slot.compare_exchange_strong(expected, 0, Order));
    benchmark::DoNotOptimize(expected);
  }
};

// A fence orders memory accesses, so it is timed after one: a relaxed store
// then the fence, the store-buffer pattern of SB where a seq_cst fence does
// its work (it must drain the pending store). Compare with store/relaxed.
template <std::memory_order Order>
struct StoreThenFence {
  static constexpr const char* name = "fence";
  static void run(Slot& slot, std::uint64_t i) {
    slot.store(i, std::memory_order_relaxed);
    std::atomic_thread_fence(Order);
    benchmark::ClobberMemory();
  }
};

}  // namespace litmuslab::bench
