// Expressions over registers: herd7's int semantics, the registers they
// read, and their C spelling.
#include <algorithm>
#include <cstdint>

#include "litmuslab/test.hpp"

namespace litmuslab {

std::int32_t apply(ExprOp op, std::int32_t a, std::int32_t b) {
  // herd7 computes C values as 32-bit ints; wrap in unsigned to avoid UB.
  const auto ua = static_cast<std::uint32_t>(a);
  const auto ub = static_cast<std::uint32_t>(b);
  switch (op) {
    case ExprOp::negate:
      return static_cast<std::int32_t>(0U - ua);
    case ExprOp::logical_not:
      return a == 0 ? 1 : 0;
    case ExprOp::bit_not:
      return static_cast<std::int32_t>(~ua);
    case ExprOp::add:
      return static_cast<std::int32_t>(ua + ub);
    case ExprOp::sub:
      return static_cast<std::int32_t>(ua - ub);
    case ExprOp::mul:
      return static_cast<std::int32_t>(ua * ub);
    case ExprOp::bit_and:
      return static_cast<std::int32_t>(ua & ub);
    case ExprOp::bit_or:
      return static_cast<std::int32_t>(ua | ub);
    case ExprOp::bit_xor:
      return static_cast<std::int32_t>(ua ^ ub);
    case ExprOp::eq:
      return a == b;
    case ExprOp::ne:
      return a != b;
    case ExprOp::lt:
      return a < b;
    case ExprOp::le:
      return a <= b;
    case ExprOp::gt:
      return a > b;
    case ExprOp::ge:
      return a >= b;
    case ExprOp::logical_and:
      return a != 0 && b != 0;
    case ExprOp::logical_or:
      return a != 0 || b != 0;
    case ExprOp::constant:
    case ExprOp::reg:
    case ExprOp::address_of:
      break;
  }
  return a;
}

std::int32_t evaluate(const Expr& expr, const std::vector<std::int32_t>& registers) {
  switch (expr.op) {
    case ExprOp::constant:
      return expr.value;
    case ExprOp::reg:
      return registers.at(static_cast<std::size_t>(expr.index));
    case ExprOp::address_of:
      return expr.index;
    default:
      break;
  }
  const std::int32_t a = evaluate(expr.operands.at(0), registers);
  if (expr.operands.size() == 1) return apply(expr.op, a);
  return apply(expr.op, a, evaluate(expr.operands.at(1), registers));
}

namespace {

void collect_registers(const Expr& expr, std::vector<int>& out) {
  if (expr.op == ExprOp::reg && std::find(out.begin(), out.end(), expr.index) == out.end())
    out.push_back(expr.index);
  for (const Expr& operand : expr.operands) collect_registers(operand, out);
}

// C's binding strength; higher binds tighter.
int precedence(ExprOp op) {
  switch (op) {
    case ExprOp::mul:
      return 13;
    case ExprOp::add:
    case ExprOp::sub:
      return 12;
    case ExprOp::lt:
    case ExprOp::le:
    case ExprOp::gt:
    case ExprOp::ge:
      return 10;
    case ExprOp::eq:
    case ExprOp::ne:
      return 9;
    case ExprOp::bit_and:
      return 8;
    case ExprOp::bit_xor:
      return 7;
    case ExprOp::bit_or:
      return 6;
    case ExprOp::logical_and:
      return 5;
    case ExprOp::logical_or:
      return 4;
    case ExprOp::negate:
    case ExprOp::logical_not:
    case ExprOp::bit_not:
      return 14;
    case ExprOp::constant:
    case ExprOp::reg:
    case ExprOp::address_of:
      break;
  }
  return 15;
}

const char* spelling(ExprOp op) {
  switch (op) {
    case ExprOp::negate:
    case ExprOp::sub:
      return "-";
    case ExprOp::logical_not:
      return "!";
    case ExprOp::bit_not:
      return "~";
    case ExprOp::add:
      return "+";
    case ExprOp::mul:
      return "*";
    case ExprOp::bit_and:
      return "&";
    case ExprOp::bit_or:
      return "|";
    case ExprOp::bit_xor:
      return "^";
    case ExprOp::eq:
      return "==";
    case ExprOp::ne:
      return "!=";
    case ExprOp::lt:
      return "<";
    case ExprOp::le:
      return "<=";
    case ExprOp::gt:
      return ">";
    case ExprOp::ge:
      return ">=";
    case ExprOp::logical_and:
      return "&&";
    case ExprOp::logical_or:
      return "||";
    case ExprOp::constant:
    case ExprOp::reg:
    case ExprOp::address_of:
      break;
  }
  return "?";
}

std::string name_or_index(const std::vector<std::string>& names, int index, const char* prefix) {
  if (index >= 0 && static_cast<std::size_t>(index) < names.size())
    return names[static_cast<std::size_t>(index)];
  return prefix + std::to_string(index);
}

std::string print(const Expr& expr, const std::vector<std::string>& registers,
                  const std::vector<std::string>& locations) {
  switch (expr.op) {
    case ExprOp::constant:
      return std::to_string(expr.value);
    case ExprOp::reg:
      return name_or_index(registers, expr.index, "reg#");
    case ExprOp::address_of:
      return name_or_index(locations, expr.index, "loc#");
    default:
      break;
  }
  const int mine = precedence(expr.op);
  // An operand that binds more loosely gets parentheses; so does a right
  // operand of equal strength, since C's binary operators group leftwards.
  const auto operand = [&](const Expr& e, bool right) {
    const std::string text = print(e, registers, locations);
    const int theirs = precedence(e.op);
    return theirs < mine || (right && theirs == mine) ? "(" + text + ")" : text;
  };
  if (expr.operands.size() == 1) {
    std::string inner = operand(expr.operands[0], false);
    // "- -1" rather than "--1", which C reads as a decrement.
    if (expr.op == ExprOp::negate && inner.starts_with('-')) inner = "(" + inner + ")";
    return spelling(expr.op) + inner;
  }
  if (expr.operands.size() != 2) return "?";
  return operand(expr.operands[0], false) + " " + spelling(expr.op) + " " +
         operand(expr.operands[1], true);
}

}  // namespace

std::vector<int> registers_read(const Expr& expr) {
  std::vector<int> out;
  collect_registers(expr, out);
  return out;
}

std::string to_string(const Expr& expr, const Thread& thread, const Test& test) {
  std::vector<std::string> registers;
  for (const Register& reg : thread.registers) registers.push_back(reg.name);
  std::vector<std::string> locations;
  for (const Location& loc : test.locations) locations.push_back(loc.name);
  return print(expr, registers, locations);
}

}  // namespace litmuslab
