// The steps `litmuslab run` and the Python module share.
#include <gtest/gtest.h>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/measurement.hpp"
#include "litmuslab/run_summary.hpp"

namespace litmuslab::frontend {
namespace {

TEST(Measurement, RunsAndSummarisesOneTest) {
  const catalogue::RunnableTest* entry = catalogue::Catalogue::compiled().find("MP+rlx");
  ASSERT_NE(entry, nullptr);
  RunSettings settings;
  settings.config.iterations = 3000;
  run::set_knob(settings.config, "batch", "100");
  const MeasuredTest measured = measure_test(*entry, settings, {});
  EXPECT_EQ(measured.record.test, "MP+rlx");
  EXPECT_EQ(measured.record.iterations, 3000u);
  EXPECT_EQ(measured.record.config.at("batch"), "100");
  std::uint64_t sum = 0;
  for (const report::Outcome& outcome : measured.record.outcomes) {
    sum += outcome.count;
    EXPECT_EQ(report::state_text(outcome.state).back(), ';');
  }
  EXPECT_EQ(sum, 3000u);
  EXPECT_TRUE(measured.record.notes.empty());
  // Graded like the CLI's runs: every state against cpp, at least.
  EXPECT_TRUE(measured.record.forbidden_observed.has_value());
  for (const report::Outcome& outcome : measured.record.outcomes)
    EXPECT_TRUE(outcome.allowed.contains("cpp")) << report::state_text(outcome.state);
}

TEST(Measurement, AStopRequestIsNotedInTheRecord) {
  const catalogue::RunnableTest* entry = catalogue::Catalogue::compiled().find("SB+rlx");
  ASSERT_NE(entry, nullptr);
  RunSettings settings;
  settings.config.seconds = 600;  // stopped long before
  run::RunHooks hooks;
  hooks.stop_requested = [] { return true; };
  const MeasuredTest measured = measure_test(*entry, settings, hooks);
  EXPECT_TRUE(measured.output.interrupted);
  ASSERT_EQ(measured.record.notes.size(), 1u);
  EXPECT_NE(measured.record.notes[0].find("interrupted"), std::string::npos);
}

}  // namespace
}  // namespace litmuslab::frontend
