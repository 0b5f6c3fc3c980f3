// Dependencies between the operations of one thread, computed from what the
// code means rather than how it is written: the one definition that the
// armv8 model honours and that codegen keeps alive in machine code.
//
// An access depends on an earlier read (a load, an RMW, a compare-exchange
// or a trylock: an operation that returns what it read) when changing only
// the value that read returns changes
//   - address: where the access goes (its location, offset or pointer);
//   - data:    the value it writes (store value, RMW operand, CAS desired
//              value) or, for a compare-exchange, the value it compares with;
//   - control: whether it executes at all (an if/else, or a CAS or trylock
//              outcome, decides).
// So `r0 & 128` carries a dependency on r0 and `r0 - r0`, `r0 & 0` or
// `r0 * 0` do not; a register copied through other registers or a CAS
// expected cell carries its dependencies along. A dependency is reported
// only with a witness (two values of the read, everything else equal, that
// change the access), so every reported dependency is real; an exotic one
// whose witness the sampling misses is left out, which only makes the armv8
// model weaker than the hardware, never stronger.
#pragma once

#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab {

enum class DependencyKind { address, data, control };

const char* to_string(DependencyKind kind);  // "addr", "data", "ctrl"

// `to` depends on the value `from` returns. Both are indices into
// operations_of(thread); `from` < `to`, and both run in one execution.
struct Dependency {
  int from = -1;  // a load, RMW, compare_exchange or trylock
  int to = -1;    // a memory access: load, store, RMW, CAS, lock, unlock, trylock
  DependencyKind kind = DependencyKind::data;
  friend bool operator==(const Dependency&, const Dependency&) = default;
};

// Every dependency of the thread, sorted by (to, from, kind).
std::vector<Dependency> dependencies_of(const Test& test, const Thread& thread);

}  // namespace litmuslab
