// A run request from option text: the options that are not knobs, and the
// checks that need the whole request.
#include <algorithm>

#include "litmuslab/frontend.hpp"
#include "litmuslab/topology.hpp"

namespace litmuslab::frontend {
namespace {

constexpr std::string_view kIterations = "iterations";
constexpr std::string_view kSeconds = "seconds";

std::vector<RunOption> make_options() {
  using Group = RunOption::Group;
  std::vector<RunOption> all;
  all.push_back({kIterations, 'n', Group::budget,
                 "instances to run per test (default " + std::to_string(kDefaultIterations) + ")",
                 std::nullopt,
                 [](RunRequest& request, std::string_view text, const std::string& option) {
                   request.config.iterations = run::parse_count(text, option);
                 }});
  all.push_back({kSeconds, 's', Group::budget, "run each test for this long instead", std::nullopt,
                 [](RunRequest& request, std::string_view text, const std::string& option) {
                   request.config.seconds = run::parse_seconds(text, option);
                 }});
  all.push_back({"cpus", 0, Group::budget,
                 "CPUs to pin threads to, e.g. 0,1 or 0-3 (default: all allowed)", std::nullopt,
                 [](RunRequest& request, std::string_view text, const std::string&) {
                   request.config.cpus = run::parse_cpu_list(text, run::allowed_cpus());
                 }});
  all.push_back({"emulated", 0, Group::grading, "label the host as emulated: auto, yes or no",
                 "auto", [](RunRequest& request, std::string_view text, const std::string& option) {
                   if (text == "auto") {
                     request.emulated.reset();
                   } else if (text == "yes" || text == "no") {
                     request.emulated = text == "yes";
                   } else {
                     throw std::invalid_argument(option + " must be auto, yes or no, not '" +
                                                 std::string(text) + "'");
                   }
                 }});
  all.push_back(arm_acquire_option());
  all.push_back(max_seconds_option());
  return all;
}

// Option names arrive as typed: "arm-acquire" from the CLI, "arm_acquire" from Python.
bool same_name(std::string_view typed, std::string_view name) {
  return typed.size() == name.size() &&
         std::equal(typed.begin(), typed.end(), name.begin(),
                    [](char a, char b) { return (a == '_' ? '-' : a) == b; });
}

}  // namespace

const RunOption& arm_acquire_option() {
  static const RunOption option{
      "arm-acquire",
      0,
      RunOption::Group::grading,
      "how armv8 grades acquire loads: ldar, or ldapr (RCpc)",
      "ldar",
      [](RunRequest& request, std::string_view text, const std::string& option) {
        request.grading = parse_arm_acquire(text, option);
      }};
  return option;
}

const RunOption& max_seconds_option() {
  static const RunOption option{
      "max-seconds",
      0,
      RunOption::Group::grading,
      "stop a model's search of one test after this many seconds, 0 for no limit (reaching it "
      "keeps what was found and exits with status 4)",
      std::to_string(static_cast<int>(model::kDefaultMaxSeconds)),
      [](RunRequest& request, std::string_view text, const std::string& option) {
        request.grading.max_seconds = text == "0" ? 0 : run::parse_time_limit(text, option);
      }};
  return option;
}

const std::vector<RunOption>& run_options() {
  static const std::vector<RunOption> all = make_options();
  return all;
}

RunRequest make_run_request(const std::vector<std::string>& tests,
                            const std::vector<std::pair<std::string, std::string>>& options,
                            run::Spelling spelling, const ResolveOptions& resolving) {
  const auto given = [&](std::string_view name) {
    return std::any_of(options.begin(), options.end(),
                       [&](const auto& option) { return same_name(option.first, name); });
  };
  // Said first, whatever else is wrong with the values.
  if (given(kIterations) && given(kSeconds))
    throw ConflictingOptions("give " + run::spelled(kIterations, spelling) + " or " +
                             run::spelled(kSeconds, spelling) + ", not both");
  RunRequest request;
  if (!given(kSeconds)) request.config.iterations = kDefaultIterations;
  for (const auto& [name, text] : options) {
    const auto option = std::find_if(run_options().begin(), run_options().end(),
                                     [&](const RunOption& o) { return same_name(name, o.name); });
    if (option != run_options().end())
      option->parse(request, text, run::spelled(option->name, spelling));
    else
      run::set_knob(request.config, name, text, spelling);
  }
  ResolveOptions compiling = resolving;
  compiling.cxx = request.config.cxx;
  compiling.cxxflags = request.config.cxxflags;
  compiling.spelling = spelling;
  Resolution resolution = resolve(tests, Purpose::run, compiling);
  request.tests = std::move(resolution.tests);
  request.failed = std::move(resolution.failed);
  for (const TestHandle& test : request.tests)
    run::check_knobs(request.config, test->test, spelling);
  return request;
}

}  // namespace litmuslab::frontend
