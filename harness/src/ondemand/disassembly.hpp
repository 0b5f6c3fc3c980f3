// The machine code of kernels compiled on demand, disassembled now by the
// objdump the build found (the catalogue's is disassembled at build time).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::ondemand {

// Every function of the object: symbol -> objdump's lines for it, as
// codegen::split_disassembly splits them. Throws ToolchainError when the
// build found no objdump or it fails on the object.
std::map<std::string, std::string> disassemble(const std::filesystem::path& object);

// Each thread kernel of `test` in `object`: its symbol and objdump's lines
// (empty when the listing lacks it), in thread order.
struct ThreadListing {
  int thread = 0;
  std::string symbol;
  std::string text;
};
std::vector<ThreadListing> disassemble_threads(const Test& test,
                                               const std::filesystem::path& object);

}  // namespace litmuslab::ondemand
