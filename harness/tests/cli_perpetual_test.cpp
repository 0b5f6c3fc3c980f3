// The perpetual mode, the knob options and `tune`, as users call them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_shell.hpp"
#include "litmuslab/results.hpp"

namespace {

using litmuslab::testing::contains;
using Outcome = litmuslab::testing::ShellOutcome;
using litmuslab::testing::cli;

TEST(CliPerpetual, RunsPerpetuallyAndRecordsTheConfig) {
  const Outcome o =
      cli("run SB+rlx MP+rlx --mode perpetual -n 200000 --chunk 4096 --lanes 4 --json - -q");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto doc = litmuslab::report::parse_results(o.out, "stdout");
  ASSERT_EQ(doc.runs.size(), 2u);
  for (const auto& run : doc.runs) {
    EXPECT_EQ(run.mode, "perpetual");
    EXPECT_EQ(run.iterations, 200000u);
    EXPECT_EQ(run.instances, 200000u);
    EXPECT_EQ(run.config.at("chunk"), "4096");
    EXPECT_EQ(run.config.at("lanes"), "4");
    EXPECT_EQ(run.config.at("pairing"), "max-disjoint-matches-then-in-order");
    for (const auto& outcome : run.outcomes) EXPECT_TRUE(outcome.first_seen_seconds.has_value());
  }
}

TEST(CliPerpetual, OtherTestsFallBackWithANote) {
  const Outcome o = cli("run IRIW+rlx --mode perpetual -n 2000 --json - -q");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto doc = litmuslab::report::parse_results(o.out, "stdout");
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_EQ(doc.runs[0].mode, "batched");
  bool noted = false;
  for (const auto& note : doc.runs[0].notes) noted = noted || contains(note, "ran batched instead");
  EXPECT_TRUE(noted);
  EXPECT_TRUE(contains(cli("run IRIW+rlx --mode perpetual -n 2000").out, "ran batched instead"));
}

TEST(CliPerpetual, BatchedRecordsEveryKnob) {
  const Outcome o =
      cli("run SB+rlx -n 20000 --stride 3 --placement static --first 1 --delay 10 "
          "--json - -q");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto run = litmuslab::report::parse_results(o.out, "stdout").runs.at(0);
  EXPECT_EQ(run.config.at("stride"), "3");
  EXPECT_EQ(run.config.at("placement"), "static");
  EXPECT_EQ(run.config.at("first"), "1");
  EXPECT_EQ(run.config.at("delay"), "10");
  EXPECT_EQ(run.config.at("batch"), "8192");
  EXPECT_EQ(run.config.at("layout"), "shared-line");
  // The perpetual knobs too, at their defaults.
  EXPECT_EQ(run.config.at("chunk"), "16384");
  EXPECT_EQ(run.config.at("lanes"), "2");
}

TEST(CliPerpetual, PerpetualRecordsTheBatchedKnobsItIgnored) {
  const Outcome o = cli("run SB+rlx --mode perpetual -n 20000 --stride 3 --batch 100 --json - -q");
  ASSERT_EQ(o.status, 0) << o.err;
  const auto run = litmuslab::report::parse_results(o.out, "stdout").runs.at(0);
  EXPECT_EQ(run.mode, "perpetual");
  EXPECT_EQ(run.config.at("stride"), "3");
  EXPECT_EQ(run.config.at("batch"), "100");
  EXPECT_EQ(run.config.at("chunk"), "16384");
}

TEST(CliPerpetual, KnobsOfTheOtherModeAreNotedAsIgnored) {
  const auto notes_of = [](const std::string& arguments) {
    const Outcome o = cli("run SB+rlx -n 20000 --json - -q " + arguments);
    EXPECT_EQ(o.status, 0) << o.err;
    const auto doc = litmuslab::report::parse_results(o.out, "stdout");
    std::string all;
    for (const auto& note : doc.runs.at(0).notes) all += note + "\n";
    return all;
  };
  EXPECT_TRUE(contains(notes_of("--mode perpetual --stride 3"),
                       "--stride 3 is a batched-mode knob; this perpetual run ignored it"));
  // A run too short for auto to probe runs batched, and says so.
  EXPECT_TRUE(contains(notes_of("--lanes 4 --chunk 4096"),
                       "--chunk 4096, --lanes 4 are perpetual-mode knobs; this batched run "
                       "ignored them"));
  EXPECT_FALSE(contains(notes_of("--mode perpetual --lanes 4 --chunk 4096"), "ignored"));
  EXPECT_FALSE(contains(notes_of("--stride 3"), "ignored"));
}

TEST(CliPerpetual, BadKnobsExitTwo) {
  for (const char* bad :
       {"--mode eventually", "--chunk 0", "--lanes 0", "--placement stack", "--stride 0",
        "--first x", "--delay -1", "--mode perpetual --chunk 1001 --lanes 2", "--first 2"}) {
    const Outcome o = cli(std::string("run SB+rlx -n 1000 ") + bad);
    EXPECT_EQ(o.status, 2) << bad;
    EXPECT_TRUE(contains(o.err, "error")) << bad << ": " << o.err;
  }
}

// Small budget: this checks the listing and the advice, not the speed.
TEST(CliPerpetual, TuneListsTrialsAndHowToReproduceTheBest) {
  const Outcome o = cli("tune SB+rlx --seconds 3");
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "--mode batched --batch 8192")) << o.out;
  // tune keeps to its budget: on a busy machine the search may not reach
  // perpetual mode, nor leave time to compare, and then it says so.
  if (!contains(o.out, "The budget ran out")) {
    EXPECT_TRUE(contains(o.out, "--mode perpetual --chunk 16384 --lanes 2")) << o.out;
    EXPECT_TRUE(contains(o.out, "Compared with the defaults")) << o.out;
  }
  const std::size_t at = o.out.find("Reproduce: litmuslab run SB+rlx ");
  ASSERT_NE(at, std::string::npos) << o.out;
  const std::string line = o.out.substr(at, o.out.find('\n', at) - at);
  const std::string arguments = line.substr(std::string("Reproduce: litmuslab ").size());
  EXPECT_EQ(cli(arguments + " -n 10000 -q").status, 0) << arguments;
}

TEST(CliPerpetual, TuneNeedsExactlyOneTest) {
  EXPECT_EQ(cli("tune").status, 2);
  EXPECT_EQ(cli("tune 'SB+*'").status, 2);
  EXPECT_EQ(cli("tune SB+nothing").status, 2);
  EXPECT_EQ(cli("tune SB+rlx --seconds 0").status, 2);
  EXPECT_EQ(cli("tune --help").status, 0);
}

}  // namespace
