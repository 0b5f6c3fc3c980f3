// The tests compiled into this build: each parsed from its embedded source,
// with its kernels, found by name, shell-style glob (`+` is literal) or the
// bytes of its file.
#pragma once

#include <string_view>
#include <vector>

#include "litmuslab/kernel.hpp"
#include "litmuslab/test.hpp"
#include "litmuslab/toolchain.hpp"

namespace litmuslab::catalogue {

// A test with the kernels that run it; `kernels` is null for a test that was
// only parsed (frontend::Purpose::inspect). `build` says who compiled them:
// the build itself for the catalogue, or a compiler on demand.
struct RunnableTest {
  Test test;
  const kernel::TestKernels* kernels = nullptr;
  kernel::KernelBuild build;
};

// The build's compiler, the catalogue's flags and the CPU features its kernels need.
kernel::KernelBuild built_in_kernel_build();

class Catalogue {
 public:
  // Every test compiled into this binary, sorted by name.
  static const Catalogue& compiled();

  const std::vector<RunnableTest>& tests() const { return tests_; }
  const RunnableTest* find(std::string_view name) const;
  std::vector<const RunnableTest*> matching(std::string_view glob) const;
  // The catalogue test whose file has exactly this text, if any.
  const RunnableTest* find_by_source(std::string_view text) const;

 private:
  Catalogue();
  std::vector<RunnableTest> tests_;
};

}  // namespace litmuslab::catalogue
