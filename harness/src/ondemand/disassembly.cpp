#include "ondemand/disassembly.hpp"

#include <system_error>

#include "codegen/disassembly.hpp"
#include "litmuslab/toolchain.hpp"
#include "ondemand/process.hpp"
#include "ondemand/toolchain.hpp"

namespace litmuslab::ondemand {

std::map<std::string, std::string> disassemble(const std::filesystem::path& object) {
  const std::string objdump(kernel::build_toolchain().objdump);
  if (objdump.empty())
    throw ToolchainError(
        "the build found no objdump, so kernels compiled on demand cannot be "
        "disassembled (install binutils and reconfigure)");
  ProcessResult result;
  try {
    result = run_process({objdump, "--disassemble", "--no-show-raw-insn", object.string()});
  } catch (const std::system_error& error) {
    throw ToolchainError("cannot run " + objdump + ": " + error.code().message());
  }
  if (result.status != 0)
    throw ToolchainError(objdump + " failed on " + object.string() + ": " +
                         result.output.substr(0, result.output.find('\n')));
  return codegen::split_disassembly(result.output);
}

}  // namespace litmuslab::ondemand
