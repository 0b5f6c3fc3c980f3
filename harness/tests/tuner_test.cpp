// The tuner's search: what it tries and what it reports, not how fast.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/tuner.hpp"

namespace litmuslab::run {
namespace {

TEST(Tuner, TriesEveryKnobOfBothModesAndPicksOneOfItsTrials) {
  const auto* sb = catalogue::Catalogue::compiled().find("SB+rlx");
  ASSERT_NE(sb, nullptr);
  TuneOptions options;
  options.seconds = 3;  // room for every trial on an idle machine; a busy one skips below
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
  EXPECT_EQ(result.best.cpus, options.cpus);
  // The budget is kept whatever the load: on a busy machine it may end the
  // search or the comparison early, and then the result says so.
  const TunePlan plan = plan_tune(sb->test, *sb->kernels);
  ASSERT_LE(result.trials.size(), plan.trials);
  ASSERT_LE(result.confirmation_runs, static_cast<int>(plan.confirmation_runs));
  if (result.trials.size() < plan.trials || result.confirmation_runs < 5) {
    EXPECT_TRUE(result.budget_ran_out);
  }
  if (result.trials.size() < plan.trials)
    GTEST_SKIP() << "the budget ran out after " << result.trials.size()
                 << " trials: the machine is busy";
  // Each knob moved away from its default at least once.
  for (const char* knob :
       {"--batch 1024", "--layout padded", "--stride 7", "--first any", "--first 1", "--delay 1024",
        "--placement static", "--lanes 8", "--chunk 1048576"}) {
    bool seen = false;
    for (const std::string& t : tried) seen = seen || t.find(knob) != std::string::npos;
    EXPECT_TRUE(seen) << knob;
  }
  // Auto, the defaults, runs beside the fixed modes; the best is a fixed mode's.
  EXPECT_TRUE(tried.count(run_arguments(RunConfig{})));
  // (A trial this short is too short for auto's probes, so it ran batched.)
  EXPECT_EQ(result.trials.back().config.mode, RunMode::automatic);
  EXPECT_NE(result.best.mode, RunMode::automatic);
  EXPECT_EQ(result.defaults.mode, RunMode::automatic);
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

TEST(Tuner, ABudgetTooShortForItsRunsIsRefusedNamingTheLeast) {
  const auto* sb = catalogue::Catalogue::compiled().find("SB+rlx");
  ASSERT_NE(sb, nullptr);
  const TunePlan plan = plan_tune(sb->test, *sb->kernels);
  // The defaults and every tune value of every knob of both fixed modes,
  // then one run of auto.
  std::size_t trials = 0;
  for (const RunModeInfo& mode : run_modes()) {
    ++trials;
    if (!mode.fixed) continue;
    for (const Knob& knob : knobs())
      if (knob.applies_to(mode.mode)) trials += knob.tune_values.size();
  }
  EXPECT_EQ(plan.trials, trials);
  EXPECT_EQ(plan.confirmation_runs, 5u);
  EXPECT_GE(plan.minimum_seconds,
            static_cast<double>(plan.trials + 2 * plan.confirmation_runs) * kMinTrialSeconds);
  EXPECT_EQ(tune_budget_problem(sb->test, plan, plan.minimum_seconds, "--seconds"), "");
  const std::string problem = tune_budget_problem(sb->test, plan, 0.001, "--seconds");
  EXPECT_EQ(problem.rfind("--seconds 0.001 is too short to tune SB+rlx: its search runs " +
                              std::to_string(plan.trials) + " trials and 10 comparison runs",
                          0),
            0u)
      << problem;
  char least[32];
  std::snprintf(least, sizeof least, "give at least %g s", plan.minimum_seconds);
  EXPECT_NE(problem.find(least), std::string::npos) << problem;
  TuneOptions options;
  options.seconds = 0.001;
  EXPECT_THROW(tune(sb->test, *sb->kernels, options), std::invalid_argument);
}

TEST(Tuner, AtTheLeastBudgetEveryTrialIsLongEnoughToRank) {
  const auto* mp = catalogue::Catalogue::compiled().find("MP+rlx");
  ASSERT_NE(mp, nullptr);
  const TunePlan plan = plan_tune(mp->test, *mp->kernels);
  TuneOptions options;
  options.seconds = plan.minimum_seconds;
  const TuneResult result = tune(mp->test, *mp->kernels, options);
  EXPECT_FALSE(result.interrupted);
  EXPECT_FALSE(result.trials.empty());
  EXPECT_LE(result.trials.size(), plan.trials);
  EXPECT_LE(result.confirmation_runs, static_cast<int>(plan.confirmation_runs));
  for (const TuneTrial& trial : result.trials) {
    EXPECT_GE(trial.seconds, kMinTrialSeconds) << "a trial too short to rank";
    EXPECT_GT(trial.iterations, 0u);
  }
}

TEST(Tuner, NoRatioFromTooFewMatches) {
  TuneResult result;
  result.confirmation_runs = 5;
  result.best_match_rate = 2e6;
  result.default_match_rate = 1e6;
  result.best_matches = result.default_matches = kMinMatchesForRatio;
  EXPECT_TRUE(result.ratio_meaningful());
  result.default_matches = kMinMatchesForRatio - 1;  // a rate from a handful of matches
  EXPECT_FALSE(result.ratio_meaningful());
  result.default_matches = kMinMatchesForRatio;
  result.confirmation_runs = 2;
  EXPECT_FALSE(result.ratio_meaningful());
  result.confirmation_runs = 5;
  result.default_match_rate = 0;
  EXPECT_FALSE(result.ratio_meaningful());
}

}  // namespace
}  // namespace litmuslab::run
