// Comparing hand-made results files: two hosts, a test only one ran, a state
// only one saw, a red flag, another schema.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "litmuslab/comparison.hpp"
#include "litmuslab/grading.hpp"
#include "scratch_files.hpp"

namespace {

namespace fs = std::filesystem;
using namespace litmuslab::report;
using litmuslab::testing::contains;

const fs::path kFixtures = fs::path(LITMUSLAB_TEST_FIXTURES) / "compare";

Comparison two_hosts(std::string_view glob = {}) {
  return compare_results(
      read_results_sources({kFixtures / "x86-host/suite.json", kFixtures / "arm-host/suite.json"}),
      glob);
}

const ComparedTest& test_named(const Comparison& c, const std::string& name) {
  for (const ComparedTest& test : c.tests)
    if (test.test == name) return test;
  throw std::runtime_error("no test " + name);
}

const ComparedState& state_named(const ComparedTest& test, const std::string& state) {
  for (const ComparedState& row : test.states)
    if (row.state == state) return row;
  throw std::runtime_error("no state " + state + " in " + test.test);
}

TEST(Comparison, OneColumnPerFileNamedAfterItsFolder) {
  const Comparison c = two_hosts();
  ASSERT_EQ(c.columns.size(), 2u);
  EXPECT_EQ(c.columns[0].name, "x86-host");
  EXPECT_EQ(c.columns[1].name, "arm-host");
  EXPECT_EQ(c.columns[0].host.cpu_model, "Intel Xeon Gold 6354");
  EXPECT_EQ(c.columns[1].build.version, "0.2.0");  // another litmuslab version reads the same
  EXPECT_EQ(host_label(c.columns[0].host), "x86_64 Intel Xeon Gold 6354");
  EXPECT_EQ(host_label(c.columns[1].host), "aarch64 Neoverse-N1 (VM)");
  std::vector<std::string> tests;
  for (const ComparedTest& test : c.tests) tests.push_back(test.test);
  EXPECT_EQ(tests, (std::vector<std::string>{"SB+rlx", "MP+rlx", "MP+relacq", "LB+rlx"}));
}

TEST(Comparison, CellsHoldCountsAndRates) {
  const Comparison c = two_hosts();
  const ComparedState& weak = state_named(test_named(c, "SB+rlx"), "0:r0=0; 1:r0=0;");
  EXPECT_TRUE(weak.matches_condition);
  ASSERT_TRUE(weak.cells[0] && weak.cells[1]);
  EXPECT_EQ(weak.cells[0]->count, 120000u);
  EXPECT_EQ(weak.cells[0]->instances, 1000000u);
  EXPECT_DOUBLE_EQ(weak.cells[0]->rate(), 0.12);
  EXPECT_EQ(weak.cells[1]->count, 250000u);
  EXPECT_FALSE(weak.cells[0]->red_flag);
  EXPECT_TRUE(weak.cells[0]->forbidden_by.empty());
}

TEST(Comparison, ATestOneFileLacksIsMissingThere) {
  const Comparison c = two_hosts();
  const ComparedTest& lb = test_named(c, "LB+rlx");
  EXPECT_FALSE(lb.condition_rates[0]);
  ASSERT_TRUE(lb.condition_rates[1]);
  for (const ComparedState& state : lb.states) {
    EXPECT_FALSE(state.cells[0]) << state.state;
    EXPECT_TRUE(state.cells[1]) << state.state;
  }
  // That file gives no condition_rate: the interval is computed from the counts.
  EXPECT_EQ(*lb.condition_rates[1], wilson_interval(10, 1000000));
}

TEST(Comparison, AStateOnlyOneHostSawIsZeroOnTheOther) {
  const Comparison c = two_hosts();
  const ComparedTest& mp = test_named(c, "MP+rlx");
  const ComparedState& weak = state_named(mp, "1:r0=1; 1:r1=0;");
  EXPECT_TRUE(weak.matches_condition);
  ASSERT_TRUE(weak.cells[0]);
  EXPECT_EQ(weak.cells[0]->count, 0u);
  EXPECT_EQ(weak.cells[0]->instances, 1000000u);
  EXPECT_EQ(weak.cells[1]->count, 1000u);
  EXPECT_EQ(mp.states.size(), 4u);
}

TEST(Comparison, AForbiddenStateIsARedFlag) {
  const Comparison c = two_hosts();
  const ComparedTest& mp = test_named(c, "MP+relacq");
  EXPECT_TRUE(mp.red_flag);
  const ComparedState& weak = state_named(mp, "1:r0=1; 1:r1=0;");
  EXPECT_FALSE(weak.cells[0]);  // x86-host did not run MP+relacq
  ASSERT_TRUE(weak.cells[1]);
  EXPECT_TRUE(weak.cells[1]->red_flag);
  EXPECT_EQ(weak.cells[1]->forbidden_by, (std::vector<std::string>{"armv8", "cpp"}));
  EXPECT_EQ(c.red_flag_count(), 1u);
  EXPECT_FALSE(test_named(c, "SB+rlx").red_flag);
}

TEST(Comparison, TheGlobKeepsTheTestsItMatches) {
  const Comparison c = two_hosts("MP+*");
  ASSERT_EQ(c.tests.size(), 2u);
  EXPECT_EQ(c.tests[0].test, "MP+rlx");
  EXPECT_EQ(c.tests[1].test, "MP+relacq");
  EXPECT_EQ(two_hosts("SB+*").red_flag_count(), 0u);
  EXPECT_TRUE(two_hosts("ZZ*").tests.empty());
}

TEST(Comparison, AFolderIsSearchedPastJsonThatIsNoResultsFile) {
  // fixtures/compare also holds bench.json (Google Benchmark) and another schema.
  const std::vector<ResultsSource> sources = read_results_sources({kFixtures});
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].path, kFixtures / "arm-host/suite.json");
  EXPECT_EQ(sources[1].path, kFixtures / "x86-host/suite.json");
  const Comparison c = compare_results(sources);
  EXPECT_EQ(c.columns[0].name, "arm-host");
}

TEST(Comparison, AFileOfAnotherSchemaIsRefusedByName) {
  try {
    read_results_sources({kFixtures / "x86-host/suite.json", kFixtures / "other-schema.json"});
    FAIL() << "read another schema";
  } catch (const ResultsFormatError& error) {
    EXPECT_TRUE(contains(error.what(), "other-schema.json")) << error.what();
    EXPECT_TRUE(contains(error.what(), "unknown schema 'another-tool/2'")) << error.what();
  }
  EXPECT_THROW(read_results_sources({kFixtures / "arm-host/bench.json"}), NotAResultsFile);
  EXPECT_THROW(read_results_sources({kFixtures / "no-such.json"}), ResultsInputError);
  EXPECT_THROW(read_results_sources({}), ResultsInputError);
  const litmuslab::testing::ScratchDir empty;
  EXPECT_THROW(read_results_sources({empty.path()}), ResultsInputError);
}

TEST(Comparison, ColumnNamesTellFilesApart) {
  auto names = [](std::vector<fs::path> paths) {
    std::vector<ResultsSource> sources;
    for (auto& path : paths) sources.push_back({path, {}});
    std::vector<std::string> out;
    for (const ComparisonColumn& column : compare_results(sources).columns)
      out.push_back(column.name);
    return out;
  };
  EXPECT_EQ(names({"results/a/suite.json", "results/b/suite.json"}),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(names({"x/a/suite.json", "y/a/suite.json"}), (std::vector<std::string>{"x/a", "y/a"}));
  EXPECT_EQ(names({"h/suite.json", "h/catalogue.json"}),
            (std::vector<std::string>{"suite", "catalogue"}));
  EXPECT_EQ(names({"run.json"}), (std::vector<std::string>{"run"}));
  EXPECT_EQ(names({"results/h/suite.json"}), (std::vector<std::string>{"h"}));
  EXPECT_EQ(names({"a.json", "a.json"}), (std::vector<std::string>{"a", "a #2"}));
}

TEST(Comparison, ATestRunTwiceInOneFileAddsItsCounts) {
  std::vector<ResultsSource> sources = read_results_sources({kFixtures / "x86-host/suite.json"});
  sources[0].document.runs.push_back(sources[0].document.runs[0]);  // SB+rlx again
  const Comparison c = compare_results(sources);
  const ComparedTest& sb = test_named(c, "SB+rlx");
  const ComparedState& weak = state_named(sb, "0:r0=0; 1:r0=0;");
  EXPECT_EQ(weak.cells[0]->count, 240000u);
  EXPECT_EQ(weak.cells[0]->instances, 2000000u);
  EXPECT_EQ(*sb.condition_rates[0], wilson_interval(240000, 2000000));
}

TEST(Comparison, EmulatedHostsSaySo) {
  HostDescription host;
  host.arch = "aarch64";
  host.cpu_model = "AMD EPYC";
  host.emulated = true;
  host.virtualized = true;
  EXPECT_EQ(host_label(host), "aarch64 (emulated on AMD EPYC)");
}

TEST(ComparisonText, OneTableWithMarkersAndConditionRows) {
  const std::string text = comparison_text(two_hosts());
  EXPECT_TRUE(contains(text, "Comparison of 2 results files, 4 tests, 1 red flag\n")) << text;
  // Header: names, then arch and CPU.
  EXPECT_TRUE(contains(text, "x86-host")) << text;
  EXPECT_TRUE(contains(text, "x86_64 Intel Xeon Gold 6354")) << text;
  EXPECT_TRUE(contains(text, "120000 0.12 *")) << text;
  EXPECT_TRUE(contains(text, "3 3e-06 * !armv8,cpp")) << text;
  EXPECT_TRUE(contains(text, "0 0 *")) << text;  // MP+rlx's weak state on x86
  EXPECT_TRUE(contains(text, "missing")) << text;
  EXPECT_TRUE(contains(text, "0.12 [0.119, 0.121]")) << text;  // SB+rlx's condition on x86
  EXPECT_TRUE(contains(text,
                       "Red flags: 1\n  arm-host: MP+relacq 1:r0=1; 1:r1=0; seen 3 times, "
                       "forbidden by armv8, cpp\n"))
      << text;
  // Each condition row follows its test's states.
  const auto sb = text.find("SB+rlx");
  const auto sb_condition = text.find("exists (0:r0=0 /\\ 1:r0=0)");
  const auto mp = text.find("\nMP+rlx");
  EXPECT_LT(sb, sb_condition);
  EXPECT_LT(sb_condition, mp);
}

TEST(ComparisonText, MarkdownEscapesAndBoldsRedFlags) {
  const std::string md = comparison_markdown(two_hosts());
  EXPECT_TRUE(md.starts_with("# Comparison of 2 results files")) << md;
  EXPECT_TRUE(contains(md, "| test | state | x86-host<br>x86\\_64 Intel Xeon Gold 6354 |")) << md;
  EXPECT_TRUE(contains(md, "**3 3e-06 \\* !armv8,cpp**")) << md;
  EXPECT_TRUE(contains(md, "| LB+rlx | 0:r0=0; 1:r0=0; | missing | 600000 0.6 |")) << md;
  EXPECT_TRUE(contains(md, "|---|---|---:|---:|\n")) << md;
}

TEST(ComparisonJson, CarriesEveryCellAndTheHosts) {
  const auto j = nlohmann::json::parse(comparison_json(two_hosts()));
  EXPECT_EQ(j["schema"], "litmuslab-comparison/1");
  EXPECT_EQ(j["red_flags"], 1);
  EXPECT_EQ(j["columns"][1]["host"]["arch"], "aarch64");
  EXPECT_EQ(j["columns"][1]["build"]["version"], "0.2.0");
  EXPECT_EQ(j["columns"][0]["label"], "x86_64 Intel Xeon Gold 6354");
  const auto& lb = j["tests"][3];
  EXPECT_EQ(lb["test"], "LB+rlx");
  EXPECT_TRUE(lb["condition_rates"][0].is_null());
  EXPECT_TRUE(lb["states"][0]["cells"][0].is_null());
  EXPECT_EQ(lb["states"][0]["cells"][1]["count"], 600000);
  const auto& relacq = j["tests"][2];
  EXPECT_EQ(relacq["red_flag"], true);
  EXPECT_EQ(relacq["states"][2]["cells"][1]["forbidden_by"],
            nlohmann::json::array({"armv8", "cpp"}));
}

}  // namespace
