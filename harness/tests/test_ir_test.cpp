// The IR's own functions: herd7's int arithmetic, expressions, the
// operations of a thread with branches, propositions with implication and a
// filter, herd7's printing of pointer values, and the straight-line subset
// that consumers check before the whole dialect reaches them.
#include <gtest/gtest.h>

#include <climits>

#include "litmuslab/parse.hpp"
#include "litmuslab/test.hpp"

using namespace litmuslab;
using LitmusTest = litmuslab::Test;

namespace {

Expr binary(ExprOp op, Expr a, Expr b) {
  Expr e;
  e.op = op;
  e.operands = {std::move(a), std::move(b)};
  return e;
}

Expr unary(ExprOp op, Expr a) {
  Expr e;
  e.op = op;
  e.operands = {std::move(a)};
  return e;
}

Operation store(int location, Expr value) {
  Operation op;
  op.kind = OpKind::store;
  op.address.location = location;
  op.value = std::move(value);
  return op;
}

StateKey reg_key(int thread, int index, std::string name) {
  StateKey key;
  key.kind = StateKey::Kind::reg;
  key.thread = thread;
  key.index = index;
  key.name = std::move(name);
  return key;
}

Proposition atom(StateKey key, std::int32_t value) {
  Proposition p;
  p.kind = Proposition::Kind::atom;
  p.key = std::move(key);
  p.value = value;
  return p;
}

// x, y and one thread with registers r0 and r1.
LitmusTest two_locations() {
  LitmusTest test;
  test.source_path = "t.litmus";
  test.locations.resize(2);
  test.locations[0].name = "x";
  test.locations[1].name = "y";
  Thread thread;
  thread.registers = {{"r0", ValueType::integer, {}}, {"r1", ValueType::integer, {}}};
  test.threads.push_back(thread);
  return test;
}

}  // namespace

TEST(TestIr, ArithmeticWrapsAt32BitsAndComparisonsGiveZeroOrOne) {
  EXPECT_EQ(apply(ExprOp::add, INT32_MAX, 1), INT32_MIN);
  EXPECT_EQ(apply(ExprOp::sub, INT32_MIN, 1), INT32_MAX);
  EXPECT_EQ(apply(ExprOp::mul, 65536, 65536), 0);
  EXPECT_EQ(apply(ExprOp::negate, INT32_MIN), INT32_MIN);
  EXPECT_EQ(apply(ExprOp::bit_not, 0), -1);
  EXPECT_EQ(apply(ExprOp::bit_and, 6, 12), 4);
  EXPECT_EQ(apply(ExprOp::bit_or, 6, 1), 7);
  EXPECT_EQ(apply(ExprOp::bit_xor, 7, 5), 2);
  EXPECT_EQ(apply(ExprOp::lt, -1, 0), 1);
  EXPECT_EQ(apply(ExprOp::ge, -1, 0), 0);
  EXPECT_EQ(apply(ExprOp::eq, 3, 3), 1);
  EXPECT_EQ(apply(ExprOp::ne, 3, 3), 0);
  EXPECT_EQ(apply(ExprOp::logical_and, 2, 3), 1);
  EXPECT_EQ(apply(ExprOp::logical_or, 0, 0), 0);
  EXPECT_EQ(apply(ExprOp::logical_not, 5), 0);
  EXPECT_EQ(apply_rmw(OpKind::fetch_sub, INT32_MIN, 1), INT32_MAX);
  EXPECT_EQ(apply_rmw(OpKind::fetch_and, 102, 12), 4);
  EXPECT_EQ(apply_rmw(OpKind::exchange, 5, 9), 9);
}

TEST(TestIr, ExpressionsEvaluatePrintAndListTheirRegisters) {
  const LitmusTest test = two_locations();
  const Thread& thread = test.threads[0];
  // (r1 * 2) + (r1 ^ 1) - r0, as the dialect's LB+data+expr stores it.
  const Expr e =
      binary(ExprOp::sub,
             binary(ExprOp::add, binary(ExprOp::mul, Expr::register_of(1), Expr::constant_of(2)),
                    binary(ExprOp::bit_xor, Expr::register_of(1), Expr::constant_of(1))),
             Expr::register_of(0));
  EXPECT_EQ(evaluate(e, {5, 1}), 2 + 0 - 5);
  EXPECT_EQ(registers_read(e), (std::vector<int>{1, 0}));
  EXPECT_EQ(to_string(e, thread, test), "r1 * 2 + (r1 ^ 1) - r0");
  // Right operands of equal strength keep their parentheses; unary minus of a negative too.
  const Expr right = binary(ExprOp::sub, Expr::constant_of(1),
                            binary(ExprOp::sub, Expr::register_of(0), Expr::constant_of(-1)));
  EXPECT_EQ(to_string(right, thread, test), "1 - (r0 - -1)");
  EXPECT_EQ(to_string(unary(ExprOp::negate, Expr::constant_of(-1)), thread, test), "-(-1)");
  const Expr cond = binary(ExprOp::logical_and, unary(ExprOp::logical_not, Expr::register_of(0)),
                           binary(ExprOp::eq, Expr::register_of(1), Expr::address_of_location(1)));
  EXPECT_EQ(to_string(cond, thread, test), "!r0 && r1 == y");
  EXPECT_EQ(evaluate(cond, {0, 1}), 1);  // a pointer value is its location's index
}

TEST(TestIr, OperationsOfAThreadWithBranchesComeInTextOrder) {
  LitmusTest test = two_locations();
  Thread& thread = test.threads[0];
  Statement branch;
  branch.kind = Statement::Kind::branch;
  branch.condition = Expr::register_of(0);
  branch.then_body.push_back(Statement::of(store(0, Expr::constant_of(1))));
  Statement inner;
  inner.kind = Statement::Kind::branch;
  inner.then_body.push_back(Statement::of(store(1, Expr::constant_of(2))));
  inner.else_body.push_back(Statement::of(store(1, Expr::constant_of(3))));
  branch.else_body.push_back(inner);
  thread.body.push_back(Statement::of(store(0, Expr::constant_of(4))));
  thread.body.push_back(branch);
  EXPECT_FALSE(is_straight_line(thread));
  std::vector<std::int32_t> values;
  for (const Operation* op : operations_of(thread)) values.push_back(op->value.value);
  EXPECT_EQ(values, (std::vector<std::int32_t>{4, 1, 2, 3}));
}

TEST(TestIr, ImplicationFilterAndPointerStates) {
  LitmusTest test = two_locations();
  test.threads[0].registers[1].type = ValueType::pointer;
  StateKey r0 = reg_key(0, 0, "r0");
  StateKey r1 = reg_key(0, 1, "r1");
  r1.type = ValueType::pointer;
  test.observed = {r1};
  test.filter_keys = {r0};
  Proposition implies;
  implies.kind = Proposition::Kind::implies;
  implies.children = {atom(r0, 1), atom(r1, 1)};  // 0:r0=1 => 0:r1=y
  test.condition.proposition = implies;
  test.filter = atom(r0, 1);
  // States are laid out observed first, then filter keys.
  EXPECT_TRUE(matches(test, implies, {1, 1}));
  EXPECT_FALSE(matches(test, implies, {0, 1}));
  EXPECT_TRUE(matches(test, implies, {0, 0}));
  EXPECT_TRUE(passes_filter(test, {0, 1}));
  EXPECT_FALSE(passes_filter(test, {0, 0}));
  // Only observed keys are printed, and pointers by the name of their location.
  EXPECT_EQ(format_state(test, {1, 0}), "0:r1=y;");
  EXPECT_EQ(format_state(test, {0, 0}), "0:r1=x;");
}

TEST(TestIr, TheStraightLineSubsetNamesWhatIsBeyondIt) {
  LitmusTest test = two_locations();
  Operation op = store(0, Expr::constant_of(1));
  op.pos = {3, 5};
  test.threads[0].body.push_back(Statement::of(op));
  EXPECT_NO_THROW(format::require_straight_line_subset(test, "modelled"));
  const auto message = [&](const LitmusTest& t) {
    try {
      format::require_straight_line_subset(t, "modelled");
    } catch (const format::ParseFailure& failure) {
      return failure.error().to_string();
    }
    return std::string("no error");
  };
  LitmusTest expression = test;
  Operation& stored = expression.threads[0].body[0].op;
  stored.value = binary(ExprOp::add, Expr::register_of(0), Expr::constant_of(1));
  stored.value.pos = {3, 9};
  EXPECT_EQ(message(expression),
            "t.litmus:3:9: error: unsupported: an expression over registers (not yet modelled)");
  LitmusTest branch = test;
  Statement s;
  s.kind = Statement::Kind::branch;
  s.pos = {4, 3};
  branch.threads[0].body.push_back(s);
  EXPECT_EQ(message(branch), "t.litmus:4:3: error: unsupported: if/else (not yet modelled)");
  LitmusTest weak = test;
  Operation& cas = weak.threads[0].body[0].op;
  cas.kind = OpKind::compare_exchange;
  cas.weak = true;
  EXPECT_EQ(message(weak),
            "t.litmus:3:5: error: unsupported: weak compare-exchange (not yet modelled)");
  LitmusTest offset = test;
  offset.threads[0].body[0].op.address.offset = Expr::register_of(0);
  offset.threads[0].body[0].op.address.pos = {3, 7};
  EXPECT_EQ(message(offset),
            "t.litmus:3:7: error: unsupported: an address with an offset (not yet modelled)");
  LitmusTest filtered = test;
  filtered.filter = atom(reg_key(0, 0, "r0"), 0);
  filtered.filter->pos = {9, 8};
  EXPECT_EQ(message(filtered), "t.litmus:9:8: error: unsupported: filter (not yet modelled)");
  LitmusTest pointer = test;
  pointer.locations[1].type = ValueType::pointer;
  pointer.locations[1].pos = {2, 14};
  EXPECT_EQ(message(pointer),
            "t.litmus:2:14: error: unsupported: pointer location 'y' (not yet modelled)");
}
