// The machine code `show --asm` prints: the table the build disassembled for
// the catalogue's kernels, or objdump on the object of kernels compiled on demand.
#include "litmuslab/machine_code.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/toolchain.hpp"
#include "ondemand/disassembly.hpp"
#include "ondemand/toolchain.hpp"

namespace litmuslab::frontend {

MachineCodeListing machine_code(const catalogue::RunnableTest& test) {
  MachineCodeListing listing;
  listing.on_demand = !test.build.object.empty();
  listing.compiler = test.build.compiler + " " + test.build.flags;
  if (!listing.on_demand) {
    const kernel::MachineCode& code = kernel::compiled_machine_code();
    listing.arch = code.arch;
    listing.disassembler = code.disassembler;
    if (code.disassembler.empty()) {
      listing.unavailable = "the build found no objdump to disassemble the kernels";
      return listing;
    }
    for (const Thread& thread : test.test.threads) {
      const kernel::ThreadMachineCode* found =
          kernel::find_machine_code(test.test.name, thread.index);
      listing.threads.push_back({thread.index, found ? std::string(found->symbol) : "",
                                 found ? std::string(found->text) : ""});
    }
    return listing;
  }
  const kernel::BuildToolchain& build = kernel::build_toolchain();
  listing.arch = build.arch;
  listing.disassembler = build.objdump;
  std::vector<ondemand::ThreadListing> threads;
  try {
    threads = ondemand::disassemble_threads(test.test, test.build.object);
  } catch (const ondemand::ToolchainError& error) {
    if (build.objdump.empty()) {
      listing.unavailable = error.what();
      return listing;
    }
    throw SelectionError(error.what());
  }
  for (ondemand::ThreadListing& thread : threads)
    listing.threads.push_back({thread.thread, std::move(thread.symbol), std::move(thread.text)});
  return listing;
}

}  // namespace litmuslab::frontend
