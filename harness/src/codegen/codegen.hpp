// Turning a Test into C++ kernel source: one function per thread that runs
// a batch of instances with std::atomic<int> and the test's exact orders.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::codegen {

// A C identifier derived from a test name: "SB+rlx" -> "litmuslab_kernel_SB_2brlx".
// The kernels have C linkage under these names, so the build can find each
// thread's machine code in the object file.
std::string symbol_for(std::string_view test_name);

// The kernel functions of one test, `<symbol>_P<n>`, as a C++ fragment
// that needs <atomic>, <cstdint> and litmuslab/kernel.hpp.
std::string thread_kernels(const Test& test);

// The perpetual kernels of one test, `<symbol>_perpetual_P<n>`, or "" when
// kernel::analyse_perpetual refuses the test.
std::string perpetual_kernels(const Test& test);

// One catalogue file as the generator reads it: its name and text, and the
// test parsed from that text.
struct LitmusFile {
  std::string file_name;
  std::string source;
  Test test;
};

// A whole translation unit: every kernel, compiled_catalogue() and
// kernel_required_hwcaps(); it is compiled with the kernels' flags.
std::string catalogue_unit(const std::vector<LitmusFile>& entries);

// A self-contained translation unit for a shared object compiled on demand:
// the kernel ABI headers inline, every kernel of `tests` (with hidden
// visibility), and the one exported function kernel::kLoadableEntryPoint
// returning their kernel::LoadableUnit. Test names must be distinct. Throws
// format::ParseFailure for a test the generator refuses.
struct LoadableSource {
  std::string text;
  // The line (from 1) where each test's code starts; it runs to the next
  // test's first line, or to the last test's end (`end_line`, exclusive).
  std::vector<int> first_lines;
  int end_line = 0;
};
LoadableSource loadable_unit(const std::vector<const Test*>& tests);

// Pieces both units share: a test's tables of thread kernels
// (`<symbol>_threads[]`, and `<symbol>_perpetual[]` when `perpetual`), and
// the HWCAPs the unit's instructions need, as preprocessor-guarded string
// literals each followed by a comma (the unit is compiled with the kernels'
// flags, so the predefined macros describe their instructions).
std::string kernel_tables(const Test& test, bool perpetual);
std::string required_hwcap_literals();

}  // namespace litmuslab::codegen
