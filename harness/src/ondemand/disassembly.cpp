#include "ondemand/disassembly.hpp"

#include <system_error>

#include "codegen/codegen.hpp"
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

std::vector<ThreadListing> disassemble_threads(const Test& test,
                                               const std::filesystem::path& object) {
  const std::map<std::string, std::string> functions = disassemble(object);
  std::vector<ThreadListing> threads;
  for (const Thread& thread : test.threads) {
    const std::string symbol = codegen::symbol_for(test.name) + "_P" + std::to_string(thread.index);
    const auto found = functions.find(symbol);
    threads.push_back({thread.index, symbol, found == functions.end() ? "" : found->second});
  }
  return threads;
}

}  // namespace litmuslab::ondemand
