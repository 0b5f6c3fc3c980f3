// How this build compiles kernels, as CMake recorded it at configure time:
// the compiler and flags of the compiled-in catalogue, and the defaults for
// tests compiled on demand (`--cxx`, `--cxxflags`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::kernel {

struct BuildToolchain {
  std::string_view version;          // litmuslab's version (PROJECT_VERSION)
  std::string_view git;              // `git describe` of the source tree, or "unknown"
  std::string_view arch;             // what the kernels run on (CMAKE_SYSTEM_PROCESSOR)
  std::string_view cxx;              // CMAKE_CXX_COMPILER: built the catalogue; --cxx's default
  std::string_view cxx_version;      // its first line of --version
  std::string_view catalogue_flags;  // every flag the catalogue's kernels were compiled with
  // --cxxflags' default: the build type's flags (-O2 ...) and LITMUSLAB_KERNEL_FLAGS,
  // without CMAKE_CXX_FLAGS (a sanitizer's runtime belongs to the process, not to kernels).
  std::string_view ondemand_flags;
  std::string_view
      objdump;  // CMAKE_OBJDUMP, to disassemble kernels compiled on demand; may be empty
};

// Defined by toolchain.cpp, which CMake writes at configure time.
const BuildToolchain& build_toolchain();

// Who compiled a test's kernels, as its results record it.
struct KernelBuild {
  std::string compiler;  // the compiler's path
  std::string version;   // its first line of --version
  std::string flags;     // every flag the kernels were compiled with
  std::string object;  // the shared object holding kernels compiled on demand; empty when built in
  std::vector<std::string> required_hwcaps;  // CPU features its instructions need (HWCAP names)
};

}  // namespace litmuslab::kernel
