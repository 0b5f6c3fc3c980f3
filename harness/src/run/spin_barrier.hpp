// A sense-reversing barrier that spins, then yields: spinning keeps the
// release of a batch tight, and yielding lets a thread that shares its CPU
// (an oversubscribed run) get there without waiting out a time slice.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstdint>

#include "cpu_pause.hpp"

namespace litmuslab::run {

class SpinBarrier {
 public:
  explicit SpinBarrier(int parties) : parties_(parties), waiting_(parties) {}

  // The last thread to arrive runs `on_last` before anyone leaves, so the
  // decision it makes (next batch size, stop) is seen by all.
  template <class OnLast>
  void arrive_and_wait(OnLast&& on_last) {
    const std::uint32_t generation = generation_.load(std::memory_order_relaxed);
    if (waiting_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      on_last();
      waiting_.store(parties_, std::memory_order_relaxed);
      generation_.store(generation + 1, std::memory_order_release);
      return;
    }
    for (std::uint32_t spins = 0; generation_.load(std::memory_order_acquire) == generation;
         ++spins) {
      if (spins < kSpinsBeforeYield) {
        cpu_pause();
      } else {
        sched_yield();
      }
    }
  }

 private:
  static constexpr std::uint32_t kSpinsBeforeYield = 20000;

  const int parties_;
  alignas(64) std::atomic<int> waiting_;
  alignas(64) std::atomic<std::uint32_t> generation_{0};
};

}  // namespace litmuslab::run
