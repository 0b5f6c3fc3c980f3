// The compiled kernels do what their tests say, checked by running them, not
// by reading the generator's text: one thread after another, a test must end
// in a state sequential consistency allows, and a perpetual kernel must store
// its iteration number and log what its loads saw.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "kernel/perpetual_shape.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/model.hpp"
#include "run/instance_buffer.hpp"

namespace litmuslab {
namespace {

using catalogue::Catalogue;
using catalogue::RunnableTest;

// Runs one instance of every thread's batched kernel, in `order`, and reads the final state.
StateValues run_in_order(const RunnableTest& entry, const std::vector<int>& order) {
  const litmuslab::Test& test = entry.test;
  run::InstanceBuffer memory(test, run::Layout::shared_line, 1, 64);
  std::vector<std::vector<std::int32_t>> registers;
  for (const Thread& thread : test.threads) registers.emplace_back(thread.registers.size() + 1, -7);
  for (int t : order) {
    kernel::KernelArgs args;
    args.base = memory.base();
    args.stride = memory.stride();
    args.location_offset = memory.offsets();
    args.count = 1;
    args.registers = registers[static_cast<std::size_t>(t)].data();
    entry.kernels->threads[static_cast<std::size_t>(t)](args);
  }
  StateValues state;
  for (const StateKey& key : test.observed)
    state.push_back(
        key.kind == StateKey::Kind::reg
            ? registers[static_cast<std::size_t>(key.thread)][static_cast<std::size_t>(key.index)]
            : memory.read(0, static_cast<std::size_t>(key.index)));
  return state;
}

TEST(KernelSemantics, ThreadsRunOneAfterAnotherEndInAStateScAllows) {
  for (const RunnableTest& entry : Catalogue::compiled().tests()) {
    const litmuslab::Test& test = entry.test;
    SCOPED_TRACE(test.name);
    const model::ModelResult sc = model::allowed_states(test, "sc");
    std::vector<int> order(test.threads.size());
    std::iota(order.begin(), order.end(), 0);
    do {
      const StateValues state = run_in_order(entry, order);
      EXPECT_TRUE(std::binary_search(sc.allowed_states.begin(), sc.allowed_states.end(), state))
          << "P" << order.front() << " first ends in " << format_state(test, state)
          << ", which sc does not allow";
    } while (std::next_permutation(order.begin(), order.end()));
  }
}

TEST(KernelSemantics, SequentialStoreBufferingReadsTheFirstThreadsStore) {
  const RunnableTest& sb = *Catalogue::compiled().find("SB+rlx");
  EXPECT_EQ(format_state(sb.test, run_in_order(sb, {0, 1})), "0:r0=0; 1:r0=1;");
  EXPECT_EQ(format_state(sb.test, run_in_order(sb, {1, 0})), "0:r0=1; 1:r0=0;");
}

// Thread `first`'s perpetual kernel runs all its iterations, then the other
// thread's: each log holds what a load saw in each iteration.
std::vector<std::vector<std::int32_t>> perpetual_logs(const RunnableTest& entry,
                                                      const kernel::PerpetualShape& shape,
                                                      int first, std::int32_t iterations) {
  run::InstanceBuffer memory(entry.test, run::Layout::shared_line, 1, 64);
  std::vector<std::vector<std::int32_t>> logs;
  for (const kernel::PerpetualThreadShape& thread : shape.threads)
    logs.emplace_back(thread.loads.size() * static_cast<std::size_t>(iterations) + 1, -7);
  for (int t : {first, 1 - first}) {
    kernel::PerpetualArgs args;
    args.base = memory.base();
    args.stride = memory.stride();
    args.location_offset = memory.offsets();
    args.lanes = 1;
    args.iterations = iterations;
    args.log = logs[static_cast<std::size_t>(t)].data();
    entry.kernels->perpetual[static_cast<std::size_t>(t)](args);
  }
  return logs;
}

TEST(KernelSemantics, PerpetualKernelsStoreTheIterationAndLogEveryLoad) {
  constexpr std::int32_t n = 100;
  int served = 0;
  for (const RunnableTest& entry : Catalogue::compiled().tests()) {
    if (entry.kernels->perpetual.empty()) continue;
    ++served;
    SCOPED_TRACE(entry.test.name);
    const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(entry.test);
    ASSERT_TRUE(analysis.shape.has_value()) << analysis.reason;
    for (int first : {0, 1}) {
      const auto logs = perpetual_logs(entry, *analysis.shape, first, n);
      for (int t : {0, 1}) {
        const auto& loads = analysis.shape->threads[static_cast<std::size_t>(t)].loads;
        for (std::size_t slot = 0; slot < loads.size(); ++slot) {
          // The thread that ran second saw the other's last store, n; the first saw 0.
          const std::int32_t expected = loads[slot].location_written && t != first ? n : 0;
          for (std::int32_t k = 0; k < n; ++k)
            ASSERT_EQ(logs[static_cast<std::size_t>(t)][slot * n + static_cast<std::size_t>(k)],
                      expected)
                << "P" << t << " slot " << slot << " iteration " << k + 1 << ", P" << first
                << " first";
        }
      }
    }
  }
  EXPECT_GT(served, 0);  // the catalogue has perpetual kernels to check
}

}  // namespace
}  // namespace litmuslab
