// Test helpers for perpetual mode. The simulation and the pair states are
// written from the test's IR and not from the runner's shape, so they check
// it independently:
//  - simulated perpetual executions under SC or x86-TSO (a FIFO store buffer
//    per thread), giving the logs a kernel would write plus the step at which
//    each load ran and each store became visible;
//  - the state of a pair of iterations, from logs or from those steps;
//  - a maximum bipartite matching by augmenting paths (Kuhn), for brute force;
//  - one lane's logs reconstructed by the tally, and the pairing the README
//    defines computed the slow way.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/test.hpp"
#include "run/perpetual_reconstruction.hpp"

namespace litmuslab::perpetual_testing {

// Iteration k of thread t: load `slot` saw log[t][slot * iterations + (k-1)],
// the layout of one lane in a kernel's log.
struct SimulatedRun {
  int iterations = 0;
  std::vector<std::int32_t> log[2];
  std::size_t loads[2] = {0, 0};
  std::vector<std::uint64_t> load_step[2];  // same indexing as log
  // (thread, location) -> step at which iteration k's store became visible, at [k-1].
  std::map<std::pair<int, int>, std::vector<std::uint64_t>> visible_step;
};

inline std::size_t count_loads(const Thread& thread) {
  std::size_t n = 0;
  for (const Operation* op : operations_of(thread)) n += op->kind == OpKind::load;
  return n;
}

// Runs both threads `iterations` times each, interleaved at random. Under
// TSO a plain store waits in its thread's buffer until a random flush; a
// seq_cst store, an exchange and a seq_cst fence first drain the buffer, as
// gcc's xchg and mfence do. A load reads its own buffer's newest store to the
// location, else memory.
inline SimulatedRun simulate(const Test& test, int iterations, bool tso, std::mt19937_64& rng) {
  struct Pending {
    int location;
    std::int32_t value;
  };
  SimulatedRun run;
  run.iterations = iterations;
  std::vector<std::int32_t> memory(test.locations.size(), 0);
  std::deque<Pending> buffer[2];
  std::size_t pc[2] = {0, 0};  // operation index over all iterations
  std::uint64_t step = 0;
  const std::vector<const Operation*> thread_ops[2] = {operations_of(test.threads[0]),
                                                       operations_of(test.threads[1])};
  for (int t = 0; t < 2; ++t) {
    run.loads[t] = count_loads(test.threads[t]);
    run.log[t].resize(run.loads[t] * iterations);
    run.load_step[t].resize(run.loads[t] * iterations);
    for (const Operation* op : thread_ops[t])
      if (op->kind == OpKind::store || op->kind == OpKind::exchange)
        run.visible_step[{t, op->static_location()}].resize(iterations);
  }
  const auto ops = [&](int t) { return thread_ops[t].size(); };
  const auto commit = [&](int t, int location, std::int32_t value) {
    memory[location] = value;
    run.visible_step[{t, location}][value - 1] = step;
  };
  const auto needs_empty_buffer = [&](const Operation& op) {
    return op.kind == OpKind::exchange ||
           (op.kind == OpKind::store && op.order == MemoryOrder::seq_cst) ||
           (op.kind == OpKind::fence && op.order == MemoryOrder::seq_cst);
  };
  for (;;) {
    std::vector<std::function<void()>> actions;
    for (int t = 0; t < 2; ++t) {
      if (!buffer[t].empty())
        actions.push_back([&, t] {
          commit(t, buffer[t].front().location, buffer[t].front().value);
          buffer[t].pop_front();
        });
      if (pc[t] == ops(t) * iterations) continue;
      const Operation& op = *thread_ops[t][pc[t] % ops(t)];
      if (tso && needs_empty_buffer(op) && !buffer[t].empty()) continue;
      actions.push_back([&, t] {
        const Operation& o = *thread_ops[t][pc[t] % ops(t)];
        const auto k = static_cast<std::int32_t>(pc[t] / ops(t) + 1);
        if (o.kind == OpKind::store || o.kind == OpKind::exchange) {
          if (tso && !needs_empty_buffer(o)) {
            buffer[t].push_back({o.static_location(), k});
          } else {
            commit(t, o.static_location(), k);
          }
        } else if (o.kind == OpKind::load) {
          std::size_t slot = 0;
          for (std::size_t i = 0; i < pc[t] % ops(t); ++i)
            slot += thread_ops[t][i]->kind == OpKind::load;
          std::int32_t value = memory[o.static_location()];
          for (const Pending& p : buffer[t])
            if (p.location == o.static_location()) value = p.value;
          const std::size_t at = slot * static_cast<std::size_t>(iterations) + (k - 1);
          run.log[t][at] = value;
          run.load_step[t][at] = step;
        }
        ++pc[t];
      });
    }
    if (actions.empty()) break;
    actions[std::uniform_int_distribution<std::size_t>(0, actions.size() - 1)(rng)]();
    ++step;
  }
  return run;
}

// The load of register `index` in thread t: its log slot and location.
struct RegisterLoad {
  std::size_t slot = 0;
  int location = -1;
};

inline RegisterLoad register_load(const Test& test, int t, int index) {
  RegisterLoad found;
  std::size_t slot = 0;
  for (const Operation* op : operations_of(test.threads[t])) {
    if (op->kind != OpKind::load) continue;
    if (op->dest_register == index) found = {slot, op->static_location()};
    ++slot;
  }
  return found;
}

// The value a store to `location` writes in the test, if some thread stores there.
inline std::int32_t written_value(const Test& test, int location, bool& written) {
  written = false;
  for (const Thread& thread : test.threads)
    for (const Operation* op : operations_of(thread))
      if ((op->kind == OpKind::store || op->kind == OpKind::exchange) &&
          op->static_location() == location) {
        written = true;
        return op->value.value;
      }
  return 0;
}

// The state of the instance made of P0's iteration i and P1's iteration j,
// deciding for each observed register whether its load saw the partner's
// store of that instance with `saw(thread, slot, location, own, partner)`.
template <class Saw>
StateValues pair_state(const Test& test, int i, int j, Saw&& saw) {
  StateValues state;
  for (const StateKey& key : test.observed) {
    const RegisterLoad load = register_load(test, key.thread, key.index);
    bool written = false;
    const std::int32_t value = written_value(test, load.location, written);
    const int own = key.thread == 0 ? i : j;
    const int partner = key.thread == 0 ? j : i;
    const bool seen = written && saw(key.thread, load.slot, load.location, own, partner);
    state.push_back(seen ? value : test.locations[load.location].initial);
  }
  return state;
}

// From logs: a load saw the partner's store of iteration `partner` when it
// logged that iteration number or a later one.
inline StateValues state_from_logs(const Test& test, const SimulatedRun& run, int i, int j) {
  return pair_state(test, i, j, [&](int t, std::size_t slot, int, int own, int partner) {
    return run.log[t][slot * static_cast<std::size_t>(run.iterations) + (own - 1)] >= partner;
  });
}

// From the simulation's steps: the store was visible before the load ran.
inline StateValues state_from_steps(const Test& test, const SimulatedRun& run, int i, int j) {
  return pair_state(test, i, j, [&](int t, std::size_t slot, int location, int own, int partner) {
    const std::uint64_t load =
        run.load_step[t][slot * static_cast<std::size_t>(run.iterations) + (own - 1)];
    return run.visible_step.at({1 - t, location})[partner - 1] < load;
  });
}

// Size of a maximum matching; edge(i, j) for i, j in 1..n (Kuhn's algorithm).
template <class Edge>
int maximum_matching(int n, Edge&& edge) {
  std::vector<std::vector<int>> adjacent(n + 1);
  for (int i = 1; i <= n; ++i)
    for (int j = 1; j <= n; ++j)
      if (edge(i, j)) adjacent[i].push_back(j);
  std::vector<int> match_of(n + 1, 0);
  std::vector<int> visited(n + 1, 0);
  std::function<bool(int, int)> augment = [&](int i, int round) {
    for (int j : adjacent[i]) {
      if (visited[j] == round) continue;
      visited[j] = round;
      if (match_of[j] == 0 || augment(match_of[j], round)) {
        match_of[j] = i;
        return true;
      }
    }
    return false;
  };
  int size = 0;
  for (int i = 1; i <= n; ++i) size += augment(i, i);
  return size;
}

// --- Logs of one lane, and reconstructing them ---------------------------------

inline const litmuslab::Test& catalogue_test(const std::string& name) {
  const auto* found = catalogue::Catalogue::compiled().find(name);
  if (!found) throw std::runtime_error("catalogue lacks " + name);
  return found->test;
}

inline kernel::PerpetualShape shape_of(const litmuslab::Test& test) {
  const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(test);
  if (!analysis.shape) throw std::runtime_error(test.name + ": " + analysis.reason);
  return *analysis.shape;
}

// One lane's logs, as a kernel writes them: log[t][slot * n + (k-1)].
struct Logs {
  std::vector<std::int32_t> log[2];
  std::size_t loads[2] = {0, 0};
  int iterations = 0;
};

inline Logs logs_of(const SimulatedRun& run) {
  Logs logs;
  for (int t = 0; t < 2; ++t) {
    logs.log[t] = run.log[t];
    logs.loads[t] = run.loads[t];
  }
  logs.iterations = run.iterations;
  return logs;
}

inline run::OutcomeHistogram reconstruct(const litmuslab::Test& test, const Logs& logs,
                                         std::uint64_t* matches = nullptr,
                                         run::SweepForm form = run::SweepForm::adaptive) {
  run::PerpetualTally tally(shape_of(test), form);
  run::LaneLogs lane;
  for (int t = 0; t < 2; ++t) lane.log[t] = logs.log[t].data();
  lane.iterations = logs.iterations;
  tally.count(lane);
  if (matches) *matches = tally.matches();
  run::OutcomeHistogram histogram;
  tally.drain_into(histogram, nullptr);
  return histogram;
}

inline SimulatedRun as_run(const Logs& logs) {
  SimulatedRun run;
  run.iterations = logs.iterations;
  for (int t = 0; t < 2; ++t) {
    run.log[t] = logs.log[t];
    run.loads[t] = logs.loads[t];
  }
  return run;
}

// Each slot's values never decrease (coherence), and name partner iterations.
inline Logs random_logs(const litmuslab::Test& test, int n, std::mt19937_64& rng) {
  Logs logs;
  logs.iterations = n;
  for (int t = 0; t < 2; ++t) {
    logs.loads[t] = count_loads(test.threads[t]);
    logs.log[t].resize(logs.loads[t] * n);
    for (std::size_t slot = 0; slot < logs.loads[t]; ++slot) {
      std::vector<std::int32_t> values(n);
      for (auto& v : values) v = std::uniform_int_distribution<std::int32_t>(0, n)(rng);
      std::sort(values.begin(), values.end());
      for (int k = 0; k < n; ++k) logs.log[t][slot * n + k] = values[k];
    }
  }
  return logs;
}

// The pairing as the README defines it, the slow way: walk the outer
// thread's iterations in turn, each taking the smallest partner iteration not
// yet taken that makes a matching pair; pair what is left in order.
inline run::OutcomeHistogram naive_pairing(const litmuslab::Test& test, const Logs& logs) {
  const SimulatedRun run = as_run(logs);
  const int outer = run::perpetual_outer_thread(shape_of(test));
  const int n = logs.iterations;
  const auto state = [&](int u, int v) {
    return outer == 0 ? state_from_logs(test, run, u, v) : state_from_logs(test, run, v, u);
  };
  std::vector<bool> outer_taken(n + 1, false), partner_taken(n + 1, false);
  run::OutcomeHistogram histogram;
  for (int u = 1; u <= n; ++u)
    for (int v = 1; v <= n; ++v)
      if (!partner_taken[v] && matches(test, state(u, v))) {
        outer_taken[u] = partner_taken[v] = true;
        histogram.add(state(u, v), 1);
        break;
      }
  std::vector<int> outer_left, partner_left;
  for (int k = 1; k <= n; ++k) {
    if (!outer_taken[k]) outer_left.push_back(k);
    if (!partner_taken[k]) partner_left.push_back(k);
  }
  for (std::size_t r = 0; r < outer_left.size(); ++r)
    histogram.add(state(outer_left[r], partner_left[r]), 1);
  return histogram;
}

inline int brute_force_matches(const litmuslab::Test& test, const SimulatedRun& run,
                               bool from_steps) {
  return maximum_matching(run.iterations, [&](int i, int j) {
    return matches(
        test, from_steps ? state_from_steps(test, run, i, j) : state_from_logs(test, run, i, j));
  });
}

// A register beyond the condition (locations clause) and negated atoms.
inline constexpr const char* kWiderTest = R"(C SB+wider
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(x, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(y, memory_order_relaxed);
}
P1 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(y, 2, memory_order_relaxed);
  int r0 = atomic_load_explicit(x, memory_order_relaxed);
  int r1 = atomic_load_explicit(x, memory_order_relaxed);
}
locations [1:r1;]
exists ~(0:r0=2 \/ ~(1:r0=0))
)";

// Two atoms of one kind (P1's two saw-initial loads) take the general sweep.
inline constexpr const char* kTwiceTest = R"(C SB+twice
{ [x]=0; [y]=0; }
P0 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(x, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(y, memory_order_relaxed);
}
P1 (atomic_int* x, atomic_int* y) {
  atomic_store_explicit(y, 1, memory_order_relaxed);
  int r0 = atomic_load_explicit(x, memory_order_relaxed);
  int r1 = atomic_load_explicit(x, memory_order_relaxed);
}
exists (0:r0=0 /\ 1:r0=0 /\ 1:r1=0)
)";

// The catalogue tests perpetual mode serves.
inline std::vector<const litmuslab::Test*> perpetual_catalogue() {
  std::vector<const litmuslab::Test*> tests;
  for (const auto& e : catalogue::Catalogue::compiled().tests())
    if (!e.kernels->perpetual.empty()) tests.push_back(&e.test);
  return tests;
}

}  // namespace litmuslab::perpetual_testing
