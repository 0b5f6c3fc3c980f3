// Inputs the parser fuzzer (harness/fuzz) found to crash or misbehave. Each
// file in fixtures/fuzz-regressions must now parse, or fail with exactly the
// error pinned here; the asan preset turns a memory error back into a failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "litmuslab/parse.hpp"

namespace fs = std::filesystem;
using litmuslab::SourcePos;
using litmuslab::format::parse_file;
using litmuslab::format::ParseFailure;

namespace {

const fs::path kRegressionDir = fs::path(LITMUSLAB_TEST_FIXTURES) / "fuzz-regressions";

struct Expected {
  // Absent: the file parses. Present: where it fails and what the message says.
  std::optional<SourcePos> pos;
  const char* message_part = "";
  const char* bug = "";  // what went wrong before the fix
};

const std::map<std::string, Expected>& expected() {
  static const std::map<std::string, Expected> table = {
      {"lookahead_reallocation",
       {SourcePos{4, 3}, "expected a statement, found 'Pi'",
        "a token reference from peek() dangled when peek(1) grew the lookahead buffer "
        "(heap-use-after-free)"}},
  };
  return table;
}

TEST(FormatFuzzRegressions, EachFileParsesOrFailsAsPinned) {
  for (const auto& [name, want] : expected()) {
    SCOPED_TRACE(name + ": " + want.bug);
    const fs::path path = kRegressionDir / (name + ".litmus");
    ASSERT_TRUE(fs::exists(path)) << path;
    try {
      parse_file(path);
      EXPECT_FALSE(want.pos) << "parsed, but should fail with: " << want.message_part;
    } catch (const ParseFailure& failure) {
      ASSERT_TRUE(want.pos) << "should parse, but: " << failure.error().to_string();
      EXPECT_EQ(failure.error().pos, *want.pos) << failure.error().to_string();
      EXPECT_NE(failure.error().message.find(want.message_part), std::string::npos)
          << failure.error().to_string();
    }
  }
}

TEST(FormatFuzzRegressions, EveryFileInTheFolderIsPinnedDown) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(kRegressionDir)) {
    ++files;
    EXPECT_TRUE(expected().count(entry.path().stem().string()))
        << entry.path() << " has no expected outcome in the table";
  }
  EXPECT_EQ(files, static_cast<int>(expected().size()));
}

}  // namespace
