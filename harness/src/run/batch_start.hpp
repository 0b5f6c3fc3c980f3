// How the threads leave the barrier at the start of a batch or chunk: the
// --first knob makes one thread start before the others, and --delay makes
// each thread spin a random number of pauses first, so the threads' relative
// offset varies from batch to batch.
#pragma once

#include <sched.h>

#include <atomic>
#include <cstdint>

#include "cpu_pause.hpp"

#include "litmuslab/knobs.hpp"

namespace litmuslab::run {

class BatchStart {
 public:
  // `max_pauses`: the --delay knob.
  BatchStart(FirstThread first, std::uint32_t max_pauses, int threads)
      : first_(first), max_pauses_(max_pauses), threads_(threads) {}

  // Called by thread `t` right after the barrier of batch `batch` (counted
  // from 1); `seed` is that thread's generator state.
  void begin(int t, std::uint64_t batch, std::uint64_t& seed) {
    if (max_pauses_ > 0) {
      const std::uint64_t pauses = next_random(seed) % (max_pauses_ + std::uint64_t{1});
      for (std::uint64_t i = 0; i < pauses; ++i) cpu_pause();
    }
    if (first_.thread == FirstThread::kAny) return;
    const int leader = first_.thread == FirstThread::kRotate
                           ? static_cast<int>(batch % static_cast<std::uint64_t>(threads_))
                           : first_.thread;
    if (t == leader) {
      started_.store(batch, std::memory_order_release);
    } else {
      // Yield after a while: on a shared CPU the first thread needs the time.
      for (std::uint32_t spins = 0; started_.load(std::memory_order_acquire) < batch; ++spins)
        spins < 20000 ? cpu_pause() : static_cast<void>(sched_yield());
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

  FirstThread first_;
  std::uint32_t max_pauses_;
  int threads_;
  alignas(64) std::atomic<std::uint64_t> started_{0};
};

}  // namespace litmuslab::run
