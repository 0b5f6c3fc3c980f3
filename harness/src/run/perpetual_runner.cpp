// Perpetual mode (PerpLE): chunks of iterations with no barrier inside, each
// store writing its iteration number and each load logged; instances are
// reconstructed from the logs afterwards (perpetual_reconstruction.hpp).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "batch_start.hpp"
#include "instance_buffer.hpp"
#include "instance_memory_pool.hpp"
#include "litmuslab/topology.hpp"
#include "run/perpetual_reconstruction.hpp"
#include "run/runner.hpp"
#include "run_supervision.hpp"
#include "spin_barrier.hpp"

namespace litmuslab::run {
namespace {

// Two sets of logs alternate: while chunk c runs into one, the threads
// reconstruct the lanes of chunk c-1 from the other, so a chunk needs one
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
  PerpetualRun(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
               const kernel::PerpetualShape& shape)
      : test_(test),
        kernels_(kernels),
        config_(config),
        supervision_(config, test.threads.size()),
        pool_(config.placement),
        memory_(test, config.layout, config.lanes, cache_line_size(), &pool_),
        barrier_(static_cast<int>(test.threads.size())),
        start_gate_(config.first, config.delay, static_cast<int>(test.threads.size())) {
    for (const auto& thread : shape.threads) loads_.push_back(thread.loads.size());
    for (ChunkSlot& slot : slots_)
      for (std::size_t loads : loads_) slot.logs.emplace_back(config.chunk * loads + 1);
    for (std::size_t t = 0; t < test.threads.size(); ++t) tallies_.emplace_back(shape);
    kernel_done_.assign(test.threads.size(), 0);
  }

  RunOutput run(const RunHooks& hooks, const std::vector<int>& cpus) {
    lane_logs_ = hooks.lane_logs;
    RunOutput output;
    RunSupervision::assign_cpus(test_.threads.size(), cpus, output);
    supervision_.run_workers(output.thread_cpus, hooks,
                             [this](std::size_t t, int cpu) { thread_main(t, cpu); });
    output.seconds = supervision_.seconds();
    for (const PerpetualTally& tally : tallies_)
      tally.drain_into(output.histogram, &output.first_seen);
    output.iterations = schedule_.scheduled;
    output.interrupted = schedule_.interrupted;
    output.mode = RunMode::perpetual;
    output.reconstruction_seconds = reconstruction_wall_;
    return output;
  }

 private:
  // Runs on the last thread to reach the barrier: every thread has finished
  // its kernel, so the locations can go back to 0 for the next chunk.
  void plan_next_chunk() {
    const double now = seconds_since_start();
    if (schedule_.chunks > 0) {
      slots_[(schedule_.chunks - 1) & 1].end_seconds = now;
      // Without reconstruction the barrier would have opened when the last
      // kernel finished; what came after is reconstruction's cost in wall time.
      const double kernels_done = *std::max_element(kernel_done_.begin(), kernel_done_.end());
      reconstruction_wall_ += std::max(0.0, now - kernels_done);
    }
    last_release_ = now;
    const std::uint64_t lanes = config_.lanes;
    const std::uint64_t iterations =  // per thread
        supervision_.next_round(config_.chunk, schedule_.scheduled, schedule_.interrupted);
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
    memory_.reset(0, config_.lanes);
  }

  double seconds_since_start() const { return supervision_.seconds_since_start(); }

  // Thread t reconstructs lanes t, t + threads, ... Letting a thread that
  // finishes its kernel early take more lanes cut the share counted here, but
  // not the wall time: on this host the extra counting slowed the partner's
  // kernel as much, and on SB it cost two thirds of the weak instances.
  void reconstruct_share(std::size_t t, const ChunkSlot& slot) {
    const std::size_t threads = test_.threads.size();
    for (std::size_t lane = t; lane < slot.lanes; lane += threads) {
      LaneLogs logs;
      // Each lane's logs are one block per thread (kernel.hpp, PerpetualArgs).
      for (std::size_t p = 0; p < 2; ++p)
        logs.log[p] =
            slot.logs[p].data() + lane * loads_[p] * static_cast<std::size_t>(slot.iterations);
      logs.iterations = slot.iterations;
      if (lane_logs_) lane_logs_(logs);
      tallies_[t].count(logs, slot.end_seconds);
    }
  }

  void thread_main(std::size_t t, int cpu) {
    pin_current_thread(cpu);
    const kernel::PerpetualKernel thread_kernel = kernels_.perpetual[t];
    std::uint64_t seed = 0x9e3779b97f4a7c15ull * (t + 1);
    const ChunkSlot* previous = nullptr;
    for (;;) {
      barrier_.arrive_and_wait([this] { plan_next_chunk(); });
      const std::int32_t iterations = schedule_.next_iterations;
      if (iterations == 0) break;
      ChunkSlot& slot = slots_[schedule_.next_slot];
      start_gate_.begin(static_cast<int>(t), schedule_.chunks, seed);
      kernel::PerpetualArgs args;
      args.base = memory_.base();
      args.stride = memory_.stride();
      args.location_offset = memory_.offsets();
      args.lanes = slot.lanes;
      args.iterations = iterations;
      args.log = slot.logs[t].data();
      thread_kernel(args);
      kernel_done_[t] = seconds_since_start();
      if (previous) reconstruct_share(t, *previous);
      previous = &slot;
    }
    if (previous) reconstruct_share(t, *previous);
    // The last chunk is counted after the last barrier.
    supervision_.finished(
        [this] { reconstruction_wall_ += std::max(0.0, seconds_since_start() - last_release_); });
  }

  const Test& test_;
  const kernel::TestKernels& kernels_;
  const RunConfig& config_;
  RunSupervision supervision_;
  InstanceMemoryPool pool_;
  InstanceBuffer memory_;  // one instance per lane
  SpinBarrier barrier_;
  BatchStart start_gate_;
  std::vector<std::size_t> loads_;  // log slots per iteration, per thread
  ChunkSlot slots_[2];
  std::vector<PerpetualTally> tallies_;
  // When each thread's kernel last finished, for the last thread at the barrier.
  std::vector<double> kernel_done_;
  double last_release_ = 0;         // when the barrier last opened
  double reconstruction_wall_ = 0;  // wall time the barriers waited for counting
  ChunkSchedule schedule_;
  std::function<void(const LaneLogs&)> lane_logs_;  // RunHooks::lane_logs
};

}  // namespace

RunOutput run_perpetual(const Test& test, const kernel::TestKernels& kernels,
                        const RunConfig& config, const RunHooks& hooks) {
  const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(test);
  if (!analysis.shape || kernels.perpetual.size() != test.threads.size())
    throw std::invalid_argument(
        "'" + test.name + "' cannot run perpetually: " +
        (analysis.reason.empty() ? "no perpetual kernels" : analysis.reason));
  check_config(config, test);
  const std::vector<int> cpus = config.cpus.empty() ? allowed_cpus() : config.cpus;
  PerpetualRun run(test, kernels, config, *analysis.shape);
  RunOutput output = run.run(hooks, cpus);
  output.config = recorded_knobs(config);
  output.config.emplace("pairing", "max-disjoint-matches-then-in-order");
  if (output.seconds > 0) {
    char share[96];
    std::snprintf(share, sizeof(share), "reconstruction took %.1f%% of the wall time",
                  100 * output.reconstruction_seconds / output.seconds);
    output.notes.push_back(share);
  }
  return output;
}

}  // namespace litmuslab::run
