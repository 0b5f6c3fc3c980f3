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
  enum class Step { read_from, last_write };
  struct Decision {
    Step step;
    int target;  // a read, or a location
  };

  // False when some read has no write it could read from, or the RMW reads
  // cannot each have a source of their own: no execution exists.
  bool feasible = true;
  std::vector<KeySource> keys;  // Test::observed, then Test::filter_keys
  // Reads whose values reach a written value, a check or a key; then the
  // co-last write of each observed location; then the other reads.
  std::vector<Decision> decisions;
  std::vector<EventSet> sources;  // per read: the writes it may read from
  EventSet rmw_reads = 0;
  // Two threads' conflicting accesses, one of them non-atomic, exist.
  bool race_possible = false;
};

SearchPlan plan_search(const Test& test, const EventStructure& s);

}  // namespace litmuslab::model
