// Kernels for the whole dialect, from tests built in the IR: expressions
// wrap as herd7's int does, every register use reads an opaque copy, branch
// arms are marked, pointers are int* into the instance, offsets must be 0,
// weak CAS and spinlocks, and the tests a kernel would hang on are refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "codegen/codegen.hpp"
#include "ir_by_hand.hpp"
#include "kernel/perpetual_shape.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab {
namespace {

using namespace litmuslab::testing::ir;

// Asserts that `needles` appear in `haystack` in this order.
void expect_in_order(const std::string& haystack, const std::vector<std::string>& needles) {
  std::size_t at = 0;
  for (const std::string& needle : needles) {
    const auto found = haystack.find(needle, at);
    ASSERT_NE(found, std::string::npos) << "missing (in order): " << needle << "\nin:\n"
                                        << haystack;
    at = found + needle.size();
  }
}

// The message codegen refuses `test` with, or "" when it compiles.
std::string refusal(const Test& test) {
  try {
    codegen::thread_kernels(test);
  } catch (const format::ParseFailure& failure) {
    return failure.error().to_string();
  }
  return "";
}

// LB with data dependencies: each thread stores an expression of what it loaded.
Test lb_data(Expr value) {
  return make_test(
      "LB+data", {location("x"), location("y")},
      {thread(0, {int_reg("r0")}, {load(0, 0, MO::relaxed), store(1, value, MO::relaxed)}),
       thread(1, {int_reg("r0")}, {load(0, 1, MO::relaxed), store(0, num(1), MO::relaxed)})});
}

TEST(CodegenDialect, ExpressionsWrapAndReadOpaqueCopies) {
  // (r0 * 2) + (r0 ^ 1) - 1, as in herd7's LB+data+expr.
  const Expr value =
      bin(ExprOp::sub,
          bin(ExprOp::add, bin(ExprOp::mul, reg(0), num(2)), bin(ExprOp::bit_xor, reg(0), num(1))),
          num(1));
  const std::string code = codegen::thread_kernels(lb_data(value));
  expect_in_order(code, {"reg_r0 = loc_x.load(std::memory_order_relaxed);",
                         "const int v1_r0 = ops::opaque(reg_r0);",
                         "loc_y.store(ops::wrapping_sub(ops::wrapping_add(ops::wrapping_mul(v1_r0, "
                         "2), v1_r0 ^ 1), 1), std::memory_order_relaxed);"});
  EXPECT_NE(code.find("namespace ops = ::litmuslab::kernel;"), std::string::npos);
}

TEST(CodegenDialect, ConstantsComparisonsAndLogicSpellValidCpp) {
  const Expr value =
      bin(ExprOp::logical_or, bin(ExprOp::lt, reg(0), num(INT32_MIN)),
          un(ExprOp::logical_not, bin(ExprOp::bit_and, un(ExprOp::negate, reg(0)), num(-3))));
  const std::string code = codegen::thread_kernels(lb_data(value));
  EXPECT_NE(code.find("loc_y.store(static_cast<int>((v1_r0 < (-2147483647 - 1)) || "
                      "((ops::wrapping_negate(v1_r0) & (-3)) == 0)), std::memory_order_relaxed);"),
            std::string::npos)
      << code;
}

TEST(CodegenDialect, RegistersStartAtZeroAndTakeAssignments) {
  litmuslab::Test t = make_test("A", {location("x")},
                                {thread(0, {int_reg("r0"), int_reg("r1")},
                                        {assign(1, num(-1)), load(0, 0, MO::acquire),
                                         assign(1, bin(ExprOp::add, reg(0), reg(1)))})});
  const std::string code = codegen::thread_kernels(t);
  expect_in_order(
      code, {"int reg_r0 = 0;", "int reg_r1 = 0;", "reg_r1 = -1;",
             "reg_r0 = loc_x.load(std::memory_order_acquire);",
             "const int v1_r0 = ops::opaque(reg_r0);", "const int v1_r1 = ops::opaque(reg_r1);",
             "reg_r1 = ops::wrapping_add(v1_r0, v1_r1);", "out[0] = reg_r0;", "out[1] = reg_r1;"});
}

TEST(CodegenDialect, BranchesAreMarkedArmByArm) {
  // P1 of MP+rel+acq+ctrl-else: nested if/else, registers set in branches.
  litmuslab::Test t =
      make_test("MP+ctrl", {location("x"), location("y")},
                {thread(0, {}, {store(0, num(1), MO::relaxed), store(1, num(1), MO::release)}),
                 thread(1, {int_reg("r0"), int_reg("r1")},
                        {load(0, 1, MO::acquire), assign(1, num(-1)),
                         branch(bin(ExprOp::eq, reg(0), num(1)), {load(1, 0, MO::relaxed)},
                                {branch(bin(ExprOp::ne, reg(0), num(0)), {assign(1, num(7))},
                                        {assign(1, num(2))})})})});
  const std::string code = codegen::thread_kernels(t);
  expect_in_order(
      code, {"void litmuslab_kernel_MP_2bctrl_P1(", "const int v1_r0 = ops::opaque(reg_r0);",
             "if (v1_r0 == 1) {", "ops::branch_arm<0>();",
             "reg_r1 = loc_x.load(std::memory_order_relaxed);", "} else {", "ops::branch_arm<1>();",
             "const int v2_r0 = ops::opaque(reg_r0);", "if (v2_r0 != 0) {", "ops::branch_arm<2>();",
             "reg_r1 = 7;", "ops::branch_arm<3>();", "reg_r1 = 2;",
             // After each join, r1 holds what the condition chose.
             "reg_r1 = ops::carry(reg_r1, v2_r0);", "reg_r1 = ops::carry(reg_r1, v1_r0);",
             "out[0] = reg_r0;"});
  // A branch with no else still gets a marked else arm, so it stays a branch.
  litmuslab::Test lb_ctrl = make_test(
      "LB+ctrl", {location("x"), location("y")},
      {thread(0, {int_reg("r0")},
              {load(0, 0, MO::relaxed),
               branch(bin(ExprOp::eq, reg(0), num(1)), {store(1, num(1), MO::relaxed)})})});
  expect_in_order(codegen::thread_kernels(lb_ctrl),
                  {"if (v1_r0 == 1) {", "ops::branch_arm<0>();", "loc_y.store(1,", "} else {",
                   "ops::branch_arm<1>();", "}"});
}

// MP+ptr: P0 writes x, then publishes &x in p; P1 follows p. p starts at z.
Test mp_ptr(MO store_order, MO load_order) {
  litmuslab::Test t = make_test(
      "MP+ptr", {pointer_location("p", 2), location("x"), location("z")},
      {thread(0, {}, {plain(store(1, num(1), MO::relaxed)), store(0, addr(1), store_order)}),
       thread(1, {ptr_reg("r0"), int_reg("r1")},
              {load(0, 0, load_order), plain(via(load(1, -1, MO::relaxed), 0))})});
  t.locations[1].atomic = false;
  t.observed = {reg_key(t, 1, 0), reg_key(t, 1, 1)};
  return t;
}

TEST(CodegenDialect, PointersAreAddressesIntoTheInstance) {
  const std::string code = codegen::thread_kernels(mp_ptr(MO::release, MO::acquire));
  expect_in_order(
      code, {"void litmuslab_kernel_MP_2bptr_P0(", "std::atomic_ref<int*> loc_p(",
             "int* const at_x = std::launder(reinterpret_cast<int*>(instance + off_x));",
             "std::atomic_ref<int> loc_x(*at_x);", "loc_x.store(1, std::memory_order_relaxed);",
             "loc_p.store(at_x, std::memory_order_release);"});
  expect_in_order(
      code,
      {"void litmuslab_kernel_MP_2bptr_P1(", "int* reg_r0 = nullptr;",
       "reg_r0 = loc_p.load(std::memory_order_acquire);", "int* const v1_r0 = ops::opaque(reg_r0);",
       "reg_r1 = std::atomic_ref<int>(*v1_r0).load(std::memory_order_relaxed);",
       // The final value is the index of the location pointed to.
       "out[0] = reg_r0 == at_x ? 1 : reg_r0 == at_z ? 2 : -1;", "out[1] = reg_r1;"});
}

TEST(CodegenDialect, AnAtomicCallOnAPlainLocationKeepsItsOrder) {
  // p is declared int** in herd7's MP+ptr; atomic_store_explicit still releases.
  litmuslab::Test t = mp_ptr(MO::release, MO::acquire);
  t.locations[0].atomic = false;
  EXPECT_NE(codegen::thread_kernels(t).find("loc_p.store(at_x, std::memory_order_release);"),
            std::string::npos);
}

// MP+addr: P1's second load is at x + (r0 & 128).
Test mp_addr(std::int32_t flag_value) {
  return make_test(
      "MP+addr", {location("x"), location("y")},
      {thread(0, {}, {store(0, num(1), MO::relaxed), store(1, num(flag_value), MO::relaxed)}),
       thread(1, {int_reg("r0"), int_reg("r1")},
              {load(0, 1, MO::relaxed),
               offset(load(1, 0, MO::relaxed), bin(ExprOp::bit_and, reg(0), num(128)))})});
}

TEST(CodegenDialect, OffsetsThatAreAlwaysZeroIndexTheLocation) {
  const std::string code = codegen::thread_kernels(mp_addr(1));
  expect_in_order(code, {"int* const at_x = ", "reg_r0 = loc_y.load(std::memory_order_relaxed);",
                         "const int v1_r0 = ops::opaque(reg_r0);",
                         "reg_r1 = std::atomic_ref<int>(at_x[v1_r0 & 128])"
                         ".load(std::memory_order_relaxed);"});
}

TEST(CodegenDialect, AnOffsetThatMayNotBeZeroIsRefused) {
  // y may hold 129, so r0 & 128 may be 128: x + 128 is outside the instance.
  const std::string message = refusal(mp_addr(129));
  EXPECT_NE(message.find("MP+addr.litmus:"), std::string::npos) << message;
  EXPECT_NE(message.find("error: unsupported: the offset in 'x + (r0 & 128)' may not be 0"),
            std::string::npos)
      << message;
  // Values flow through RMWs and registers: y | 128 through a fetch_or.
  litmuslab::Test through_rmw = mp_addr(1);
  through_rmw.threads[0].body.push_back(op(OpKind::fetch_or, 1, MO::relaxed, -1, num(128)));
  EXPECT_NE(refusal(through_rmw), "");
  litmuslab::Test masked = through_rmw;  // ... unless the offset masks them off
  masked.threads[1].body[1].op.address.offset = bin(ExprOp::bit_and, reg(0), num(256));
  EXPECT_EQ(refusal(masked), "");
}

TEST(CodegenDialect, CompareExchangeStrongAndWeak) {
  litmuslab::Test t = make_test(
      "CAS", {location("e"), location("x")},
      {thread(0, {int_reg("r0")}, {op(OpKind::compare_exchange, 1, MO::acq_rel, 0, num(1))})});
  t.locations[0].thread_local_cell = true;
  t.threads[0].body[0].op.expected_location = 0;
  t.threads[0].body[0].op.failure_order = MO::acquire;
  EXPECT_NE(codegen::thread_kernels(t).find(
                "reg_r0 = static_cast<int>(loc_x.compare_exchange_strong(loc_e, 1, "
                "std::memory_order_acq_rel, std::memory_order_acquire));"),
            std::string::npos);
  // A failure order stronger than the success order raises the success order.
  t.threads[0].body[0].op.order = MO::release;
  EXPECT_NE(
      codegen::thread_kernels(t).find("compare_exchange_strong(loc_e, 1, "
                                      "std::memory_order_acq_rel, std::memory_order_acquire)"),
      std::string::npos);
  t.threads[0].body[0].op.order = MO::relaxed;
  t.threads[0].body[0].op.failure_order = MO::seq_cst;
  EXPECT_NE(
      codegen::thread_kernels(t).find("compare_exchange_strong(loc_e, 1, "
                                      "std::memory_order_seq_cst, std::memory_order_seq_cst)"),
      std::string::npos);
  t.threads[0].body[0].op.weak = true;
  const std::string weak = codegen::thread_kernels(t);
  EXPECT_NE(weak.find("loc_x.compare_exchange_weak(loc_e, 1, "), std::string::npos) << weak;
  EXPECT_NE(weak.find("int& loc_e = *std::launder(reinterpret_cast<int*>(instance + off_e));"),
            std::string::npos)
      << weak;
}

TEST(CodegenDialect, EveryRmwIsItsAtomicRefMember) {
  std::vector<Statement> body;
  for (OpKind kind : {OpKind::exchange, OpKind::fetch_add, OpKind::fetch_sub, OpKind::fetch_and,
                      OpKind::fetch_or, OpKind::fetch_xor})
    body.push_back(op(kind, 0, MO::seq_cst, 0, reg(0)));
  const std::string code = codegen::thread_kernels(
      make_test("RMW", {location("x")}, {thread(0, {int_reg("r0")}, body)}));
  expect_in_order(code, {"reg_r0 = loc_x.exchange(v1_r0, std::memory_order_seq_cst);",
                         "reg_r0 = loc_x.fetch_add(v2_r0, std::memory_order_seq_cst);",
                         "reg_r0 = loc_x.fetch_sub(v3_r0, std::memory_order_seq_cst);",
                         "reg_r0 = loc_x.fetch_and(v4_r0, std::memory_order_seq_cst);",
                         "reg_r0 = loc_x.fetch_or(v5_r0, std::memory_order_seq_cst);",
                         "reg_r0 = loc_x.fetch_xor(v6_r0, std::memory_order_seq_cst);"});
}

// MP+locks: the data is written and read under the lock.
Test mp_locks() {
  return make_test("MP+locks", {lock_location("l"), location("x"), location("y")},
                   {thread(0, {},
                           {lock_op(OpKind::lock, 0), store(1, num(1), MO::relaxed),
                            store(2, num(1), MO::relaxed), lock_op(OpKind::unlock, 0)}),
                    thread(1, {int_reg("r0"), int_reg("r1")},
                           {lock_op(OpKind::lock, 0), load(0, 2, MO::relaxed),
                            load(1, 1, MO::relaxed), lock_op(OpKind::unlock, 0)})});
}

TEST(CodegenDialect, LocksAreSpinlocks) {
  const std::string code = codegen::thread_kernels(mp_locks());
  expect_in_order(code, {"std::atomic_ref<int> loc_l(", "ops::spin_lock(loc_l);",
                         "loc_x.store(1, std::memory_order_relaxed);", "ops::spin_unlock(loc_l);"});
  // A trylock whose success is tested before the critical section.
  litmuslab::Test t =
      make_test("TRY", {lock_location("l"), location("x")},
                {thread(0, {int_reg("r0")},
                        {lock_op(OpKind::trylock, 0, 0),
                         branch(bin(ExprOp::eq, reg(0), num(1)),
                                {store(1, num(1), MO::relaxed), lock_op(OpKind::unlock, 0)})})});
  expect_in_order(codegen::thread_kernels(t), {"reg_r0 = ops::spin_trylock(loc_l);",
                                               "if (v1_r0 == 1) {", "ops::spin_unlock(loc_l);"});
}

TEST(CodegenDialect, LocksThatCouldBlockARunAreRefused) {
  litmuslab::Test never_released = mp_locks();
  never_released.threads[0].body.pop_back();
  EXPECT_NE(refusal(never_released).find("P0 may end holding lock l"), std::string::npos)
      << refusal(never_released);

  litmuslab::Test twice = mp_locks();
  twice.threads[1].body.insert(twice.threads[1].body.begin(), lock_op(OpKind::lock, 0));
  EXPECT_NE(refusal(twice).find("P1 takes lock l while it holds it"), std::string::npos)
      << refusal(twice);

  litmuslab::Test unheld = mp_locks();
  unheld.threads[1].body.erase(unheld.threads[1].body.begin());
  EXPECT_NE(refusal(unheld).find("P1 releases lock l on a path where it does not hold it"),
            std::string::npos)
      << refusal(unheld);

  // One branch leaves the lock held.
  litmuslab::Test branchy = mp_locks();
  branchy.threads[1].body.back() =
      branch(bin(ExprOp::eq, reg(0), num(1)), {lock_op(OpKind::unlock, 0)});
  EXPECT_NE(refusal(branchy).find("P1 may end holding lock l"), std::string::npos);

  // AB/BA.
  litmuslab::Test ab_ba =
      make_test("ABBA", {lock_location("a"), lock_location("b")},
                {thread(0, {},
                        {lock_op(OpKind::lock, 0), lock_op(OpKind::lock, 1),
                         lock_op(OpKind::unlock, 1), lock_op(OpKind::unlock, 0)}),
                 thread(1, {},
                        {lock_op(OpKind::lock, 1), lock_op(OpKind::lock, 0),
                         lock_op(OpKind::unlock, 0), lock_op(OpKind::unlock, 1)})});
  EXPECT_NE(refusal(ab_ba).find("take locks in opposite orders"), std::string::npos)
      << refusal(ab_ba);
  litmuslab::Test same_order = ab_ba;
  same_order.threads[1] = same_order.threads[0];
  same_order.threads[1].index = 1;
  EXPECT_EQ(refusal(same_order), "");

  litmuslab::Test starts_locked = mp_locks();
  starts_locked.locations[0].initial = 1;
  EXPECT_NE(refusal(starts_locked).find("lock l starts locked"), std::string::npos);

  // A trylock that succeeds with no unlock on that path.
  litmuslab::Test try_kept = make_test(
      "TRY", {lock_location("l")}, {thread(0, {int_reg("r0")}, {lock_op(OpKind::trylock, 0, 0)})});
  EXPECT_NE(refusal(try_kept).find("P0 may end holding lock l"), std::string::npos);
  EXPECT_NE(refusal(try_kept).find("the models take it"), std::string::npos);
}

TEST(CodegenDialect, PerpetualModeRefusesWhatItsLogsCannotHold) {
  const auto reason = [](const litmuslab::Test& t) { return kernel::analyse_perpetual(t).reason; };
  EXPECT_EQ(reason(mp_locks()), "it uses a lock (l)");
  EXPECT_EQ(reason(mp_ptr(MO::release, MO::acquire)), "it uses pointers (location p)");
  EXPECT_EQ(reason(mp_addr(1)), "P1 has an address offset (an address dependency)");
  EXPECT_EQ(reason(lb_data(bin(ExprOp::add, reg(0), num(1)))),
            "P0 computes a value from registers");
  litmuslab::Test lb_ctrl = make_test(
      "LB+ctrl", {location("x"), location("y")},
      {thread(0, {int_reg("r0")},
              {load(0, 0, MO::relaxed),
               branch(bin(ExprOp::eq, reg(0), num(1)), {store(1, num(1), MO::relaxed)})}),
       thread(1, {int_reg("r0")}, {load(0, 1, MO::relaxed), store(0, num(1), MO::relaxed)})});
  EXPECT_EQ(reason(lb_ctrl), "P0 branches (if/else)");
  litmuslab::Test filtered = lb_data(num(1));
  filtered.filter = atom(reg_key(filtered, 0, 0), 0);
  EXPECT_EQ(reason(filtered), "it has a filter");
}

}  // namespace
}  // namespace litmuslab
