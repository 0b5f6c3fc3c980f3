// libFuzzer target for the litmus parser. Any input must either parse or
// throw ParseFailure with a position inside the text; any other exception,
// crash, hang or sanitizer report is a bug (the fuzzer aborts on it).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "litmuslab/parse.hpp"

namespace {

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "parse_fuzzer: invariant broken: %s\n", what);
  std::abort();
}

// Lines in the text, counted the way the lexer counts them.
int line_count(std::string_view text) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

// A parsed test must only refer to things that exist: codegen and the
// models index with these numbers without checking.
void check_test(const litmuslab::Test& test) {
  const auto locations = static_cast<int>(test.locations.size());
  if (test.threads.empty()) broken("a test without threads parsed");
  for (std::size_t t = 0; t < test.threads.size(); ++t) {
    const litmuslab::Thread& thread = test.threads[t];
    if (thread.index != static_cast<int>(t)) broken("threads are not dense from 0");
    const auto registers = static_cast<int>(thread.registers.size());
    for (const litmuslab::Operation& op : thread.operations) {
      if (op.location < -1 || op.location >= locations) broken("operation location out of range");
      if (op.expected_location < -1 || op.expected_location >= locations)
        broken("expected location out of range");
      if (op.dest_register < -1 || op.dest_register >= registers)
        broken("destination register out of range");
      const bool needs_location =
          op.kind != litmuslab::OpKind::fence && op.kind != litmuslab::OpKind::set_register;
      if (needs_location != (op.location >= 0)) broken("location presence wrong for the kind");
    }
  }
  for (const litmuslab::StateKey& key : test.observed) {
    if (key.kind == litmuslab::StateKey::Kind::loc) {
      if (key.index < 0 || key.index >= locations) broken("observed location out of range");
    } else {
      if (key.thread < 0 || key.thread >= static_cast<int>(test.threads.size()))
        broken("observed thread out of range");
      const auto& regs = test.threads[static_cast<std::size_t>(key.thread)].registers;
      if (key.index < 0 || key.index >= static_cast<int>(regs.size()))
        broken("observed register out of range");
    }
  }
  // Evaluating the condition on the all-zero state walks the whole tree.
  (void)litmuslab::matches(test, litmuslab::StateValues(test.observed.size(), 0));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_test(litmuslab::format::parse_test(text, "fuzz.litmus"));
  } catch (const litmuslab::format::ParseFailure& failure) {
    const litmuslab::SourcePos pos = failure.error().pos;
    if (pos.line < 1 || pos.column < 1) broken("error position before 1:1");
    if (pos.line > line_count(text)) broken("error position after the last line");
    if (failure.error().message.empty()) broken("empty error message");
  }
  return 0;
}
