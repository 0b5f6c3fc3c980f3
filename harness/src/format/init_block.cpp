// The init block: `{ [x]=0; y=1; int z = 2; atomic_int w; int *p = z; }`.
#include "parser.hpp"

namespace litmuslab::format {

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
  const Token start = lexer_.peek();
  if ((start.kind == TokenKind::integer && at(":", 1)) ||
      (start.kind == TokenKind::identifier && start.text.size() > 1 && start.text[0] == 'P' &&
       at(":", 1)))
    fail(start.pos, "unsupported: initial register values ('" + std::string(start.text) +
                        ":...'); registers start at 0, or declare them 'int r = v;' in the thread");
  std::optional<DeclaredType> type;
  bool bracketed = false;
  if (at("[")) {
    take();
    bracketed = true;
  } else if (start.kind == TokenKind::identifier &&
             (lexer_.peek(1).kind == TokenKind::identifier || at("*", 1) || at("(", 1))) {
    // A declaration such as `atomic_int x = 0;` or `int *p = z;`.
    type = parse_type("location");
    if (!type)
      fail(start.pos, "unsupported: location type " + quote_token(start) +
                          " (only int, atomic_int, int* and spinlock_t locations are supported)");
    if (type->stars > 1 || (type->base == DeclaredType::Base::spinlock && type->stars > 0))
      fail(type->pos, "unsupported: location type '" + type->text +
                          "' (only int, atomic_int, int* and spinlock_t locations are supported)");
  }
  const Token name = lexer_.peek();
  if (name.kind != TokenKind::identifier)
    fail_unexpected(name, "expected a location name in the init block");
  take();
  if (bracketed) expect("]", "expected ']' after the location name");
  if (at("["))
    fail(lexer_.peek().pos, "unsupported: arrays ('" + std::string(name.text) +
                                "[...]') are outside the dialect litmuslab takes");
  const int id = location_id(name.text, name.pos);
  if (facts_[id].initialised)
    fail(name.pos, "location '" + std::string(name.text) + "' is initialised twice");
  facts_[id].initialised = true;
  const bool pointer = type && type->stars == 1;
  if (type)
    declare_location_type(id, pointer ? ValueType::pointer : ValueType::integer,
                          type->base == DeclaredType::Base::spinlock, type->text, type->pos);
  if (!at("=")) {  // `x;` or `int x;`: herd7 starts it at 0
    if (pointer)
      fail(name.pos, "unsupported: pointer '" + std::string(name.text) +
                         "' has no initial location (null pointers are outside the dialect "
                         "litmuslab takes; write 'int *" +
                         std::string(name.text) + " = y;')");
    return;
  }
  take();
  const bool ampersand = at("&");
  if (ampersand) take();
  const Token value = lexer_.peek();
  if (value.kind == TokenKind::identifier && !value.is("ATOMIC_INIT")) {
    // A location's address: p points to it.
    take();
    if (type && !pointer)
      fail(value.pos, "location '" + std::string(name.text) + "' is declared " + type->text +
                          " but starts with the address of '" + std::string(value.text) + "'");
    if (!type) declare_location_type(id, ValueType::pointer, false, "a pointer", value.pos);
    facts_[id].initial_target = location_id(value.text, value.pos);
    facts_[id].initial_pos = value.pos;
    return;
  }
  if (ampersand) fail_unexpected(value, "expected a location name after '&'");
  if (pointer)
    fail(value.pos, "pointer '" + std::string(name.text) +
                        "' must start with a location's address, as in 'int *" +
                        std::string(name.text) + " = y;'");
  const bool wrapped = value.is("ATOMIC_INIT");  // herd7's `atomic_t x = ATOMIC_INIT(0)`
  if (wrapped) {
    take();
    expect("(", "expected '(' after 'ATOMIC_INIT'");
  }
  test_.locations[id].initial = parse_int_value("initial value");
  if (wrapped) expect(")", "expected ')' to close 'ATOMIC_INIT('");
  if (test_.locations[id].lock && test_.locations[id].initial != 0 &&
      test_.locations[id].initial != 1)
    fail(value.pos, "spinlock '" + std::string(name.text) +
                        "' starts at 0 (unlocked) or 1 (locked), not " +
                        std::to_string(test_.locations[id].initial));
}

std::int32_t Parser::parse_int_value(std::string_view what) {
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
  const std::int64_t value = negative ? -number.number : number.number;
  if (value < INT32_MIN || value > INT32_MAX)
    fail(first.pos, std::string(what) + " " + (negative ? "-" : "") + std::string(number.text) +
                        " does not fit in a 32-bit int");
  return static_cast<std::int32_t>(value);
}

}  // namespace litmuslab::format
