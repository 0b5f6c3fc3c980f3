// The parsed form of one litmus test: the seam between `format` (which
// builds it) and `model`, `codegen`, `run` and `report` (which read it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab {

// A position in a litmus source file, 1-based, for error messages.
struct SourcePos {
  int line = 0;
  int column = 0;
  friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

enum class MemoryOrder { relaxed, acquire, release, acq_rel, seq_cst };

// "relaxed", "acquire", ... (without the memory_order_ prefix).
const char* to_string(MemoryOrder order);
// The C++ spelling, "std::memory_order_relaxed", for generated code.
const char* cpp_spelling(MemoryOrder order);

enum class OpKind {
  load,       // dest = load(loc)
  store,      // store(loc, value)
  exchange,   // dest = exchange(loc, value)
  fetch_add,  // dest = fetch_add(loc, value), and so on
  fetch_sub,
  fetch_and,
  fetch_or,
  fetch_xor,
  compare_exchange,  // dest = cas(loc, expected_cell, value); see Operation
  fence,             // atomic_thread_fence(order)
  set_register,      // dest = value (a constant), no memory access
};

const char* to_string(OpKind kind);
bool is_rmw(OpKind kind);         // exchange, fetch_*, compare_exchange
bool reads_memory(OpKind kind);   // load and every RMW
bool writes_memory(OpKind kind);  // store and every RMW (a failed CAS writes nothing)

// Applies a fetch_* or exchange to `old`; returns the value written.
int32_t apply_rmw(OpKind kind, int32_t old, int32_t operand);

// One statement of a thread, in program order.
struct Operation {
  OpKind kind = OpKind::load;
  MemoryOrder order = MemoryOrder::seq_cst;          // success order for compare_exchange
  MemoryOrder failure_order = MemoryOrder::seq_cst;  // compare_exchange only
  // false for plain `*x` accesses: non-atomic, as herd7 reads them. Kernels
  // compile them as relaxed accesses through std::atomic_ref.
  bool atomic = true;
  int location = -1;       // index into Test::locations; -1 for fence and set_register
  int dest_register = -1;  // index into Thread::registers; -1 when the result is dropped
  int32_t value = 0;       // stored value, RMW operand, CAS desired, or constant for set_register
  // compare_exchange only: the location holding the expected value, as in
  // herd7's `atomic_compare_exchange_strong_explicit(x, e, v, mo_s, mo_f)`.
  // It must be private to this thread (the parser checks), so it behaves as
  // a thread-local cell: read before the CAS, overwritten with the old value
  // on failure. dest_register receives 1 on success and 0 on failure.
  int expected_location = -1;
  SourcePos pos;
};

struct Location {
  std::string name;
  int32_t initial = 0;
  bool atomic = true;  // false when every parameter declaring it is `int*`
  // True for a compare-exchange expected cell, private to one thread.
  bool thread_local_cell = false;
  SourcePos pos;
};

struct Thread {
  int index = 0;                       // the N of PN
  std::vector<int> parameters;         // locations named in PN(...), in order
  std::vector<std::string> registers;  // names of the registers it sets
  std::vector<Operation> operations;   // program order
  SourcePos pos;
};

// A key of a final state, printed as herd7 does: `0:r0` or `[x]`.
struct StateKey {
  enum class Kind { reg, loc };
  Kind kind = Kind::reg;
  int thread = -1;   // for reg: the thread index
  int index = -1;    // register index in that thread, or location index
  std::string name;  // register or location name, for printing
  friend bool operator==(const StateKey& a, const StateKey& b) {
    return a.kind == b.kind && a.thread == b.thread && a.index == b.index;
  }
};

std::string to_string(const StateKey& key);  // "0:r0" or "[x]"

// The proposition of a final condition.
struct Proposition {
  enum class Kind { atom, conj, disj, negation, truth };
  Kind kind = Kind::truth;
  StateKey key;                       // atom: key = value
  int32_t value = 0;                  // atom
  std::vector<Proposition> children;  // conj/disj: 2; negation: 1
  SourcePos pos;
};

struct Condition {
  enum class Quantifier { exists, not_exists, forall };
  Quantifier quantifier = Quantifier::exists;
  Proposition proposition;
  std::string text;  // as written, e.g. "exists (0:r0=0 /\\ 1:r0=0)"
};

const char* to_string(Condition::Quantifier q);  // "exists", "~exists", "forall"

// A final state: one value per observed key, in Test::observed order.
using StateValues = std::vector<int32_t>;

struct Test {
  std::string name;         // e.g. "SB+rlx"
  std::string family;       // everything before the first '+', e.g. "SB"
  std::string comment;      // the optional "..." or (* ... *) text
  std::string source_path;  // file it was parsed from, if any
  std::string source_text;  // the whole file, for `show` and for hashing
  std::vector<Location> locations;
  std::vector<Thread> threads;  // ordered by index, dense from 0
  Condition condition;
  // Keys named in the condition plus those in `locations [...]`: registers
  // first ordered by thread then name, then locations by name.
  std::vector<StateKey> observed;
};

// The shape part of a test name: everything before the first '+', except
// that a leading count such as "2+" belongs to the shape ("2+2W+rel" -> "2+2W").
std::string family_of(std::string_view test_name);

// Does `state` (values in test.observed order) satisfy the proposition?
bool matches(const Test& test, const Proposition& prop, const StateValues& state);
bool matches(const Test& test, const StateValues& state);

// "0:r0=0; 1:r0=1;" as herd7 prints a state.
std::string format_state(const Test& test, const StateValues& state);

// The orders a test uses, for `list`: e.g. {"relaxed", "seq_cst"}.
std::vector<MemoryOrder> orders_used(const Test& test);

}  // namespace litmuslab
