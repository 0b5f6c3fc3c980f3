// The parsed form of one litmus test: the seam between `format` (which
// builds it) and `model`, `codegen`, `run` and `report` (which read it).
//
// It covers herd7's whole C dialect as litmuslab takes it: expressions over
// registers, nested if/else, pointer-valued locations and registers,
// address offsets (herd7's address dependencies), every C11 atomic call,
// fences and spinlocks. A construct means what it means to herd7 7.57.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace litmuslab {

struct Thread;
struct Test;

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

// What a register or a location holds. A pointer value is the index of the
// location it points to (Test::locations), so every value, pointers
// included, fits the int32 slots that kernels, histograms and results use;
// the type says how to print and compare it ("1:r0=x").
enum class ValueType { integer, pointer };

// ---------------------------------------------------------------- expressions

enum class ExprOp {
  constant,     // value
  reg,          // index: a register of the enclosing thread
  address_of,   // index: a location, written by its name as a value (`x` in `*p = x`)
  negate,       // -a
  logical_not,  // !a
  bit_not,      // ~a
  add,
  sub,
  mul,
  bit_and,
  bit_or,
  bit_xor,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,  // 1 or 0
  logical_and,
  logical_or,  // 1 or 0
};

// An expression over registers and constants. Integer arithmetic wraps at
// 32 bits (two's complement), as int does on every target litmuslab runs on.
struct Expr {
  ExprOp op = ExprOp::constant;
  std::int32_t value = 0;      // constant
  int index = -1;              // reg or address_of
  std::vector<Expr> operands;  // one for unary operators, two for binary ones
  SourcePos pos;

  static Expr constant_of(std::int32_t v) { return Expr{ExprOp::constant, v, -1, {}, {}}; }
  static Expr register_of(int reg) { return Expr{ExprOp::reg, 0, reg, {}, {}}; }
  static Expr address_of_location(int loc) { return Expr{ExprOp::address_of, 0, loc, {}, {}}; }
  bool is_constant() const { return op == ExprOp::constant; }
};

// Applies a unary (b ignored) or binary operator with herd7's semantics on
// int: wrapping add/sub/mul, comparisons and logical operators give 0 or 1.
std::int32_t apply(ExprOp op, std::int32_t a, std::int32_t b = 0);

// The value of an expression given the thread's registers (a pointer value
// is a location index, so `address_of` gives its index).
std::int32_t evaluate(const Expr& expr, const std::vector<std::int32_t>& registers);

// Registers an expression reads, in order of first use, without repeats.
std::vector<int> registers_read(const Expr& expr);

// "r0 + 1", "(r0 & 128)", for `show` and for generated comments.
std::string to_string(const Expr& expr, const Thread& thread, const Test& test);

// ---------------------------------------------------------------- operations

enum class OpKind {
  load,       // dest = load(address)
  store,      // store(address, value)
  exchange,   // dest = exchange(address, value)
  fetch_add,  // dest = fetch_add(address, value), and so on
  fetch_sub,
  fetch_and,
  fetch_or,
  fetch_xor,
  compare_exchange,  // dest = cas(address, expected_location, value); see Operation
  fence,             // atomic_thread_fence(order)
  assign,            // dest = value (an expression), no memory access
  lock,              // spin_lock(address): blocks until it takes the lock
  unlock,            // spin_unlock(address)
  trylock,           // dest = spin_trylock(address): 1 when it took the lock, else 0
};

const char* to_string(OpKind kind);
bool is_rmw(OpKind kind);         // exchange, fetch_*, compare_exchange
bool reads_memory(OpKind kind);   // load, every RMW, lock, trylock
bool writes_memory(OpKind kind);  // store, every RMW, lock, unlock, trylock (when they succeed)

// Applies a fetch_* or exchange to `old`; returns the value written.
std::int32_t apply_rmw(OpKind kind, std::int32_t old, std::int32_t operand);

// Where a memory operation goes. Either a named location plus an optional
// offset (herd7's `x + (r0 & 128)` and `x[e]`, address dependencies: an
// offset that is not 0 leaves the location), or the location a pointer
// register holds (`*r0`, `atomic_load_explicit(r0, ...)`).
struct Address {
  int location = -1;          // Test::locations index; -1 when through a register
  int pointer_register = -1;  // register holding the address; -1 for a named location
  std::optional<Expr> offset;
  SourcePos pos;
  bool is_static() const { return pointer_register < 0 && !offset; }
};

// One memory or register operation of a thread.
struct Operation {
  OpKind kind = OpKind::load;
  MemoryOrder order = MemoryOrder::seq_cst;          // success order for compare_exchange
  MemoryOrder failure_order = MemoryOrder::seq_cst;  // compare_exchange only
  // false for plain `*x` accesses: non-atomic, as herd7 reads them, even on
  // an atomic_int*. Kernels compile them as relaxed accesses through
  // std::atomic_ref, so the compiler neither tears nor invents them.
  bool atomic = true;
  // compare_exchange_weak: may fail even when the values are equal, as herd7
  // models it (a failed CAS is a read with the failure order).
  bool weak = false;
  Address address;         // memory operations and locks
  int dest_register = -1;  // index into Thread::registers; -1 when the result is dropped
  // The stored value, the RMW operand, the CAS desired value, or the value
  // assigned. Pointer-typed when the target holds a pointer.
  Expr value;
  // compare_exchange only: the location holding the expected value, as in
  // herd7's `atomic_compare_exchange_strong_explicit(x, e, v, mo_s, mo_f)`.
  // It is private to this thread (the parser checks), so it behaves as a
  // thread-local cell: read before the CAS, overwritten with the old value
  // on failure. dest_register receives 1 on success and 0 on failure.
  int expected_location = -1;
  SourcePos pos;

  // The location when the address is a plain name; -1 otherwise. Most
  // operations of most tests have one.
  int static_location() const { return address.is_static() ? address.location : -1; }
};

// ---------------------------------------------------------------- statements

// A statement: one operation, or an if/else whose branches are statements.
struct Statement {
  enum class Kind { operation, branch };
  Kind kind = Kind::operation;
  Operation op;                      // operation
  Expr condition;                    // branch: taken when it is not 0
  std::vector<Statement> then_body;  // branch
  std::vector<Statement> else_body;  // branch; empty when there is no else
  SourcePos pos;

  static Statement of(Operation op) {
    Statement s;
    s.pos = op.pos;
    s.op = std::move(op);
    return s;
  }
};

struct Register {
  std::string name;
  ValueType type = ValueType::integer;  // pointer for `int* r0`
  SourcePos pos;                        // where it is declared
};

struct Thread {
  int index = 0;                    // the N of PN
  std::vector<int> parameters;      // locations named in PN(...), in order
  std::vector<Register> registers;  // every register it declares, in order
  std::vector<Statement> body;      // program order
  SourcePos pos;
};

// One operation in herd7's C syntax, in its _explicit form:
// "r0 = atomic_load_explicit(y, memory_order_acquire);", "*(x + r0) = 1;".
std::string to_string(const Operation& op, const Thread& thread, const Test& test);
// A thread's statements in herd7's C syntax, one a line, if/else indented.
std::string body_text(const Thread& thread, const Test& test, int indent = 2);

// The operations of a thread in program-text order (then-branch before
// else-branch), for consumers that look at each operation once.
std::vector<const Operation*> operations_of(const Thread& thread);
// True when the body has no branch.
bool is_straight_line(const Thread& thread);

// ---------------------------------------------------------------- locations

struct Location {
  std::string name;
  // The initial value; for a pointer location, the index of the location it
  // points to (`int *p = z;` in the init block).
  std::int32_t initial = 0;
  ValueType type = ValueType::integer;  // pointer for int** / atomic_int** parameters
  bool atomic = true;  // false when every parameter declaring it is non-atomic (`int*`)
  bool lock = false;   // a spinlock_t: 0 unlocked, 1 locked
  // True for a compare-exchange expected cell, private to one thread.
  bool thread_local_cell = false;
  SourcePos pos;
};

// ---------------------------------------------------------------- conditions

// A key of a final state, printed as herd7 does: `0:r0` or `[x]`.
struct StateKey {
  enum class Kind { reg, loc };
  Kind kind = Kind::reg;
  int thread = -1;   // for reg: the thread index
  int index = -1;    // register index in that thread, or location index
  std::string name;  // register or location name, for printing
  ValueType type = ValueType::integer;
  friend bool operator==(const StateKey& a, const StateKey& b) {
    return a.kind == b.kind && a.thread == b.thread && a.index == b.index;
  }
};

std::string to_string(const StateKey& key);  // "0:r0" or "[x]"

// The proposition of a final condition or filter.
struct Proposition {
  enum class Kind { atom, conj, disj, implies, negation, truth };
  Kind kind = Kind::truth;
  StateKey key;                       // atom: key = value
  std::int32_t value = 0;             // atom; a location index when key.type is pointer
  std::vector<Proposition> children;  // conj/disj/implies: 2; negation: 1
  SourcePos pos;
};

struct Condition {
  enum class Quantifier { exists, not_exists, forall };
  Quantifier quantifier = Quantifier::exists;
  Proposition proposition;
  std::string text;  // as written, e.g. "exists (0:r0=0 /\\ 1:r0=0)"
};

const char* to_string(Condition::Quantifier q);  // "exists", "~exists", "forall"
// A condition's or filter's proposition in herd7's syntax: "0:r0=1 /\ ~[x]=2".
std::string to_string(const Proposition& prop, const Test& test);

// A final state: one value per observed key, in Test::observed order.
using StateValues = std::vector<std::int32_t>;

struct Test {
  std::string name;     // e.g. "SB+rlx"
  std::string family;   // everything before the first '+', e.g. "SB"
  std::string comment;  // the optional "..." or (* ... *) text
  // `Key=value` lines after the name, in file order (Cycle, Generator, Com, ...).
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string source_path;  // file it was parsed from, if any
  std::string source_text;  // the whole file, for `show` and for hashing
  std::vector<Location> locations;
  std::vector<Thread> threads;  // ordered by index, dense from 0
  // herd7's `filter`: executions whose final state fails it are dropped
  // before the condition is judged.
  std::optional<Proposition> filter;
  Condition condition;
  // Keys named in the condition and `locations [...]` (what herd7 prints):
  // registers first ordered by thread then name, then locations by name.
  std::vector<StateKey> observed;
  // Keys the filter names that are not observed, in the same order. A final
  // state is judged on observed + filter_keys; only observed is printed.
  // (Follow herd7 on whether filter keys are printed; if it prints them,
  // they go in observed and this stays empty.)
  std::vector<StateKey> filter_keys;
};

// The shape part of a test name: everything before the first '+', except
// that a leading count such as "2+" belongs to the shape ("2+2W+rel" -> "2+2W").
std::string family_of(std::string_view test_name);

// Does `state` (values in test.observed order) satisfy the proposition?
bool matches(const Test& test, const Proposition& prop, const StateValues& state);
bool matches(const Test& test, const StateValues& state);  // the condition's proposition
// Judged on values in observed + filter_keys order; true without a filter.
bool passes_filter(const Test& test, const StateValues& state_with_filter_keys);

// "0:r0=0; 1:r0=1;" as herd7 prints a state; pointer values by name ("1:r0=x;").
std::string format_state(const Test& test, const StateValues& state);

// The orders a test uses, for `list`: e.g. {"relaxed", "seq_cst"}.
std::vector<MemoryOrder> orders_used(const Test& test);

}  // namespace litmuslab
