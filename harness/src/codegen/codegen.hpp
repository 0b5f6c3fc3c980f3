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

}  // namespace litmuslab::codegen
