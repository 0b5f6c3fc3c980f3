// The control-flow paths of one thread, as herd7 builds them: each branch,
// compare-exchange outcome, trylock outcome and pointer target is a guess,
// recorded as a check on the values the reads will return.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "litmuslab/test.hpp"
#include "value_graph.hpp"

namespace litmuslab::model {

enum class EventKind : std::uint8_t { read, write, fence };

// One memory event of a path (or an initial write).
struct Event {
  EventKind kind = EventKind::read;
  OpKind op_kind = OpKind::store;
  int thread = -1;    // -1 for an initial write
  int op_index = -1;  // index in operations_of(thread)
  int location = -1;  // -1 for a fence
  // The C++ order of this event: a failed compare-exchange reads with its
  // failure order, a lock's read is acquire and its write relaxed, a failed
  // trylock reads relaxed. Meaningless when !atomic.
  MemoryOrder order = MemoryOrder::relaxed;
  // The order the instruction is compiled for, whatever the outcome: a CAS
  // uses its success order, and its failure order strengthens the read (gcc
  // emits one instruction for both); a lock or trylock is acquire.
  MemoryOrder instruction_order = MemoryOrder::relaxed;
  MemoryOrder failure_order = MemoryOrder::relaxed;  // compare_exchange only
  bool atomic = true;
  bool initial = false;
  bool rmw = false;  // half of a read-modify-write that wrote (a failed CAS only reads)
  int value = -1;    // writes: the value node
};

// A guess the values must confirm: node `value` must be non-zero.
struct PathCheck {
  int value = -1;
  // An address offset that is not 0 would leave its location: that is an
  // error in the test, not a way to drop the execution.
  bool address_offset = false;
  int op_index = -1;
};

struct ThreadPath {
  std::vector<Event> events;  // in program order; reads refer to them by index
  ValueGraph values;
  std::vector<PathCheck> checks;
  std::vector<int> registers;  // the final value node of each register
  std::vector<int> cells;      // the final value node of each location used as a CAS cell, else -1
};

// Every path of `thread`. Throws LimitReached beyond `max_paths`, and
// format::ParseFailure ("FILE:LINE:COL: error: unsupported: ...") for an
// access the models cannot place (an offset that is not 0, a pointer to no
// location).
std::vector<ThreadPath> thread_paths(const Test& test, const Thread& thread, std::size_t max_paths);

// Throws format::ParseFailure "FILE:LINE:COL: error: unsupported: WHAT".
[[noreturn]] void throw_unsupported(const Test& test, SourcePos pos, const std::string& what);

}  // namespace litmuslab::model
