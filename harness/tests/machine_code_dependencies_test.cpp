// The AArch64 data-flow reader that checks a kernel keeps a dependency (the
// dependent access's address register, the store's data register, or a
// conditional branch before it derives from the loaded register): first on
// gcc 12 listings written out here, on every host; then, on aarch64, on the
// catalogue's kernels as this build compiled them, where every dependency
// the armv8 model honours must be in the machine code.
#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aarch64_dataflow.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/dependencies.hpp"
#include "litmuslab/kernel.hpp"
#include "machine_code_listing.hpp"

namespace litmuslab {
namespace {

using testing::ArmInstruction;

std::vector<ArmInstruction> parse(const std::string& objdump_lines) {
  return testing::parse_arm_code(testing::parse_listing(objdump_lines));
}

testing::ArmAccesses accesses(const std::vector<ArmInstruction>& code) {
  return testing::arm_test_accesses(code, offsetof(kernel::KernelArgs, location_offset),
                                    offsetof(kernel::KernelArgs, registers));
}

// gcc 12's kernel for P1 of MP+addr: r0 = y; r1 = *(x + (r0 & 128)).
const char* const kAddressDependency = R"(
   0:	ldp	x2, x6, [x0, #16]
   4:	ldr	x1, [x0]
   8:	ldp	x7, x8, [x2]
   c:	ldr	x2, [x0, #32]
  10:	cbz	x6, 54 <litmuslab_kernel_MP_2baddr_P1+0x54>
  14:	ldr	x9, [x0, #8]
  18:	mov	x3, #0x0                   	// #0
  1c:	nop
  20:	add	x5, x1, x7
  24:	add	x0, x1, x8
  28:	ldr	w4, [x0]
  2c:	mov	w0, w4
  30:	and	x0, x0, #0x80
  34:	add	x0, x5, x0, lsl #2
  38:	ldr	w0, [x0]
  3c:	add	x3, x3, #0x1
  40:	stp	w4, w0, [x2]
  44:	add	x1, x1, x9
  48:	add	x2, x2, #0x8
  4c:	cmp	x6, x3
  50:	b.hi	20 <litmuslab_kernel_MP_2baddr_P1+0x20>  // b.pmore
  54:	ret
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(Aarch64Dataflow, FindsTheTestsAccessesAndTheAddressDependency) {
  const auto code = parse(kAddressDependency);
  const auto found = accesses(code);
  // Not the KernelArgs loads, not the offset table, not the register output.
  ASSERT_EQ(found.loads, (std::vector<std::size_t>{10, 14}));
  EXPECT_TRUE(found.stores.empty());
  const auto flow = testing::arm_flow(code, 10, 14);
  EXPECT_TRUE(flow.reached);
  EXPECT_TRUE(flow.address);
  EXPECT_FALSE(flow.branch);
  // The same load from a register that does not derive from the first load.
  EXPECT_FALSE(testing::arm_flow(parse(replaced(kAddressDependency, "add\tx0, x5, x0, lsl #2",
                                                "add\tx0, x5, x3, lsl #2")),
                                 10, 14)
                   .address);
  // A copy overwritten by a constant breaks the chain too.
  EXPECT_FALSE(
      testing::arm_flow(parse(replaced(kAddressDependency, "and\tx0, x0, #0x80", "mov\tx0, #0x0")),
                        10, 14)
          .address);
}

TEST(Aarch64Dataflow, DataAndControlDependencies) {
  // P0 of LB with a data dependency: *y = 1 + (r0 & 128).
  const auto data = parse(R"(
   0:	ldp	x1, x4, [x0, #16]
   4:	mov	x3, #0x0
   8:	ldr	x2, [x0]
   c:	ldr	x6, [x0, #32]
  10:	ldp	x8, x7, [x1]
  14:	cbz	x4, 50
  18:	add	x1, x2, x8
  1c:	add	x5, x2, x7
  20:	ldr	w4, [x1]
  24:	mov	w1, w4
  28:	and	w1, w1, #0x80
  2c:	add	w1, w1, #0x1
  30:	str	w1, [x5]
  34:	ldr	x5, [x0, #8]
  38:	ldr	x1, [x0, #24]
  3c:	str	w4, [x6, x3, lsl #2]
  40:	add	x3, x3, #0x1
  44:	add	x2, x2, x5
  48:	cmp	x1, x3
  4c:	b.hi	18
  50:	ret
)");
  const auto found = accesses(data);
  ASSERT_EQ(found.loads, std::vector<std::size_t>{8});
  ASSERT_EQ(found.stores, std::vector<std::size_t>{12});  // not the output array's
  const auto flow = testing::arm_flow(data, 8, 12);
  EXPECT_TRUE(flow.data);
  EXPECT_FALSE(flow.address);
  EXPECT_FALSE(flow.branch);

  // P0 of LB with a control dependency: if (r0 == 1) *y = 1.
  const char* const control = R"(
   0:	ldr	w4, [x3]
   4:	mov	w3, w4
   8:	cmp	w3, #0x1
   c:	b.ne	18
  10:	mov	w3, #0x1
  14:	str	w3, [x6]
  18:	ret
)";
  EXPECT_TRUE(testing::arm_flow(parse(control), 0, 5).branch);
  EXPECT_FALSE(testing::arm_flow(parse(control), 0, 5).data);
  EXPECT_FALSE(
      testing::arm_flow(parse(replaced(control, "cmp\tw3, #0x1", "cmp\tw5, #0x1")), 0, 5).branch);
  // A store before the branch: not control dependent. (After a conditional
  // branch every instruction is, whichever way it went, as the architecture
  // defines control dependencies.)
  const auto before = parse(R"(
   0:	ldr	w4, [x3]
   4:	str	w3, [x6]
   8:	cmp	w4, #0x1
   c:	b.ne	10
  10:	ret
)");
  EXPECT_TRUE(testing::arm_flow(before, 0, 1).reached);
  EXPECT_FALSE(testing::arm_flow(before, 0, 1).branch);
}

// P0 of a test whose pointer register r1 is chosen by an if/else on r0,
// then dereferenced; gcc rotated the loop, so the dependent load comes
// first in the listing. The eor and add are ops::carry's.
const char* const kChosenPointer = R"(
 560:	ldp	x1, x9, [x0, #16]
 564:	ldr	x2, [x0]
 568:	ldr	x3, [x0, #32]
 56c:	ldp	x10, x11, [x1]
 570:	ldr	x12, [x1, #16]
 574:	cbz	x9, 5f8
 578:	ldr	x13, [x0, #8]
 57c:	mov	x4, #0x0
 580:	mov	w15, #0xffffffff
 584:	mov	w14, #0x2
 588:	b	5d4
 58c:	mov	x8, x6
 590:	mov	w0, w1
 594:	eor	w0, w0, w1
 598:	add	x0, x8, x0, lsl #2
 59c:	mov	x1, x0
 5a0:	ldr	w8, [x1]
 5a4:	str	w5, [x3]
 5a8:	add	x4, x4, #0x1
 5ac:	mov	w1, #0x0
 5b0:	cmp	x0, x7
 5b4:	b.eq	5c0
 5b8:	cmp	x0, x6
 5bc:	csel	w1, w15, w14, ne
 5c0:	stp	w1, w8, [x3, #4]
 5c4:	add	x2, x2, x13
 5c8:	add	x3, x3, #0xc
 5cc:	cmp	x9, x4
 5d0:	b.ls	5f8
 5d4:	add	x7, x2, x10
 5d8:	add	x0, x2, x11
 5dc:	add	x6, x2, x12
 5e0:	ldr	w5, [x0]
 5e4:	mov	w1, w5
 5e8:	cmp	w1, #0x1
 5ec:	b.ne	58c
 5f0:	mov	x8, x7
 5f4:	b	590
 5f8:	ret
)";

TEST(Aarch64Dataflow, FollowsTheControlFlowOfARotatedLoop) {
  const auto code = parse(kChosenPointer);
  const auto found = accesses(code);
  ASSERT_EQ(found.loads, (std::vector<std::size_t>{32, 16}));  // in the order an instance runs
  EXPECT_TRUE(testing::arm_flow(code, 32, 16).address);
  // Without ops::carry's eor the arms' constant addresses carry nothing.
  EXPECT_FALSE(
      testing::arm_flow(parse(replaced(kChosenPointer, "eor\tw0, w0, w1", "mov\tw0, #0x0")), 32, 16)
          .address);
}

TEST(Aarch64Dataflow, ReadsTheOperandsOfEachKindOfInstruction) {
  const auto one = [](const std::string& text) {
    return testing::parse_arm_instruction({0, text});
  };
  const ArmInstruction cas = one("casa w0, w2, [x1]");
  EXPECT_EQ(cas.written, std::vector<int>{0});
  EXPECT_EQ(cas.address_registers, std::vector<int>{1});
  EXPECT_TRUE(cas.loads && cas.stores);
  const ArmInstruction swp = one("swpal x1, x0, [x0]");
  EXPECT_EQ(swp.written, std::vector<int>{0});
  EXPECT_EQ(swp.read, std::vector<int>{1});
  const ArmInstruction stxr = one("stlxr w3, w1, [x0]");
  EXPECT_EQ(stxr.written, std::vector<int>{3});
  EXPECT_EQ(stxr.read, std::vector<int>{1});
  const ArmInstruction stp = one("stp w4, w0, [x2]");
  EXPECT_EQ(stp.read, (std::vector<int>{4, 0}));
  EXPECT_TRUE(stp.written.empty());
  const ArmInstruction cset = one("cset w0, eq");
  EXPECT_TRUE(cset.reads_flags);
  EXPECT_EQ(cset.written, std::vector<int>{0});
  EXPECT_TRUE(one("stlr wzr, [x0]").read.empty());
  const ArmInstruction cbnz = one("cbnz w0, 38");
  EXPECT_TRUE(cbnz.conditional_branch);
  EXPECT_EQ(cbnz.target, std::uint64_t{0x38});
  EXPECT_TRUE(one("b 5d4").ends_path);
}

#if defined(__aarch64__)
// A thread kernel's instructions, and for each of operations_of(thread) the
// instruction of its memory access (none for assignments and fences).
struct MappedKernel {
  std::vector<ArmInstruction> code;
  std::vector<std::optional<std::size_t>> access_of;
};

// Loads and stores are one instruction each; an RMW, a lock or a CAS may be
// an LL/SC loop, which this mapping does not follow.
bool loads_and_stores_only(const Thread& thread) {
  for (const Operation* op : operations_of(thread))
    if (op->kind != OpKind::load && op->kind != OpKind::store && op->kind != OpKind::assign &&
        op->kind != OpKind::fence)
      return false;
  return true;
}

// Pairs the thread's loads and stores, in program order, with the kernel's
// (arm_test_accesses); a failure, and nothing, when their numbers differ.
std::optional<MappedKernel> map_kernel(const Test& test, const Thread& thread) {
  MappedKernel mapped;
  mapped.code = testing::parse_arm_code(testing::listed_instructions(test.name, thread.index));
  const testing::ArmAccesses found = accesses(mapped.code);
  std::size_t loads = 0;
  std::size_t stores = 0;
  for (const Operation* op : operations_of(thread)) {
    std::optional<std::size_t> at;
    if (op->kind == OpKind::load && loads < found.loads.size()) at = found.loads[loads];
    if (op->kind == OpKind::store && stores < found.stores.size()) at = found.stores[stores];
    loads += op->kind == OpKind::load;
    stores += op->kind == OpKind::store;
    mapped.access_of.push_back(at);
  }
  if (loads != found.loads.size() || stores != found.stores.size()) {
    ADD_FAILURE() << test.name << " P" << thread.index << ": " << loads << " loads and " << stores
                  << " stores, but the kernel makes " << found.loads.size() << " and "
                  << found.stores.size() << "\n"
                  << testing::listing(testing::instructions(test.name, thread.index));
    return std::nullopt;
  }
  return mapped;
}

bool kept(const testing::ArmFlow& flow, DependencyKind kind) {
  switch (kind) {
    case DependencyKind::address:
      return flow.address;
    case DependencyKind::data:
      return flow.data;
    case DependencyKind::control:
      return flow.branch;
  }
  return false;
}

// The point of the dependency tests (LB+*+datas, MP+*+addr, ...) on Arm: the
// armv8 model forbids their weak outcomes because of the dependencies, so a
// dependency the compiler erased would let the hardware show an outcome the
// grading calls forbidden. Each one dependencies_of finds is checked here.
TEST(MachineCodeDependencies, EveryCatalogueDependencyIsInTheKernel) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  std::set<std::string> checked;
  for (const auto& entry : catalogue::Catalogue::compiled().tests())
    for (const Thread& thread : entry.test.threads) {
      const std::vector<Dependency> dependencies = dependencies_of(entry.test, thread);
      if (dependencies.empty()) continue;
      SCOPED_TRACE(entry.test.name + " P" + std::to_string(thread.index));
      if (!loads_and_stores_only(thread)) {
        ADD_FAILURE() << "a dependency in a thread with RMWs or locks: extend this check";
        continue;
      }
      const std::optional<MappedKernel> kernel = map_kernel(entry.test, thread);
      if (!kernel) continue;
      const std::vector<const Operation*> ops = operations_of(thread);
      for (const Dependency& d : dependencies) {
        const testing::ArmFlow flow = testing::arm_flow(kernel->code, *kernel->access_of.at(d.from),
                                                        *kernel->access_of.at(d.to));
        EXPECT_TRUE(kept(flow, d.kind))
            << to_string(d.kind) << " dependency of `" << to_string(*ops[d.to], thread, entry.test)
            << "` on `" << to_string(*ops[d.from], thread, entry.test) << "` is not in\n"
            << testing::listing(testing::instructions(entry.test.name, thread.index));
      }
      checked.insert(entry.test.name);
    }
  for (const char* name : {"LB+rlx+datas", "LB+relacq+datas", "LB+sc+datas", "LB+rlx+ctrls",
                           "LB+relacq+ctrls", "LB+sc+ctrls", "MP+rlx+addr", "MP+rel+addr",
                           "MP+relacq+addr", "MP+sc+addr", "WRC+rlx+addrs", "WRC+relacq+addrs",
                           "WRC+sc+addrs", "MP+rlx+ptr", "MP+relacq+ptr", "MP+sc+ptr"})
    EXPECT_EQ(checked.count(name), 1u) << name << " was not checked";
}

// The check can fail on real kernels: where a thread has no dependency, no
// later access's address, data or guarding branch derives from a load.
TEST(MachineCodeDependencies, KernelsWithoutDependenciesShowNone) {
  LITMUSLAB_SKIP_WHEN_SANITIZED();
  std::set<std::string> checked;
  for (const auto& entry : catalogue::Catalogue::compiled().tests())
    for (const Thread& thread : entry.test.threads) {
      if (!dependencies_of(entry.test, thread).empty() || !loads_and_stores_only(thread) ||
          !is_straight_line(thread))
        continue;
      SCOPED_TRACE(entry.test.name + " P" + std::to_string(thread.index));
      const std::optional<MappedKernel> kernel = map_kernel(entry.test, thread);
      if (!kernel) continue;
      const std::vector<const Operation*> ops = operations_of(thread);
      for (std::size_t from = 0; from < ops.size(); ++from) {
        if (ops[from]->kind != OpKind::load) continue;
        for (std::size_t to = from + 1; to < ops.size(); ++to) {
          if (!kernel->access_of[to]) continue;
          const testing::ArmFlow flow =
              testing::arm_flow(kernel->code, *kernel->access_of[from], *kernel->access_of[to]);
          EXPECT_TRUE(flow.reached);
          EXPECT_FALSE(flow.address || flow.data || flow.branch)
              << "`" << to_string(*ops[to], thread, entry.test) << "` after `"
              << to_string(*ops[from], thread, entry.test) << "`\n"
              << testing::listing(testing::instructions(entry.test.name, thread.index));
          checked.insert(entry.test.name);
        }
      }
    }
  for (const char* name : {"LB+rlx", "MP+rlx", "WRC+rlx", "LB+sc"})
    EXPECT_EQ(checked.count(name), 1u) << name << " was not checked";
}
#endif

}  // namespace
}  // namespace litmuslab
