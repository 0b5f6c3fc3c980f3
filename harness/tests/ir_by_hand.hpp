// Tests of the whole dialect built straight in the IR, for codegen and run
// tests that should not depend on the parser: expressions, if/else,
// pointers, offsets, locks and filters.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::testing::ir {

using MO = MemoryOrder;

inline Expr num(std::int32_t v) { return Expr::constant_of(v); }
inline Expr reg(int r) { return Expr::register_of(r); }
inline Expr addr(int location) { return Expr::address_of_location(location); }
inline Expr bin(ExprOp op, Expr a, Expr b) {
  Expr e;
  e.op = op;
  e.operands = {std::move(a), std::move(b)};
  return e;
}
inline Expr un(ExprOp op, Expr a) {
  Expr e;
  e.op = op;
  e.operands = {std::move(a)};
  return e;
}

// One operation as a statement; `location` is a Test::locations index.
inline Statement op(OpKind kind, int location, MO order, int dest = -1, Expr value = num(0)) {
  Operation o;
  o.kind = kind;
  o.order = order;
  o.failure_order = order;
  o.address.location = location;
  o.dest_register = dest;
  o.value = std::move(value);
  return Statement::of(std::move(o));
}
inline Statement load(int dest, int location, MO order) {
  return op(OpKind::load, location, order, dest);
}
inline Statement store(int location, Expr value, MO order) {
  return op(OpKind::store, location, order, -1, std::move(value));
}
inline Statement assign(int dest, Expr value) {
  return op(OpKind::assign, -1, MO::relaxed, dest, std::move(value));
}
inline Statement lock_op(OpKind kind, int lock, int dest = -1) {
  return op(kind, lock, MO::seq_cst, dest);
}
// Through the pointer in register `pointer`.
inline Statement via(Statement s, int pointer) {
  s.op.address.location = -1;
  s.op.address.pointer_register = pointer;
  return s;
}
inline Statement offset(Statement s, Expr by) {
  s.op.address.offset = std::move(by);
  return s;
}
inline Statement plain(Statement s) {
  s.op.atomic = false;
  return s;
}
inline Statement branch(Expr condition, std::vector<Statement> then_body,
                        std::vector<Statement> else_body = {}) {
  Statement s;
  s.kind = Statement::Kind::branch;
  s.condition = std::move(condition);
  s.then_body = std::move(then_body);
  s.else_body = std::move(else_body);
  return s;
}

inline Location location(std::string name, std::int32_t initial = 0) {
  Location l;
  l.name = std::move(name);
  l.initial = initial;
  return l;
}
inline Location pointer_location(std::string name, int target) {
  Location l = location(std::move(name), target);
  l.type = ValueType::pointer;
  return l;
}
inline Location lock_location(std::string name) {
  Location l = location(std::move(name));
  l.lock = true;
  return l;
}

inline Thread thread(int index, std::vector<Register> registers, std::vector<Statement> body) {
  Thread t;
  t.index = index;
  t.registers = std::move(registers);
  t.body = std::move(body);
  return t;
}
inline Register int_reg(std::string name) {
  return Register{std::move(name), ValueType::integer, {}};
}
inline Register ptr_reg(std::string name) {
  return Register{std::move(name), ValueType::pointer, {}};
}

inline StateKey reg_key(const Test& test, int thread, int r) {
  StateKey k;
  k.kind = StateKey::Kind::reg;
  k.thread = thread;
  k.index = r;
  k.name = test.threads.at(thread).registers.at(r).name;
  k.type = test.threads.at(thread).registers.at(r).type;
  return k;
}
inline StateKey loc_key(const Test& test, int location) {
  StateKey k;
  k.kind = StateKey::Kind::loc;
  k.index = location;
  k.name = test.locations.at(location).name;
  k.type = test.locations.at(location).type;
  return k;
}
inline Proposition atom(StateKey key, std::int32_t value) {
  Proposition p;
  p.kind = Proposition::Kind::atom;
  p.key = std::move(key);
  p.value = value;
  return p;
}

// A test with the given parts, condition `exists true` unless set after.
inline Test make_test(std::string name, std::vector<Location> locations,
                      std::vector<Thread> threads, std::vector<StateKey> observed = {}) {
  Test t;
  t.name = std::move(name);
  t.family = family_of(t.name);
  t.source_path = t.name + ".litmus";
  t.locations = std::move(locations);
  t.threads = std::move(threads);
  t.observed = std::move(observed);
  t.condition.text = "exists (true)";
  return t;
}

}  // namespace litmuslab::testing::ir
