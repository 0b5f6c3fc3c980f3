// Thread bodies: statements, blocks, if/else, declarations, assignments and
// plain accesses. Atomic calls are in calls.cpp, expressions in
// expression_parser.cpp.
#include <algorithm>

#include "parser.hpp"

namespace litmuslab::format {

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// Words that start a declaration.
bool starts_type(const Token& token) {
  return token.is("int") || token.is("atomic_int") || token.is("_Atomic") || token.is("volatile") ||
         token.is("const") || token.is("spinlock_t");
}

// Binary operators, which may not follow a memory access.
bool is_binary_operator(const Token& token) {
  static constexpr std::string_view kOperators[] = {"+",  "-",  "*",  "/",  "%",  "&", "|",
                                                    "^",  "<<", ">>", "==", "!=", "<", ">",
                                                    "<=", ">=", "&&", "||", "?"};
  return token.kind == TokenKind::punct && std::find(std::begin(kOperators), std::end(kOperators),
                                                     token.text) != std::end(kOperators);
}

std::string pos_string(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

}  // namespace

void Parser::parse_body(ThreadScope& scope) {
  Thread& thread = *scope.thread;
  scope.open_brace =
      expect("{", "expected '{' to start the body of P" + std::to_string(thread.index));
  expected_pos_.emplace_back();
  scope.frames.push_back(scope.next_frame++);
  lexer_.set_in_code(true);
  while (!at("}")) {
    const Token token = lexer_.peek();
    const bool next_thread = token.kind == TokenKind::identifier && token.text.size() > 1 &&
                             token.text[0] == 'P' && at("(", 1);
    if (token.kind == TokenKind::end || next_thread || token.is("exists") || token.is("forall") ||
        token.is("locations") || token.is("filter") || token.is("~"))
      fail(token.pos, "missing '}' to close the body of P" + std::to_string(thread.index) +
                          " (opened at " + pos_string(scope.open_brace.pos) + ")");
    parse_statement(thread.body, scope, 0);
  }
  take();
  lexer_.set_in_code(false);
}

void Parser::open_frame(ThreadScope& scope) { scope.frames.push_back(scope.next_frame++); }

void Parser::close_frame(ThreadScope& scope) {
  scope.closed_frames.insert(scope.frames.back());
  scope.frames.pop_back();
}

void Parser::parse_statement(std::vector<Statement>& body, ThreadScope& scope, int depth) {
  const Token first = lexer_.peek();
  if (depth > kMaxNesting)
    fail(first.pos, "statements nested too deeply (more than " + std::to_string(kMaxNesting) +
                        " levels of blocks and if/else)");
  if (first.is(";")) {  // an empty statement
    take();
    return;
  }
  if (first.is("{")) {  // a block: its statements join the enclosing body
    take();
    open_frame(scope);
    while (!at("}")) {
      if (lexer_.peek().kind == TokenKind::end)
        fail(lexer_.peek().pos,
             "missing '}' to close the block opened at " + pos_string(first.pos));
      parse_statement(body, scope, depth + 1);
    }
    take();
    close_frame(scope);
    return;
  }
  if (first.is("*")) return parse_plain_store(body, scope);
  if (first.kind != TokenKind::identifier) fail_statement(first);
  const std::string_view word = first.text;
  if (word == "if") return parse_if(body, scope, depth);
  if (word == "else") fail(first.pos, "'else' without a matching 'if'");
  if (word == "while" || word == "for" || word == "do")
    fail(first.pos, "unsupported: " + quoted(word) +
                        ": loops are outside the dialect litmuslab takes (herd7 unrolls them; "
                        "write the iterations out)");
  if (is_control_flow_keyword(word))
    fail(first.pos, "unsupported: " + quoted(word) +
                        ": only if/else control flow is supported in a thread body");
  if (word == "goto" || at(":", 1))
    fail(first.pos, "unsupported: " + quoted(word) + ": labels and goto are outside the dialect");
  if (starts_type(first)) return parse_declaration(body, scope);
  if (lexer_.peek(1).kind == TokenKind::identifier || (at("*", 1) && !scope.registers.count(word)))
    fail(first.pos, "unsupported: register type " + quoted(word) +
                        " (registers are declared 'int' or 'int*')");
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
    return parse_assignment_source(body, scope, reg->second, first.pos);
  }
  if (at("(", 1)) {
    parse_call(body, scope, -1, first.pos);
    return expect_statement_end("a memory access");
  }
  const Token& second = lexer_.peek(1);
  if (second.is("+=") || second.is("-=") || second.is("++") || second.is("--"))
    fail(second.pos, "unsupported: " + quote_token(second) + ": write 'r = r + 1;' instead");
  if (second.is("["))
    fail(second.pos, "unsupported: subscripts ('" + std::string(word) +
                         "[...]') are not in herd7's C dialect; write *(" + std::string(word) +
                         " + e)");
  fail_statement(first);
}

void Parser::fail_statement(const Token& token) { fail_unexpected(token, "expected a statement"); }

void Parser::parse_if(std::vector<Statement>& body, ThreadScope& scope, int depth) {
  const Token keyword = take();
  const Token open = expect("(", "expected '(' after 'if'");
  Statement branch;
  branch.kind = Statement::Kind::branch;
  branch.pos = keyword.pos;
  branch.condition = parse_expression(scope, 1);
  require_type(branch.condition, ValueType::integer, scope, "the condition of an if");
  expect(")", "expected ')' to close '(' at " + pos_string(open.pos));
  parse_branch_body(branch.then_body, scope, depth + 1);
  if (at("else")) {
    take();
    parse_branch_body(branch.else_body, scope, depth + 1);
  }
  body.push_back(std::move(branch));
}

void Parser::parse_branch_body(std::vector<Statement>& body, ThreadScope& scope, int depth) {
  // A branch is one statement (a block, another if, ...), with its own scope.
  open_frame(scope);
  parse_statement(body, scope, depth);
  close_frame(scope);
}

void Parser::parse_declaration(std::vector<Statement>& body, ThreadScope& scope) {
  const Token first = lexer_.peek();
  const std::optional<DeclaredType> type = parse_type("register");
  if (!type) fail_statement(first);
  if (type->base == DeclaredType::Base::spinlock || type->stars > 1)
    fail(type->pos, "unsupported: register type '" + type->text +
                        "' (registers are declared 'int' or 'int*')");
  const Token name = lexer_.peek();
  if (name.kind != TokenKind::identifier)
    fail_unexpected(name, "expected a register name after '" + type->text + "'");
  take();
  if (at("["))
    fail(lexer_.peek().pos, "unsupported: arrays ('" + std::string(name.text) +
                                "[...]') are outside the dialect litmuslab takes");
  if (at(","))
    fail(lexer_.peek().pos,
         "unsupported: one register per declaration ('int " + std::string(name.text) + " = ...;')");
  const ValueType value_type = type->stars == 1 ? ValueType::pointer : ValueType::integer;
  const int dest = declare_register(scope, name, value_type);
  if (at(";")) {  // `int r;`: herd7's registers start at 0
    if (value_type == ValueType::pointer)
      fail(name.pos, "unsupported: pointer register '" + std::string(name.text) +
                         "' needs an initial value, as in 'int* " + std::string(name.text) +
                         " = x;' (null pointers are outside the dialect litmuslab takes)");
    take();
    return;
  }
  expect("=", "expected '=' or ';' after '" + type->text + " " + std::string(name.text) + "'");
  parse_assignment_source(body, scope, dest, first.pos);
}

int Parser::declare_register(ThreadScope& scope, const Token& name, ValueType type) {
  Thread& thread = *scope.thread;
  if (scope.parameters.count(name.text))
    fail(name.pos, "register " + quoted(name.text) + " has the name of a location parameter");
  const auto [it, inserted] =
      scope.registers.try_emplace(name.text, static_cast<int>(thread.registers.size()));
  if (inserted) {
    thread.registers.push_back(Register{std::string(name.text), type, name.pos});
    scope.register_frame.push_back(scope.frames.back());
    return it->second;
  }
  // herd7's registers belong to the thread; C scopes them by block. A name
  // may be declared again once the block of its declaration has closed.
  const int index = it->second;
  Register& reg = thread.registers[static_cast<std::size_t>(index)];
  if (!scope.closed_frames.count(scope.register_frame[static_cast<std::size_t>(index)]))
    fail(name.pos, "register " + quoted(name.text) + " is already declared in P" +
                       std::to_string(thread.index));
  if (reg.type != type)
    fail(name.pos, "register " + quoted(name.text) + " is declared " +
                       (type == ValueType::pointer ? "int*" : "int") + " here but " +
                       (reg.type == ValueType::pointer ? "int*" : "int") + " at " +
                       pos_string(reg.pos));
  scope.register_frame[static_cast<std::size_t>(index)] = scope.frames.back();
  return index;
}

void Parser::parse_assignment_source(std::vector<Statement>& body, ThreadScope& scope, int dest,
                                     SourcePos pos) {
  const Thread& thread = *scope.thread;
  const Register& reg = thread.registers.at(static_cast<std::size_t>(dest));
  const Token token = lexer_.peek();
  if (token.is("*")) {  // `r = *x;`: a plain, non-atomic load
    Operation op;
    op.kind = OpKind::load;
    op.atomic = false;
    op.order = MemoryOrder::relaxed;
    op.dest_register = dest;
    op.pos = pos;
    op.address = parse_dereference(scope);
    if (pointee_type(op.address) != reg.type)
      fail(token.pos, "register '" + reg.name + "' is " +
                          (reg.type == ValueType::pointer ? "an int*" : "an int") +
                          " but the location read holds " +
                          (reg.type == ValueType::pointer ? "an int" : "a pointer"));
    body.push_back(Statement::of(std::move(op)));
    return expect_statement_end("a memory access");
  }
  if (token.kind == TokenKind::identifier && at("(", 1)) {
    parse_call(body, scope, dest, pos);
    return expect_statement_end("a memory access");
  }
  Operation op;
  op.kind = OpKind::assign;
  op.dest_register = dest;
  op.pos = pos;
  op.value = parse_expression(scope, 0);
  require_type(op.value, reg.type, scope, "the value of register '" + reg.name + "'");
  body.push_back(Statement::of(std::move(op)));
  expect_statement_end("");
}

void Parser::parse_plain_store(std::vector<Statement>& body, ThreadScope& scope) {
  const Token star = lexer_.peek();
  Operation op;
  op.kind = OpKind::store;
  op.atomic = false;
  op.order = MemoryOrder::relaxed;
  op.pos = star.pos;
  op.address = parse_dereference(scope);
  const Token equals = lexer_.peek();
  if (!equals.is("="))
    fail_unexpected(equals, "expected '=' after the dereference (a plain store '*x = v;')");
  take();
  op.value = parse_expression(scope, 0);
  require_type(op.value, pointee_type(op.address), scope, "the stored value");
  body.push_back(Statement::of(std::move(op)));
  expect_statement_end("");
}

Address Parser::parse_dereference(ThreadScope& scope) {
  const Token star = take();
  const Token token = lexer_.peek();
  if (token.is("*"))
    fail(token.pos,
         "unsupported: a double dereference; load the pointer into a register first ('int* r = "
         "*p;')");
  Expr target;
  if (token.is("(")) {
    take();
    target = parse_expression(scope, 1);
    expect(")", "expected ')' to close '(' at " + pos_string(token.pos));
  } else if (token.kind == TokenKind::identifier) {
    target = parse_primary(scope, 0);
  } else {
    fail_unexpected(token, "expected a location or a pointer register after '*'");
  }
  Address address = to_address(target, scope);
  address.pos = token.pos;
  (void)star;
  return address;
}

void Parser::expect_statement_end(std::string_view what) {
  const Token& token = lexer_.peek();
  if (!what.empty() && is_binary_operator(token))
    fail(token.pos, "unsupported: " + std::string(what) +
                        " inside an expression; read it into a register first ('int r = ...;')");
  expect(";", "expected ';' after the statement");
}

}  // namespace litmuslab::format
