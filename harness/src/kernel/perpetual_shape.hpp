// Which tests perpetual mode can run, and how a load log maps back to the
// test's registers. Codegen uses it to emit perpetual kernels; the runner
// uses it to reconstruct instances from the logs.
//
// A test qualifies when each of its two threads only stores, loads and
// fences (an exchange whose result is dropped counts as a store), every
// location starts at 0 and is written by at most one store, a thread only
// loads locations the other thread writes (or nobody does), every observed
// key is a register set by one load, and the condition is a conjunction of
// (possibly negated) register atoms. SB, MP, LB and CoRR in every order
// variant qualify.
//
// In iteration k every store writes k. Pairing iteration i of one thread with
// iteration j of the other, a load logged as v saw the partner's write of
// iteration j exactly when v >= j: coherence orders the partner's writes by k.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::kernel {

// One load of a thread, in program order: one log slot per iteration.
struct PerpetualLoad {
  int location = -1;
  int register_index = -1;         // in its thread; -1 when the value is dropped
  bool location_written = false;   // the other thread stores to the location
  std::int32_t written_value = 0;  // the test's value when the load sees that store
  std::int32_t initial_value = 0;  // ... and when it sees the initial value
};

struct PerpetualThreadShape {
  std::vector<PerpetualLoad> loads;  // log slots of one iteration, in program order
};

// Where an observed key's value comes from.
struct PerpetualKey {
  int thread = 0;
  int slot = 0;  // index into that thread's loads
};

// One conjunct of the condition: the load in `slot` of `thread` saw the
// partner's write (or saw an older value, when saw_write is false).
struct PerpetualAtom {
  int thread = 0;
  int slot = 0;
  bool saw_write = false;
  friend bool operator==(const PerpetualAtom&, const PerpetualAtom&) = default;
};

struct PerpetualShape {
  std::vector<PerpetualThreadShape> threads;  // exactly two
  std::vector<PerpetualKey> keys;             // one per Test::observed entry
  std::vector<PerpetualAtom> condition;       // the proposition, as a conjunction
  bool condition_possible = true;             // false when a conjunct can never hold
};

// A shape, or the reason the test must run batched.
struct PerpetualAnalysis {
  std::optional<PerpetualShape> shape;
  std::string reason;
};

// States are counted by one bit per observed key, so keep the table small.
inline constexpr std::size_t kMaxPerpetualKeys = 10;

PerpetualAnalysis analyse_perpetual(const Test& test);

}  // namespace litmuslab::kernel
