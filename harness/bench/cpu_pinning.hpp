// Pinning benchmark threads to CPUs from the process's affinity mask. The run
// layer will own topology and pinning for litmus runs; this is the minimum the
// bench needs until then.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <vector>

namespace litmuslab::bench {

// The CPUs this process may run on, read once, before any thread is pinned
// (pinning the main thread would otherwise shrink what later calls see).
inline const std::vector<int>& allowed_cpus() {
  static const std::vector<int> cpus = [] {
    std::vector<int> result;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) == 0) {
      for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (CPU_ISSET(cpu, &set)) result.push_back(cpu);
      }
    }
    return result;
  }();
  return cpus;
}

// Pins the calling thread to the `slot`-th allowed CPU (round robin) for the
// lifetime of the object, then restores the previous mask. Restoring matters:
// Google Benchmark runs thread 0 on the main thread, which later benchmarks
// reuse.
class ScopedPin {
 public:
  explicit ScopedPin(int slot) {
    const std::vector<int>& cpus = allowed_cpus();
    saved_ok_ = pthread_getaffinity_np(pthread_self(), sizeof(saved_), &saved_) == 0;
    if (cpus.empty()) return;
    cpu_ = cpus[static_cast<std::size_t>(slot) % cpus.size()];
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu_, &one);
    pinned_ = pthread_setaffinity_np(pthread_self(), sizeof(one), &one) == 0;
  }
  ~ScopedPin() {
    if (pinned_ && saved_ok_) pthread_setaffinity_np(pthread_self(), sizeof(saved_), &saved_);
  }
  ScopedPin(const ScopedPin&) = delete;
  ScopedPin& operator=(const ScopedPin&) = delete;

  bool pinned() const { return pinned_; }
  int cpu() const { return cpu_; }

 private:
  cpu_set_t saved_{};
  bool saved_ok_ = false;
  bool pinned_ = false;
  int cpu_ = -1;
};

}  // namespace litmuslab::bench
