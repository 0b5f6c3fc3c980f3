// Bad input to the real binary: one clear message, exit status 2, no output
// file left behind, and an earlier results file at the same path untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_process.hpp"
#include "litmuslab/topology.hpp"

namespace litmuslab::testing {
namespace {

const std::string kEarlierResults = "{\"earlier\": \"results, byte for byte\"}\n";

std::vector<std::string> operator+(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

int line_count(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

std::string joined(const std::vector<std::string>& args) {
  std::string text;
  for (const std::string& arg : args) text += " " + arg;
  return text;
}

// Runs `args` with an earlier results file in a scratch folder; `json` says
// where --json points (relative to the folder), empty for no --json.
void expect_rejected(const std::vector<std::string>& args, const std::string& message_part,
                     const std::string& json = "results.json") {
  ScratchDir scratch;
  write_text(scratch / "results.json", kEarlierResults);
  const std::set<std::string> before = scratch.entries();
  std::vector<std::string> full = args;
  if (!json.empty()) full = full + std::vector<std::string>{"--json", (scratch / json).string()};
  SCOPED_TRACE("litmuslab" + joined(full));
  const Finished done = run_cli(full, scratch.path());
  EXPECT_EQ(done.exit_status, 2) << done.err;
  EXPECT_EQ(line_count(done.err), 1) << "want one message, got:\n" << done.err;
  EXPECT_NE(done.err.find("error"), std::string::npos) << done.err;
  EXPECT_NE(done.err.find(message_part), std::string::npos) << done.err;
  EXPECT_EQ(done.err.find("error: error:"), std::string::npos) << done.err;
  EXPECT_EQ(read_text(scratch / "results.json"), kEarlierResults);
  EXPECT_EQ(scratch.entries(), before) << "a file was left behind";
}

// A run small enough to finish at once should the check under test be missing.
const std::vector<std::string> kRun{"run", "SB+rlx", "-q", "--iterations", "1000"};

TEST(CliBadInput, UnknownOptionOrCommand) {
  for (const char* command : {"run", "list", "show", "check"})
    expect_rejected({command, "--frobnicate"}, "frobnicate", "");
  expect_rejected({"run", "--frobnicate"}, "frobnicate");
  expect_rejected({"frobnicate"}, "unknown command 'frobnicate'", "");
}

TEST(CliBadInput, UnknownTest) {
  expect_rejected({"run", "-q", "--iterations", "1000", "SB+nothing"}, "unknown test 'SB+nothing'");
  expect_rejected({"run", "-q", "--iterations", "1000", "ZZ+*"}, "matches no catalogue test");
  expect_rejected({"show", "NoSuchTest"}, "unknown test 'NoSuchTest'", "");
  expect_rejected({"list", "ZZ+*"}, "matches no catalogue test", "");
}

TEST(CliBadInput, MissingOrUnreadableFile) {
  ScratchDir other;
  const std::string missing = (other / "missing.litmus").string();
  const std::string folder = other.path().string() + "/";
  // Every command reads a file the same way, so says the same about it.
  expect_rejected({"check", missing}, missing + ":0:0: error: cannot read file", "");
  expect_rejected({"check", folder}, "it is a directory", "");
  expect_rejected({"show", missing}, missing + ":0:0: error: cannot read file", "");
  // show and run take folders of .litmus files (run DIR); this one has none.
  expect_rejected({"show", folder}, folder + ": no .litmus files in this folder", "");
  expect_rejected({"model", missing}, missing + ":0:0: error: cannot read file", "");
  expect_rejected({"run", "-q", "--iterations", "1000", missing},
                  missing + ":0:0: error: cannot read file");
  expect_rejected({"run", "-q", "--iterations", "1000", folder},
                  folder + ": no .litmus files in this folder");
  if (geteuid() != 0) {  // root reads files whatever their mode
    const auto locked = other / "locked.litmus";
    write_text(locked, read_text(std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus"));
    std::filesystem::permissions(locked, std::filesystem::perms::none);
    expect_rejected({"check", locked.string()}, "cannot read file", "");
    expect_rejected({"show", locked.string()}, "cannot read file", "");
    expect_rejected({"run", "-q", "--iterations", "1000", locked.string()}, "cannot read");
  }
}

TEST(CliBadInput, BadCpuList) {
  const std::vector<int> allowed = run::allowed_cpus();
  const std::string outside = std::to_string(allowed.back() + 1);
  expect_rejected(kRun + std::vector<std::string>{"--cpus", outside},
                  "CPU " + outside + " is offline or outside");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", "0,0"}, "named twice");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", "one"}, "is not a CPU number");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", "1-0"}, "is inverted");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", ""}, "empty");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", "0-99999999999"},
                  "is not a CPU number");
}

TEST(CliBadInput, BadIterations) {
  const std::vector<std::string> run{"run", "SB+rlx", "-q", "--iterations"};
  expect_rejected(run + std::vector<std::string>{"0"}, "at least 1");
  expect_rejected(run + std::vector<std::string>{"-5"}, "must be positive");
  expect_rejected(run + std::vector<std::string>{"18446744073709551616"}, "too large");
  expect_rejected(run + std::vector<std::string>{"99999999999999999999999"}, "too large");
  expect_rejected(run + std::vector<std::string>{"1e20"}, "too large");
  expect_rejected(run + std::vector<std::string>{"ten"}, "whole number");
}

TEST(CliBadInput, DurationsTooShortToRunABatch) {
  // As --iterations 0 is: a run that could not count one batch is refused.
  const std::vector<std::string> run{"run", "SB+rlx", "-q", "--seconds"};
  expect_rejected(run + std::vector<std::string>{"1e-300"},
                  "--seconds 1e-300 is too short: at "
                  "least 0.001 s");
  expect_rejected(run + std::vector<std::string>{"0.0009"}, "is too short");
  expect_rejected(run + std::vector<std::string>{"0"}, "must be positive");
  expect_rejected(run + std::vector<std::string>{"nan"}, "must be a number of seconds");
  expect_rejected(run + std::vector<std::string>{"1e8"}, "too large (at most 10000000 s)");
  // tune's budget covers the whole search: one too short for its runs is refused.
  expect_rejected({"tune", "SB+rlx", "--seconds", "0.001"},
                  "--seconds 0.001 is too short to "
                  "tune SB+rlx",
                  "");
  expect_rejected({"tune", "SB+rlx", "--seconds", "1e-300"}, "too short", "");
}

TEST(CliBadInput, NumbersPastTheirRangeNameTheRange) {
  expect_rejected(kRun + std::vector<std::string>{"--first", "99999999999999999999"},
                  "--first must be between 0 and 63, not 99999999999999999999");
  expect_rejected(kRun + std::vector<std::string>{"--batch", "1e30"},
                  "--batch must be between 1 and 16777216, not 1e30");
  expect_rejected(kRun + std::vector<std::string>{"--delay", "18446744073709551616"},
                  "--delay must be between 0 and 1000000");
  expect_rejected(kRun + std::vector<std::string>{"--cpus=-1"},
                  "'-1' is not a CPU number (CPUs are numbered from 0)");
  expect_rejected(kRun + std::vector<std::string>{"--cpus", "0,,1"}, "an entry is empty");
}

TEST(CliBadInput, UnwritableOutputFailsBeforeTheRun) {
  // 10^12 iterations would take hours, so exit 2 now shows nothing ran.
  const std::vector<std::string> huge{"run", "SB+rlx", "-q", "--iterations", "1000000000000"};
  expect_rejected(huge, "cannot create a file in", "no-such-folder/out.json");
  expect_rejected(huge, "Not a directory", "results.json/out.json");
  expect_rejected(huge, "is a directory", ".");
}

}  // namespace
}  // namespace litmuslab::testing
