// The generated kernels use exactly the orders each test names.
#include <gtest/gtest.h>

#include <string>

#include "catalogue_entry.hpp"
#include "codegen/codegen.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab {
namespace {

using litmuslab::testing::entry;

// The body of thread `n`'s kernel in `code`.
std::string thread_body(const std::string& code, const std::string& test, int n) {
  const std::string head = "void " + codegen::symbol_for(test) + "_P" + std::to_string(n) + "(";
  const auto start = code.find(head);
  if (start == std::string::npos) return {};
  const auto end = code.find("\n}\n", start);
  return code.substr(start, end - start);
}

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

TEST(Codegen, SbRelaxedIsRelaxedEverywhere) {
  const std::string code(entry("SB+rlx").kernels->kernel_code);
  const std::string p0 = thread_body(code, "SB+rlx", 0);
  const std::string p1 = thread_body(code, "SB+rlx", 1);
  expect_in_order(p0, {"loc_x.store(1, std::memory_order_relaxed);",
                       "reg_r0 = loc_y.load(std::memory_order_relaxed);", "out[0] = reg_r0;"});
  expect_in_order(p1, {"loc_y.store(1, std::memory_order_relaxed);",
                       "reg_r0 = loc_x.load(std::memory_order_relaxed);"});
  EXPECT_EQ(code.find("seq_cst"), std::string::npos);
  EXPECT_EQ(code.find("acquire"), std::string::npos);
}

TEST(Codegen, SbSeqCstUsesSeqCst) {
  const std::string code(entry("SB+sc").kernels->kernel_code);
  expect_in_order(thread_body(code, "SB+sc", 0),
                  {"loc_x.store(1, std::memory_order_seq_cst);",
                   "reg_r0 = loc_y.load(std::memory_order_seq_cst);"});
  EXPECT_EQ(code.find("relaxed"), std::string::npos);
}

TEST(Codegen, MpReleaseAcquire) {
  const std::string code(entry("MP+relacq").kernels->kernel_code);
  expect_in_order(
      thread_body(code, "MP+relacq", 0),
      {"loc_x.store(1, std::memory_order_release);", "loc_y.store(1, std::memory_order_release);"});
  expect_in_order(
      thread_body(code, "MP+relacq", 1),
      {"reg_r0 = loc_y.load(std::memory_order_acquire);",
       "reg_r1 = loc_x.load(std::memory_order_acquire);", "out[0] = reg_r0;", "out[1] = reg_r1;"});
}

TEST(Codegen, FencesKeepTheirOrderAndPlace) {
  const std::string code(entry("MP+rlx+relacqfences").kernels->kernel_code);
  expect_in_order(thread_body(code, "MP+rlx+relacqfences", 0),
                  {"loc_x.store(1, std::memory_order_relaxed);",
                   "std::atomic_thread_fence(std::memory_order_release);",
                   "loc_y.store(1, std::memory_order_relaxed);"});
  expect_in_order(thread_body(code, "MP+rlx+relacqfences", 1),
                  {"reg_r0 = loc_y.load(std::memory_order_relaxed);",
                   "std::atomic_thread_fence(std::memory_order_acquire);",
                   "reg_r1 = loc_x.load(std::memory_order_relaxed);"});
}

// Every operation of every catalogue test appears in its kernel with its
// own order, in program order: a generator that rewrote orders fails here.
TEST(Codegen, EveryOperationCarriesItsOrder) {
  for (const auto& e : catalogue::Catalogue::compiled().tests()) {
    const litmuslab::Test& test = e.test;
    const std::string code(e.kernels->kernel_code);
    for (const Thread& thread : test.threads) {
      std::vector<std::string> expected;
      for (const Operation* op_in_thread : operations_of(thread)) {
        const Operation& op = *op_in_thread;
        if (op.kind == OpKind::assign) continue;
        if (op.kind == OpKind::fence) {
          expected.push_back(std::string("atomic_thread_fence(") + cpp_spelling(op.order) + ")");
        } else if (op.kind == OpKind::lock || op.kind == OpKind::unlock ||
                   op.kind == OpKind::trylock) {
          // Their orders are the helper's (an acquire RMW, a release store): no order to carry.
          expected.push_back(std::string("ops::spin_") + to_string(op.kind) + "(");
        } else if (!op.atomic) {
          expected.push_back("std::memory_order_relaxed");  // plain accesses compile relaxed
        } else if (op.kind == OpKind::compare_exchange) {
          expected.push_back(std::string(cpp_spelling(op.order)) + ", " +
                             cpp_spelling(op.failure_order));
        } else {
          expected.push_back(std::string(cpp_spelling(op.order)) + ")");
        }
      }
      SCOPED_TRACE(test.name + " P" + std::to_string(thread.index));
      expect_in_order(thread_body(code, test.name, thread.index), expected);
    }
  }
}

TEST(Codegen, SymbolsAreDistinctIdentifiers) {
  EXPECT_EQ(codegen::symbol_for("SB+rlx"), "litmuslab_kernel_SB_2brlx");
  EXPECT_NE(codegen::symbol_for("a+b"), codegen::symbol_for("a_2bb"));
  EXPECT_NE(codegen::symbol_for("2+2W"), codegen::symbol_for("2_2W"));
}

}  // namespace
}  // namespace litmuslab
