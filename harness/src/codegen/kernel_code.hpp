// Pieces of a batched kernel shared by the files that write it: what a
// thread needs of the locations, and the C++ spelling of expressions.
#pragma once

#include <string>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::codegen {

// Throws format::ParseFailure `file:line:col: error: unsupported: <what>`.
[[noreturn]] void refuse(const Test& test, SourcePos pos, const std::string& what);

// Refuses (as above) a test whose kernels could go wrong on hardware: an
// address offset that may not be 0 (offset_bits.cpp), locks that could block
// a thread forever (lock_discipline.cpp), an RMW other than exchange on a
// pointer location, or an offset from a pointer location.
void require_compilable(const Test& test);
void require_zero_offsets(const Test& test);
void require_lock_discipline(const Test& test);

// Locations some pointer may hold: those named as a value (`x` in
// `*p = x`) and the initial targets of pointer locations.
std::vector<bool> pointer_targets(const Test& test);

// Calls `visit(expr)` for every expression of a body: stored and assigned
// values, address offsets and branch conditions.
template <class Visit>
void for_each_expression(const std::vector<Statement>& body, Visit&& visit) {
  for (const Statement& statement : body) {
    if (statement.kind == Statement::Kind::branch) {
      visit(statement.condition);
      for_each_expression(statement.then_body, visit);
      for_each_expression(statement.else_body, visit);
      continue;
    }
    visit(statement.op.value);
    if (statement.op.address.offset) visit(*statement.op.address.offset);
  }
}

// Whether an operation's `value` means anything: stores, RMWs, CAS
// (the desired value) and register assignments.
bool uses_value(OpKind kind);

// Writes the C++ of expressions over one operation's registers, each named
// by `register_names` (the operation's opaque copies). Integer arithmetic
// wraps as the IR's `apply` does; a pointer is an `int*` into the instance
// (`at_x` for location x). Throws (refuse) on arithmetic over pointers.
class ExpressionCode {
 public:
  ExpressionCode(const Test& test, const Thread& thread, std::vector<std::string> register_names)
      : test_(test), thread_(thread), names_(std::move(register_names)) {}

  std::string integer(const Expr& expr) const;    // an `int`
  std::string pointer(const Expr& expr) const;    // an `int*`
  std::string condition(const Expr& expr) const;  // a `bool`: expr != 0
  bool is_pointer(const Expr& expr) const;

 private:
  std::string operand(const Expr& expr) const;  // integer(), parenthesised unless atomic
  std::string comparison(const Expr& expr) const;

  const Test& test_;
  const Thread& thread_;
  std::vector<std::string> names_;
};

}  // namespace litmuslab::codegen
