// Grades: every seen state against the host's model and cpp, red flags,
// never-seen bounds and rate intervals.
#include <gtest/gtest.h>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/grading.hpp"
#include "litmuslab/model_report.hpp"
#include "litmuslab/run_summary.hpp"
#include "report/record.hpp"

namespace litmuslab::report {
namespace {

using litmuslab::testing::entry;

// A TestRun with hand-made counts, as summarize() would build it.
TestRun fake_run(const std::string& name,
                 const std::vector<std::pair<StateValues, std::uint64_t>>& counts) {
  const auto& e = entry(name);
  run::RunOutput output;
  for (const auto& [state, count] : counts) output.histogram.add(state, count);
  output.iterations = output.histogram.total();
  output.seconds = 1;
  return summarize(e.test, *e.kernels, output);
}

TEST(Grading, MpWeakStateIsARedFlagUnderTsoButAllowedByCpp) {
  TestRun run = fake_run("MP+rlx", {{{0, 0}, 10}, {{1, 0}, 5}, {{1, 1}, 10}});
  grade(run, entry("MP+rlx").test, "x86-tso");
  EXPECT_EQ(run.graded_models, (std::vector<std::string>{"x86-tso", "cpp"}));
  ASSERT_TRUE(run.forbidden_observed.has_value());
  EXPECT_TRUE(*run.forbidden_observed);
  for (const Outcome& o : run.outcomes) {
    const bool weak = o.state[0].second == 1 && o.state[1].second == 0;
    EXPECT_EQ(o.allowed.at("x86-tso"), !weak);
    EXPECT_TRUE(o.allowed.at("cpp"));
  }
  // 1:r0=0; 1:r1=1; is allowed everywhere and never seen.
  ASSERT_EQ(run.unseen_allowed.size(), 1u);
  EXPECT_EQ(run.unseen_allowed[0].state,
            (std::vector<std::pair<std::string, std::int32_t>>{{"1:r0", 0}, {"1:r1", 1}}));
  EXPECT_EQ(run.unseen_allowed[0].allowed_by, (std::vector<std::string>{"x86-tso", "cpp"}));
  const std::string table = histogram_table(run);
  EXPECT_NE(table.find("FORBIDDEN"), std::string::npos) << table;
  EXPECT_NE(table.find("RED FLAG"), std::string::npos) << table;
}

TEST(Grading, ArmAllowsWhatTsoForbids) {
  TestRun run = fake_run("MP+rlx", {{{1, 0}, 5}});
  grade(run, entry("MP+rlx").test, "armv8");
  EXPECT_FALSE(*run.forbidden_observed);
  EXPECT_TRUE(run.outcomes[0].allowed.at("armv8"));
}

TEST(Grading, RcpcChangesTheArmVerdictOfSbRelacq) {
  TestRun ldar = fake_run("SB+relacq", {{{0, 0}, 1}});
  grade(ldar, entry("SB+relacq").test, "armv8");
  EXPECT_TRUE(*ldar.forbidden_observed);
  TestRun ldapr = fake_run("SB+relacq", {{{0, 0}, 1}});
  model::ModelOptions rcpc;
  rcpc.arm_rcpc = true;
  grade(ldapr, entry("SB+relacq").test, "armv8", rcpc);
  EXPECT_FALSE(*ldapr.forbidden_observed);
}

TEST(Grading, WithoutAnArchitectureModelCppDecides) {
  TestRun run = fake_run("SB+sc", {{{0, 0}, 1}, {{0, 1}, 1}});
  grade(run, entry("SB+sc").test, "");
  EXPECT_EQ(run.graded_models, (std::vector<std::string>{"cpp"}));
  EXPECT_TRUE(*run.forbidden_observed);
}

TEST(Grading, PlainAccessesAreGradedAsRelaxedAndTheRaceIsFlagged) {
  const litmuslab::Test compiled = as_compiled(entry("SB+na").test);
  for (const Thread& t : compiled.threads)
    for (const Operation* op : operations_of(t)) {
      EXPECT_TRUE(op->atomic);
      EXPECT_EQ(op->order, MemoryOrder::relaxed);
    }
  TestRun run = fake_run("SB+na", {{{0, 0}, 3}, {{1, 1}, 1}});
  grade(run, entry("SB+na").test, "x86-tso");
  EXPECT_FALSE(*run.forbidden_observed);
  ASSERT_FALSE(run.model_flags.empty());
  EXPECT_NE(run.model_flags.back().find("data-race"), std::string::npos);
  TestRun clean = fake_run("MP+relacq", {{{0, 0}, 3}});
  grade(clean, entry("MP+relacq").test, "x86-tso");
  EXPECT_TRUE(clean.model_flags.empty());
}

TEST(Grading, RatesAndBounds) {
  const RateInterval none = wilson_interval(0, 100);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.037, 0.001);  // Wilson, z = 1.96
  const RateInterval half = wilson_interval(50, 100);
  EXPECT_DOUBLE_EQ(half.estimate, 0.5);
  EXPECT_NEAR(half.low, 0.4038, 0.001);
  EXPECT_NEAR(half.high, 0.5962, 0.001);
  EXPECT_EQ(wilson_interval(7, 7).high, 1.0);
  EXPECT_NEAR(zero_count_upper_bound(1'000'000), 2.9957e-6, 1e-9);  // about 3/n
  EXPECT_NEAR(zero_count_upper_bound(10'000'000'000ull), 2.9957e-10, 1e-13);
  EXPECT_EQ(zero_count_upper_bound(0), 1.0);
  TestRun run = fake_run("SB+rlx", {{{0, 0}, 50}, {{1, 1}, 50}});
  grade(run, entry("SB+rlx").test, "x86-tso");
  ASSERT_TRUE(run.condition_rate);
  EXPECT_DOUBLE_EQ(run.condition_rate->estimate, 0.5);
  for (const UnseenState& u : run.unseen_allowed) EXPECT_NEAR(u.upper_bound_95, 0.0295, 0.001);
}

TEST(ModelReport, HerdTextHasItsBlocks) {
  const litmuslab::Test& test = entry("SB+rlx").test;
  const auto sc = model::allowed_states(test, "sc");
  const auto tso = model::allowed_states(test, "x86-tso");
  const std::string text = herd_text(test, {sc, tso});
  EXPECT_NE(text.find("Model sc\nTest SB+rlx Forbidden\nStates 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Observation SB+rlx Never 0 3"), std::string::npos) << text;
  EXPECT_NE(text.find("Model x86-tso\nTest SB+rlx Allowed\nStates 4\n0:r0=0; 1:r0=0;"),
            std::string::npos);
  EXPECT_NE(text.find("Observation SB+rlx Sometimes 1 3"), std::string::npos) << text;
  const std::string json = model_json(test, {tso});
  EXPECT_NE(json.find("\"x86-tso\""), std::string::npos);
  EXPECT_NE(json.find("\"observation\": \"Sometimes\""), std::string::npos);
}

}  // namespace
}  // namespace litmuslab::report
