// What the search of one choice of paths decides, and in which order: the
// keys of the final state, the reads whose values matter (most constrained
// first), and where each read may read from. Computed before any model is
// consulted, it also rules out path choices that no execution can realise.
#pragma once

#include <cstdint>
#include <vector>

#include "event_structure.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::model {

// A key of the final state: a value node, a memory location's co-last
// write, or a constant (a location nothing touches).
struct KeySource {
  int node = -1;      // register or CAS cell
  int location = -1;  // memory location
  std::int32_t constant = 0;
  bool is_constant = false;
};

struct SearchPlan {
  // read_from: choose a read's source. last_write: choose a location's
  // co-last write. next_write: place the next write of a location's co
  // from the front (an RMW's read then reads the write before it).
  enum class Step { read_from, last_write, next_write };
  struct Decision {
    Step step;
    int target;  // a read, or a location
  };

  // False when some read has no write it could read from, or the RMW reads
  // cannot each have a source of their own: no execution exists.
  bool feasible = true;
  std::vector<KeySource> keys;  // Test::observed, then Test::filter_keys
  // First co from the front for every location with an RMW (values then
  // follow the chain as it grows); then the reads whose values reach a
  // written value, a check or a key; then the co-last write of each other
  // observed location; then the other reads. Co of the remaining
  // locations is completed last.
  std::vector<Decision> decisions;
  EventSet chained = 0;  // writes placed by next_write (initial writes included)
  // Symmetry: per write, a write next_write must have placed before it
  // (the same first write of the previous interchangeable thread), or -1.
  std::vector<int> placed_after;
  std::vector<EventSet> sources;  // per read: the writes it may read from
  EventSet rmw_reads = 0;
  // Two threads' conflicting accesses, one of them non-atomic, exist.
  bool race_possible = false;
};

// `interchangeable[t]`: the previous thread with the same code and the same
// path whose registers no key reads (see symmetry.hpp), or -1.
SearchPlan plan_search(const Test& test, const EventStructure& s,
                       const std::vector<int>& interchangeable);

}  // namespace litmuslab::model
