// Build time: turning objdump's listing of the kernels object into the
// table behind kernel::compiled_machine_code().
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/codegen.hpp"

namespace litmuslab::codegen {

// `objdump --disassemble` text split by function: symbol -> the function's
// instruction lines, verbatim. A part the compiler split off ("f.cold") is
// appended to its function under its own label line.
std::map<std::string, std::string> split_disassembly(std::string_view listing);

// What the table records about the build, besides the code.
struct MachineCodeBuild {
  std::string arch;          // CMAKE_SYSTEM_PROCESSOR
  std::string disassembler;  // empty when the build found no objdump
  std::string kernel_flags;
};

// A translation unit that defines kernel::compiled_machine_code() with every
// thread kernel of `entries`. Throws std::runtime_error naming the kernel
// when the build has a disassembler but a kernel is missing from `listing`.
std::string machine_code_unit(const std::vector<LitmusFile>& entries, std::string_view listing,
                              const MachineCodeBuild& build);

}  // namespace litmuslab::codegen
