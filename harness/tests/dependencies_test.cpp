// Semantic dependencies: address, data and control dependencies exactly
// where changing the read value changes the access, through registers,
// branches and CAS expected cells, and never where the expression ignores it.
#include <gtest/gtest.h>

#include "litmuslab/dependencies.hpp"
#include "litmuslab/test.hpp"

using namespace litmuslab;
using LitmusTest = litmuslab::Test;

namespace {

Expr reg(int r) { return Expr::register_of(r); }
Expr k(std::int32_t v) { return Expr::constant_of(v); }
Expr bin(ExprOp op, Expr a, Expr b) {
  Expr e;
  e.op = op;
  e.operands = {std::move(a), std::move(b)};
  return e;
}

Operation load(int dest, int location) {
  Operation op;
  op.kind = OpKind::load;
  op.order = MemoryOrder::relaxed;
  op.address.location = location;
  op.dest_register = dest;
  return op;
}
Operation store(int location, Expr value) {
  Operation op;
  op.kind = OpKind::store;
  op.order = MemoryOrder::relaxed;
  op.address.location = location;
  op.value = std::move(value);
  return op;
}
Operation assign(int dest, Expr value) {
  Operation op;
  op.kind = OpKind::assign;
  op.dest_register = dest;
  op.value = std::move(value);
  return op;
}
Statement branch(Expr condition, std::vector<Statement> then_body,
                 std::vector<Statement> else_body = {}) {
  Statement s;
  s.kind = Statement::Kind::branch;
  s.condition = std::move(condition);
  s.then_body = std::move(then_body);
  s.else_body = std::move(else_body);
  return s;
}

// One thread over locations x (0), y (1), z (2) and cell e (3), with
// registers r0..r3.
LitmusTest one_thread(std::vector<Statement> body) {
  LitmusTest t;
  t.name = "T";
  for (const char* name : {"x", "y", "z", "e"}) {
    Location l;
    l.name = name;
    t.locations.push_back(l);
  }
  t.locations[3].thread_local_cell = true;
  Thread thread;
  for (const char* name : {"r0", "r1", "r2", "r3"}) {
    Register r;
    r.name = name;
    thread.registers.push_back(r);
  }
  thread.body = std::move(body);
  t.threads.push_back(std::move(thread));
  return t;
}

std::vector<Dependency> deps(const LitmusTest& t) { return dependencies_of(t, t.threads[0]); }

using D = DependencyKind;

TEST(Dependencies, DataThroughAMaskedValueButNotThroughAnExpressionThatIgnoresIt) {
  for (auto [value, expected] : std::vector<std::pair<Expr, bool>>{
           {bin(ExprOp::add, k(1), bin(ExprOp::bit_and, reg(0), k(128))), true},
           {bin(ExprOp::sub, reg(0), reg(0)), false},
           {bin(ExprOp::bit_and, reg(0), k(0)), false},
           {bin(ExprOp::mul, reg(0), k(0)), false},
           {bin(ExprOp::bit_xor, reg(0), reg(0)), false},
           {bin(ExprOp::eq, reg(0), k(12345)), true},  // only 12345 flips it
           {k(1), false}}) {
    const LitmusTest t = one_thread({Statement::of(load(0, 0)), Statement::of(store(1, value))});
    const std::vector<Dependency> expected_deps =
        expected ? std::vector<Dependency>{{0, 1, D::data}} : std::vector<Dependency>{};
    EXPECT_EQ(deps(t), expected_deps) << to_string(value, t.threads[0], t);
  }
}

TEST(Dependencies, AddressThroughAnOffsetOrAPointerRegister) {
  Operation offset_load = load(1, 1);
  offset_load.address.offset = bin(ExprOp::bit_and, reg(0), k(128));
  LitmusTest t = one_thread({Statement::of(load(0, 0)), Statement::of(offset_load)});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 1, D::address}}));

  Operation zero_offset = load(1, 1);
  zero_offset.address.offset = bin(ExprOp::sub, reg(0), reg(0));
  t = one_thread({Statement::of(load(0, 0)), Statement::of(zero_offset)});
  EXPECT_TRUE(deps(t).empty());

  Operation through_pointer = load(1, -1);
  through_pointer.address.pointer_register = 0;
  t = one_thread({Statement::of(load(0, 0)), Statement::of(through_pointer)});
  t.threads[0].registers[0].type = ValueType::pointer;
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 1, D::address}}));
}

TEST(Dependencies, ControlInsideABranchOnlyAndThroughRegisterCopies) {
  // r0 = x; r1 = r0 + 1; if (r1 == 2) { y = 1; } z = 1;
  const LitmusTest t = one_thread(
      {Statement::of(load(0, 0)), Statement::of(assign(1, bin(ExprOp::add, reg(0), k(1)))),
       branch(bin(ExprOp::eq, reg(1), k(2)), {Statement::of(store(1, k(1)))}),
       Statement::of(store(2, k(1)))});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 2, D::control}}));

  // if (r0 == r0) { y = 1; }: always taken, so no dependency.
  const LitmusTest always =
      one_thread({Statement::of(load(0, 0)),
                  branch(bin(ExprOp::eq, reg(0), reg(0)), {Statement::of(store(1, k(1)))})});
  EXPECT_TRUE(deps(always).empty());
}

TEST(Dependencies, ARegisterSetInBranchesCarriesTheConditionAfterTheJoin) {
  // r0 = x; r1 = 0; if (r0 == 2) { r1 = 5; } else { r1 = 5; } y = r1;  -> none
  // r0 = x; r1 = 0; if (r0 == 2) { r1 = 5; } y = r1;                   -> data
  auto body = [](bool with_else) {
    std::vector<Statement> else_body;
    if (with_else) else_body.push_back(Statement::of(assign(1, k(5))));
    return one_thread({Statement::of(load(0, 0)), Statement::of(assign(1, k(0))),
                       branch(bin(ExprOp::eq, reg(0), k(2)), {Statement::of(assign(1, k(5)))},
                              std::move(else_body)),
                       Statement::of(store(1, reg(1)))});
  };
  EXPECT_TRUE(deps(body(true)).empty());
  EXPECT_EQ(deps(body(false)), (std::vector<Dependency>{{0, 3, D::data}}));
}

TEST(Dependencies, ACasOutcomeAndItsExpectedCellCarryTheReadValue) {
  // r0 = x; r1 = cas(y, &e, 1); if (r1) { z = 1; }
  // The CAS compares with e, which r0 never reaches; its outcome controls the store.
  Operation cas;
  cas.kind = OpKind::compare_exchange;
  cas.address.location = 1;
  cas.expected_location = 3;
  cas.dest_register = 1;
  cas.value = k(1);
  const LitmusTest t = one_thread({Statement::of(load(0, 0)), Statement::of(cas),
                                   branch(reg(1), {Statement::of(store(2, k(1)))})});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{1, 2, D::control}}));

  // A failed CAS writes what it read into the cell; the next CAS compares with it.
  Operation second = cas;
  second.dest_register = 2;
  const LitmusTest chained = one_thread({Statement::of(cas), Statement::of(second)});
  EXPECT_EQ(deps(chained), (std::vector<Dependency>{{0, 1, D::data}}));
}

}  // namespace
