// Locations: their ids while parsing, the checks that need every
// declaration, and the final order by name.
#include <algorithm>

#include "parser.hpp"

namespace litmuslab::format {

int Parser::location_id(std::string_view name, SourcePos pos) {
  const auto [it, inserted] =
      location_ids_.try_emplace(std::string(name), static_cast<int>(test_.locations.size()));
  if (inserted) {
    Location location;
    location.name = std::string(name);
    location.pos = pos;
    test_.locations.push_back(location);
    facts_.emplace_back();
  }
  return it->second;
}

void Parser::resolve_pointer_targets() {
  for (std::size_t id = 0; id < test_.locations.size(); ++id) {
    Location& location = test_.locations[id];
    const LocationFacts& facts = facts_[id];
    if (location.type != ValueType::pointer) continue;
    if (facts.initial_target < 0)
      fail(location.pos, "unsupported: pointer location '" + location.name +
                             "' has no initial location (null pointers are outside the dialect "
                             "litmuslab takes; write 'int *" +
                             location.name + " = y;' in the init block)");
    // Pointers point to int locations, so every pointer value is an int*.
    const Location& target = test_.locations[static_cast<std::size_t>(facts.initial_target)];
    if (target.type == ValueType::pointer || target.lock)
      fail(facts.initial_pos, "unsupported: '" + location.name + "' points to '" + target.name +
                                  "', which holds " + (target.lock ? "a spinlock" : "a pointer") +
                                  "; pointers may point to int locations only");
    location.initial = facts.initial_target;
  }
}

namespace {

// Visits every location id an expression names as a pointer value.
template <class Visit>
void for_each_address_of(const Expr& expr, Visit&& visit) {
  if (expr.op == ExprOp::address_of) visit(expr.index, expr.pos);
  for (const Expr& operand : expr.operands) for_each_address_of(operand, visit);
}

template <class Visit>
void for_each_statement_expr(const std::vector<Statement>& body, Visit&& visit) {
  for (const Statement& statement : body) {
    if (statement.kind == Statement::Kind::branch) {
      visit(statement.condition);
      for_each_statement_expr(statement.then_body, visit);
      for_each_statement_expr(statement.else_body, visit);
      continue;
    }
    visit(statement.op.value);
    if (statement.op.address.offset) visit(*statement.op.address.offset);
  }
}

}  // namespace

void Parser::check_compare_exchange_cells() {
  // The expected cell of a compare-exchange acts as a thread-local variable,
  // so its owner's compare-exchanges must be its only users: no other access
  // names it, and no pointer can lead to it.
  std::vector<int> owner(test_.locations.size(), -1);
  for (const Thread& thread : test_.threads)
    for (const Operation* op : operations_of(thread))
      if (op->kind == OpKind::compare_exchange && owner[op->expected_location] < 0)
        owner[op->expected_location] = thread.index;
  const auto refuse = [&](int cell, SourcePos pos, const std::string& how) {
    fail(pos, "unsupported: compare-exchange expected location '" + test_.locations[cell].name +
                  "' must be private to one thread" + how);
  };
  for (const Thread& thread : test_.threads) {
    std::size_t cas_index = 0;
    for (const Operation* op : operations_of(thread)) {
      if (op->kind == OpKind::compare_exchange) {
        const SourcePos pos = expected_pos_[thread.index][cas_index++];
        if (owner[op->expected_location] != thread.index) refuse(op->expected_location, pos, "");
      }
      const int location = op->address.location;
      if (location >= 0 && owner[location] >= 0)
        refuse(location, op->address.pos, " (it is used here as well)");
    }
    for_each_statement_expr(thread.body, [&](const Expr& expr) {
      for_each_address_of(expr, [&](int location, SourcePos pos) {
        if (owner[location] >= 0) refuse(location, pos, " (its address is taken here)");
      });
    });
  }
  for (std::size_t id = 0; id < owner.size(); ++id) {
    if (owner[id] < 0) continue;
    for (std::size_t p = 0; p < test_.locations.size(); ++p)
      if (test_.locations[p].type == ValueType::pointer &&
          test_.locations[p].initial == static_cast<std::int32_t>(id))
        refuse(static_cast<int>(id), facts_[p].initial_pos, " (a pointer starts at it)");
    if (test_.locations[id].type == ValueType::pointer || test_.locations[id].lock)
      refuse(static_cast<int>(id), test_.locations[id].pos, " and hold an int");
    test_.locations[id].thread_local_cell = true;
  }
}

namespace {

struct Renumber {
  const std::vector<int>& new_id;

  int operator()(int id) const { return id < 0 ? id : new_id[static_cast<std::size_t>(id)]; }

  void expr(Expr& e) const {
    if (e.op == ExprOp::address_of) e.index = (*this)(e.index);
    for (Expr& operand : e.operands) expr(operand);
  }
  void body(std::vector<Statement>& statements) const {
    for (Statement& statement : statements) {
      expr(statement.condition);
      body(statement.then_body);
      body(statement.else_body);
      Operation& op = statement.op;
      op.address.location = (*this)(op.address.location);
      if (op.address.offset) expr(*op.address.offset);
      op.expected_location = (*this)(op.expected_location);
      expr(op.value);
    }
  }
  void key(StateKey& k) const {
    if (k.kind == StateKey::Kind::loc) k.index = (*this)(k.index);
  }
  void proposition(Proposition& p) const {
    if (p.kind == Proposition::Kind::atom) {
      key(p.key);
      if (p.key.type == ValueType::pointer) p.value = (*this)(p.value);
    }
    for (Proposition& child : p.children) proposition(child);
  }
};

}  // namespace

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
  const Renumber renumber{new_id};
  for (Location& location : test_.locations)
    if (location.type == ValueType::pointer) location.initial = renumber(location.initial);
  for (Thread& thread : test_.threads) {
    for (int& id : thread.parameters) id = renumber(id);
    renumber.body(thread.body);
  }
  renumber.proposition(test_.condition.proposition);
  if (test_.filter) renumber.proposition(*test_.filter);
  for (StateKey& key : test_.observed) renumber.key(key);
  for (StateKey& key : test_.filter_keys) renumber.key(key);
  // Observed locations come after registers, in name order: re-sort them.
  sort_keys(test_.observed);
  sort_keys(test_.filter_keys);
}

}  // namespace litmuslab::format
