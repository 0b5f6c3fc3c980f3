// Splitting objdump's listing into functions, and the machine-code table
// built from it, on hand-written listings.
#include <gtest/gtest.h>

#include "codegen/disassembly.hpp"
#include "litmuslab/parse.hpp"

namespace litmuslab::codegen {
namespace {

constexpr std::string_view kListing = R"(
/tmp/kernels.cpp.o:     file format elf64-littleaarch64


Disassembly of section .text.litmuslab_kernel_SB_2brlx_P0:

0000000000000000 <litmuslab_kernel_SB_2brlx_P0>:
   0:	ldp	x3, x4, [x0, #16]
   4:	str	w7, [x4]
   8:	ret

Disassembly of section .text.litmuslab_kernel_SB_2brlx_P1:

0000000000000000 <litmuslab_kernel_SB_2brlx_P1>:
   0:	ldr	w1, [x2]
   4:	ret

Disassembly of section .text.unlikely.litmuslab_kernel_SB_2brlx_P1:

0000000000000000 <litmuslab_kernel_SB_2brlx_P1.cold>:
   0:	brk	#0x3e8
)";

TEST(Disassembly, SplitsFunctionsAndKeepsTheirLinesVerbatim) {
  const auto functions = split_disassembly(kListing);
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions.at("litmuslab_kernel_SB_2brlx_P0"),
            "   0:\tldp\tx3, x4, [x0, #16]\n   4:\tstr\tw7, [x4]\n   8:\tret\n");
  // The cold part follows its function under its own label.
  EXPECT_EQ(functions.at("litmuslab_kernel_SB_2brlx_P1"),
            "   0:\tldr\tw1, [x2]\n   4:\tret\n<litmuslab_kernel_SB_2brlx_P1.cold>:\n   "
            "0:\tbrk\t#0x3e8\n");
}

TEST(Disassembly, IgnoresTextOutsideFunctions) {
  EXPECT_TRUE(split_disassembly("").empty());
  EXPECT_TRUE(
      split_disassembly("a.o:     file format elf64-x86-64\n\nDisassembly of section .text:\n")
          .empty());
  // Not a header: the address is not hex, or the name is not closed.
  EXPECT_TRUE(split_disassembly("00zz <f>:\n 0: ret\n").empty());
  EXPECT_TRUE(split_disassembly("0000 <f:\n 0: ret\n").empty());
  // Windows line ends are tolerated.
  EXPECT_EQ(split_disassembly("0000 <f>:\r\n   0:\tret\r\n").at("f"), "   0:\tret\n");
}

LitmusFile sb_rlx() {
  const std::string source =
      "C SB+rlx\n{}\nP0(atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(x, 1, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(y, memory_order_relaxed);\n}\n"
      "P1(atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(y, 1, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(x, memory_order_relaxed);\n}\n"
      "exists (0:r0=0 /\\ 1:r0=0)\n";
  return {"SB+rlx.litmus", source, format::parse_test(source, "SB+rlx.litmus")};
}

TEST(Disassembly, TableHasEveryThreadWithItsText) {
  const std::string unit =
      machine_code_unit({sb_rlx()}, kListing, {"aarch64", "aarch64-linux-gnu-objdump", "-march=x"});
  EXPECT_NE(unit.find("\"litmuslab_kernel_SB_2brlx_P0\""), std::string::npos) << unit;
  EXPECT_NE(unit.find("\"litmuslab_kernel_SB_2brlx_P1\""), std::string::npos) << unit;
  EXPECT_NE(unit.find("str\\011w7, [x4]"), std::string::npos) << unit;  // tabs as octal escapes
  EXPECT_NE(unit.find("\"aarch64-linux-gnu-objdump\""), std::string::npos) << unit;
  EXPECT_NE(unit.find("litmuslab::kernel::compiled_machine_code()"), std::string::npos) << unit;
  // Each listing carries its length, so no constant evaluation counts it.
  const std::string p0 = "   0:\tldp\tx3, x4, [x0, #16]\n   4:\tstr\tw7, [x4]\n   8:\tret\n";
  EXPECT_NE(unit.find("std::string_view(\"   0:\\011ldp\\011x3, x4, [x0, #16]\\n\"\n"),
            std::string::npos)
      << unit;
  EXPECT_NE(unit.find("   8:\\011ret\\n\"\n    \"\", " + std::to_string(p0.size()) + ")"),
            std::string::npos)
      << unit;
}

TEST(Disassembly, AMissingKernelFailsTheBuild) {
  const std::string only_p0 = std::string(kListing.substr(
      0, kListing.find("Disassembly of section .text.litmuslab_kernel_SB_2brlx_P1")));
  try {
    machine_code_unit({sb_rlx()}, only_p0, {"x86_64", "objdump", ""});
    FAIL() << "a kernel missing from the listing was accepted";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("litmuslab_kernel_SB_2brlx_P1"), std::string::npos)
        << error.what();
  }
  // Without a disassembler the table is empty by design, not an error.
  EXPECT_NO_THROW(machine_code_unit({sb_rlx()}, "", {"x86_64", "", ""}));
}

}  // namespace
}  // namespace litmuslab::codegen
