// What both run modes share around their worker threads: which CPU each
// thread gets, the controlling thread that relays stop requests and progress,
// the decision of how much more to schedule, and the run's end time.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "run/runner.hpp"

namespace litmuslab::run {

class RunSupervision {
 public:
  using Clock = std::chrono::steady_clock;

  RunSupervision(const RunConfig& config, std::size_t workers)
      : config_(config), workers_(workers) {}

  // Thread t runs on cpus[t mod size]; fewer CPUs than threads is noted.
  static void assign_cpus(std::size_t threads, const std::vector<int>& cpus, RunOutput& output) {
    for (std::size_t t = 0; t < threads; ++t) output.thread_cpus.push_back(cpus[t % cpus.size()]);
    output.oversubscribed = cpus.size() < threads;
  }

  // Runs work(t, cpu) on one thread per entry of `thread_cpus` while this
  // thread relays stop requests and progress; returns when every worker has
  // called finished().
  // A worker that cannot be created (no more threads: std::system_error)
  // must not leave the others waiting at a barrier for it: every worker
  // starts once all exist, and none does when one is missing.
  template <class Work>
  void run_workers(const std::vector<int>& thread_cpus, const RunHooks& hooks, Work work) {
    start_ = Clock::now();
    std::atomic<int> go{0};  // 1: all exist, run; -1: one is missing, return
    std::vector<std::jthread> workers;
    try {
      for (std::size_t t = 0; t < thread_cpus.size(); ++t)
        workers.emplace_back([&work, &go, t, cpu = thread_cpus[t]] {
          go.wait(0);
          if (go.load() > 0) work(t, cpu);
        });
    } catch (...) {
      go.store(-1);
      go.notify_all();
      throw;  // after the jthreads created so far join
    }
    go.store(1);
    go.notify_all();
    supervise(hooks);
  }  // the jthreads join here

  double seconds_since_start() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }

  // For the last thread at a barrier, with `scheduled` iterations handed out
  // so far: how many the next round gets (at most `unit`), 0 to stop once
  // the iterations are scheduled or the seconds have passed. A stop
  // request ends the run as interrupted.
  std::uint64_t next_round(std::uint64_t unit, std::uint64_t scheduled, bool& interrupted) {
    done_.store(scheduled, std::memory_order_relaxed);
    if (stop_request_.load(std::memory_order_relaxed)) {
      interrupted = true;
      return 0;
    }
    // Both limits may be set (auto mode's probes): the first reached ends the
    // run. A run by time gets at least one round, however slowly its threads
    // started (auto's probes are short, and on a busy host pinning can wait).
    if (scheduled > 0 && config_.seconds > 0 && seconds_since_start() >= config_.seconds) return 0;
    if (config_.iterations > 0) return std::min(unit, config_.iterations - scheduled);
    return unit;
  }

  // Each worker calls this as it leaves; the last one dates the end of the
  // run (not the controlling thread's next wake-up) and runs `on_last` first.
  template <class OnLast>
  void finished(OnLast&& on_last) {
    std::lock_guard lock(done_mutex_);
    if (++workers_done_ == workers_) {
      end_ = Clock::now();
      on_last();
      done_signal_.notify_one();
    }
  }
  void finished() {
    finished([] {});
  }

  // From the start to the last worker's finish; valid after run_workers.
  double seconds() const { return std::chrono::duration<double>(end_ - start_).count(); }

 private:
  void supervise(const RunHooks& hooks) {
    for (;;) {
      {
        std::unique_lock lock(done_mutex_);
        if (done_signal_.wait_for(lock, std::chrono::milliseconds(50),
                                  [this] { return workers_done_ == workers_; }))
          return;
      }
      if (hooks.stop_requested && hooks.stop_requested())
        stop_request_.store(true, std::memory_order_relaxed);
      if (hooks.progress) {
        Progress progress;
        progress.done = done_.load(std::memory_order_relaxed);
        progress.target = config_.iterations;
        progress.elapsed = seconds_since_start();
        progress.target_seconds = config_.seconds;
        hooks.progress(progress);
      }
    }
  }

  const RunConfig& config_;
  const std::size_t workers_;
  Clock::time_point start_;
  std::atomic<bool> stop_request_{false};
  std::atomic<std::uint64_t> done_{0};  // iterations scheduled, for progress
  std::mutex done_mutex_;
  std::condition_variable done_signal_;
  std::size_t workers_done_ = 0;  // guarded by done_mutex_
  Clock::time_point end_;         // guarded by done_mutex_
};

}  // namespace litmuslab::run
