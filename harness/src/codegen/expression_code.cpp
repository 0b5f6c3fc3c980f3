// Expressions as kernel C++: herd7's wrapping int arithmetic through
// kernel_ops.hpp, C's operators where C++ defines them for every int, and
// pointers as `int*` into the instance.
#include <limits>

#include "kernel_code.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::codegen {

void refuse(const Test& test, SourcePos pos, const std::string& what) {
  throw format::ParseFailure(format::ParseError{test.source_path, pos, "unsupported: " + what});
}

std::vector<bool> pointer_targets(const Test& test) {
  std::vector<bool> targets(test.locations.size(), false);
  for (const Location& location : test.locations)
    if (location.type == ValueType::pointer && location.initial >= 0 &&
        static_cast<std::size_t>(location.initial) < targets.size())
      targets[static_cast<std::size_t>(location.initial)] = true;
  const auto mark = [&targets](const Expr& expr, const auto& self) -> void {
    if (expr.op == ExprOp::address_of && expr.index >= 0 &&
        static_cast<std::size_t>(expr.index) < targets.size())
      targets[static_cast<std::size_t>(expr.index)] = true;
    for (const Expr& operand : expr.operands) self(operand, self);
  };
  for (const Thread& thread : test.threads)
    for_each_expression(thread.body, [&](const Expr& expr) { mark(expr, mark); });
  return targets;
}

bool uses_value(OpKind kind) {
  switch (kind) {
    case OpKind::load:
    case OpKind::fence:
    case OpKind::lock:
    case OpKind::unlock:
    case OpKind::trylock:
      return false;
    default:
      return true;
  }
}

namespace {

const char* wrapping_function(ExprOp op) {
  switch (op) {
    case ExprOp::add:
      return "ops::wrapping_add";
    case ExprOp::sub:
      return "ops::wrapping_sub";
    case ExprOp::mul:
      return "ops::wrapping_mul";
    default:
      return nullptr;
  }
}

const char* comparison_operator(ExprOp op) {
  switch (op) {
    case ExprOp::eq:
      return " == ";
    case ExprOp::ne:
      return " != ";
    case ExprOp::lt:
      return " < ";
    case ExprOp::le:
      return " <= ";
    case ExprOp::gt:
      return " > ";
    case ExprOp::ge:
      return " >= ";
    default:
      return nullptr;
  }
}

const char* bitwise_operator(ExprOp op) {
  switch (op) {
    case ExprOp::bit_and:
      return " & ";
    case ExprOp::bit_or:
      return " | ";
    case ExprOp::bit_xor:
      return " ^ ";
    default:
      return nullptr;
  }
}

std::string constant(std::int32_t value) {
  // -2147483648 is not an int literal in C++: it is 2147483648 negated.
  if (value == std::numeric_limits<std::int32_t>::min()) return "(-2147483647 - 1)";
  return std::to_string(value);
}

}  // namespace

bool ExpressionCode::is_pointer(const Expr& expr) const {
  if (expr.op == ExprOp::address_of) return true;
  if (expr.op == ExprOp::reg)
    return thread_.registers.at(static_cast<std::size_t>(expr.index)).type == ValueType::pointer;
  return false;
}

std::string ExpressionCode::pointer(const Expr& expr) const {
  if (expr.op == ExprOp::address_of)
    return "at_" + test_.locations.at(static_cast<std::size_t>(expr.index)).name;
  if (is_pointer(expr)) return names_.at(static_cast<std::size_t>(expr.index));
  refuse(test_, expr.pos, "'" + to_string(expr, thread_, test_) + "' where a pointer is needed");
}

std::string ExpressionCode::operand(const Expr& expr) const {
  const std::string code = integer(expr);
  // Negative constants need parentheses, except the one constant() already wraps.
  const bool atomic =
      expr.op == ExprOp::reg ||
      (expr.op == ExprOp::constant &&
       (expr.value >= 0 || expr.value == std::numeric_limits<std::int32_t>::min())) ||
      wrapping_function(expr.op) != nullptr || expr.op == ExprOp::negate;
  return atomic ? code : "(" + code + ")";
}

// `a == b` as a bool: pointers compare as addresses, integers as ints.
std::string ExpressionCode::comparison(const Expr& expr) const {
  const Expr& a = expr.operands.at(0);
  const Expr& b = expr.operands.at(1);
  const char* op = comparison_operator(expr.op);
  if (is_pointer(a) || is_pointer(b)) {
    if (!is_pointer(a) || !is_pointer(b) || (expr.op != ExprOp::eq && expr.op != ExprOp::ne))
      refuse(test_, expr.pos,
             "'" + to_string(expr, thread_, test_) +
                 "': pointers are only compared with == and != to other pointers");
    return pointer(a) + op + pointer(b);
  }
  return operand(a) + op + operand(b);
}

std::string ExpressionCode::integer(const Expr& expr) const {
  if (is_pointer(expr))
    refuse(test_, expr.pos,
           "'" + to_string(expr, thread_, test_) + "' is a pointer where an int is needed");
  switch (expr.op) {
    case ExprOp::constant:
      return constant(expr.value);
    case ExprOp::reg:
      return names_.at(static_cast<std::size_t>(expr.index));
    case ExprOp::negate:
      return "ops::wrapping_negate(" + integer(expr.operands.at(0)) + ")";
    case ExprOp::bit_not:
      return "~" + operand(expr.operands.at(0));
    case ExprOp::logical_not:
      return "static_cast<int>(" + operand(expr.operands.at(0)) + " == 0)";
    case ExprOp::logical_and:
    case ExprOp::logical_or:
      return "static_cast<int>(" + condition(expr) + ")";
    default:
      break;
  }
  if (const char* function = wrapping_function(expr.op))
    return std::string(function) + "(" + integer(expr.operands.at(0)) + ", " +
           integer(expr.operands.at(1)) + ")";
  if (const char* op = bitwise_operator(expr.op))
    return operand(expr.operands.at(0)) + op + operand(expr.operands.at(1));
  if (comparison_operator(expr.op)) return "static_cast<int>(" + comparison(expr) + ")";
  refuse(test_, expr.pos, "expression '" + to_string(expr, thread_, test_) + "'");
}

std::string ExpressionCode::condition(const Expr& expr) const {
  if (comparison_operator(expr.op)) return comparison(expr);
  if (expr.op == ExprOp::logical_and || expr.op == ExprOp::logical_or) {
    const char* op = expr.op == ExprOp::logical_and ? " && " : " || ";
    return "(" + condition(expr.operands.at(0)) + ")" + op + "(" + condition(expr.operands.at(1)) +
           ")";
  }
  if (expr.op == ExprOp::logical_not) return operand(expr.operands.at(0)) + " == 0";
  return operand(expr) + " != 0";
}

}  // namespace litmuslab::codegen
