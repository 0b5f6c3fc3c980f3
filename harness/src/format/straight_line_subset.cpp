// The subset of the IR that the models and kernels took before the whole
// dialect: consumers that have not caught up reject the rest by name.
#include "litmuslab/parse.hpp"

namespace litmuslab::format {

namespace {

struct Construct {
  SourcePos pos;
  std::string what;
};

std::optional<Construct> beyond_in_operation(const Operation& op) {
  switch (op.kind) {
    case OpKind::lock:
      return Construct{op.pos, "spin_lock"};
    case OpKind::unlock:
      return Construct{op.pos, "spin_unlock"};
    case OpKind::trylock:
      return Construct{op.pos, "spin_trylock"};
    default:
      break;
  }
  if (op.kind == OpKind::compare_exchange && op.weak)
    return Construct{op.pos, "weak compare-exchange"};
  if (op.address.pointer_register >= 0)
    return Construct{op.address.pos, "an access through a pointer register"};
  if (op.address.offset) return Construct{op.address.pos, "an address with an offset"};
  const bool has_value = op.kind != OpKind::load && op.kind != OpKind::fence;
  if (has_value && !op.value.is_constant())
    return Construct{
        op.value.pos.line > 0 ? op.value.pos : op.pos,
        op.value.op == ExprOp::address_of ? "a pointer value" : "an expression over registers"};
  return std::nullopt;
}

std::optional<Construct> beyond_in_body(const std::vector<Statement>& body) {
  for (const Statement& statement : body) {
    if (statement.kind == Statement::Kind::branch) return Construct{statement.pos, "if/else"};
    if (auto found = beyond_in_operation(statement.op)) return found;
  }
  return std::nullopt;
}

std::optional<Construct> first_beyond(const Test& test) {
  for (const Location& location : test.locations) {
    if (location.type == ValueType::pointer)
      return Construct{location.pos, "pointer location '" + location.name + "'"};
    if (location.lock) return Construct{location.pos, "spinlock '" + location.name + "'"};
  }
  for (const Thread& thread : test.threads) {
    for (const Register& reg : thread.registers)
      if (reg.type == ValueType::pointer)
        return Construct{reg.pos, "pointer register '" + reg.name + "'"};
    if (auto found = beyond_in_body(thread.body)) return found;
  }
  if (test.filter) return Construct{test.filter->pos, "filter"};
  return std::nullopt;
}

}  // namespace

void require_straight_line_subset(const Test& test, std::string_view not_yet) {
  const std::optional<Construct> found = first_beyond(test);
  if (!found) return;
  throw ParseFailure(
      ParseError{test.source_path, found->pos,
                 "unsupported: " + found->what + " (not yet " + std::string(not_yet) + ")"});
}

}  // namespace litmuslab::format
