// The path both front ends take: a run request from option text, models by
// name, and a suite run into a results document.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <new>
#include <set>
#include <sstream>
#include <system_error>

#include "litmuslab/exit_status.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/run_summary.hpp"
#include "litmuslab/topology.hpp"

namespace litmuslab::frontend {
namespace {

using Options = std::vector<std::pair<std::string, std::string>>;

RunRequest request_for(const std::vector<std::string>& tests, const Options& options,
                       run::Spelling spelling = run::Spelling::option) {
  return make_run_request(tests, options, spelling);
}

std::string refusal(const std::vector<std::string>& tests, const Options& options,
                    run::Spelling spelling = run::Spelling::option) {
  try {
    request_for(tests, options, spelling);
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

TEST(RunRequest, DefaultsAreTheDefaultSuiteAndTenMillionIterations) {
  const RunRequest request = request_for({}, {});
  ASSERT_EQ(request.tests.size(), default_suite().size());
  for (std::size_t i = 0; i < request.tests.size(); ++i)
    EXPECT_EQ(request.tests[i]->test.name, default_suite()[i]);
  EXPECT_EQ(request.config.iterations, kDefaultIterations);
  EXPECT_EQ(request.config.seconds, 0);
  EXPECT_FALSE(request.emulated.has_value());
  EXPECT_FALSE(request.grading.arm_rcpc);
}

TEST(RunRequest, OptionsAndKnobsReachTheRequest) {
  const RunRequest request =
      request_for({"SB+rlx"}, {{"seconds", "0.5"},
                               {"cpus", std::to_string(run::allowed_cpus()[0])},
                               {"emulated", "yes"},
                               {"arm-acquire", "ldapr"},
                               {"batch", "64"},
                               {"mode", "perpetual"}});
  EXPECT_EQ(request.config.iterations, 0u);
  EXPECT_EQ(request.config.seconds, 0.5);
  EXPECT_EQ(request.config.cpus, std::vector<int>{run::allowed_cpus()[0]});
  EXPECT_EQ(request.emulated, true);
  EXPECT_TRUE(request.grading.arm_rcpc);
  EXPECT_EQ(request.config.batch, 64u);
  EXPECT_EQ(request.config.mode, run::RunMode::perpetual);
  // Python's keywords spell '-' as '_'.
  const RunRequest keywords = request_for(
      {"SB+rlx"}, {{"arm_acquire", "ldapr"}, {"emulated", "no"}}, run::Spelling::keyword);
  EXPECT_TRUE(keywords.grading.arm_rcpc);
  EXPECT_EQ(keywords.emulated, false);
}

TEST(RunRequest, RefusalsNameTheOptionAsTheFrontEndSpellsIt) {
  EXPECT_EQ(refusal({"SB+rlx"}, {{"iterations", "0"}, {"seconds", "1"}}),
            "give --iterations or --seconds, not both");
  EXPECT_THROW(request_for({"SB+rlx"}, {{"iterations", "1"}, {"seconds", "1"}}),
               ConflictingOptions);
  EXPECT_EQ(refusal({"SB+rlx"}, {{"iterations", "1"}, {"seconds", "1"}}, run::Spelling::keyword),
            "give iterations or seconds, not both");
  EXPECT_EQ(refusal({"SB+rlx"}, {{"iterations", "0"}}), "--iterations must be at least 1");
  EXPECT_EQ(refusal({"SB+rlx"}, {{"arm_acquire", "ldxr"}}, run::Spelling::keyword),
            "arm_acquire must be ldar or ldapr, not 'ldxr'");
  EXPECT_EQ(refusal({"SB+rlx"}, {{"emulated", "maybe"}}),
            "--emulated must be auto, yes or no, not 'maybe'");
  EXPECT_EQ(refusal({"SB+rlx"}, {{"lanes", "0"}}, run::Spelling::keyword),
            "lanes must be between 1 and 4096, not 0");
  EXPECT_THROW(request_for({"SB+rlx"}, {{"bacth", "64"}}), run::UnknownKnob);
  EXPECT_THROW(request_for({"SB+nothing"}, {}), SelectionError);
}

TEST(RunRequest, KnobsAreCheckedAgainstEveryTestBeforeAnythingRuns) {
  EXPECT_NO_THROW(request_for({"IRIW+rlx"}, {{"first", "3"}}));
  EXPECT_EQ(refusal({"IRIW+rlx", "SB+rlx"}, {{"first", "3"}}),
            "--first 3, but 'SB+rlx' has 2 threads");
  EXPECT_EQ(refusal({"SB+rlx"}, {{"chunk", "1001"}, {"mode", "perpetual"}}),
            "--chunk (1001) must be a multiple of --lanes (2)");
}

TEST(RunRequest, OptionsAreNamedOnceApartFromTheKnobs) {
  std::set<std::string_view> names;
  for (const RunOption& option : run_options()) {
    EXPECT_TRUE(names.insert(option.name).second) << option.name;
    EXPECT_FALSE(option.help.empty()) << option.name;
  }
  for (const run::Knob& knob : run::knobs()) EXPECT_FALSE(names.contains(knob.name)) << knob.name;
  EXPECT_TRUE(names.contains(arm_acquire_option().name));
}

TEST(Models, SelectionByName) {
  EXPECT_EQ(select_models("all"), model::model_names());
  EXPECT_EQ(select_models("rc11"), std::vector<std::string>{"rc11"});
  try {
    select_models("tso");
    ADD_FAILURE() << "tso was taken";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "unknown model 'tso' (valid: sc, x86-tso, armv8, cpp, rc11, all)");
  }
  const TestHandle sb = resolve_test("SB+rlx", Purpose::inspect, "model");
  const ModelEvaluation all = evaluate_models(sb->test, "all", {});
  ASSERT_EQ(all.results.size(), model::model_names().size());
  for (std::size_t i = 0; i < all.results.size(); ++i) {
    EXPECT_EQ(all.results[i].model, model::model_names()[i]);
    EXPECT_EQ(all.results[i].incomplete, "");
  }
  EXPECT_TRUE(all.limits.empty());
  EXPECT_FALSE(all.interrupted);
  EXPECT_TRUE(parse_arm_acquire("ldapr", "--arm-acquire").arm_rcpc);
  EXPECT_FALSE(parse_arm_acquire("ldar", "--arm-acquire").arm_rcpc);
}

TEST(Models, ALimitKeepsEachSearchsResultAndAStopEndsThem) {
  const TestHandle sb = resolve_test("SB+rlx", Purpose::inspect, "model");
  model::ModelOptions options;
  options.max_seconds = 1e-9;  // reached at the first look at the clock
  const ModelEvaluation limited = evaluate_models(sb->test, "all", options);
  ASSERT_EQ(limited.results.size(), model::model_names().size());
  ASSERT_EQ(limited.limits.size(), model::model_names().size());
  EXPECT_FALSE(limited.interrupted);
  for (const model::ModelResult& r : limited.results)
    EXPECT_TRUE(r.incomplete.starts_with("time limit of 1e-09 s reached after ")) << r.incomplete;
  EXPECT_TRUE(limited.limits[0].starts_with("SB+rlx under sc: time limit")) << limited.limits[0];

  options.max_seconds = 0;
  options.stop_requested = [] { return true; };
  const ModelEvaluation stopped = evaluate_models(sb->test, "all", options);
  EXPECT_TRUE(stopped.interrupted);
  ASSERT_EQ(stopped.results.size(), 1u);  // the later models never start
  EXPECT_TRUE(stopped.results[0].incomplete.starts_with("interrupted after "));
}

TEST(RunSuite, RunsSummarisesAndGradesEachTest) {
  const RunRequest request =
      request_for({"MP+rlx", "SB+sc"}, {{"iterations", "3000"}, {"batch", "100"}});
  std::vector<std::string> events;
  SuiteHooks hooks;
  hooks.started = [&](const report::ResultsDocument& document) {
    EXPECT_TRUE(document.runs.empty());
    EXPECT_FALSE(document.host.arch.empty());
    events.push_back("started");
  };
  hooks.test_starting = [&](std::size_t index, const catalogue::RunnableTest& test) {
    events.push_back(std::to_string(index) + " " + test.test.name);
  };
  hooks.test_finished = [&](const report::TestRun& record) { events.push_back(record.test); };
  const report::ResultsDocument document = run_suite(request, hooks);
  EXPECT_EQ(events,
            (std::vector<std::string>{"started", "0 MP+rlx", "MP+rlx", "1 SB+sc", "SB+sc"}));
  EXPECT_FALSE(document.interrupted);
  ASSERT_EQ(document.runs.size(), 2u);
  for (const report::TestRun& record : document.runs) {
    EXPECT_EQ(record.iterations, 3000u);
    EXPECT_EQ(record.config.at("batch"), "100");
    std::uint64_t sum = 0;
    for (const report::Outcome& outcome : record.outcomes) {
      sum += outcome.count;
      // Graded like the CLI's runs: every state against cpp, at least.
      EXPECT_TRUE(outcome.allowed.contains("cpp")) << report::state_text(outcome.state);
    }
    EXPECT_EQ(sum, 3000u);
    EXPECT_TRUE(record.forbidden_observed.has_value());
    EXPECT_TRUE(record.notes.empty());
  }
}

TEST(RunSuite, AStopRequestEndsTheSuiteAndIsNoted) {
  const RunRequest request = request_for({"SB+rlx", "MP+rlx"}, {{"seconds", "600"}});
  int polls = 0;
  SuiteHooks hooks;
  hooks.stop_requested = [&] { return ++polls > 1; };  // after the check before the first test
  const report::ResultsDocument document = run_suite(request, hooks);
  EXPECT_TRUE(document.interrupted);
  ASSERT_EQ(document.runs.size(), 1u);  // MP+rlx never started
  // Auto mode also notes how far it got; the stop is the last note.
  ASSERT_FALSE(document.runs[0].notes.empty());
  EXPECT_NE(document.runs[0].notes.back().find("interrupted"), std::string::npos);
}

TEST(RunSuite, AStopBetweenTestsStartsNoNewOne) {
  const RunRequest request = request_for({"SB+rlx", "MP+rlx"}, {{"iterations", "1000"}});
  bool finished_one = false;
  SuiteHooks hooks;
  hooks.stop_requested = [&] { return finished_one; };
  hooks.test_finished = [&](const report::TestRun&) { finished_one = true; };
  const report::ResultsDocument document = run_suite(request, hooks);
  EXPECT_TRUE(document.interrupted);
  ASSERT_EQ(document.runs.size(), 1u);
  EXPECT_EQ(document.runs[0].iterations, 1000u);  // the first ran to the end
  EXPECT_TRUE(document.runs[0].notes.empty());
}

TEST(RunSuite, AStopAfterTheLastTestStillMarksTheDocument) {
  const RunRequest request = request_for({"SB+rlx"}, {{"iterations", "1000"}});
  bool finished = false;
  SuiteHooks hooks;
  hooks.stop_requested = [&] { return finished; };
  hooks.test_finished = [&](const report::TestRun&) { finished = true; };
  const report::ResultsDocument document = run_suite(request, hooks);
  EXPECT_TRUE(document.interrupted);
  ASSERT_EQ(document.runs.size(), 1u);
  EXPECT_EQ(document.runs[0].iterations, 1000u);
  ASSERT_EQ(document.runs[0].notes.size(), 1u);
  EXPECT_EQ(document.runs[0].notes[0],
            "interrupted after this test finished: its counts are whole, and no test was left "
            "to run");
}

Failure classified(const std::function<void()>& thrower) {
  try {
    thrower();
  } catch (...) {
    return classify(std::current_exception());
  }
  return {ExitStatus::ok, "nothing thrown"};
}

TEST(ExitStatuses, FailuresAreSortedIntoTheTable) {
  // Bad input: what the user wrote.
  EXPECT_EQ(classified([] { request_for({"SB+nothing"}, {}); }).status, ExitStatus::bad_input);
  EXPECT_EQ(classified([] {
              request_for({"SB+rlx"}, {{"batch", "0"}});
            }).status,
            ExitStatus::bad_input);
  EXPECT_EQ(classified([] { format::parse_test("C x\n{", "t.litmus"); }).status,
            ExitStatus::bad_input);
  EXPECT_EQ(classified([] { report::parse_results("{}", "r.json"); }).status,
            ExitStatus::bad_input);
  // Resource limits: nothing wrong with the input.
  const Failure memory = classified([] { throw std::bad_alloc(); });
  EXPECT_EQ(memory.status, ExitStatus::limit_reached);
  EXPECT_EQ(memory.message, "out of memory");
  EXPECT_EQ(
      classified([] { std::vector<int>().reserve(std::vector<int>().max_size() + 1); }).status,
      ExitStatus::limit_reached);
  EXPECT_EQ(classified([] {
              throw std::system_error(
                  std::make_error_code(std::errc::resource_unavailable_try_again), "thread");
            }).status,
            ExitStatus::limit_reached);
  EXPECT_EQ(classified([] { throw ResourceLimit("T under cpp: out of memory"); }).status,
            ExitStatus::limit_reached);
  // Anything else is a bug, and says so.
  const Failure bug = classified([] { throw std::logic_error("a run mode missing"); });
  EXPECT_EQ(bug.status, ExitStatus::internal_error);
  EXPECT_EQ(bug.message, "internal error: a run mode missing");
  EXPECT_EQ(classified([] { throw 42; }).status, ExitStatus::internal_error);
}

TEST(ExitStatuses, EachStatusIsDefinedOnceAndListedInTheHelp) {
  std::set<int> codes;
  std::set<std::string_view> names;
  for (const ExitStatusInfo& info : exit_statuses()) {
    EXPECT_TRUE(codes.insert(code(info.status)).second) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_LT(code(info.status), kSignalExitBase);
  }
  EXPECT_EQ(codes, (std::set<int>{0, 1, 2, 3, 4, 5}));
  std::string help = exit_status_help();
  std::replace(help.begin(), help.end(), '\n', ' ');
  for (const ExitStatusInfo& info : exit_statuses())
    EXPECT_NE(help.find(std::to_string(code(info.status)) + " " + std::string(info.meaning)),
              std::string::npos)
        << help;
  std::istringstream lines(exit_status_help());
  for (std::string line; std::getline(lines, line);)
    EXPECT_LE(line.size(), 90u) << "a --help line is too long: " << line;
}

}  // namespace
}  // namespace litmuslab::frontend
