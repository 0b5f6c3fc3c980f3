// Semantic dependencies: address, data and control dependencies exactly
// where changing the read value changes the access, through registers,
// branches and CAS expected cells, and never where the expression ignores it.
#include <gtest/gtest.h>

#include "ir_by_hand.hpp"
#include "litmuslab/dependencies.hpp"
#include "litmuslab/test.hpp"

using namespace litmuslab;
using namespace litmuslab::testing::ir;
using LitmusTest = litmuslab::Test;

namespace {

constexpr MO rlx = MO::relaxed;

// One thread over locations x (0), y (1), z (2) and cell e (3), with
// registers r0..r3.
LitmusTest one_thread(std::vector<Statement> body) {
  LitmusTest t = make_test(
      "T", {location("x"), location("y"), location("z"), location("e")},
      {thread(0, {int_reg("r0"), int_reg("r1"), int_reg("r2"), int_reg("r3")}, std::move(body))});
  t.locations[3].thread_local_cell = true;
  return t;
}

std::vector<Dependency> deps(const LitmusTest& t) { return dependencies_of(t, t.threads[0]); }

// r1 = cas(y, &e, 1), comparing with the cell e.
Statement cas_into(int dest) {
  Statement s = op(OpKind::compare_exchange, 1, MO::seq_cst, dest, num(1));
  s.op.expected_location = 3;
  return s;
}

using D = DependencyKind;

TEST(Dependencies, DataThroughAMaskedValueButNotThroughAnExpressionThatIgnoresIt) {
  for (auto [value, expected] : std::vector<std::pair<Expr, bool>>{
           {bin(ExprOp::add, num(1), bin(ExprOp::bit_and, reg(0), num(128))), true},
           {bin(ExprOp::sub, reg(0), reg(0)), false},
           {bin(ExprOp::bit_and, reg(0), num(0)), false},
           {bin(ExprOp::mul, reg(0), num(0)), false},
           {bin(ExprOp::bit_xor, reg(0), reg(0)), false},
           {bin(ExprOp::eq, reg(0), num(12345)), true},  // only 12345 flips it
           {num(1), false}}) {
    const LitmusTest t = one_thread({load(0, 0, rlx), store(1, value, rlx)});
    const std::vector<Dependency> expected_deps =
        expected ? std::vector<Dependency>{{0, 1, D::data}} : std::vector<Dependency>{};
    EXPECT_EQ(deps(t), expected_deps) << to_string(value, t.threads[0], t);
  }
}

TEST(Dependencies, AddressThroughAnOffsetOrAPointerRegister) {
  LitmusTest t = one_thread(
      {load(0, 0, rlx), offset(load(1, 1, rlx), bin(ExprOp::bit_and, reg(0), num(128)))});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 1, D::address}}));

  t = one_thread({load(0, 0, rlx), offset(load(1, 1, rlx), bin(ExprOp::sub, reg(0), reg(0)))});
  EXPECT_TRUE(deps(t).empty());

  t = one_thread({load(0, 0, rlx), via(load(1, -1, rlx), 0)});
  t.threads[0].registers[0].type = ValueType::pointer;
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 1, D::address}}));
}

TEST(Dependencies, ControlInsideABranchOnlyAndThroughRegisterCopies) {
  // r0 = x; r1 = r0 + 1; if (r1 == 2) { y = 1; } z = 1;
  const LitmusTest t = one_thread({load(0, 0, rlx), assign(1, bin(ExprOp::add, reg(0), num(1))),
                                   branch(bin(ExprOp::eq, reg(1), num(2)), {store(1, num(1), rlx)}),
                                   store(2, num(1), rlx)});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{0, 2, D::control}}));

  // if (r0 == r0) { y = 1; }: always taken, so no dependency.
  const LitmusTest always = one_thread(
      {load(0, 0, rlx), branch(bin(ExprOp::eq, reg(0), reg(0)), {store(1, num(1), rlx)})});
  EXPECT_TRUE(deps(always).empty());
}

TEST(Dependencies, ARegisterSetInBranchesCarriesTheConditionAfterTheJoin) {
  // r0 = x; r1 = 0; if (r0 == 2) { r1 = 5; } else { r1 = 5; } y = r1;  -> none
  // r0 = x; r1 = 0; if (r0 == 2) { r1 = 5; } y = r1;                   -> data
  auto body = [](bool with_else) {
    std::vector<Statement> else_body;
    if (with_else) else_body.push_back(assign(1, num(5)));
    return one_thread(
        {load(0, 0, rlx), assign(1, num(0)),
         branch(bin(ExprOp::eq, reg(0), num(2)), {assign(1, num(5))}, std::move(else_body)),
         store(1, reg(1), rlx)});
  };
  EXPECT_TRUE(deps(body(true)).empty());
  EXPECT_EQ(deps(body(false)), (std::vector<Dependency>{{0, 3, D::data}}));
}

TEST(Dependencies, ACasOutcomeAndItsExpectedCellCarryTheReadValue) {
  // r0 = x; r1 = cas(y, &e, 1); if (r1) { z = 1; }
  // The CAS compares with e, which r0 never reaches; its outcome controls the store.
  const LitmusTest t =
      one_thread({load(0, 0, rlx), cas_into(1), branch(reg(1), {store(2, num(1), rlx)})});
  EXPECT_EQ(deps(t), (std::vector<Dependency>{{1, 2, D::control}}));

  // A failed CAS writes what it read into the cell; the next CAS compares with it.
  const LitmusTest chained = one_thread({cas_into(1), cas_into(2)});
  EXPECT_EQ(deps(chained), (std::vector<Dependency>{{0, 1, D::data}}));
}

}  // namespace
