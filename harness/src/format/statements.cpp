// Thread bodies: statements, atomic calls, orders and operands.
#include <algorithm>
#include <array>

#include "parser.hpp"

namespace litmuslab::format {

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

bool starts_with(std::string_view word, std::string_view prefix) {
  return word.substr(0, prefix.size()) == prefix;
}

// Operators that would start an expression: outside the subset.
bool is_operator(const Token& token) {
  static constexpr std::string_view kOperators[] = {"+",  "-",  "*",  "/",  "%",  "&",  "|",  "^",
                                                    "<<", ">>", "?",  "==", "!=", "<",  ">",  "<=",
                                                    ">=", "&&", "||", "!",  "++", "--", "->", "."};
  return token.kind == TokenKind::punct && std::find(std::begin(kOperators), std::end(kOperators),
                                                     token.text) != std::end(kOperators);
}

// Linux-kernel memory-model primitives, which herd7 also reads.
bool is_linux_primitive(std::string_view word) {
  static constexpr std::string_view kPrefixes[] = {
      "smp_",       "spin_",          "rcu_",        "srcu_",         "synchronize_", "xchg",
      "cmpxchg",    "atomic_read",    "atomic_set",  "atomic_inc",    "atomic_dec",   "atomic_add",
      "atomic_sub", "atomic_cmpxchg", "atomic_xchg", "atomic_andnot", "lock",         "unlock"};
  if (word == "READ_ONCE" || word == "WRITE_ONCE") return true;
  return std::any_of(std::begin(kPrefixes), std::end(kPrefixes),
                     [&](std::string_view prefix) { return starts_with(word, prefix); });
}

struct CallShape {
  OpKind kind;
  bool explicit_orders;  // the _explicit form, which takes memory orders
};

// The C11 calls of the subset; nullopt for anything else.
std::optional<CallShape> classify_call(std::string_view name) {
  static constexpr std::pair<std::string_view, OpKind> kCalls[] = {
      {"atomic_store", OpKind::store},
      {"atomic_load", OpKind::load},
      {"atomic_exchange", OpKind::exchange},
      {"atomic_fetch_add", OpKind::fetch_add},
      {"atomic_fetch_sub", OpKind::fetch_sub},
      {"atomic_fetch_and", OpKind::fetch_and},
      {"atomic_fetch_or", OpKind::fetch_or},
      {"atomic_fetch_xor", OpKind::fetch_xor},
      {"atomic_compare_exchange_strong", OpKind::compare_exchange}};
  if (name == "atomic_thread_fence") return CallShape{OpKind::fence, true};
  for (const auto& [base, kind] : kCalls) {
    if (name == base) return CallShape{kind, false};
    if (starts_with(name, base) && name.substr(base.size()) == "_explicit")
      return CallShape{kind, true};
  }
  return std::nullopt;
}

// Why a call outside the subset is unsupported, for the message.
std::string unsupported_call_reason(std::string_view name) {
  if (starts_with(name, "atomic_compare_exchange_weak"))
    return "weak compare-exchange may fail spuriously; use "
           "atomic_compare_exchange_strong_explicit, which is supported";
  if (is_linux_primitive(name)) return "Linux-kernel primitives are outside the C11 subset";
  if (starts_with(name, "__sync_") || starts_with(name, "__atomic_"))
    return "GCC builtins are outside the subset; use the C11 atomic_* calls";
  if (starts_with(name, "atomic_")) return "this C11 call is outside the supported subset";
  return "only atomic_load, atomic_store, atomic_exchange, atomic_fetch_{add,sub,and,or,xor}, "
         "atomic_compare_exchange_strong (each also _explicit) and atomic_thread_fence are "
         "supported";
}

int argument_count(const CallShape& shape) {
  if (shape.kind == OpKind::fence) return 1;
  int count = shape.kind == OpKind::load ? 1 : 2;
  if (shape.kind == OpKind::compare_exchange) count = 3;
  if (shape.explicit_orders) count += shape.kind == OpKind::compare_exchange ? 2 : 1;
  return count;
}

}  // namespace

void Parser::parse_body(Thread& thread, ThreadScope& scope) {
  scope.open_brace =
      expect("{", "expected '{' to start the body of P" + std::to_string(thread.index));
  lexer_.set_in_code(true);
  while (!at("}")) {
    const Token token = lexer_.peek();
    const bool next_thread = token.kind == TokenKind::identifier && token.text.size() > 1 &&
                             token.text[0] == 'P' && at("(", 1);
    if (token.kind == TokenKind::end || next_thread || token.is("exists") || token.is("forall") ||
        token.is("locations") || token.is("~"))
      fail(token.pos, "missing '}' to close the body of P" + std::to_string(thread.index) +
                          " (opened at " + std::to_string(scope.open_brace.pos.line) + ":" +
                          std::to_string(scope.open_brace.pos.column) + ")");
    parse_statement(thread, scope);
  }
  take();
  lexer_.set_in_code(false);
}

void Parser::parse_statement(Thread& thread, ThreadScope& scope) {
  const Token first = lexer_.peek();
  if (first.is(";")) {  // an empty statement
    take();
    return;
  }
  if (first.is("*")) {  // `*x = v;`: a plain, non-atomic store
    take();
    SourcePos location_pos;
    const int location = parse_location_argument(thread, scope, location_pos);
    expect("=", "expected '=' after '*" + test_.locations[location].name + "'");
    Operation op;
    op.kind = OpKind::store;
    op.atomic = false;
    op.order = MemoryOrder::relaxed;
    op.address.location = location;
    op.address.pos = location_pos;
    op.value = Expr::constant_of(parse_constant_operand("stored value"));
    op.pos = first.pos;
    expect_statement_end();
    thread.body.push_back(Statement::of(op));
    operand_pos_[thread.index].push_back({location_pos, {}});
    return;
  }
  if (first.kind != TokenKind::identifier) fail_unexpected(first, "expected a statement");
  const std::string_view word = first.text;
  if (is_control_flow_keyword(word))
    fail(first.pos, "unsupported: " + quoted(word) +
                        ": control flow is outside the supported subset (straight-line code only)");
  if (word == "goto" || at(":", 1))
    fail(first.pos, "unsupported: " + quoted(word) + ": labels and goto are outside the subset");
  if (word == "int") {
    take();
    const Token name = lexer_.peek();
    if (name.kind != TokenKind::identifier)
      fail_unexpected(name, "expected a register name after 'int'");
    take();
    expect("=", "expected '=' after 'int " + std::string(name.text) +
                    "' (registers are declared with a value)");
    const int dest = declare_register(thread, scope, name);
    parse_value_source(thread, scope, dest, first.pos);
    return;
  }
  if (lexer_.peek(1).kind == TokenKind::identifier)
    fail(first.pos,
         "unsupported: register type " + quoted(word) + " (registers are declared 'int')");
  if (at("=", 1)) {
    const auto reg = scope.registers.find(word);
    if (reg == scope.registers.end()) {
      if (scope.parameters.count(word))
        fail(first.pos, "bare location " + quoted(word) + ": herd7 writes a plain store as '*" +
                            std::string(word) + " = v'");
      fail(first.pos, "register " + quoted(word) +
                          " is assigned before it is declared; write 'int " + std::string(word) +
                          " = ...'");
    }
    take();
    take();
    parse_value_source(thread, scope, reg->second, first.pos);
    return;
  }
  if (at("(", 1)) {
    parse_call(thread, scope, -1, first.pos);
    expect_statement_end();
    return;
  }
  fail_unexpected(first, "expected a statement");
}

int Parser::declare_register(Thread& thread, ThreadScope& scope, const Token& name) {
  if (scope.parameters.count(name.text))
    fail(name.pos, "register " + quoted(name.text) + " has the name of a location parameter");
  const int index = static_cast<int>(thread.registers.size());
  if (!scope.registers.try_emplace(name.text, index).second)
    fail(name.pos, "register " + quoted(name.text) + " is already declared in P" +
                       std::to_string(thread.index));
  thread.registers.push_back(Register{std::string(name.text), ValueType::integer, name.pos});
  return index;
}

void Parser::parse_value_source(Thread& thread, ThreadScope& scope, int dest, SourcePos pos) {
  const Token token = lexer_.peek();
  if (token.kind == TokenKind::integer || token.is("-")) {
    Operation op;
    op.kind = OpKind::assign;
    op.dest_register = dest;
    op.value = Expr::constant_of(parse_constant_operand("register value"));
    op.pos = pos;
    thread.body.push_back(Statement::of(op));
    operand_pos_[thread.index].push_back({});
  } else if (token.is("*")) {  // `r = *x;`: a plain, non-atomic load
    take();
    Operation op;
    op.kind = OpKind::load;
    op.atomic = false;
    op.order = MemoryOrder::relaxed;
    op.dest_register = dest;
    op.pos = pos;
    SourcePos location_pos;
    op.address.location = parse_location_argument(thread, scope, location_pos);
    op.address.pos = location_pos;
    thread.body.push_back(Statement::of(op));
    operand_pos_[thread.index].push_back({location_pos, {}});
  } else if (token.kind == TokenKind::identifier && at("(", 1)) {
    parse_call(thread, scope, dest, pos);
  } else if (token.kind == TokenKind::identifier && scope.parameters.count(token.text)) {
    fail(token.pos, "bare location " + quote_token(token) + ": herd7 requires '*" +
                        std::string(token.text) + "' for a plain load");
  } else if (token.kind == TokenKind::identifier) {
    fail(token.pos, "unsupported: " + quote_token(token) +
                        ": a register is set only from a load, an RMW or an integer constant");
  } else {
    fail_unexpected(token, "expected a load, an RMW or an integer constant");
  }
  expect_statement_end();
}

void Parser::parse_call(Thread& thread, ThreadScope& scope, int dest, SourcePos pos) {
  const Token function = take();
  const std::optional<CallShape> shape = classify_call(function.text);
  if (!shape)
    fail(function.pos,
         "unsupported: " + quote_token(function) + ": " + unsupported_call_reason(function.text));
  const std::string name(function.text);
  if (dest >= 0 && (shape->kind == OpKind::store || shape->kind == OpKind::fence))
    fail(function.pos, quoted(name) + " returns nothing, so it cannot set a register");
  const int count = argument_count(*shape);
  expect("(", "expected '(' after " + quoted(name));
  Operation op;
  op.kind = shape->kind;
  op.dest_register = dest;
  op.pos = pos;
  OperandPos where;
  if (shape->kind == OpKind::fence) {
    op.order = parse_order(OrderRole::fence, name);
  } else {
    op.address.location = parse_location_argument(thread, scope, where.location);
    op.address.pos = where.location;
    if (shape->kind == OpKind::compare_exchange) {
      expect_argument_separator(function, count);
      op.expected_location = parse_location_argument(thread, scope, where.expected);
    }
    if (shape->kind != OpKind::load) {
      expect_argument_separator(function, count);
      op.value = Expr::constant_of(
          parse_constant_operand(shape->kind == OpKind::store              ? "stored value"
                                 : shape->kind == OpKind::compare_exchange ? "desired value"
                                                                           : "RMW operand"));
    }
    if (shape->explicit_orders) {
      expect_argument_separator(function, count);
      const OrderRole role = shape->kind == OpKind::store  ? OrderRole::store
                             : shape->kind == OpKind::load ? OrderRole::load
                                                           : OrderRole::rmw;
      op.order = parse_order(role, name);
      if (shape->kind == OpKind::compare_exchange) {
        expect_argument_separator(function, count);
        op.failure_order = parse_order(OrderRole::cas_failure, name);
      }
    }
  }
  if (at(","))
    fail(lexer_.peek().pos,
         "too many arguments to " + quoted(name) + " (it takes " + std::to_string(count) + ")");
  expect(")", "expected ')' to close the call to " + quoted(name));
  thread.body.push_back(Statement::of(op));
  operand_pos_[thread.index].push_back(where);
}

void Parser::expect_argument_separator(const Token& function, int expected_count) {
  if (at(")"))
    fail(lexer_.peek().pos, "too few arguments to " + quote_token(function) + " (it takes " +
                                std::to_string(expected_count) + ")");
  expect(",", "expected ',' between the arguments of " + quote_token(function));
}

int Parser::parse_location_argument(const Thread& thread, const ThreadScope& scope,
                                    SourcePos& at_pos) {
  const Token token = lexer_.peek();
  if (token.is("&") || token.is("*"))
    fail(token.pos, "expected a location name: pass the parameter itself, as in 'x'");
  if (token.kind != TokenKind::identifier) fail_unexpected(token, "expected a location name");
  const auto it = scope.parameters.find(token.text);
  if (it == scope.parameters.end())
    fail(token.pos, "undeclared location " + quote_token(token) + " (not a parameter of P" +
                        std::to_string(thread.index) + ")");
  take();
  at_pos = token.pos;
  return it->second;
}

int32_t Parser::parse_constant_operand(std::string_view what) {
  const Token token = lexer_.peek();
  if (token.kind != TokenKind::integer && !token.is("-"))
    fail(token.pos, "unsupported: " + std::string(what) + " must be an integer constant (found " +
                        quote_token(token) + ")");
  const int32_t value = parse_int_value(what);
  if (is_operator(lexer_.peek()))
    fail(lexer_.peek().pos, "unsupported: arithmetic expressions (" + quote_token(lexer_.peek()) +
                                ") are outside the subset; write the value as one constant");
  return value;
}

MemoryOrder Parser::parse_order(OrderRole role, std::string_view function) {
  static constexpr std::array<std::pair<std::string_view, MemoryOrder>, 5> kOrders = {{
      {"memory_order_relaxed", MemoryOrder::relaxed},
      {"memory_order_acquire", MemoryOrder::acquire},
      {"memory_order_release", MemoryOrder::release},
      {"memory_order_acq_rel", MemoryOrder::acq_rel},
      {"memory_order_seq_cst", MemoryOrder::seq_cst},
  }};
  const Token token = lexer_.peek();
  if (token.is("memory_order_consume"))
    fail(token.pos,
         "memory_order_consume is not supported: use memory_order_acquire (compilers "
         "promote consume to acquire, and herd7's models disagree on consume)");
  const auto found = std::find_if(kOrders.begin(), kOrders.end(),
                                  [&](const auto& entry) { return token.is(entry.first); });
  if (found == kOrders.end())
    fail(token.pos, "unknown memory order " + quote_token(token) +
                        " (valid orders: memory_order_relaxed, memory_order_acquire, "
                        "memory_order_release, memory_order_acq_rel, memory_order_seq_cst)");
  const MemoryOrder order = found->second;
  const auto invalid = [&](std::string_view why) {
    fail(token.pos,
         quote_token(token) + " is invalid for " + quoted(function) + ": " + std::string(why));
  };
  switch (role) {
    case OrderRole::store:
      if (order == MemoryOrder::acquire || order == MemoryOrder::acq_rel)
        invalid("a store may be relaxed, release or seq_cst");
      break;
    case OrderRole::load:
      if (order == MemoryOrder::release || order == MemoryOrder::acq_rel)
        invalid("a load may be relaxed, acquire or seq_cst");
      break;
    case OrderRole::cas_failure:
      if (order == MemoryOrder::release || order == MemoryOrder::acq_rel)
        invalid("the failure order is a load's, so relaxed, acquire or seq_cst");
      break;
    case OrderRole::fence:
      if (order == MemoryOrder::relaxed)
        invalid("a relaxed fence does nothing; use acquire, release, acq_rel or seq_cst");
      break;
    case OrderRole::rmw:
      break;
  }
  take();
  return order;
}

void Parser::expect_statement_end() {
  const Token& token = lexer_.peek();
  if (is_operator(token) && !token.is("*"))
    fail(token.pos,
         "unsupported: arithmetic expressions (" + quote_token(token) + ") are outside the subset");
  expect(";", "expected ';' after the statement");
}

}  // namespace litmuslab::format
