// The `locations [...]` clause and the final condition.
#include <algorithm>
#include <set>
#include <tuple>

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
  if (at("filter")) parse_filter();
  const Token start = lexer_.peek();
  if (start.kind == TokenKind::end)
    fail(start.pos, "missing final condition (exists, ~exists or forall)");
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
  connectives_ = 0;
  condition.proposition = parse_disjunction(0);
  condition.text = collapse_whitespace(text_.substr(start.offset, last_token_end_ - start.offset));
  if (at(";")) take();  // herd7 takes a ';' after the condition
  const Token& trailing = lexer_.peek();
  if (trailing.is("with"))
    fail(trailing.pos, "unsupported: 'with' clauses are outside the dialect litmuslab takes");
  if (trailing.kind != TokenKind::end)
    fail_unexpected(trailing, "expected the end of the file after the final condition");
  // Keys the filter names that are not observed are judged but not printed,
  // as herd7 keeps them out of its displayed locations.
  std::set<std::tuple<int, int, int>> seen;
  for (const StateKey& key : filter_keys_)
    if (!observed_set_.count({static_cast<int>(key.kind), key.thread, key.index}) &&
        seen.emplace(static_cast<int>(key.kind), key.thread, key.index).second)
      test_.filter_keys.push_back(key);
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

void Parser::parse_filter() {
  const Token keyword = take();
  const std::vector<StateKey> observed_before = test_.observed;
  const auto observed_set_before = observed_set_;
  connectives_ = 0;
  Proposition filter = parse_disjunction(0);
  // parse_atom records keys as observed; the filter's go to their own list.
  filter_keys_.assign(test_.observed.begin() + static_cast<std::ptrdiff_t>(observed_before.size()),
                      test_.observed.end());
  test_.observed = observed_before;
  observed_set_ = observed_set_before;
  filter.pos = keyword.pos;
  test_.filter = std::move(filter);
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
                     " '/\\', '\\/' and '=>' connectives)");
}

Proposition Parser::parse_conjunction(int depth) {
  Proposition left = parse_implication(depth);
  while (at("/\\")) {
    const Token op = take();
    count_connective(op);
    Proposition node;
    node.kind = Proposition::Kind::conj;
    node.pos = op.pos;
    node.children.push_back(std::move(left));
    node.children.push_back(parse_implication(depth));
    left = std::move(node);
  }
  return left;
}

Proposition Parser::parse_implication(int depth) {
  // herd7 (stateParser.mly) binds => tighter than /\ and \/, and to the right.
  Proposition left = parse_unary(depth);
  if (!at("=>")) return left;
  const Token op = take();
  count_connective(op);
  Proposition node;
  node.kind = Proposition::Kind::implies;
  node.pos = op.pos;
  node.children.push_back(std::move(left));
  node.children.push_back(parse_implication(depth + 1));
  return node;
}

Proposition Parser::parse_unary(int depth) {
  const Token token = lexer_.peek();
  if (depth > kMaxNesting)
    fail(token.pos,
         "condition nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
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
  const Token op = lexer_.peek();
  if (!op.is("=") && !op.is("==") && !op.is("!="))
    fail_unexpected(op, "expected '=' after " + to_string(atom.key) + " in the condition");
  take();
  const Token value = lexer_.peek();
  if (value.kind == TokenKind::identifier || value.is("&")) {
    // A location's address: herd7's `1:r0=x` for a pointer.
    if (value.is("&")) take();
    const Token name = lexer_.peek();
    if (name.kind != TokenKind::identifier)
      fail_unexpected(name, "expected a location name after '&'");
    if (at(":", 1))
      fail(name.pos, "unsupported: comparing two keys (" + to_string(atom.key) + " = " +
                         std::string(name.text) + ":...); compare each with a value");
    const auto found = location_ids_.find(std::string(name.text));
    if (found == location_ids_.end())
      fail(name.pos, "unknown location '" + std::string(name.text) + "' in the condition");
    if (atom.key.type != ValueType::pointer)
      fail(name.pos, to_string(atom.key) + " holds an int: compare it with an integer, not with " +
                         "the address of '" + std::string(name.text) + "'");
    take();
    atom.value = found->second;
  } else {
    if (value.kind != TokenKind::integer && !value.is("-"))
      fail_unexpected(value, "expected an integer value after '='");
    if (value.kind == TokenKind::integer && at(":", 1))
      fail(value.pos, "unsupported: comparing two keys (" + to_string(atom.key) + " = " +
                          std::string(value.text) + ":...); compare each with a value");
    if (atom.key.type == ValueType::pointer)
      fail(value.pos, to_string(atom.key) + " holds a pointer: compare it with a location name, " +
                          "as in " + to_string(atom.key) + "=x");
    atom.value = parse_int_value("condition value");
  }
  add_observed(atom.key);
  if (!op.is("!=")) return atom;
  Proposition negation;
  negation.kind = Proposition::Kind::negation;
  negation.pos = atom.pos;
  negation.children.push_back(std::move(atom));
  return negation;
}

StateKey Parser::parse_state_key() {
  const Token first = lexer_.peek();
  StateKey key;
  // 0:r0, or herd7's P0:r0.
  const bool thread_key =
      (first.kind == TokenKind::integer && at(":", 1)) ||
      (first.kind == TokenKind::identifier && first.text.size() > 1 && first.text[0] == 'P' &&
       first.text.find_first_not_of("0123456789", 1) == std::string_view::npos && at(":", 1));
  if (first.kind == TokenKind::integer || thread_key) {
    take();
    expect(":", "expected ':' after the thread number, as in '0:r0'");
    const Token reg = lexer_.peek();
    if (reg.kind != TokenKind::identifier)
      fail_unexpected(reg, "expected a register name after '" + std::string(first.text) + ":'");
    take();
    const std::string_view digits =
        first.kind == TokenKind::integer ? first.text : first.text.substr(1);
    std::int64_t number = 0;
    for (char c : digits) number = std::min<std::int64_t>(number * 10 + (c - '0'), INT32_MAX);
    if (number >= static_cast<std::int64_t>(test_.threads.size()))
      fail(first.pos, "unknown thread " + std::string(digits) +
                          " in the condition (the test has P0..P" +
                          std::to_string(test_.threads.size() - 1) + ")");
    const Thread& thread = test_.threads[static_cast<std::size_t>(number)];
    const auto found = register_ids_[thread.index].find(reg.text);
    if (found == register_ids_[thread.index].end())
      fail(first.pos, "register " + std::string(reg.text) + " of thread " + std::string(digits) +
                          " is not declared");
    key.kind = StateKey::Kind::reg;
    key.thread = thread.index;
    key.index = found->second;
    key.name = std::string(reg.text);
    key.type = thread.registers[static_cast<std::size_t>(key.index)].type;
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
  key.type = test_.locations[static_cast<std::size_t>(key.index)].type;
  if (test_.locations[static_cast<std::size_t>(key.index)].lock)
    fail(first.pos, "unsupported: the final value of spinlock '" + key.name + "'");
  return key;
}

void Parser::add_observed(const StateKey& key) {
  const auto kind = static_cast<int>(key.kind);
  if (observed_set_.emplace(kind, key.thread, key.index).second) test_.observed.push_back(key);
}

void Parser::sort_keys(std::vector<StateKey>& keys) {
  std::stable_sort(keys.begin(), keys.end(), [](const StateKey& a, const StateKey& b) {
    if (a.kind != b.kind) return a.kind == StateKey::Kind::reg;
    if (a.kind == StateKey::Kind::loc) return a.index < b.index;
    if (a.thread != b.thread) return a.thread < b.thread;
    return natural_less(a.name, b.name);
  });
}

}  // namespace litmuslab::format
