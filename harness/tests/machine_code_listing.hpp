// The machine code compiled into a test binary, one instruction per
// element, for the tests that check it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "litmuslab/machine_code.hpp"
#include "litmuslab/test.hpp"

// A sanitizer instruments the kernels with calls to its runtime (and TSan
// turns every atomic into one), so the machine-code checks only hold in
// plain builds. (Inside a gtest TEST body.)
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LITMUSLAB_SKIP_WHEN_SANITIZED() \
  GTEST_SKIP() << "sanitizer build: the kernels carry instrumentation calls"
#else
#define LITMUSLAB_SKIP_WHEN_SANITIZED() static_cast<void>(0)
#endif

namespace litmuslab::testing {

// One instruction of objdump's listing: its address, and its text with
// `<symbol+off>` targets and comments removed and whitespace squeezed:
// "stlr w1, [x2]", "b.ne 1c", "lock orq $0x0,(%rsp)".
struct ListedInstruction {
  std::uint64_t address = 0;
  std::string text;
};

// objdump's lines of one function (label lines such as <f.cold>: skipped).
inline std::vector<ListedInstruction> parse_listing(const std::string& text) {
  std::vector<ListedInstruction> out;
  const std::regex address(R"(^\s*([0-9a-f]+):\s*)");
  // "// #1" on aarch64 and "# 0x40" on x86 are comments; "#0x1" is an immediate.
  const std::regex comment(R"(\s*//.*$|\s+# .*$)");
  const std::regex target(R"(\s*<[^>]*>)");
  const std::regex spaces(R"(\s+)");
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    std::smatch m;
    if (!std::regex_search(line, m, address)) continue;
    const std::uint64_t at = std::stoull(m[1], nullptr, 16);
    line = std::regex_replace(line, address, "");
    line = std::regex_replace(line, comment, "");
    line = std::regex_replace(line, target, "");
    out.push_back({at, std::regex_replace(line, spaces, " ")});
  }
  return out;
}

// The instructions of one thread kernel, as the build disassembled it.
inline std::vector<ListedInstruction> listed_instructions(const std::string& test, int thread) {
  const kernel::ThreadMachineCode* code = kernel::find_machine_code(test, thread);
  if (!code)
    throw std::runtime_error("no machine code for " + test + " P" + std::to_string(thread));
  return parse_listing(std::string(code->text));
}

// Their texts only, one per element.
inline std::vector<std::string> instructions(const std::string& test, int thread) {
  std::vector<std::string> out;
  for (const ListedInstruction& in : listed_instructions(test, thread)) out.push_back(in.text);
  return out;
}

inline std::vector<std::string> all_instructions(const Test& test) {
  std::vector<std::string> out;
  for (const Thread& thread : test.threads) {
    const auto part = instructions(test.name, thread.index);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

inline bool any_matches(const std::vector<std::string>& code, const std::string& pattern) {
  const std::regex re(pattern);
  for (const std::string& instruction : code)
    if (std::regex_search(instruction, re)) return true;
  return false;
}

inline std::string listing(const std::vector<std::string>& code) {
  std::string out;
  for (const std::string& instruction : code) out += "  " + instruction + "\n";
  return out;
}

}  // namespace litmuslab::testing
