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

bool is_thread_name(const Token& token) {
  return token.kind == TokenKind::identifier && thread_number(token.text) >= 0;
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
  resolve_pointer_targets();
  check_compare_exchange_cells();
  parse_final_condition();
  sort_locations();
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
  // herd7's splitter: NAME, an optional (texname), an optional "doc" string,
  // an optional ';', then Key=value lines and comments up to the init block.
  const std::size_t comments_before = lexer_.ml_comments().size();
  const Token* next = &lexer_.peek();
  if (next->is("(") && next->pos.line == name.pos.line) {
    take();
    const Token texname = lexer_.peek();
    if (texname.kind != TokenKind::identifier)
      fail_unexpected(texname, "expected a TeX name in '(...)' after the test name");
    take();
    expect(")", "expected ')' after the TeX name");
    next = &lexer_.peek();
  }
  bool has_doc = false;
  if (next->kind == TokenKind::string) {
    test_.comment = trim(take().text);
    has_doc = true;
    next = &lexer_.peek();
  }
  if (next->is(";")) take();
  while (auto line = lexer_.metadata_line())
    test_.metadata.emplace_back(std::string(line->key), std::string(line->value));
  // Without a "doc" string, the first (* ... *) before the init block is the comment.
  lexer_.peek();
  if (!has_doc && lexer_.ml_comments().size() > comments_before)
    test_.comment = trim(lexer_.ml_comments()[comments_before].text);
}

void Parser::parse_threads() {
  while (true) {
    // herd7 also takes `void P0(...)`.
    if (at("void") && is_thread_name(lexer_.peek(1))) take();
    if (!is_thread_name(lexer_.peek())) break;
    const Token name = take();
    const long number = thread_number(name.text);
    const long expected = static_cast<long>(test_.threads.size());
    if (number < expected) fail(name.pos, "duplicate thread P" + std::to_string(number));
    if (number > expected)
      fail(name.pos, "thread P" + std::to_string(expected) + " is missing (found " +
                         std::string(name.text) + "; threads are numbered densely from P0)");
    test_.threads.emplace_back();
    Thread& thread = test_.threads.back();
    thread.index = static_cast<int>(number);
    thread.pos = name.pos;
    ThreadScope scope;
    scope.thread = &thread;
    parse_parameters(thread, scope);
    parse_body(scope);
    register_ids_.push_back(std::move(scope.registers));
  }
  if (test_.threads.empty())
    fail_unexpected(lexer_.peek(), "expected a thread 'P0(atomic_int* x, ...) { ... }'");
}

std::optional<Parser::DeclaredType> Parser::parse_type(std::string_view what) {
  // [const|volatile]* BASE [const|volatile]* ('*' [const|volatile]*)*
  DeclaredType type;
  type.pos = lexer_.peek().pos;
  std::string base_text;
  const auto skip_qualifiers = [&] {
    while (at("const") || at("volatile")) take();
  };
  skip_qualifiers();
  const Token base = lexer_.peek();
  if (base.is("atomic_int")) {
    type.base = DeclaredType::Base::atomic_integer;
    take();
  } else if (base.is("_Atomic")) {
    take();
    const bool parenthesised = at("(");
    if (parenthesised) take();
    skip_qualifiers();
    if (!at("int"))
      fail(lexer_.peek().pos, "unsupported: " + std::string(what) + " type '_Atomic " +
                                  std::string(lexer_.peek().text) +
                                  "' (only int, atomic_int and spinlock_t are supported)");
    take();
    if (parenthesised) expect(")", "expected ')' after '_Atomic(int'");
    type.base = DeclaredType::Base::atomic_integer;
  } else if (base.is("int")) {
    type.base = DeclaredType::Base::integer;
    take();
  } else if (base.is("spinlock_t")) {
    type.base = DeclaredType::Base::spinlock;
    take();
  } else {
    return std::nullopt;
  }
  type.text = type.base == DeclaredType::Base::atomic_integer ? "atomic_int"
              : type.base == DeclaredType::Base::spinlock     ? "spinlock_t"
                                                              : "int";
  skip_qualifiers();
  while (at("*")) {
    take();
    ++type.stars;
    type.text += "*";
    skip_qualifiers();
  }
  return type;
}

void Parser::parse_parameters(Thread& thread, ThreadScope& scope) {
  expect("(", "expected '(' after the thread name");
  if (at("void") && at(")", 1)) take();
  while (!at(")")) {
    if (!thread.parameters.empty()) expect(",", "expected ',' or ')' in the parameter list");
    const Token start = lexer_.peek();
    const std::optional<DeclaredType> type = parse_type("parameter");
    if (!type) {
      if (start.kind == TokenKind::identifier &&
          (at("*", 1) || at("(", 1) || lexer_.peek(1).kind == TokenKind::identifier))
        fail(start.pos, "unsupported: parameter type '" + std::string(start.text) +
                            (at("*", 1) ? "*'" : "'") +
                            " (only int*, atomic_int*, int**, atomic_int** and spinlock_t* "
                            "parameters are supported)");
      fail_unexpected(start, "expected a parameter such as 'atomic_int* x'");
    }
    if (type->stars == 0)
      fail_unexpected(lexer_.peek(),
                      "expected '*': thread parameters point to locations, as in 'atomic_int* x'");
    const bool lock = type->base == DeclaredType::Base::spinlock;
    if (type->stars > 2 || (lock && type->stars > 1))
      fail(type->pos, "unsupported: parameter type '" + type->text +
                          "' (only int*, atomic_int*, int**, atomic_int** and spinlock_t* "
                          "parameters are supported)");
    const Token name = lexer_.peek();
    if (name.kind != TokenKind::identifier) fail_unexpected(name, "expected a parameter name");
    take();
    const int id = location_id(name.text, name.pos);
    if (!scope.parameters.try_emplace(name.text, id).second)
      fail(name.pos, "parameter '" + std::string(name.text) + "' is declared twice");
    const ValueType holds = type->stars == 2 ? ValueType::pointer : ValueType::integer;
    declare_location_type(id, holds, lock, type->text, type->pos);
    // A location is atomic when any thread declares it atomic_int* (or a
    // spinlock_t*). A pointer cell (int**, atomic_int**) is a plain pointer.
    Location& location = test_.locations[id];
    LocationFacts& facts = facts_[id];
    if (!facts.declared_by_thread) location.atomic = false;
    facts.declared_by_thread = true;
    location.atomic = location.atomic || lock ||
                      (type->stars == 1 && type->base == DeclaredType::Base::atomic_integer);
    thread.parameters.push_back(id);
  }
  take();
}

void Parser::declare_location_type(int id, ValueType type, bool lock, const std::string& text,
                                   SourcePos pos) {
  Location& location = test_.locations[id];
  LocationFacts& facts = facts_[id];
  if (!facts.type_known) {
    facts.type_known = true;
    facts.type_pos = pos;
    facts.type_text = text;
    location.type = type;
    location.lock = lock;
    return;
  }
  const auto kind = [](ValueType t, bool l) {
    return l ? "a spinlock" : t == ValueType::pointer ? "a pointer" : "an int";
  };
  if (location.type != type || location.lock != lock)
    fail(pos, "location '" + location.name + "' is " + kind(location.type, location.lock) + " (" +
                  facts.type_text + " at " + pos_string(facts.type_pos) +
                  ") but is declared here as " + kind(type, lock) + " (" + text + ")");
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
