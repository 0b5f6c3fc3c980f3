// Expressions in thread bodies, with C's precedence, and their types: an
// int, or a pointer (a location's address, or a pointer register). Pointer
// arithmetic exists only in addresses (`x + e`, herd7's address dependency).
#include <algorithm>
#include <array>

#include "parser.hpp"

namespace litmuslab::format {

namespace {

struct BinaryOperator {
  std::string_view spelling;
  ExprOp op;
};

// Binary operators from the loosest to the tightest level, as in C.
const std::array<std::vector<BinaryOperator>, 9>& binary_levels() {
  static const std::array<std::vector<BinaryOperator>, 9> levels = {{
      {{"||", ExprOp::logical_or}},
      {{"&&", ExprOp::logical_and}},
      {{"|", ExprOp::bit_or}},
      {{"^", ExprOp::bit_xor}},
      {{"&", ExprOp::bit_and}},
      {{"==", ExprOp::eq}, {"!=", ExprOp::ne}},
      {{"<", ExprOp::lt}, {"<=", ExprOp::le}, {">", ExprOp::gt}, {">=", ExprOp::ge}},
      {{"+", ExprOp::add}, {"-", ExprOp::sub}},
      {{"*", ExprOp::mul}},
  }};
  return levels;
}

// C operators herd7's C dialect does not have.
bool is_unsupported_operator(const Token& token) {
  return token.is("/") || token.is("%") || token.is("<<") || token.is(">>") || token.is("?");
}

// How an operator is written, for messages.
std::string_view spelling_of(ExprOp op) {
  for (const auto& level : binary_levels())
    for (const BinaryOperator& b : level)
      if (b.op == op) return b.spelling;
  return op == ExprOp::negate ? "-" : op == ExprOp::logical_not ? "!" : "~";
}

bool is_leaf(const Expr& expr) {
  return expr.op == ExprOp::constant || expr.op == ExprOp::reg || expr.op == ExprOp::address_of;
}

const char* type_name(ValueType type) {
  return type == ValueType::pointer ? "a pointer" : "an int";
}

}  // namespace

Expr Parser::parse_expression(ThreadScope& scope, int depth) {
  expression_operators_ = 0;
  return parse_binary(scope, 0, depth);
}

Expr Parser::parse_binary(ThreadScope& scope, int level, int depth) {
  const auto& levels = binary_levels();
  if (level == static_cast<int>(levels.size())) return parse_unary_expression(scope, depth);
  Expr left = parse_binary(scope, level + 1, depth);
  while (true) {
    const Token& next = lexer_.peek();
    if (level + 1 == static_cast<int>(levels.size()) && is_unsupported_operator(next))
      fail(next.pos, "unsupported: operator " + quote_token(next) +
                         " (expressions take + - * & | ^ == != < <= > >= && || ! ~)");
    const auto& ops = levels[static_cast<std::size_t>(level)];
    const auto found = std::find_if(ops.begin(), ops.end(),
                                    [&](const BinaryOperator& b) { return next.is(b.spelling); });
    if (found == ops.end()) return left;
    const Token op = take();
    if (++expression_operators_ > kMaxExpressionOperators)
      fail(op.pos, "expression too long (more than " + std::to_string(kMaxExpressionOperators) +
                       " operators)");
    Expr node;
    node.op = found->op;
    node.pos = left.pos;
    node.operands.push_back(std::move(left));
    node.operands.push_back(parse_binary(scope, level + 1, depth));
    left = std::move(node);
  }
}

Expr Parser::parse_unary_expression(ThreadScope& scope, int depth) {
  const Token token = lexer_.peek();
  if (depth > kMaxNesting)
    fail(token.pos,
         "expression nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
  ExprOp op = ExprOp::constant;
  if (token.is("-")) {
    op = ExprOp::negate;
  } else if (token.is("!")) {
    op = ExprOp::logical_not;
  } else if (token.is("~")) {
    op = ExprOp::bit_not;
  } else if (token.is("+")) {
    take();
    return parse_unary_expression(scope, depth + 1);
  } else if (token.is("&")) {
    fail(token.pos,
         "unsupported: '&' taking an address: herd7 writes a location's address as its name ('x', "
         "not '&x')");
  } else if (token.is("*")) {
    fail(token.pos,
         "unsupported: a memory access inside an expression; read it into a register first "
         "('int r = *x;')");
  } else if (token.is("++") || token.is("--")) {
    fail(token.pos, "unsupported: " + quote_token(token) + ": write 'r = r + 1;' instead");
  } else {
    return parse_primary(scope, depth);
  }
  take();
  // A minus sign before a literal is part of the constant, so -2147483648 fits.
  if (op == ExprOp::negate && lexer_.peek().kind == TokenKind::integer) {
    const Token number = take();
    if (number.number > static_cast<std::int64_t>(INT32_MAX) + 1)
      fail(token.pos, "-" + std::string(number.text) + " does not fit in a 32-bit int");
    Expr constant = Expr::constant_of(static_cast<std::int32_t>(-number.number));
    constant.pos = token.pos;
    return constant;
  }
  Expr node;
  node.op = op;
  node.pos = token.pos;
  node.operands.push_back(parse_unary_expression(scope, depth + 1));
  return node;
}

Expr Parser::parse_primary(ThreadScope& scope, int depth) {
  const Token token = lexer_.peek();
  if (token.kind == TokenKind::integer) {
    take();
    if (token.number > INT32_MAX)
      fail(token.pos, std::string(token.text) + " does not fit in a 32-bit int");
    Expr constant = Expr::constant_of(static_cast<std::int32_t>(token.number));
    constant.pos = token.pos;
    return constant;
  }
  if (token.is("(")) {
    take();
    if (at("int") || at("atomic_int") || at("volatile") || at("const") || at("_Atomic"))
      fail(lexer_.peek().pos, "unsupported: casts are outside the dialect litmuslab takes");
    Expr inner = parse_binary(scope, 0, depth + 1);
    expect(")", "expected ')' to close '(' at " + std::to_string(token.pos.line) + ":" +
                    std::to_string(token.pos.column));
    return inner;
  }
  if (token.kind != TokenKind::identifier) fail_unexpected(token, "expected an expression");
  if (at("(", 1))
    fail(token.pos, "unsupported: a call inside an expression ('" + std::string(token.text) +
                        "(...)'); call it as its own statement, as in 'int r = " +
                        std::string(token.text) + "(...);'");
  if (at("[", 1))
    fail(lexer_.peek(1).pos, "unsupported: subscripts ('" + std::string(token.text) +
                                 "[...]') are not in herd7's C dialect; write *(" +
                                 std::string(token.text) + " + e)");
  take();
  Expr leaf;
  leaf.pos = token.pos;
  if (const auto reg = scope.registers.find(token.text); reg != scope.registers.end()) {
    leaf.op = ExprOp::reg;
    leaf.index = reg->second;
    return leaf;
  }
  if (const auto parameter = scope.parameters.find(token.text);
      parameter != scope.parameters.end()) {
    leaf.op = ExprOp::address_of;
    leaf.index = parameter->second;
    return leaf;
  }
  if (token.is("NULL"))
    fail(token.pos, "unsupported: null pointers are outside the dialect litmuslab takes");
  if (location_ids_.count(std::string(token.text)))
    fail(token.pos, "undeclared location " + quote_token(token) + " (not a parameter of P" +
                        std::to_string(scope.thread->index) + ")");
  fail(token.pos, "undeclared register or location " + quote_token(token) + " in P" +
                      std::to_string(scope.thread->index));
}

ValueType Parser::type_of(const Expr& expr, const ThreadScope& scope) const {
  switch (expr.op) {
    case ExprOp::reg:
      return scope.thread->registers.at(static_cast<std::size_t>(expr.index)).type;
    case ExprOp::address_of:
      return ValueType::pointer;
    default:
      return ValueType::integer;
  }
}

std::string Parser::describe(const Expr& expr, const ThreadScope& scope) const {
  std::string text = "'" + to_string(expr, *scope.thread, test_) + "'";
  if (expr.op == ExprOp::address_of)
    text += " (the address of location " + test_.locations.at(expr.index).name + ")";
  return text;
}

void Parser::require_type(const Expr& expr, ValueType type, const ThreadScope& scope,
                          std::string_view what) const {
  // Operands first: every operator takes ints, except that == and != also
  // compare two pointers.
  if (!is_leaf(expr)) {
    const bool comparison = expr.op == ExprOp::eq || expr.op == ExprOp::ne;
    if (comparison && type_of(expr.operands.at(0), scope) == ValueType::pointer) {
      require_type(expr.operands.at(0), ValueType::pointer, scope, "a compared pointer");
      require_type(expr.operands.at(1), ValueType::pointer, scope, "the other side of ==/!=");
    } else {
      for (const Expr& operand : expr.operands) {
        if (type_of(operand, scope) == ValueType::pointer)
          fail(operand.pos, describe(operand, scope) + " is a pointer, and '" +
                                std::string(spelling_of(expr.op)) +
                                "' takes ints (pointer arithmetic is supported only in an "
                                "address, as in atomic_load_explicit(x + r0, ...))");
        require_type(operand, ValueType::integer, scope, "an operand");
      }
    }
  }
  const ValueType actual = type_of(expr, scope);
  if (actual != type) {
    std::string hint;
    if (expr.op == ExprOp::address_of)
      hint = " (herd7 reads it as '*" + test_.locations.at(expr.index).name + "')";
    fail(expr.pos, std::string(what) + " must be " + type_name(type) + ", but " +
                       describe(expr, scope) + " is " + type_name(actual) + hint);
  }
  // Pointers point to int locations only, so every pointer value is an int*.
  if (expr.op == ExprOp::address_of) {
    const Location& target = test_.locations.at(expr.index);
    if (target.type == ValueType::pointer || target.lock)
      fail(expr.pos, "unsupported: the address of " +
                         std::string(target.lock ? "spinlock '" : "pointer location '") +
                         target.name + "' as a value; pointers may point to int locations only");
  }
}

Address Parser::to_address(const Expr& expr, const ThreadScope& scope) const {
  Address address;
  address.pos = expr.pos;
  if (expr.op == ExprOp::address_of) {
    address.location = expr.index;
    return address;
  }
  if (expr.op == ExprOp::reg) {
    if (type_of(expr, scope) != ValueType::pointer)
      fail(expr.pos, describe(expr, scope) +
                         " is an int, not a pointer: an address is a location parameter or a "
                         "pointer register, possibly plus an int offset");
    address.pointer_register = expr.index;
    return address;
  }
  if (expr.op == ExprOp::add) {
    // herd7's address dependency: a location (or pointer) plus an int.
    const bool left_pointer = type_of(expr.operands.at(0), scope) == ValueType::pointer ||
                              expr.operands.at(0).op == ExprOp::add;
    const Expr& base = expr.operands.at(left_pointer ? 0 : 1);
    const Expr& offset = expr.operands.at(left_pointer ? 1 : 0);
    require_type(offset, ValueType::integer, scope, "an address offset");
    address = to_address(base, scope);
    if (address.location >= 0 && test_.locations.at(address.location).type == ValueType::pointer)
      fail(expr.pos, "unsupported: an offset from pointer location '" +
                         test_.locations.at(address.location).name + "'");
    if (address.offset) {
      Expr sum;
      sum.op = ExprOp::add;
      sum.pos = address.offset->pos;
      sum.operands.push_back(std::move(*address.offset));
      sum.operands.push_back(offset);
      address.offset = std::move(sum);
    } else {
      address.offset = offset;
    }
    address.pos = expr.pos;
    return address;
  }
  fail(expr.pos, "expected an address, found " + describe(expr, scope) +
                     ": an address is a location parameter or a pointer register, possibly plus "
                     "an int offset (as in x + (r0 & 128))");
}

ValueType Parser::pointee_type(const Address& address) const {
  if (address.pointer_register >= 0) return ValueType::integer;  // registers hold int* only
  return test_.locations.at(address.location).type;
}

}  // namespace litmuslab::format
