// Failures that are not bad input, as users meet them: a resource limit has
// its own exit status (4) and message; the models' --max-seconds on every
// command that models, with what was found kept; progress on a terminal
// after a second; Ctrl-C stopping a search; and `show` shows what it can of
// a test too big to model.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <string>

#include "cli_process.hpp"
#include "cli_shell.hpp"
#include "litmuslab/exit_status.hpp"
#include "litmuslab/results.hpp"

namespace litmuslab::testing {
namespace {

using frontend::ExitStatus;

constexpr int kExitLimit = code(ExitStatus::limit_reached);

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
  // `show` shows the test and its kernel, says why the models stopped, and
  // exits as a limit, not as bad input.
  const ShellOutcome shown = cli("show '" + file.string() + "'");
  EXPECT_EQ(shown.status, kExitLimit) << shown.err;
  EXPECT_TRUE(contains(shown.out, "Test TooBig (family TooBig, 2 threads)")) << shown.out;
  EXPECT_TRUE(contains(shown.out, too_big_test())) << "the source is shown";
  EXPECT_TRUE(contains(shown.out, "too big to model")) << shown.out;
  EXPECT_TRUE(contains(shown.err, "too big to model")) << shown.err;
  const ShellOutcome modelled = cli("model '" + file.string() + "'");
  EXPECT_EQ(modelled.status, kExitLimit);
  EXPECT_TRUE(contains(modelled.err, "too big to model")) << modelled.err;
}

// Reached by the first check of the clock: every search stops at once.
constexpr const char* kNoTime = " --max-seconds 0.000000001";

TEST(CliLimit, MaxSecondsIsAValidatedOption) {
  for (const char* bad : {"-1", "abc", "1e99"}) {
    const ShellOutcome o = cli(std::string("model SB+rlx --max-seconds ") + bad);
    EXPECT_EQ(o.status, 2) << bad;
    EXPECT_TRUE(contains(o.err, "--max-seconds")) << o.err;
  }
  const ShellOutcome unlimited = cli("model SB+rlx --model sc --max-seconds 0");
  EXPECT_EQ(unlimited.status, 0) << unlimited.err;
  EXPECT_TRUE(contains(cli("model --help").out, "--max-seconds arg (=60)"));
}

TEST(CliLimit, ModelPrintsWhatItFoundAndExitsFour) {
  const ShellOutcome text = cli(std::string("model SB+rlx --model cpp") + kNoTime);
  EXPECT_EQ(text.status, kExitLimit) << text.err;
  EXPECT_TRUE(
      contains(text.err, "litmuslab: SB+rlx under cpp: time limit of 1e-09 s reached after "))
      << text.err;
  EXPECT_TRUE(contains(text.out, "Model cpp\n")) << text.out;
  EXPECT_TRUE(contains(text.out, "\nIncomplete time limit of 1e-09 s reached after ")) << text.out;

  const ShellOutcome json = cli(std::string("model SB+rlx --json -") + kNoTime);
  EXPECT_EQ(json.status, kExitLimit) << json.err;
  EXPECT_TRUE(contains(json.out, "\"incomplete\": \"time limit of 1e-09 s reached")) << json.out;
}

TEST(CliLimit, ShowMarksIncompleteColumnsAndExitsFour) {
  const ShellOutcome o = cli(std::string("show SB+rlx") + kNoTime);
  EXPECT_EQ(o.status, kExitLimit) << o.err;
  EXPECT_TRUE(contains(o.out, "Allowed states per model")) << o.out;
  EXPECT_TRUE(contains(o.out, "Incomplete sc: time limit")) << o.out;
  EXPECT_TRUE(contains(o.out, "Compiled kernel")) << o.out;  // the rest is still shown
}

TEST(CliLimit, RunKeepsTheCountsUngradedAndExitsFour) {
  const ShellOutcome o = cli(std::string("run SB+rlx --iterations 1000 -q --json -") + kNoTime);
  EXPECT_EQ(o.status, kExitLimit) << o.err;
  EXPECT_TRUE(contains(o.err, "litmuslab run: not graded: SB+rlx under ")) << o.err;
  const report::ResultsDocument doc = report::parse_results(o.out, "stdout");
  ASSERT_EQ(doc.runs.size(), 1u);
  const report::TestRun& run = doc.runs[0];
  EXPECT_EQ(run.instances, 1000u);
  EXPECT_TRUE(run.graded_models.empty());
  EXPECT_FALSE(run.forbidden_observed.has_value());
  for (const report::Outcome& outcome : run.outcomes) EXPECT_TRUE(outcome.allowed.empty());
}

// A search that takes minutes: 4 writers of 2 values and 3 threads of 4
// reads of one location, every register observed.
std::string long_search(const ScratchDir& scratch) {
  const auto path = scratch / "READS.litmus";
  std::ofstream out(path);
  out << "C READS\n{ x = 0; }\n";
  std::string keys;
  for (int t = 0; t < 7; ++t) {
    out << "P" << t << " (atomic_int* x) {\n";
    for (int i = 0; i < (t < 4 ? 2 : 4); ++i) {
      if (t < 4) {
        out << "  atomic_store_explicit(x, " << 2 * t + i + 1 << ", memory_order_relaxed);\n";
      } else {
        out << "  int r" << i << " = atomic_load_explicit(x, memory_order_relaxed);\n";
        keys += (keys.empty() ? "" : " /\\ ") + std::to_string(t) + ":r" + std::to_string(i) + "=0";
      }
    }
    out << "}\n";
  }
  out << "exists (" << keys << ")\n";
  return path.string();
}

TEST(CliLimit, ProgressAfterASecondAndCtrlCStopsTheSearchCleanly) {
  ScratchDir scratch;
  const auto out = scratch / "stdout.txt";
  CliProcess process({"model", long_search(scratch), "--model", "cpp", "--max-seconds", "0"},
                     scratch.path(), out, /*stderr_terminal=*/true);
  ASSERT_TRUE(eventually([&] { return contains(process.err_so_far(), "READS under cpp: "); }))
      << "no progress shown: " << process.err_so_far();
  process.send(SIGINT);
  const Finished done = process.wait();
  EXPECT_EQ(done.signal, 0) << "killed by the signal instead of handling it";
  EXPECT_EQ(done.exit_status, 128 + SIGINT) << done.err;
  EXPECT_TRUE(contains(done.err, "READS under cpp: interrupted after ")) << done.err;
  const std::string printed = read_text(out);
  EXPECT_TRUE(contains(printed, "Model cpp\n")) << printed;
  EXPECT_TRUE(contains(printed, "Incomplete interrupted after ")) << printed;
}

}  // namespace
}  // namespace litmuslab::testing
