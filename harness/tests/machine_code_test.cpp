// The machine code compiled into this binary follows docs/design.md's mapping
// from C++ to x86 and to AArch64. The text is what the build's objdump read
// from the kernels object, so these tests check the instructions that run.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/machine_code.hpp"
#include "machine_code_listing.hpp"

namespace litmuslab {
namespace {

using testing::all_instructions;
using testing::any_matches;
using testing::instructions;
using testing::listing;

// Tests whose every access is a relaxed (or plain) load or store: no RMW, no fence.
std::vector<const Test*> relaxed_load_store_tests() {
  std::vector<const Test*> out;
  for (const auto& entry : catalogue::Catalogue::compiled().tests()) {
    bool relaxed = true;
    for (const Thread& thread : entry.test.threads)
      for (const Operation* op : operations_of(thread)) {
        const bool access = op->kind == OpKind::load || op->kind == OpKind::store;
        if (op->kind == OpKind::assign) continue;
        if (!access || (op->atomic && op->order != MemoryOrder::relaxed)) relaxed = false;
      }
    if (relaxed) out.push_back(&entry.test);
  }
  return out;
}

TEST(MachineCode, EveryThreadKernelWasDisassembled) {
  const kernel::MachineCode& code = kernel::compiled_machine_code();
  ASSERT_FALSE(code.disassembler.empty()) << "the build found no objdump";
#if defined(__x86_64__)
  EXPECT_EQ(code.arch, "x86_64");
#elif defined(__aarch64__)
  EXPECT_EQ(code.arch, "aarch64");
#endif
  for (const auto& entry : catalogue::Catalogue::compiled().tests())
    for (const Thread& thread : entry.test.threads) {
      SCOPED_TRACE(entry.test.name + " P" + std::to_string(thread.index));
      EXPECT_FALSE(instructions(entry.test.name, thread.index).empty());
    }
}

TEST(MachineCode, RelaxedAndSeqCstStoreBufferingDiffer) {
  for (int thread : {0, 1})
    EXPECT_NE(instructions("SB+rlx", thread), instructions("SB+sc", thread)) << "P" << thread;
}

// No kernel calls out: with -mno-outline-atomics on aarch64, every atomic is
// inline, so the instructions shown are the ones that order memory.
TEST(MachineCode, KernelsMakeNoCalls) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const auto& entry : catalogue::Catalogue::compiled().tests()) {
    const auto code = all_instructions(entry.test);
    EXPECT_FALSE(any_matches(code, R"(^(call[a-z]*|bl|blr) )")) << entry.test.name << "\n"
                                                                << listing(code);
  }
}

TEST(MachineCode, RelaxedCatalogueTestsExist) {
  // Guards the loops below against an empty selection.
  EXPECT_GE(relaxed_load_store_tests().size(), 5u);
}

#if defined(__x86_64__)
// A locked instruction: a lock prefix, or xchg with a memory operand
// (implicitly locked; "xchg %ax,%ax" is a nop).
const char* const kLocked = R"(^lock |^xchg[a-z]* .*\()";
const char* const kFence = R"(^[lms]fence)";

TEST(MachineCodeX86, SeqCstStoreBufferingHasXchgOrAFullFence) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (int thread : {0, 1}) {
    const auto code = instructions("SB+sc", thread);
    EXPECT_TRUE(any_matches(code, R"(^xchg[a-z]* .*\(|^mfence|^lock or)")) << "P" << thread << "\n"
                                                                           << listing(code);
  }
}

TEST(MachineCodeX86, RelaxedLoadsAndStoresAreLockAndFenceFree) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const litmuslab::Test* test : relaxed_load_store_tests()) {
    const auto code = all_instructions(*test);
    EXPECT_FALSE(any_matches(code, kLocked)) << test->name << "\n" << listing(code);
    EXPECT_FALSE(any_matches(code, kFence)) << test->name << "\n" << listing(code);
  }
}

TEST(MachineCodeX86, RmwsAreLocked) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const char* name : {"SB+rlx+xchgs", "FADD+rlx", "CAS+rlx"}) {
    const auto code = all_instructions(catalogue::Catalogue::compiled().find(name)->test);
    EXPECT_TRUE(any_matches(code, kLocked)) << name << "\n" << listing(code);
  }
}

// A spinlock is lock cmpxchg (its wait a plain read), its unlock a plain
// store of 0: the acquire RMW and release store of the models.
TEST(MachineCodeX86, SpinlocksAreLockCmpxchgAndAPlainStoreOfZero) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const char* name : {"MP+locks", "SB+locks"})
    for (int thread : {0, 1}) {
      const auto code = instructions(name, thread);
      EXPECT_TRUE(any_matches(code, "^lock cmpxchg")) << name << " P" << thread << "\n"
                                                      << listing(code);
      EXPECT_TRUE(any_matches(code, R"(^movl \$0x0,\()")) << name << " P" << thread << "\n"
                                                          << listing(code);
      EXPECT_FALSE(any_matches(code, kFence)) << name << " P" << thread << "\n" << listing(code);
    }
}

TEST(MachineCodeX86, CompareExchangesStrongAndWeakAreLockCmpxchg) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const char* name : {"CAS+rlx+weak", "MP+rlx+cass", "MP+relacq+cass", "MP+sc+cass"}) {
    const auto code = all_instructions(catalogue::Catalogue::compiled().find(name)->test);
    EXPECT_TRUE(any_matches(code, "^lock cmpxchg")) << name << "\n" << listing(code);
  }
}
#endif

#if defined(__aarch64__)
const char* const kOrdered = R"(^(ldar|ldapr|stlr|dmb|ldadd|swp|cas|ldx|ldax|stx|stlx))";

TEST(MachineCodeAarch64, ReleaseAcquireMessagePassingUsesStlrAndLdar) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  const auto writer = instructions("MP+relacq", 0);
  const auto reader = instructions("MP+relacq", 1);
  EXPECT_TRUE(any_matches(writer, "^stlr ")) << listing(writer);
  EXPECT_TRUE(any_matches(reader, "^(ldar|ldapr) ")) << listing(reader);
}

TEST(MachineCodeAarch64, SeqCstFencesAreDmbIsh) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (int thread : {0, 1}) {
    const auto code = instructions("SB+rlx+scfences", thread);
    EXPECT_TRUE(any_matches(code, "^dmb ish$")) << "P" << thread << "\n" << listing(code);
  }
}

TEST(MachineCodeAarch64, RelaxedLoadsAndStoresArePlainLdrAndStr) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const litmuslab::Test* test : relaxed_load_store_tests()) {
    const auto code = all_instructions(*test);
    EXPECT_FALSE(any_matches(code, kOrdered)) << test->name << "\n" << listing(code);
  }
}

// With LSE the RMWs are single instructions, not LL/SC loops.
TEST(MachineCodeAarch64, RmwsUseLseWhenTheKernelsHaveIt) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  const auto needs = kernel::kernel_required_hwcaps();
  if (std::find(needs.begin(), needs.end(), "atomics") == needs.end())
    GTEST_SKIP() << "kernels built without LSE (" << kernel::compiled_machine_code().kernel_flags
                 << ")";
  for (const char* name : {"SB+rlx+xchgs", "FADD+rlx", "CAS+rlx"}) {
    const auto code = all_instructions(catalogue::Catalogue::compiled().find(name)->test);
    EXPECT_TRUE(any_matches(code, "^(swp|ldadd|cas)[a-z]* ")) << name << "\n" << listing(code);
    EXPECT_FALSE(any_matches(code, "^(ldx|ldax|stx|stlx)r")) << name << "\n" << listing(code);
  }
}

// A spinlock is an acquire RMW (casa, or an ldaxr/stxr loop without LSE),
// its unlock a release store of 0 (stlr wzr): the models' lock and unlock.
TEST(MachineCodeAarch64, SpinlocksAreAcquireRmwsAndReleaseStores) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const char* name : {"MP+locks", "SB+locks"})
    for (int thread : {0, 1}) {
      const auto code = instructions(name, thread);
      EXPECT_TRUE(any_matches(code, "^(casa|ldaxr) ")) << name << " P" << thread << "\n"
                                                       << listing(code);
      EXPECT_TRUE(any_matches(code, R"(^stlr wzr, \[)")) << name << " P" << thread << "\n"
                                                         << listing(code);
      EXPECT_FALSE(any_matches(code, "^dmb ")) << name << " P" << thread << "\n" << listing(code);
    }
}

// A compare-exchange's orders pick the instruction: relaxed cas, acq_rel and
// seq_cst casal (or the LL/SC loop's ldxr/ldaxr and stxr/stlxr).
TEST(MachineCodeAarch64, CompareExchangesFollowTheirOrders) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  for (const char* name : {"CAS+rlx+weak", "MP+rlx+cass"}) {
    const auto code = all_instructions(catalogue::Catalogue::compiled().find(name)->test);
    EXPECT_TRUE(any_matches(code, "^(cas|ldxr) ")) << name << "\n" << listing(code);
    EXPECT_FALSE(any_matches(code, "^(casa|casl|casal|ldaxr|stlxr|dmb) ")) << name << "\n"
                                                                           << listing(code);
  }
  for (const char* name : {"MP+relacq+cass", "MP+sc+cass"})
    for (int thread : {0, 1}) {
      const auto code = instructions(name, thread);
      EXPECT_TRUE(any_matches(code, "^(casal|ldaxr) ")) << name << " P" << thread << "\n"
                                                        << listing(code);
    }
}

// A pointer moves as a 64-bit value: a release store of it is stlr x, an
// acquire load ldar x (or ldapr x).
TEST(MachineCodeAarch64, PointerPublicationIsA64BitStlrAndLdar) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  const auto writer = instructions("MP+relacq+ptr", 0);
  const auto reader = instructions("MP+relacq+ptr", 1);
  EXPECT_TRUE(any_matches(writer, R"(^stlr x)")) << listing(writer);
  EXPECT_TRUE(any_matches(reader, R"(^(ldar|ldapr) x)")) << listing(reader);
}
#endif

}  // namespace
}  // namespace litmuslab
