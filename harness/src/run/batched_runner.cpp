#include <algorithm>
#include <memory>
#include <stdexcept>

#include "batch_start.hpp"
#include "instance_buffer.hpp"
#include "instance_memory_pool.hpp"
#include "litmuslab/topology.hpp"
#include "run/runner.hpp"
#include "run_supervision.hpp"
#include "spin_barrier.hpp"
#include "state_tally.hpp"

namespace litmuslab::run {
namespace {

// Two buffers alternate: while batch k runs in one, each thread tallies its
// share of batch k-1 in the other, so a batch needs one barrier, not two.
struct BatchSlot {
  std::unique_ptr<InstanceBuffer> memory;
  std::vector<std::vector<std::int32_t>> registers;  // per thread
  std::vector<const std::int32_t*> register_views;
  std::size_t count = 0;   // instances of the batch in this slot
  double end_seconds = 0;  // when the batch's last thread reached the barrier
  // With --stride > 1 threads visit instances out of memory order and write
  // registers in visit order: register_slot[i] is instance i's position.
  std::vector<std::uint32_t> register_slot;
};

// Instance i's position in the visit order 0, s, 2s, ..., 1, 1+s, ...: the
// instances of smaller residues come first.
std::uint32_t visit_position(std::size_t i, std::size_t count, std::size_t s) {
  const std::size_t r = i % s;
  return static_cast<std::uint32_t>(r * (count / s) + std::min(r, count % s) + i / s);
}

// What the last thread at the barrier decides for everyone.
struct SharedSchedule {
  std::size_t next_count = 0;  // 0: stop
  std::size_t next_slot = 0;   // which of the two slots the batch uses
  std::uint64_t batches = 0;
  std::uint64_t scheduled = 0;
  bool interrupted = false;
};

class BatchedRun {
 public:
  BatchedRun(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config)
      : test_(test),
        kernels_(kernels),
        config_(config),
        supervision_(config, test.threads.size()),
        pool_(config.placement),
        barrier_(static_cast<int>(test.threads.size())),
        start_gate_(config.first, config.delay, static_cast<int>(test.threads.size())) {
    const std::size_t line = cache_line_size();
    for (BatchSlot& slot : slots_) {
      slot.memory =
          std::make_unique<InstanceBuffer>(test, config.layout, config.batch, line, &pool_);
      for (const Thread& thread : test.threads)
        slot.registers.emplace_back(config.batch * thread.registers.size() + 1);
      for (const auto& regs : slot.registers) slot.register_views.push_back(regs.data());
    }
    for (std::size_t t = 0; t < test.threads.size(); ++t) tallies_.emplace_back(test);
  }

  RunOutput run(const RunHooks& hooks, std::vector<int> cpus) {
    RunOutput output;
    RunSupervision::assign_cpus(test_.threads.size(), cpus, output);
    supervision_.run_workers(output.thread_cpus, hooks,
                             [this](std::size_t t, int cpu) { thread_main(t, cpu); });
    for (const StateTally& tally : tallies_)
      tally.drain_into(output.histogram, &output.first_seen, &output.filtered);
    output.iterations = output.histogram.total() + output.filtered;
    output.seconds = supervision_.seconds();
    output.interrupted = schedule_.interrupted;
    return output;
  }

 private:
  // Runs on the last thread to reach the barrier.
  void plan_next_batch() {
    if (schedule_.batches > 0)
      slots_[(schedule_.batches - 1) & 1].end_seconds = supervision_.seconds_since_start();
    const auto next = static_cast<std::size_t>(
        supervision_.next_round(config_.batch, schedule_.scheduled, schedule_.interrupted));
    schedule_.next_count = next;
    schedule_.next_slot = schedule_.batches & 1;
    // Every thread tallied this slot's previous batch before arriving.
    BatchSlot& slot = slots_[schedule_.next_slot];
    if (config_.stride > 1 && slot.register_slot.size() != next) {
      slot.register_slot.resize(next);
      for (std::size_t i = 0; i < next; ++i)
        slot.register_slot[i] = visit_position(i, next, config_.stride);
    }
    slot.count = next;
    ++schedule_.batches;
    schedule_.scheduled += next;
  }

  void tally_share(std::size_t t, BatchSlot& slot) {
    const std::size_t threads = test_.threads.size();
    const std::size_t first = slot.count * t / threads;
    const std::size_t last = slot.count * (t + 1) / threads;
    tallies_[t].count(*slot.memory, slot.register_views, first, last, slot.end_seconds,
                      slot.register_slot.empty() ? nullptr : slot.register_slot.data());
    slot.memory->reset(first, last);
  }

  void thread_main(std::size_t t, int cpu) {
    pin_current_thread(cpu);
    const kernel::ThreadKernel thread_kernel = kernels_.threads[t];
    const std::size_t registers = test_.threads[t].registers.size();
    const std::size_t s = config_.stride;
    std::uint64_t seed = 0x9e3779b97f4a7c15ull * (t + 1);
    BatchSlot* previous = nullptr;
    for (;;) {
      barrier_.arrive_and_wait([this] { plan_next_batch(); });
      const std::size_t count = schedule_.next_count;
      if (count == 0) break;
      BatchSlot& slot = slots_[schedule_.next_slot];
      start_gate_.begin(static_cast<int>(t), schedule_.batches, seed);
      kernel::KernelArgs args;
      args.stride = slot.memory->stride() * static_cast<std::ptrdiff_t>(s);
      args.location_offset = slot.memory->offsets();
      // One pass per residue r: instances r, r+s, r+2s, ...
      std::size_t position = 0;
      for (std::size_t r = 0; r < std::min(s, count); ++r) {
        args.base = slot.memory->base() + static_cast<std::ptrdiff_t>(r) * slot.memory->stride();
        args.count = (count - r + s - 1) / s;
        args.registers = slot.registers[t].data() + position * registers;
        thread_kernel(args);
        position += args.count;
      }
      if (previous) tally_share(t, *previous);
      previous = &slot;
    }
    if (previous) tally_share(t, *previous);
    supervision_.finished();
  }

  const Test& test_;
  const kernel::TestKernels& kernels_;
  const RunConfig& config_;
  RunSupervision supervision_;
  InstanceMemoryPool pool_;  // declared before the slots, so it outlives their memory
  SpinBarrier barrier_;
  BatchStart start_gate_;
  BatchSlot slots_[2];
  std::vector<StateTally> tallies_;
  SharedSchedule schedule_;
};

}  // namespace

RunOutput run_batched(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                      const RunHooks& hooks) {
  if (kernels.threads.size() != test.threads.size())
    throw std::invalid_argument("kernels of '" + std::string(kernels.name) + "' have " +
                                std::to_string(kernels.threads.size()) + " threads, the test has " +
                                std::to_string(test.threads.size()));
  check_config(config, test);
  std::vector<int> cpus = config.cpus.empty() ? allowed_cpus() : config.cpus;
  BatchedRun run(test, kernels, config);
  RunOutput output = run.run(hooks, std::move(cpus));
  output.config = recorded_knobs(config);
  return output;
}

}  // namespace litmuslab::run
