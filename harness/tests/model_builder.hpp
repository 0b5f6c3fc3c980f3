// A small builder of litmus Tests straight in the IR, for model tests that
// should not depend on the parser (and for permuted copies of tests).
#pragma once

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::model_testing {

using MO = MemoryOrder;

class TestBuilder {
 public:
  explicit TestBuilder(std::string name) {
    test_.name = std::move(name);
    test_.family = test_.name.substr(0, test_.name.find('+'));
  }

  // Declares a shared location (call before threads use it, or let them
  // declare it on first use with initial value 0).
  TestBuilder& location(const std::string& name, int32_t initial = 0) {
    location_index(name);
    test_.locations[location_index(name)].initial = initial;
    return *this;
  }
  TestBuilder& thread() {
    Thread t;
    t.index = static_cast<int>(test_.threads.size());
    test_.threads.push_back(t);
    return *this;
  }
  TestBuilder& load(const std::string& reg, const std::string& loc, MO order, bool atomic = true) {
    return op(OpKind::load, reg, loc, 0, order, atomic);
  }
  TestBuilder& store(const std::string& loc, int32_t value, MO order, bool atomic = true) {
    return op(OpKind::store, "", loc, value, order, atomic);
  }
  TestBuilder& rmw(OpKind kind, const std::string& reg, const std::string& loc, int32_t value,
                   MO order) {
    return op(kind, reg, loc, value, order, true);
  }
  // reg = compare_exchange(loc, &cell, desired, success, failure); the cell
  // is a thread-local location with the given initial expected value.
  TestBuilder& cas(const std::string& reg, const std::string& loc, const std::string& cell,
                   int32_t expected, int32_t desired, MO success, MO failure) {
    const int c = location_index(cell);
    test_.locations[c].thread_local_cell = true;
    test_.locations[c].initial = expected;
    op(OpKind::compare_exchange, reg, loc, desired, success, true);
    test_.threads.back().body.back().op.failure_order = failure;
    test_.threads.back().body.back().op.expected_location = c;
    return *this;
  }
  TestBuilder& fence(MO order) { return op(OpKind::fence, "", "", 0, order, true); }
  // Spinlocks: the location is a lock (0 unlocked, 1 locked).
  TestBuilder& lock(const std::string& loc) { return lock_op(OpKind::lock, "", loc); }
  TestBuilder& unlock(const std::string& loc) { return lock_op(OpKind::unlock, "", loc); }
  TestBuilder& trylock(const std::string& reg, const std::string& loc) {
    return lock_op(OpKind::trylock, reg, loc);
  }
  TestBuilder& set(const std::string& reg, int32_t value) {
    return op(OpKind::assign, reg, "", value, MO::relaxed, true);
  }

  // exists/~exists/forall over a conjunction of `key=value` atoms, keys as
  // herd prints them ("0:r0", "[x]"). Extra observed keys go in `extra`.
  Test build(Condition::Quantifier q, const std::vector<std::pair<std::string, int32_t>>& atoms,
             const std::vector<std::string>& extra = {}) {
    std::vector<StateKey> keys;
    Proposition prop;
    for (const auto& [name, value] : atoms) {
      Proposition atom;
      atom.kind = Proposition::Kind::atom;
      atom.key = key(name);
      atom.value = value;
      keys.push_back(atom.key);
      prop = prop.kind == Proposition::Kind::truth ? atom : conj(prop, atom);
    }
    for (const auto& name : extra) keys.push_back(key(name));
    Test t = test_;  // after key(), which may add registers
    t.condition.quantifier = q;
    t.condition.proposition = prop;
    t.observed = sorted_observed(t, keys);
    return t;
  }

  // Observed keys in the IR's order: registers by thread then name, then
  // locations by name; no duplicates.
  static std::vector<StateKey> sorted_observed(const Test& t, std::vector<StateKey> keys) {
    auto rank = [&](const StateKey& k) {
      return std::make_tuple(k.kind == StateKey::Kind::loc,
                             k.kind == StateKey::Kind::reg ? k.thread : 0, k.name);
    };
    std::sort(keys.begin(), keys.end(), [&](auto& a, auto& b) { return rank(a) < rank(b); });
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    (void)t;
    return keys;
  }

 private:
  static Proposition conj(Proposition a, Proposition b) {
    Proposition p;
    p.kind = Proposition::Kind::conj;
    p.children = {std::move(a), std::move(b)};
    return p;
  }

  StateKey key(const std::string& name) {
    StateKey k;
    if (name.front() == '[') {
      k.kind = StateKey::Kind::loc;
      k.name = name.substr(1, name.size() - 2);
      k.index = location_index(k.name);
    } else {
      const auto colon = name.find(':');
      k.kind = StateKey::Kind::reg;
      k.thread = std::stoi(name.substr(0, colon));
      k.name = name.substr(colon + 1);
      k.index = register_index(test_.threads.at(k.thread), k.name);
    }
    return k;
  }

  int location_index(const std::string& name) {
    for (std::size_t i = 0; i < test_.locations.size(); ++i)
      if (test_.locations[i].name == name) return static_cast<int>(i);
    Location l;
    l.name = name;
    test_.locations.push_back(l);
    return static_cast<int>(test_.locations.size()) - 1;
  }

  static int register_index(Thread& t, const std::string& name) {
    for (std::size_t i = 0; i < t.registers.size(); ++i)
      if (t.registers[i].name == name) return static_cast<int>(i);
    t.registers.push_back(Register{name, ValueType::integer, {}});
    return static_cast<int>(t.registers.size()) - 1;
  }

  TestBuilder& lock_op(OpKind kind, const std::string& reg, const std::string& loc) {
    op(kind, reg, loc, 0, MO::seq_cst, true);
    test_.locations[location_index(loc)].lock = true;
    return *this;
  }

  TestBuilder& op(OpKind kind, const std::string& reg, const std::string& loc, int32_t value,
                  MO order, bool atomic) {
    if (test_.threads.empty()) throw std::logic_error("TestBuilder: thread() first");
    Thread& t = test_.threads.back();
    Operation o;
    o.kind = kind;
    o.order = order;
    o.failure_order = order;
    o.atomic = atomic;
    o.value = Expr::constant_of(value);
    if (!loc.empty()) {
      const int l = location_index(loc);
      o.address.location = l;
      if (!atomic) test_.locations[l].atomic = false;
      if (std::find(t.parameters.begin(), t.parameters.end(), l) == t.parameters.end())
        t.parameters.push_back(l);
    }
    if (!reg.empty()) o.dest_register = register_index(t, reg);
    t.body.push_back(Statement::of(o));
    return *this;
  }

  Test test_;
};

}  // namespace litmuslab::model_testing

namespace litmuslab::model_testing {

// A copy of a test with threads reordered (new thread i is old thread
// order[i]), registers and locations renamed and their indices reversed: the
// models must not care. Every part of the IR is carried over: expressions,
// address offsets, pointer registers, branches, pointer values (location
// indices, reversed too) and the filter. `map` takes a state of the
// original to the copy's.
struct PermutedTest {
  Test test;
  std::vector<std::size_t> from_old;  // copy's observed[i] is original's observed[from_old[i]]
  StateValues map(const StateValues& old) const {
    StateValues out;
    for (std::size_t i = 0; i < from_old.size(); ++i) {
      const std::int32_t v = old.at(from_old[i]);
      const bool pointer = test.observed[i].type == ValueType::pointer;
      out.push_back(pointer && v >= 0 ? locations - 1 - v : v);
    }
    return out;
  }
  std::int32_t locations = 0;
};

inline PermutedTest permute(const Test& original, const std::vector<int>& order) {
  const int threads = static_cast<int>(original.threads.size());
  const int locs = static_cast<int>(original.locations.size());
  std::vector<int> new_thread(threads);
  for (int i = 0; i < threads; ++i) new_thread[order[i]] = i;
  auto new_loc = [&](int l) { return l < 0 ? l : locs - 1 - l; };
  auto new_reg = [&](int old_thread, int r) {
    return r < 0 ? r : static_cast<int>(original.threads[old_thread].registers.size()) - 1 - r;
  };
  PermutedTest p;
  p.locations = locs;
  Test& t = p.test;
  t.name = original.name + "~perm";
  t.family = original.family;
  t.locations.resize(locs);
  for (int l = 0; l < locs; ++l) {
    Location& moved = t.locations[new_loc(l)];
    moved = original.locations[l];
    moved.name = "v_" + original.locations[l].name;
    if (moved.type == ValueType::pointer) moved.initial = new_loc(moved.initial);
  }
  auto map_expr = [&](auto& self, int old_thread, Expr e) -> Expr {
    if (e.op == ExprOp::reg) e.index = new_reg(old_thread, e.index);
    if (e.op == ExprOp::address_of) e.index = new_loc(e.index);
    for (Expr& operand : e.operands) operand = self(self, old_thread, operand);
    return e;
  };
  auto map_statement = [&](auto& self, int old_thread, Statement s) -> Statement {
    Operation& op = s.op;
    op.address.location = new_loc(op.address.location);
    op.address.pointer_register = new_reg(old_thread, op.address.pointer_register);
    if (op.address.offset) op.address.offset = map_expr(map_expr, old_thread, *op.address.offset);
    op.value = map_expr(map_expr, old_thread, op.value);
    op.expected_location = new_loc(op.expected_location);
    op.dest_register = new_reg(old_thread, op.dest_register);
    s.condition = map_expr(map_expr, old_thread, s.condition);
    for (Statement& inner : s.then_body) inner = self(self, old_thread, inner);
    for (Statement& inner : s.else_body) inner = self(self, old_thread, inner);
    return s;
  };
  for (int i = 0; i < threads; ++i) {
    const Thread& old = original.threads[order[i]];
    Thread th;
    th.index = i;
    for (int prm : old.parameters) th.parameters.push_back(new_loc(prm));
    for (auto it = old.registers.rbegin(); it != old.registers.rend(); ++it)
      th.registers.push_back(Register{"q" + it->name, it->type, it->pos});
    for (const Statement& statement : old.body)
      th.body.push_back(map_statement(map_statement, order[i], statement));
    t.threads.push_back(th);
  }
  auto map_key = [&](const StateKey& k) {
    StateKey n = k;
    if (k.kind == StateKey::Kind::reg) {
      n.thread = new_thread[k.thread];
      n.index = new_reg(k.thread, k.index);
      n.name = "q" + k.name;
    } else {
      n.index = new_loc(k.index);
      n.name = "v_" + k.name;
    }
    return n;
  };
  auto map_prop = [&](auto& self, const Proposition& prop) -> Proposition {
    Proposition n = prop;
    if (prop.kind == Proposition::Kind::atom) {
      n.key = map_key(prop.key);
      if (prop.key.type == ValueType::pointer) n.value = new_loc(prop.value);
    }
    for (auto& c : n.children) c = self(self, c);
    return n;
  };
  t.condition = original.condition;
  t.condition.proposition = map_prop(map_prop, original.condition.proposition);
  if (original.filter) t.filter = map_prop(map_prop, *original.filter);
  std::vector<StateKey> filter_keys;
  for (const auto& k : original.filter_keys) filter_keys.push_back(map_key(k));
  t.filter_keys = TestBuilder::sorted_observed(t, filter_keys);
  std::vector<StateKey> keys;
  for (const auto& k : original.observed) keys.push_back(map_key(k));
  t.observed = TestBuilder::sorted_observed(t, keys);
  for (const auto& k : t.observed)
    for (std::size_t j = 0; j < keys.size(); ++j)
      if (keys[j] == k) p.from_old.push_back(j);
  return p;
}

}  // namespace litmuslab::model_testing
