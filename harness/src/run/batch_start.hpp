// How the threads leave the barrier at the start of a batch or chunk: the
// --first knob makes one thread start before the others, and --delay makes
// each thread spin a random number of pauses first, so the threads' relative
// offset varies from batch to batch.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstdint>

#include "litmuslab/knobs.hpp"

namespace litmuslab::run {

class BatchStart {
 public:
  BatchStart(FirstThread first, RandomDelay delay) : first_(first), delay_(delay) {}

  // Called by thread `t` right after the barrier of batch `batch` (counted
  // from 1); `seed` is that thread's generator state.
  void begin(int t, std::uint64_t batch, std::uint64_t& seed) {
    if (delay_.max_pauses > 0) {
      const std::uint64_t pauses = next_random(seed) % (delay_.max_pauses + std::uint64_t{1});
      for (std::uint64_t i = 0; i < pauses; ++i) pause();
    }
    if (first_.thread < 0) return;
    if (t == first_.thread) {
      started_.store(batch, std::memory_order_release);
    } else {
      // Yield after a while: on a shared CPU the first thread needs the time.
      for (std::uint32_t spins = 0; started_.load(std::memory_order_acquire) < batch; ++spins)
        spins < 20000 ? pause() : static_cast<void>(sched_yield());
    }
  }

 private:
  // xorshift64*: cheap, and good enough to spread start offsets.
  static std::uint64_t next_random(std::uint64_t& state) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  }

  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
  }

  FirstThread first_;
  RandomDelay delay_;
  alignas(64) std::atomic<std::uint64_t> started_{0};
};

}  // namespace litmuslab::run
