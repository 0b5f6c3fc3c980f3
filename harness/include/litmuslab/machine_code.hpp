// The machine code the kernels compiled to. The build disassembles the
// kernels object with the target's objdump and compiles the text in, so
// `litmuslab show --asm` needs no tools at run time.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::kernel {

// One thread kernel, `P<thread>` of `test`.
struct ThreadMachineCode {
  std::string_view test;    // "SB+rlx"
  int thread = 0;           // 0 for P0
  std::string_view symbol;  // "litmuslab_kernel_SB_2brlx_P0"
  std::string_view text;    // objdump's lines for the function, verbatim
};

struct MachineCode {
  std::string_view arch;          // what the kernels were compiled for: "x86_64", "aarch64"
  std::string_view disassembler;  // "aarch64-linux-gnu-objdump"; empty if the build had none
  std::string_view kernel_flags;  // LITMUSLAB_KERNEL_FLAGS, e.g. "-march=armv8.2-a ..."
  std::span<const ThreadMachineCode> threads;  // by test name, then thread
};

// Defined by the generated code.
const MachineCode& compiled_machine_code();

// The machine code of one thread kernel, or nullptr.
inline const ThreadMachineCode* find_machine_code(std::string_view test, int thread) {
  for (const ThreadMachineCode& code : compiled_machine_code().threads)
    if (code.test == test && code.thread == thread) return &code;
  return nullptr;
}

// CPU features (HWCAP names, as /proc/cpuinfo spells them) that the kernels'
// instructions need: {"atomics"} when they were compiled with LSE. Running
// them on a CPU without one would die of SIGILL.
// Defined by the generated code, which is compiled with the kernels' flags.
std::vector<std::string> kernel_required_hwcaps();

}  // namespace litmuslab::kernel
