// Perpetual kernels: every store writes the iteration number with the
// test's order, every load is logged in program order.
#include <gtest/gtest.h>

#include "catalogue_entry.hpp"
#include "codegen/codegen.hpp"
#include "kernel/perpetual_shape.hpp"
#include "litmuslab/catalogue.hpp"

namespace litmuslab {
namespace {

using litmuslab::testing::entry;

// The text of `<symbol>_perpetual_P<n>`.
std::string perpetual_body(const std::string& code, const std::string& test, int thread) {
  const std::string head =
      "void " + codegen::symbol_for(test) + "_perpetual_P" + std::to_string(thread) + "(";
  const std::size_t start = code.find(head);
  if (start == std::string::npos) return "";
  return code.substr(start, code.find("\n}\n", start) - start);
}

TEST(PerpetualCodegen, StoresWriteTheIterationAndLoadsAreLogged) {
  const std::string code(entry("MP+relacq").kernels->perpetual_code);
  const std::string writer = perpetual_body(code, "MP+relacq", 0);
  EXPECT_NE(writer.find("loc_x.store(k, std::memory_order_release);"), std::string::npos) << writer;
  EXPECT_NE(writer.find("loc_y.store(k, std::memory_order_release);"), std::string::npos) << writer;
  EXPECT_LT(writer.find("loc_x.store"), writer.find("loc_y.store"));
  const std::string reader = perpetual_body(code, "MP+relacq", 1);
  EXPECT_NE(reader.find("out[0] = loc_y.load(std::memory_order_acquire);"), std::string::npos);
  EXPECT_NE(reader.find("out[slot_span] = loc_x.load(std::memory_order_acquire);"),
            std::string::npos);
  EXPECT_NE(reader.find("lane_span = 2 * slot_span"), std::string::npos) << "two log slots";
}

TEST(PerpetualCodegen, FencesExchangesAndPlainAccessesKeepTheirMeaning) {
  const std::string fences(entry("SB+rlx+scfences").kernels->perpetual_code);
  EXPECT_NE(perpetual_body(fences, "SB+rlx+scfences", 0)
                .find("std::atomic_thread_fence(std::memory_order_seq_cst);"),
            std::string::npos);
  const std::string xchg(entry("SB+rlx+xchgs").kernels->perpetual_code);
  EXPECT_NE(perpetual_body(xchg, "SB+rlx+xchgs", 1)
                .find("(void)loc_y.exchange(k, std::memory_order_relaxed);"),
            std::string::npos);
  const std::string plain(entry("SB+na").kernels->perpetual_code);
  EXPECT_NE(perpetual_body(plain, "SB+na", 0).find("loc_x.store(k, std::memory_order_relaxed);"),
            std::string::npos);
}

TEST(PerpetualCodegen, OnlyServedTestsHavePerpetualKernels) {
  for (const auto& e : catalogue::Catalogue::compiled().tests()) {
    SCOPED_TRACE(e.test.name);
    const bool served = kernel::analyse_perpetual(e.test).shape.has_value();
    EXPECT_EQ(!e.kernels->perpetual.empty(), served);
    EXPECT_EQ(!e.kernels->perpetual_code.empty(), served);
    if (served) {
      EXPECT_EQ(e.kernels->perpetual.size(), e.test.threads.size());
    }
    // The hash covers both kernel sets, so a result names the code that ran.
    EXPECT_EQ(e.kernels->kernel_hash, kernel::fnv1a(std::string(e.kernels->kernel_code) +
                                                    std::string(e.kernels->perpetual_code)));
  }
}

}  // namespace
}  // namespace litmuslab
