// libFuzzer target for the litmus parser. Any input must either parse or
// throw ParseFailure with a position inside the text; any other exception,
// crash, hang or sanitizer report is a bug (the fuzzer aborts on it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "litmuslab/parse.hpp"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "parse_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

// Lines in the text, counted the way the lexer counts them.
int line_count(std::string_view text) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

// A parsed test must only refer to things that exist: codegen and the
// models index with these numbers without checking.
struct Limits {
  int locations = 0;
  int registers = 0;
};

void check_expr(const litmuslab::Expr& expr, const Limits& limits) {
  using litmuslab::ExprOp;
  if (expr.op == ExprOp::reg && (expr.index < 0 || expr.index >= limits.registers))
    broken("expression register out of range");
  if (expr.op == ExprOp::address_of && (expr.index < 0 || expr.index >= limits.locations))
    broken("expression location out of range");
  const bool leaf =
      expr.op == ExprOp::constant || expr.op == ExprOp::reg || expr.op == ExprOp::address_of;
  const bool unary =
      expr.op == ExprOp::negate || expr.op == ExprOp::logical_not || expr.op == ExprOp::bit_not;
  const std::size_t arity = leaf ? 0 : unary ? 1 : 2;
  if (expr.operands.size() != arity) broken("expression arity wrong for its operator");
  for (const litmuslab::Expr& operand : expr.operands) check_expr(operand, limits);
}

void check_operation(const litmuslab::Operation& op, const Limits& limits) {
  using litmuslab::OpKind;
  const litmuslab::Address& address = op.address;
  if (address.location < -1 || address.location >= limits.locations)
    broken("operation location out of range");
  if (address.pointer_register < -1 || address.pointer_register >= limits.registers)
    broken("pointer register out of range");
  if (address.location >= 0 && address.pointer_register >= 0)
    broken("an address both named and through a register");
  if (address.offset) check_expr(*address.offset, limits);
  if (op.expected_location < -1 || op.expected_location >= limits.locations)
    broken("expected location out of range");
  if ((op.kind == OpKind::compare_exchange) != (op.expected_location >= 0))
    broken("expected location presence wrong for the kind");
  if (op.dest_register < -1 || op.dest_register >= limits.registers)
    broken("destination register out of range");
  const bool needs_address = op.kind != OpKind::fence && op.kind != OpKind::assign;
  const bool has_address = address.location >= 0 || address.pointer_register >= 0;
  if (needs_address != has_address) broken("address presence wrong for the kind");
  check_expr(op.value, limits);
}

void check_body(const std::vector<litmuslab::Statement>& body, const Limits& limits) {
  for (const litmuslab::Statement& statement : body) {
    if (statement.kind == litmuslab::Statement::Kind::operation) {
      check_operation(statement.op, limits);
    } else {
      check_expr(statement.condition, limits);
      check_body(statement.then_body, limits);
      check_body(statement.else_body, limits);
    }
  }
}

void check_key(const litmuslab::Test& test, const litmuslab::StateKey& key) {
  const auto locations = static_cast<int>(test.locations.size());
  if (key.kind == litmuslab::StateKey::Kind::loc) {
    if (key.index < 0 || key.index >= locations) broken("observed location out of range");
  } else {
    if (key.thread < 0 || key.thread >= static_cast<int>(test.threads.size()))
      broken("observed thread out of range");
    const auto& regs = test.threads[static_cast<std::size_t>(key.thread)].registers;
    if (key.index < 0 || key.index >= static_cast<int>(regs.size()))
      broken("observed register out of range");
  }
}

void check_test(const litmuslab::Test& test) {
  const auto locations = static_cast<int>(test.locations.size());
  if (test.threads.empty()) broken("a test without threads parsed");
  for (const litmuslab::Location& location : test.locations)
    if (location.type == litmuslab::ValueType::pointer &&
        (location.initial < 0 || location.initial >= locations))
      broken("pointer location initialised out of range");
  for (std::size_t t = 0; t < test.threads.size(); ++t) {
    const litmuslab::Thread& thread = test.threads[t];
    if (thread.index != static_cast<int>(t)) broken("threads are not dense from 0");
    for (int parameter : thread.parameters)
      if (parameter < 0 || parameter >= locations) broken("parameter out of range");
    check_body(thread.body, Limits{locations, static_cast<int>(thread.registers.size())});
  }
  for (const litmuslab::StateKey& key : test.observed) check_key(test, key);
  for (const litmuslab::StateKey& key : test.filter_keys) check_key(test, key);
  // Evaluating the condition and the filter on the all-zero state walks their trees.
  const litmuslab::StateValues zero(test.observed.size() + test.filter_keys.size(), 0);
  (void)litmuslab::matches(test, zero);
  (void)litmuslab::passes_filter(test, zero);
  (void)litmuslab::format_state(test, zero);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_test(litmuslab::format::parse_test(text, "fuzz.litmus"));
  } catch (const litmuslab::format::ParseFailure& failure) {
    const litmuslab::SourcePos pos = failure.error().pos;
    if (pos.line < 1 || pos.column < 1) broken("error position before 1:1");
    if (pos.line > line_count(text)) broken("error position after the last line");
    if (failure.error().message.empty()) broken("empty error message");
  }
  return 0;
}
