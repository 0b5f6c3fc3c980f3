// The tuner's search: what it tries and what it reports, not how fast.
#include <gtest/gtest.h>

#include <set>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/tuner.hpp"

namespace litmuslab::run {
namespace {

TEST(Tuner, TriesEveryKnobOfBothModesAndPicksOneOfItsTrials) {
  const auto* sb = catalogue::Catalogue::compiled().find("SB+rlx");
  ASSERT_NE(sb, nullptr);
  TuneOptions options;
  options.seconds = 1.5;
  int reported = 0;
  options.on_trial = [&](const TuneTrial&) { ++reported; };
  const TuneResult result = tune(sb->test, *sb->kernels, options);
  EXPECT_FALSE(result.interrupted);
  EXPECT_EQ(reported, static_cast<int>(result.trials.size()));
  std::set<std::string> tried;
  for (const TuneTrial& trial : result.trials) {
    EXPECT_GT(trial.iterations, 0u);
    EXPECT_LE(trial.matches, trial.iterations);
    tried.insert(run_arguments(trial.config));
  }
  EXPECT_TRUE(tried.count(run_arguments(result.best))) << run_arguments(result.best);
  EXPECT_TRUE(tried.count(run_arguments(RunConfig{})));
  // Each knob moved away from its default at least once.
  for (const char* knob :
       {"--batch 1024", "--layout padded", "--stride 7", "--first any", "--first 1", "--delay 1024",
        "--placement static", "--lanes 8", "--chunk 1048576"}) {
    bool seen = false;
    for (const std::string& t : tried) seen = seen || t.find(knob) != std::string::npos;
    EXPECT_TRUE(seen) << knob;
  }
  EXPECT_EQ(result.confirmation_runs, 5);
  EXPECT_EQ(result.best.cpus, options.cpus);
}

TEST(Tuner, StopsWhenAsked) {
  const auto* mp = catalogue::Catalogue::compiled().find("MP+rlx");
  ASSERT_NE(mp, nullptr);
  TuneOptions options;
  options.seconds = 100;
  options.stop_requested = [] { return true; };
  const TuneResult result = tune(mp->test, *mp->kernels, options);
  EXPECT_TRUE(result.interrupted);
  EXPECT_LE(result.trials.size(), 1u);
}

}  // namespace
}  // namespace litmuslab::run
