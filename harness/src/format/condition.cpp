// The `locations [...]` clause and the final condition.
#include <algorithm>

#include "parser.hpp"

namespace litmuslab::format {

namespace {

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  bool in_space = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (space) {
      in_space = true;
      continue;
    }
    if (in_space && !out.empty()) out += ' ';
    in_space = false;
    out += c;
  }
  return out;
}

// Natural order, so that r2 sorts before r10.
bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      std::size_t i_end = i;
      std::size_t j_end = j;
      while (i_end < a.size() && digit(a[i_end])) ++i_end;
      while (j_end < b.size() && digit(b[j_end])) ++j_end;
      std::string_view x = a.substr(i, i_end - i);
      std::string_view y = b.substr(j, j_end - j);
      x.remove_prefix(std::min(x.find_first_not_of('0'), x.size()));
      y.remove_prefix(std::min(y.find_first_not_of('0'), y.size()));
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = i_end;
      j = j_end;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;
}

}  // namespace

void Parser::parse_final_condition() {
  if (at("locations")) parse_locations_clause();
  const Token start = lexer_.peek();
  if (start.kind == TokenKind::end)
    fail(start.pos, "missing final condition (exists, ~exists or forall)");
  if (start.is("filter"))
    fail(start.pos, "unsupported: 'filter' clauses are outside the supported subset");
  Condition& condition = test_.condition;
  if (start.is("exists")) {
    condition.quantifier = Condition::Quantifier::exists;
  } else if (start.is("forall")) {
    condition.quantifier = Condition::Quantifier::forall;
  } else if (start.is("~") && at("exists", 1)) {
    condition.quantifier = Condition::Quantifier::not_exists;
    take();
  } else {
    fail_unexpected(start, "expected the final condition (exists, ~exists or forall)");
  }
  take();
  condition.proposition = parse_disjunction(0);
  condition.text = collapse_whitespace(text_.substr(start.offset, last_token_end_ - start.offset));
  const Token& trailing = lexer_.peek();
  if (trailing.kind != TokenKind::end)
    fail_unexpected(trailing, "expected the end of the file after the final condition");
}

void Parser::parse_locations_clause() {
  take();
  expect("[", "expected '[' after 'locations'");
  while (!at("]")) {
    add_observed(parse_state_key());
    if (at(";")) {
      take();
    } else if (!at("]")) {
      fail_unexpected(lexer_.peek(), "expected ';' or ']' in the locations clause");
    }
  }
  take();
}

Proposition Parser::parse_disjunction(int depth) {
  Proposition left = parse_conjunction(depth);
  while (at("\\/")) {
    const Token op = take();
    count_connective(op);
    Proposition node;
    node.kind = Proposition::Kind::disj;
    node.pos = op.pos;
    node.children.push_back(std::move(left));
    node.children.push_back(parse_conjunction(depth));
    left = std::move(node);
  }
  return left;
}

void Parser::count_connective(const Token& op) {
  if (++connectives_ > kMaxConditionConnectives)
    fail(op.pos, "condition too long (more than " + std::to_string(kMaxConditionConnectives) +
                     " '/\\' and '\\/' connectives)");
}

Proposition Parser::parse_conjunction(int depth) {
  Proposition left = parse_unary(depth);
  while (at("/\\")) {
    const Token op = take();
    count_connective(op);
    Proposition node;
    node.kind = Proposition::Kind::conj;
    node.pos = op.pos;
    node.children.push_back(std::move(left));
    node.children.push_back(parse_unary(depth));
    left = std::move(node);
  }
  return left;
}

Proposition Parser::parse_unary(int depth) {
  const Token token = lexer_.peek();
  if (depth >= kMaxConditionDepth)
    fail(token.pos, "condition nested too deeply (more than " + std::to_string(kMaxConditionDepth) +
                        " levels)");
  Proposition node;
  node.pos = token.pos;
  if (token.is("~")) {
    take();
    node.kind = Proposition::Kind::negation;
    node.children.push_back(parse_unary(depth + 1));
  } else if (token.is("(")) {
    take();
    node = parse_disjunction(depth + 1);
    expect(")", "expected ')' to close '(' at " + std::to_string(token.pos.line) + ":" +
                    std::to_string(token.pos.column));
  } else if (token.is("true")) {
    take();
    node.kind = Proposition::Kind::truth;
  } else if (token.is("false")) {
    // false is the negation of truth: the IR has no separate kind for it.
    take();
    node.kind = Proposition::Kind::negation;
    Proposition truth;
    truth.kind = Proposition::Kind::truth;
    truth.pos = token.pos;
    node.children.push_back(truth);
  } else {
    node = parse_atom();
  }
  return node;
}

Proposition Parser::parse_atom() {
  Proposition atom;
  atom.kind = Proposition::Kind::atom;
  atom.pos = lexer_.peek().pos;
  atom.key = parse_state_key();
  expect("=", "expected '=' after " + to_string(atom.key) + " in the condition");
  const Token& value = lexer_.peek();
  if (value.kind != TokenKind::integer && !value.is("-") && value.kind != TokenKind::identifier)
    fail_unexpected(value, "expected an integer value after '='");
  atom.value = parse_int_value("condition value");
  add_observed(atom.key);
  return atom;
}

StateKey Parser::parse_state_key() {
  const Token first = lexer_.peek();
  StateKey key;
  if (first.kind == TokenKind::integer) {
    take();
    expect(":", "expected ':' after the thread number, as in '0:r0'");
    const Token reg = lexer_.peek();
    if (reg.kind != TokenKind::identifier)
      fail_unexpected(reg, "expected a register name after '" + std::string(first.text) + ":'");
    take();
    if (first.number >= static_cast<int64_t>(test_.threads.size()))
      fail(first.pos, "unknown thread " + std::string(first.text) +
                          " in the condition (the test has P0..P" +
                          std::to_string(test_.threads.size() - 1) + ")");
    const Thread& thread = test_.threads[static_cast<std::size_t>(first.number)];
    const auto found = register_ids_[thread.index].find(reg.text);
    if (found == register_ids_[thread.index].end())
      fail(first.pos, "register " + std::string(reg.text) + " of thread " +
                          std::string(first.text) + " is never set");
    key.kind = StateKey::Kind::reg;
    key.thread = thread.index;
    key.index = found->second;
    key.name = std::string(reg.text);
    return key;
  }
  const bool bracketed = first.is("[");
  if (bracketed) take();
  const Token name = lexer_.peek();
  if (name.kind != TokenKind::identifier)
    fail_unexpected(name, "expected '0:r0', '[x]' or 'x' in the condition");
  take();
  if (bracketed) expect("]", "expected ']' after the location name");
  const auto found = location_ids_.find(std::string(name.text));
  if (found == location_ids_.end())
    fail(first.pos, "unknown location '" + std::string(name.text) + "' in the condition");
  key.kind = StateKey::Kind::loc;
  key.index = found->second;
  key.name = std::string(name.text);
  return key;
}

void Parser::add_observed(const StateKey& key) {
  const auto kind = static_cast<int>(key.kind);
  if (observed_set_.emplace(kind, key.thread, key.index).second) test_.observed.push_back(key);
}

void Parser::sort_observed() {
  std::stable_sort(test_.observed.begin(), test_.observed.end(),
                   [](const StateKey& a, const StateKey& b) {
                     if (a.kind != b.kind) return a.kind == StateKey::Kind::reg;
                     if (a.kind == StateKey::Kind::loc) return a.index < b.index;
                     if (a.thread != b.thread) return a.thread < b.thread;
                     return natural_less(a.name, b.name);
                   });
}

}  // namespace litmuslab::format
