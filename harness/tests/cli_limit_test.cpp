// Failures that are not bad input: a resource limit has its own exit status
// and message, and `show` shows what it can of a test too big to model.
#include <gtest/gtest.h>

#include "cli_process.hpp"
#include "cli_shell.hpp"
#include "litmuslab/exit_status.hpp"

namespace litmuslab::testing {
namespace {

using frontend::ExitStatus;

const std::string kEarlier = "{\"earlier\": \"results, byte for byte\"}\n";

TEST(CliLimit, HelpListsEveryExitStatusOfTheTable) {
  const ShellOutcome help = cli("--help");
  ASSERT_EQ(help.status, 0);
  for (const frontend::ExitStatusInfo& info : frontend::exit_statuses()) {
    std::string meaning(info.meaning);
    meaning = meaning.substr(0, meaning.find(' '));  // the first word, before any wrap
    EXPECT_TRUE(contains(help.out, std::to_string(code(info.status)) + " " + meaning))
        << info.name << " is missing from:\n"
        << help.out;
  }
  EXPECT_TRUE(contains(help.out, "128+N")) << help.out;
}

TEST(CliLimit, OutOfMemoryIsALimitNotBadInput) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers reserve more address space than the limit allows";
#else
  ScratchDir scratch;
  const auto json = scratch / "out.json";
  write_text(json, kEarlier);
  // Two batches of 2^24 instances, each location on its own cache line, are
  // several GiB: past a 1 GiB address space, whatever the machine has.
  const ShellOutcome done =
      cli_in_shell("ulimit -v 1048576 && exec " + std::string(LITMUSLAB_CLI) +
                   " run SB+rlx -q --iterations 1000 --batch 16777216 --layout padded --json '" +
                   json.string() + "'");
  EXPECT_EQ(done.status, code(ExitStatus::limit_reached)) << done.err;
  EXPECT_EQ(done.err, "litmuslab run: error: out of memory\n");
  EXPECT_EQ(read_text(json), kEarlier);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json"})) << "a temporary file is left";
#endif
}

// A straight-line test with more memory events than the models enumerate.
std::string too_big_test() {
  std::string text = "C TooBig\n{ [x]=0; [y]=0; }\n";
  for (int thread = 0; thread < 2; ++thread) {
    text += "P" + std::to_string(thread) + " (atomic_int* x, atomic_int* y) {\n";
    for (int i = 1; i <= 40; ++i)
      text += "  atomic_store_explicit(" + std::string(thread ? "y" : "x") + ", " +
              std::to_string(i) + ", memory_order_relaxed);\n";
    text += "}\n";
  }
  return text + "exists ([x]=40 /\\ [y]=40)\n";
}

TEST(CliLimit, ShowSaysTheModelsWereSkippedAndWhy) {
  ScratchDir scratch;
  const auto file = scratch / "TooBig.litmus";
  write_text(file, too_big_test());
  ASSERT_EQ(cli("check '" + file.string() + "'").status, 0);
  const ShellOutcome shown = cli("show '" + file.string() + "'");
  EXPECT_EQ(shown.status, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out, "Test TooBig (family TooBig, 2 threads)")) << shown.out;
  EXPECT_TRUE(contains(shown.out, too_big_test())) << "the source is shown";
  EXPECT_TRUE(contains(shown.out, "(models skipped: TooBig: ")) << shown.out;
  EXPECT_TRUE(contains(shown.out, "too big to model")) << shown.out;
  EXPECT_EQ(shown.err, "");
  // `model` has nothing else to show: it fails, as a limit and not as bad input.
  const ShellOutcome modelled = cli("model '" + file.string() + "'");
  EXPECT_NE(modelled.status, 0);
  EXPECT_TRUE(contains(modelled.err, "too big to model")) << modelled.err;
}

}  // namespace
}  // namespace litmuslab::testing
