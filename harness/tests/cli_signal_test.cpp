// SIGINT and SIGTERM sent to a real `litmuslab run`: the counts so far are
// saved as valid JSON marked interrupted, and the exit status is 128+N.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <ostream>
#include <string>

#include "cli_process.hpp"
#include "litmuslab/results.hpp"

namespace litmuslab::testing {
namespace {

// The progress bar's rate ("... 0%  12.3 M/s") is non-zero once a batch has
// been counted; from then on an interrupted run must report iterations > 0.
bool counting_has_begun(const std::string& terminal) {
  const std::size_t at = terminal.rfind("%  ");
  return at != std::string::npos && std::strtod(terminal.c_str() + at + 3, nullptr) > 0;
}

struct Case {
  int signal;
  bool json_on_stdout;  // --json - instead of a file
};

// Names the case in test listings instead of printing its bytes.
std::string case_name(const Case& c) {
  return std::string(c.signal == SIGINT ? "SIGINT" : "SIGTERM") +
         (c.json_on_stdout ? "_JsonOnStdout" : "_JsonFile");
}
void PrintTo(const Case& c, std::ostream* out) { *out << case_name(c); }

class CliSignal : public ::testing::TestWithParam<Case> {};

TEST_P(CliSignal, SavesTheCountsSoFarMarkedInterrupted) {
  const Case c = GetParam();
  ScratchDir scratch;
  const auto json = scratch / "out.json";
  write_text(json, "earlier results\n");
  // 10^12 iterations take hours: only the signal ends this run. stderr is a
  // terminal, as for someone pressing Ctrl-C, so the progress bar shows.
  std::vector<std::string> args{"run", "SB+rlx", "--iterations", "1000000000000", "--json"};
  args.push_back(c.json_on_stdout ? "-" : json.string());
  const auto out = scratch / "stdout.txt";
  CliProcess cli(args, scratch.path(), out, /*stderr_terminal=*/true);
  ASSERT_TRUE(eventually([&] { return counting_has_begun(cli.err_so_far()); }))
      << "no progress shown: " << cli.err_so_far();
  cli.send(c.signal);
  const Finished done = cli.wait();

  EXPECT_EQ(done.signal, 0) << "killed by the signal instead of handling it";
  EXPECT_EQ(done.exit_status, 128 + c.signal) << done.err;
  EXPECT_NE(done.err.find("interrupted; kept the counts so far"), std::string::npos) << done.err;
  const std::string text = read_text(c.json_on_stdout ? out : json);
  const report::ResultsDocument doc = report::parse_results(text, "the results");
  EXPECT_TRUE(doc.interrupted);
  ASSERT_EQ(doc.runs.size(), 1u);
  const report::TestRun& run = doc.runs[0];
  EXPECT_EQ(run.test, "SB+rlx");
  EXPECT_GT(run.iterations, 0u);
  EXPECT_LT(run.iterations, 1'000'000'000'000ull);
  std::uint64_t sum = 0;
  for (const report::Outcome& outcome : run.outcomes) sum += outcome.count;
  EXPECT_EQ(sum, run.iterations);
  EXPECT_EQ(run.instances, run.iterations);
  ASSERT_FALSE(run.notes.empty());
  EXPECT_NE(run.notes.back().find("interrupted"), std::string::npos);
  if (c.json_on_stdout) {
    EXPECT_EQ(read_text(json), "earlier results\n");
  }
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json", "stdout.txt"}))
      << "a temporary file was left behind";
}

INSTANTIATE_TEST_SUITE_P(Cli, CliSignal,
                         ::testing::Values(Case{SIGINT, false}, Case{SIGTERM, false},
                                           Case{SIGINT, true}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return case_name(info.param);
                         });

}  // namespace
}  // namespace litmuslab::testing
