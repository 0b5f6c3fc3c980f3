// The knob table that `litmuslab run` and the Python module share, and the
// measurement step both use.
#include <gtest/gtest.h>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/measurement.hpp"
#include "litmuslab/run_settings.hpp"
#include "litmuslab/run_summary.hpp"

namespace litmuslab::frontend {
namespace {

TEST(RunSettings, EveryListedKnobTakesItsDefault) {
  RunSettings settings;
  for (const KnobDescription& knob : run_knobs()) {
    EXPECT_NO_THROW(set_run_knob(settings, knob.name, knob.default_value)) << knob.name;
    EXPECT_FALSE(knob.help.empty()) << knob.name;
  }
  EXPECT_EQ(settings.mode, "batched");
  EXPECT_EQ(settings.config.batch.value, 8192u);
  EXPECT_EQ(settings.config.layout, run::Layout::shared_line);
}

TEST(RunSettings, SetsKnobsFromText) {
  RunSettings settings;
  set_run_knob(settings, "batch", "64");
  set_run_knob(settings, "layout", "padded");
  EXPECT_EQ(settings.config.batch.value, 64u);
  EXPECT_EQ(settings.config.layout, run::Layout::padded);
}

TEST(RunSettings, UnknownKnobNamesItAndTheValidOnes) {
  RunSettings settings;
  try {
    set_run_knob(settings, "bacth", "64");
    FAIL() << "no exception";
  } catch (const UnknownKnob& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("'bacth'"), std::string::npos) << message;
    EXPECT_NE(message.find("batch"), std::string::npos) << message;
  }
}

TEST(RunSettings, BadValuesNameTheKnobAndAreNotUnknownKnobs) {
  RunSettings settings;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"mode", "warp"}, {"batch", "0"}, {"batch", "x"}, {"layout", "diagonal"}}) {
    try {
      set_run_knob(settings, name, value);
      ADD_FAILURE() << name << "=" << value << " was accepted";
    } catch (const UnknownKnob&) {
      ADD_FAILURE() << name << " reported as unknown";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find(name), std::string::npos) << error.what();
    }
  }
}

TEST(Measurement, RunsAndSummarisesOneTest) {
  const catalogue::RunnableTest* entry = catalogue::Catalogue::compiled().find("MP+rlx");
  ASSERT_NE(entry, nullptr);
  RunSettings settings;
  settings.config.iterations = 3000;
  set_run_knob(settings, "batch", "100");
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
