#include "parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "litmuslab/parse.hpp"

namespace litmuslab::format {

namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string pos_string(SourcePos pos) {
  return std::to_string(pos.line) + ":" + std::to_string(pos.column);
}

// "P12" -> 12; -1 when the word is not a thread name.
long thread_number(std::string_view word) {
  if (word.size() < 2 || word.size() > 8 || word[0] != 'P') return -1;
  long number = 0;
  for (char c : word.substr(1)) {
    if (c < '0' || c > '9') return -1;
    number = number * 10 + (c - '0');
  }
  return number;
}

}  // namespace

std::string ParseError::to_string() const {
  return (path.empty() ? std::string("<input>") : path) + ":" + pos_string(pos) +
         ": error: " + message;
}

ParseFailure::ParseFailure(ParseError error)
    : std::runtime_error(error.to_string()), error_(std::move(error)) {}

Parser::Parser(std::string_view text, std::string_view path)
    : text_(text), path_(path), lexer_(text, path) {}

void Parser::fail(SourcePos pos, std::string message) const {
  lexer_.fail(pos, std::move(message));
}

void Parser::fail_unexpected(const Token& token, std::string_view expected) const {
  fail(token.pos, std::string(expected) + ", found " + quote_token(token));
}

Token Parser::take() {
  Token token = lexer_.next();
  last_token_end_ = token.end;
  return token;
}

bool Parser::at(std::string_view punct_or_word, std::size_t ahead) {
  return lexer_.peek(ahead).is(punct_or_word);
}

Token Parser::expect(std::string_view punct, std::string_view message) {
  if (!at(punct)) fail_unexpected(lexer_.peek(), message);
  return take();
}

Test Parser::parse() {
  test_.source_path = std::string(path_);
  test_.source_text = std::string(text_);
  parse_header();
  parse_init();
  parse_threads();
  check_compare_exchange_cells();
  sort_locations();
  parse_final_condition();
  sort_observed();
  return std::move(test_);
}

void Parser::parse_header() {
  const Token& first = lexer_.peek();
  if (first.kind == TokenKind::end) fail({1, 1}, "empty file: expected 'C NAME' header");
  if (first.kind != TokenKind::identifier) fail_unexpected(first, "expected 'C NAME' header");
  if (first.text != "C")
    fail(first.pos,
         "unsupported: only C litmus tests are supported (found " + quote_token(first) + ")");
  take();
  const Token name = lexer_.test_name();
  test_.name = std::string(name.text);
  test_.family = family_of(test_.name);
  // The comment is a "..." string or the first (* ... *) before the init block.
  const std::size_t comments_before = lexer_.ml_comments().size();
  if (lexer_.peek().kind == TokenKind::string) {
    test_.comment = trim(take().text);
  } else if (lexer_.ml_comments().size() > comments_before) {
    test_.comment = trim(lexer_.ml_comments()[comments_before].text);
  }
}

void Parser::parse_init() {
  expect("{", "expected '{' to start the init block (write '{}' when everything starts at 0)");
  while (!at("}")) {
    if (lexer_.peek().kind == TokenKind::end)
      fail_unexpected(lexer_.peek(), "expected '}' to close the init block");
    parse_init_entry();
    if (at(";")) {
      take();
    } else if (!at("}")) {
      fail_unexpected(lexer_.peek(), "expected ';' or '}' in the init block");
    }
  }
  take();
}

void Parser::parse_init_entry() {
  Token token = lexer_.peek();
  if (token.kind == TokenKind::integer && at(":", 1))
    fail(token.pos, "unsupported: initial register values ('" + std::string(token.text) +
                        ":...') are outside the supported subset");
  bool bracketed = false;
  if (at("[")) {
    take();
    bracketed = true;
  } else if (token.kind == TokenKind::identifier &&
             (lexer_.peek(1).kind == TokenKind::identifier || at("*", 1))) {
    // A herd declaration such as `atomic_int x = 0;`: the type only declares.
    if (token.text == "volatile") take();
    token = lexer_.peek();
    if (!token.is("atomic_int") && !token.is("int"))
      fail(token.pos, "unsupported: location type " + quote_token(token) +
                          " (only atomic_int and int locations are supported)");
    take();
    if (at("*"))
      fail(lexer_.peek().pos, "unsupported: pointer-valued locations are outside the subset");
  }
  const Token name = lexer_.peek();
  if (name.kind != TokenKind::identifier)
    fail_unexpected(name, "expected a location name in the init block");
  take();
  if (bracketed) expect("]", "expected ']' after the location name");
  const int id = location_id(name.text, name.pos);
  if (location_initialised_[id])
    fail(name.pos, "location '" + std::string(name.text) + "' is initialised twice");
  location_initialised_[id] = true;
  expect("=", "expected '=' after the location in the init block");
  test_.locations[id].initial = parse_int_value("initial value");
}

int32_t Parser::parse_int_value(std::string_view what) {
  const Token first = lexer_.peek();
  bool negative = false;
  if (first.is("-")) {
    take();
    negative = true;
  }
  const Token number = lexer_.peek();
  if (number.kind != TokenKind::integer) {
    if (number.kind == TokenKind::identifier || number.is("&") || number.is("*"))
      fail(number.pos, "unsupported: " + std::string(what) +
                           " must be an integer constant (found " + quote_token(number) + ")");
    fail_unexpected(number, "expected an integer " + std::string(what));
  }
  take();
  const int64_t value = negative ? -number.number : number.number;
  if (value < INT32_MIN || value > INT32_MAX)
    fail(first.pos, std::string(what) + " " + (negative ? "-" : "") + std::string(number.text) +
                        " does not fit in a 32-bit int");
  return static_cast<int32_t>(value);
}

int Parser::location_id(std::string_view name, SourcePos pos) {
  const auto [it, inserted] =
      location_ids_.try_emplace(std::string(name), static_cast<int>(test_.locations.size()));
  if (inserted) {
    Location location;
    location.name = std::string(name);
    location.pos = pos;
    test_.locations.push_back(location);
    location_initialised_.push_back(false);
    location_declared_.push_back(false);
  }
  return it->second;
}

void Parser::parse_threads() {
  while (lexer_.peek().kind == TokenKind::identifier && thread_number(lexer_.peek().text) >= 0) {
    const Token name = take();
    const long number = thread_number(name.text);
    const long expected = static_cast<long>(test_.threads.size());
    if (number < expected) fail(name.pos, "duplicate thread P" + std::to_string(number));
    if (number > expected)
      fail(name.pos, "thread P" + std::to_string(expected) + " is missing (found " +
                         std::string(name.text) + "; threads are numbered densely from P0)");
    Thread thread;
    thread.index = static_cast<int>(number);
    thread.pos = name.pos;
    ThreadScope scope;
    operand_pos_.emplace_back();
    parse_parameters(thread, scope);
    parse_body(thread, scope);
    register_ids_.push_back(std::move(scope.registers));
    test_.threads.push_back(std::move(thread));
  }
  if (test_.threads.empty())
    fail_unexpected(lexer_.peek(), "expected a thread 'P0(atomic_int* x, ...) { ... }'");
}

void Parser::parse_parameters(Thread& thread, ThreadScope& scope) {
  expect("(", "expected '(' after the thread name");
  while (!at(")")) {
    if (!thread.parameters.empty()) expect(",", "expected ',' or ')' in the parameter list");
    if (at("volatile")) take();
    const Token type = lexer_.peek();
    bool atomic = false;
    if (type.is("atomic_int")) {
      atomic = true;
      take();
    } else if (type.is("_Atomic") && at("int", 1)) {
      atomic = true;
      take();
      take();
    } else if (type.is("int")) {
      take();
    } else if (type.kind == TokenKind::identifier &&
               (at("*", 1) || at("(", 1) || lexer_.peek(1).kind == TokenKind::identifier)) {
      fail(type.pos, "unsupported: parameter type '" + std::string(type.text) +
                         (at("*", 1) ? "*'" : "'") +
                         " (only atomic_int* and int* locations are supported)");
    } else {
      fail_unexpected(type, "expected a parameter such as 'atomic_int* x'");
    }
    expect("*", "expected '*': thread parameters point to locations, as in 'atomic_int* x'");
    const Token name = lexer_.peek();
    if (name.kind != TokenKind::identifier) fail_unexpected(name, "expected a parameter name");
    take();
    const int id = location_id(name.text, name.pos);
    if (!scope.parameters.try_emplace(name.text, id).second)
      fail(name.pos, "parameter '" + std::string(name.text) + "' is declared twice");
    // A location is atomic when any thread declares it atomic_int*.
    Location& location = test_.locations[id];
    if (!location_declared_[id]) location.atomic = false;
    location_declared_[id] = true;
    location.atomic = location.atomic || atomic;
    thread.parameters.push_back(id);
  }
  take();
}

void Parser::check_compare_exchange_cells() {
  // The expected cell of a compare-exchange acts as a thread-local variable,
  // so its owner's compare-exchanges must be its only users.
  std::vector<int> owner(test_.locations.size(), -1);
  for (const Thread& thread : test_.threads)
    for (const Operation* op : operations_of(thread))
      if (op->kind == OpKind::compare_exchange && owner[op->expected_location] < 0)
        owner[op->expected_location] = thread.index;
  for (const Thread& thread : test_.threads) {
    const std::vector<const Operation*> operations = operations_of(thread);
    for (std::size_t i = 0; i < operations.size(); ++i) {
      const Operation& op = *operations[i];
      const OperandPos& where = operand_pos_[thread.index][i];
      const bool expected_use = op.kind == OpKind::compare_exchange;
      if (expected_use && owner[op.expected_location] != thread.index)
        fail(where.expected, "unsupported: compare-exchange expected location '" +
                                 test_.locations[op.expected_location].name +
                                 "' must be private to one thread");
      const int location = op.static_location();
      if (location >= 0 && owner[location] >= 0)
        fail(where.location, "unsupported: compare-exchange expected location '" +
                                 test_.locations[location].name +
                                 "' must be private to one thread (it is used here as well)");
    }
  }
  for (std::size_t id = 0; id < owner.size(); ++id)
    if (owner[id] >= 0) test_.locations[id].thread_local_cell = true;
}

void Parser::sort_locations() {
  // Test::locations is sorted by name; renumber every reference to match.
  const std::size_t count = test_.locations.size();
  std::vector<int> order(count);
  for (std::size_t i = 0; i < count; ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return test_.locations[a].name < test_.locations[b].name; });
  std::vector<int> new_id(count);
  std::vector<Location> sorted;
  sorted.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    new_id[order[i]] = static_cast<int>(i);
    sorted.push_back(std::move(test_.locations[order[i]]));
  }
  test_.locations = std::move(sorted);
  for (auto& [name, id] : location_ids_) id = new_id[id];
  for (Thread& thread : test_.threads) {
    for (int& id : thread.parameters) id = new_id[id];
    for (Statement& statement : thread.body) {
      Operation& op = statement.op;
      if (op.address.location >= 0) op.address.location = new_id[op.address.location];
      if (op.expected_location >= 0) op.expected_location = new_id[op.expected_location];
    }
  }
}

bool is_control_flow_keyword(std::string_view word) {
  static constexpr std::string_view kKeywords[] = {"if",    "else",     "while",  "for",
                                                   "do",    "switch",   "case",   "return",
                                                   "break", "continue", "default"};
  return std::find(std::begin(kKeywords), std::end(kKeywords), word) != std::end(kKeywords);
}

Test parse_test(std::string_view text, std::string_view path) { return Parser(text, path).parse(); }

Test parse_file(const std::filesystem::path& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored))
    throw ParseFailure(ParseError{path.string(), {0, 0}, "cannot read file: it is a directory"});
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  if (in) contents << in.rdbuf();
  if (!in || in.bad()) {
    const int saved = errno;
    throw ParseFailure(ParseError{
        path.string(), {0, 0}, "cannot read file: " + std::string(std::strerror(saved))});
  }
  return parse_test(contents.str(), path.string());
}

}  // namespace litmuslab::format
