// Events of a litmus test and the relations of one candidate execution.
#pragma once

#include <cstdint>
#include <vector>

#include "litmuslab/test.hpp"
#include "relation.hpp"

namespace litmuslab::model {

enum class EventKind { read, write, fence };

struct Event {
  EventKind kind = EventKind::read;
  int thread = -1;    // -1 for an initial write
  int op = -1;        // index into EventStructure::operations[thread]; -1 for an initial write
  int location = -1;  // -1 for a fence
  OpKind op_kind = OpKind::store;
  // The C++ order of this event: a failed compare_exchange reads with its
  // failure order. Meaningless when !atomic.
  MemoryOrder order = MemoryOrder::relaxed;
  // The order the instruction is compiled for: the success order of a CAS,
  // whichever way it went (gcc picks one instruction for both outcomes).
  MemoryOrder instruction_order = MemoryOrder::relaxed;
  MemoryOrder failure_order = MemoryOrder::relaxed;  // compare_exchange only
  bool atomic = true;
  bool initial = false;
  bool rmw = false;  // part of an RMW that reads and writes (a failed CAS only reads)
};

// The events of a test once each compare_exchange's outcome is fixed: a
// successful CAS reads and writes, a failed one only reads.
struct EventStructure {
  std::vector<Event> events;
  int size = 0;
  Relation po;           // program order, within each thread (initial writes excluded)
  Relation rmw;          // the read of an RMW to its write
  Relation same_loc;     // memory events on the same location
  Relation same_thread;  // events of one thread (initial writes in none)
  EventSet reads = 0, writes = 0, fences = 0, initial = 0;
  // operations[thread]: operations_of(that thread), which Event::op indexes.
  std::vector<std::vector<const Operation*>> operations;
  // cas_success[thread][op] for compare_exchange operations.
  std::vector<std::vector<bool>> cas_success;
  // event_of[thread][op]: first event of each operation, -1 for an assignment.
  std::vector<std::vector<int>> event_of;
  // Per memory location (Test::locations index): its writes (initial first) and reads.
  std::vector<std::vector<int>> writes_of, reads_of;

  EventSet memory() const { return reads | writes; }
  EventSet where(bool (*pred)(const Event&)) const {
    EventSet s = 0;
    for (int i = 0; i < size; ++i)
      if (pred(events[i])) s |= bit(i);
    return s;
  }
};

// Builds the events for one choice of CAS outcomes (indexed in program order
// over all compare_exchange operations of the test). Throws
// std::invalid_argument above kMaxEvents events.
EventStructure build_events(const Test& test, const std::vector<bool>& cas_outcomes);

// One candidate execution: rf and co chosen, everything else derived.
struct Execution {
  const EventStructure* events = nullptr;
  Relation rf, co, fr;
  std::vector<int32_t> value;  // value read or written, per event
  // Final values: registers per thread, and every location (memory or cell).
  std::vector<std::vector<int32_t>> registers;
  std::vector<int32_t> location_values;

  int size() const { return events->size; }
  Relation po_loc() const { return events->po & events->same_loc; }
  Relation external(const Relation& r) const { return r.minus(events->same_thread); }
  Relation internal(const Relation& r) const { return r & events->same_thread; }
  Relation com() const { return rf | co | fr; }
};

// Axioms every model shares.
// sc-per-location: acyclic(po-loc | rf | co | fr).
bool sc_per_location(const Execution& x);
// RMW atomicity: empty(rmw & (fre; coe)).
bool rmw_atomicity(const Execution& x);

}  // namespace litmuslab::model
