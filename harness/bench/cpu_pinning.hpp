// Pinning benchmark threads to CPUs from the process's affinity mask, with the
// run layer's topology (allowed_cpus, pin_current_thread). What the bench adds
// is putting the previous mask back, which litmus runs do not need.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <vector>

#include "litmuslab/topology.hpp"

namespace litmuslab::bench {

// The CPUs this process may run on, read once, before any thread is pinned
// (pinning the main thread would otherwise shrink what later calls see).
inline const std::vector<int>& allowed_cpus() {
  static const std::vector<int> cpus = run::allowed_cpus();
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
    pinned_ = run::pin_current_thread(cpu_);
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
