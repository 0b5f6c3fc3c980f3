// Perpetual mode (PerpLE): chunks of iterations with no barrier inside, each
// store writing its iteration number and each load logged; instances are
// reconstructed from the logs afterwards (perpetual_reconstruction.hpp).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "batch_start.hpp"
#include "instance_buffer.hpp"
#include "litmuslab/perpetual_reconstruction.hpp"
#include "litmuslab/runner.hpp"
#include "litmuslab/topology.hpp"
#include "placement_pool.hpp"
#include "spin_barrier.hpp"

namespace litmuslab::run {
namespace {

using Clock = std::chrono::steady_clock;

// Two sets of logs alternate: while chunk c runs into one, each thread
// reconstructs its lanes of chunk c-1 from the other, so a chunk needs one
// barrier.
struct ChunkSlot {
  std::vector<std::vector<std::int32_t>> logs;  // per thread
  std::int32_t iterations = 0;                  // per lane
  std::size_t lanes = 0;
  double end_seconds = 0;  // when the chunk's last thread reached the barrier
};

// What the last thread at the barrier decides for everyone.
struct ChunkSchedule {
  std::int32_t next_iterations = 0;  // per lane; 0: stop
  std::size_t next_lanes = 0;
  std::size_t next_slot = 0;
  std::uint64_t chunks = 0;
  std::uint64_t scheduled = 0;  // iterations per thread
  bool interrupted = false;
};

class PerpetualRun {
 public:
  PerpetualRun(const Test& test, const CompiledTest& kernels, const RunConfig& config,
               const codegen::PerpetualShape& shape)
      : test_(test),
        kernels_(kernels),
        config_(config),
        pool_(config.placement),
        memory_(test, config.layout, config.lanes.value, cache_line_size(), &pool_),
        barrier_(static_cast<int>(test.threads.size())),
        start_gate_(config.first, config.delay) {
    for (const auto& thread : shape.threads) loads_.push_back(thread.loads.size());
    for (ChunkSlot& slot : slots_)
      for (std::size_t loads : loads_) slot.logs.emplace_back(config.chunk.value * loads + 1);
    for (std::size_t t = 0; t < test.threads.size(); ++t) tallies_.emplace_back(shape);
    reconstruction_seconds_.assign(test.threads.size(), 0);
  }

  RunOutput run(const RunHooks& hooks, const std::vector<int>& cpus) {
    const std::size_t threads = test_.threads.size();
    RunOutput output;
    for (std::size_t t = 0; t < threads; ++t) output.thread_cpus.push_back(cpus[t % cpus.size()]);
    output.oversubscribed = cpus.size() < threads;
    start_ = Clock::now();
    {
      std::vector<std::jthread> workers;
      for (std::size_t t = 0; t < threads; ++t)
        workers.emplace_back([this, t, cpu = output.thread_cpus[t]] { thread_main(t, cpu); });
      supervise(hooks);
    }
    output.seconds = std::chrono::duration<double>(end_ - start_).count();
    for (const PerpetualTally& tally : tallies_)
      tally.drain_into(output.histogram, &output.first_seen);
    output.iterations = schedule_.scheduled;
    output.interrupted = schedule_.interrupted;
    output.mode = "perpetual";
    const double slowest =
        *std::max_element(reconstruction_seconds_.begin(), reconstruction_seconds_.end());
    output.reconstruction_seconds = slowest;
    return output;
  }

 private:
  void supervise(const RunHooks& hooks) {
    for (;;) {
      {
        std::unique_lock lock(done_mutex_);
        if (done_signal_.wait_for(lock, std::chrono::milliseconds(50),
                                  [this] { return workers_done_ == test_.threads.size(); }))
          return;
      }
      if (hooks.stop_requested && hooks.stop_requested())
        stop_request_.store(true, std::memory_order_relaxed);
      if (hooks.progress) {
        Progress progress;
        progress.done = done_.load(std::memory_order_relaxed);
        progress.target = config_.iterations;
        progress.elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        progress.target_seconds = config_.seconds;
        hooks.progress(progress);
      }
    }
  }

  // Runs on the last thread to reach the barrier: every thread has finished
  // its kernel, so the locations can go back to 0 for the next chunk.
  void plan_next_chunk() {
    const double now = std::chrono::duration<double>(Clock::now() - start_).count();
    if (schedule_.chunks > 0) slots_[(schedule_.chunks - 1) & 1].end_seconds = now;
    done_.store(schedule_.scheduled, std::memory_order_relaxed);
    const std::uint64_t chunk = config_.chunk.value;
    const std::uint64_t lanes = config_.lanes.value;
    std::uint64_t iterations = chunk;  // per thread
    if (stop_request_.load(std::memory_order_relaxed)) {
      schedule_.interrupted = true;
      iterations = 0;
    } else if (config_.iterations > 0) {
      iterations = std::min(chunk, config_.iterations - schedule_.scheduled);
    } else if (now >= config_.seconds) {
      iterations = 0;
    }
    // Every lane runs the same number of iterations; a remainder smaller
    // than the lanes runs one iteration in each of that many lanes.
    schedule_.next_lanes = iterations >= lanes ? lanes : iterations;
    schedule_.next_iterations =
        iterations == 0 ? 0 : static_cast<std::int32_t>(iterations / schedule_.next_lanes);
    schedule_.next_slot = schedule_.chunks & 1;
    ChunkSlot& slot = slots_[schedule_.next_slot];
    slot.iterations = schedule_.next_iterations;
    slot.lanes = schedule_.next_lanes;
    ++schedule_.chunks;
    schedule_.scheduled +=
        static_cast<std::uint64_t>(schedule_.next_iterations) * schedule_.next_lanes;
    memory_.reset(0, config_.lanes.value);
  }

  void reconstruct_share(std::size_t t, const ChunkSlot& slot) {
    const auto begin = Clock::now();
    const std::size_t threads = test_.threads.size();
    for (std::size_t lane = t; lane < slot.lanes; lane += threads) {
      LaneLogs logs;
      // Each lane's logs are one block per thread (kernel.hpp, PerpetualArgs).
      for (std::size_t p = 0; p < 2; ++p)
        logs.log[p] =
            slot.logs[p].data() + lane * loads_[p] * static_cast<std::size_t>(slot.iterations);
      logs.iterations = slot.iterations;
      tallies_[t].count(logs, slot.end_seconds);
    }
    reconstruction_seconds_[t] += std::chrono::duration<double>(Clock::now() - begin).count();
  }

  void thread_main(std::size_t t, int cpu) {
    pin_current_thread(cpu);
    const PerpetualKernel kernel = kernels_.perpetual[t];
    std::uint64_t seed = 0x9e3779b97f4a7c15ull * (t + 1);
    const ChunkSlot* previous = nullptr;
    for (;;) {
      barrier_.arrive_and_wait([this] { plan_next_chunk(); });
      const std::int32_t iterations = schedule_.next_iterations;
      if (iterations == 0) break;
      ChunkSlot& slot = slots_[schedule_.next_slot];
      start_gate_.begin(static_cast<int>(t), schedule_.chunks, seed);
      PerpetualArgs args;
      args.base = memory_.base();
      args.stride = memory_.stride();
      args.location_offset = memory_.offsets();
      args.lanes = slot.lanes;
      args.iterations = iterations;
      args.log = slot.logs[t].data();
      kernel(args);
      if (previous) reconstruct_share(t, *previous);
      previous = &slot;
    }
    if (previous) reconstruct_share(t, *previous);
    std::lock_guard lock(done_mutex_);
    if (++workers_done_ == test_.threads.size()) {
      end_ = Clock::now();
      done_signal_.notify_one();
    }
  }

  const Test& test_;
  const CompiledTest& kernels_;
  const RunConfig& config_;
  PlacementPool pool_;
  InstanceBuffer memory_;  // one instance per lane
  SpinBarrier barrier_;
  BatchStart start_gate_;
  std::vector<std::size_t> loads_;  // log slots per iteration, per thread
  ChunkSlot slots_[2];
  std::vector<PerpetualTally> tallies_;
  std::vector<double> reconstruction_seconds_;  // per thread
  ChunkSchedule schedule_;
  Clock::time_point start_;
  std::atomic<bool> stop_request_{false};
  std::mutex done_mutex_;
  std::condition_variable done_signal_;
  std::size_t workers_done_ = 0;  // guarded by done_mutex_
  Clock::time_point end_;         // guarded by done_mutex_
  std::atomic<std::uint64_t> done_{0};
};

}  // namespace

RunOutput run_perpetual(const Test& test, const CompiledTest& kernels, const RunConfig& config,
                        const RunHooks& hooks) {
  const codegen::PerpetualAnalysis analysis = codegen::analyse_perpetual(test);
  if (!analysis.shape || kernels.perpetual.size() != test.threads.size())
    throw std::invalid_argument(
        "'" + test.name + "' cannot run perpetually: " +
        (analysis.reason.empty() ? "no perpetual kernels" : analysis.reason));
  if (config.iterations == 0 && !(config.seconds > 0))
    throw std::invalid_argument("a run needs --iterations or --seconds");
  if (config.lanes.value == 0 || config.chunk.value % config.lanes.value != 0)
    throw std::invalid_argument("--chunk (" + config.chunk.to_string() +
                                ") must be a multiple of --lanes (" + config.lanes.to_string() +
                                ")");
  if (config.first.thread >= static_cast<int>(test.threads.size()))
    throw std::invalid_argument("--first " + config.first.to_string() + ", but '" + test.name +
                                "' has " + std::to_string(test.threads.size()) + " threads");
  const std::vector<int> cpus = config.cpus.empty() ? allowed_cpus() : config.cpus;
  PerpetualRun run(test, kernels, config, *analysis.shape);
  RunOutput output = run.run(hooks, cpus);
  output.config = {{"chunk", config.chunk.to_string()},
                   {"lanes", config.lanes.to_string()},
                   {"layout", to_string(config.layout)},
                   {"placement", to_string(config.placement)},
                   {"first", config.first.to_string()},
                   {"delay", config.delay.to_string()},
                   {"pairing", "max-disjoint-matches-then-in-order"}};
  if (output.seconds > 0) {
    char share[96];
    std::snprintf(share, sizeof(share), "reconstruction took %.1f%% of the wall time",
                  100 * output.reconstruction_seconds / output.seconds);
    output.notes.push_back(share);
  }
  return output;
}

}  // namespace litmuslab::run
