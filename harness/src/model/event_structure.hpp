// The events of one choice of a path per thread, with everything about them
// that no read-from or coherence choice changes: program order, locations,
// RMW pairs, dependencies, value nodes and the checks on them.
#pragma once

#include <cstdint>
#include <vector>

#include "litmuslab/dependencies.hpp"
#include "litmuslab/test.hpp"
#include "relation.hpp"
#include "thread_paths.hpp"
#include "value_graph.hpp"

namespace litmuslab::model {

// A check of a path, on global events.
struct EventCheck {
  int value = -1;
  bool address_offset = false;
  int thread = -1;
  int op_index = -1;
};

struct EventStructure {
  std::vector<Event> events;  // initial writes first, then each thread's path in order
  int size = 0;
  ValueGraph values;
  std::vector<EventCheck> checks;

  Relation po;                // program order within each thread
  Relation rmw;               // the read of a successful RMW to its write
  Relation same_loc;          // memory events on one location
  Relation same_thread;       // events of one thread
  Relation addr, data, ctrl;  // dependencies (see litmuslab/dependencies.hpp)
  EventSet reads = 0, writes = 0, fences = 0, initial = 0, atomic = 0;
  std::vector<EventSet> writes_of, reads_of;  // per location
  std::vector<int> initial_write;             // per location: its initial write, or -1

  // Final value nodes: registers per thread, and each location's CAS cell
  // (-1: never touched, it keeps its initial value).
  std::vector<std::vector<int>> registers;
  std::vector<int> cells;

  EventSet memory() const { return reads | writes; }
  EventSet all() const { return size == kMaxEvents ? ~EventSet{0} : bit(size) - 1; }
};

// The dependencies of each thread (litmuslab::dependencies_of), computed
// once per test and reused for every choice of paths.
using TestDependencies = std::vector<std::vector<Dependency>>;
TestDependencies test_dependencies(const Test& test);

// Events for one path per thread. Throws LimitReached above kMaxEvents.
EventStructure build_events(const Test& test, const std::vector<const ThreadPath*>& paths,
                            const TestDependencies& dependencies);

}  // namespace litmuslab::model
