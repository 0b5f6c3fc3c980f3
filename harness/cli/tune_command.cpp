// litmuslab tune TEST: which knobs give the most condition matches per second.
#include <cstdio>
#include <iostream>
#include <optional>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/run_summary.hpp"
#include "litmuslab/topology.hpp"
#include "litmuslab/tuner.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

struct TuneCommandOptions {
  std::string test;
  run::TuneOptions tune;
};

std::optional<TuneCommandOptions> parse_tune_options(const std::vector<std::string>& args) {
  char least[32];
  std::snprintf(least, sizeof least, "%g", run::kMinTrialSeconds);
  const std::string seconds_help =
      "the budget of the whole command: every trial of the search and the final comparison with "
      "the defaults, each run's start-up included. A budget too short to give every run " +
      std::string(least) + " s is refused, with the least the test needs";
  po::options_description options("tune options");
  // clang-format off
  options.add_options()
      ("test", po::value<std::string>(), "the test to tune for: a catalogue name or file")
      ("seconds,s", po::value<std::string>()->default_value("20"), seconds_help.c_str())
      ("cpus", po::value<std::string>(), "CPUs to pin threads to, e.g. 0,1 (default: all allowed)");
  // clang-format on
  po::positional_options_description positional;
  positional.add("test", 1);
  po::variables_map values;
  if (!parse_command_line("tune", "TEST [--seconds S] [--cpus LIST]", options, positional, args,
                          values, std::cout))
    return std::nullopt;
  if (!values.count("test")) throw UsageError("name the test to tune for");
  TuneCommandOptions o;
  o.test = values["test"].as<std::string>();
  try {
    o.tune.seconds = run::parse_seconds(values["seconds"].as<std::string>(), "--seconds");
    if (values.count("cpus"))
      o.tune.cpus = run::parse_cpu_list(values["cpus"].as<std::string>(), run::allowed_cpus());
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  return o;
}

std::string rates(double matches, double iterations) {
  return report::format_rate(matches) + " matches, " + report::format_rate(iterations) +
         " iterations";
}

}  // namespace

int tune_command(const std::vector<std::string>& args) {
  std::optional<TuneCommandOptions> parsed = parse_tune_options(args);
  if (!parsed) return kExitOk;
  TuneCommandOptions& o = *parsed;
  frontend::TestHandle handle;
  try {
    handle = frontend::resolve_test(o.test, frontend::Purpose::run, "tune");
  } catch (const frontend::SelectionError& error) {
    throw UsageError(error.what());
  }
  const catalogue::RunnableTest& entry = *handle;
  if (const std::string problem = run::tune_budget_problem(
          entry.test, run::plan_tune(entry.test, *entry.kernels), o.tune.seconds, "--seconds");
      !problem.empty())
    throw UsageError(problem);

  InterruptGuard interrupt;
  o.tune.stop_requested = [&] { return interrupt.requested(); };
  std::cout << "Tuning " << entry.test.name << " for " << o.tune.seconds
            << " s: condition matches per second (iterations per second break ties)\n";
  o.tune.on_trial = [](const run::TuneTrial& trial) {
    char line[64];
    std::snprintf(line, sizeof(line), "%12s %12s  ",
                  report::format_rate(trial.match_rate()).c_str(),
                  report::format_rate(trial.iteration_rate()).c_str());
    std::cout << line << run::run_arguments(trial.config)
              << (trial.mode == trial.config.mode ? ""
                                                  : "  (ran " + run::to_string(trial.mode) + ")")
              << "\n"
              << std::flush;
  };
  std::cout << "     matches   iterations  configuration\n";
  const run::TuneResult result = run::tune(entry.test, *entry.kernels, o.tune);
  if (result.interrupted) {
    std::cerr << "litmuslab tune: interrupted\n";
    return 128 + interrupt.signal_number();
  }
  if (result.budget_ran_out)
    std::cout << "\nThe budget ran out before every run was made: " << result.trials.size()
              << " trials, " << result.confirmation_runs << " comparison runs of each.\n";
  if (result.trials.empty()) return kExitOk;
  if (!result.condition_seen)
    std::cout << "\nNo trial matched the condition, so the ranking is by iterations per second.\n";
  if (result.confirmation_runs == 0) {
    std::cout << "\nBest of the search (not compared with the defaults: no budget was left):\n"
              << "Reproduce: litmuslab run " << entry.test.name << " "
              << run::run_arguments(result.best) << "\n";
    return kExitOk;
  }
  std::cout << "\nBest:     " << run::run_arguments(result.best) << "\n"
            << "Compared with the defaults (" << run::to_string(result.defaults.mode)
            << " mode), alternately, " << result.confirmation_runs << " runs each (medians):\n"
            << "  best      " << rates(result.best_match_rate, result.best_iteration_rate) << "\n"
            << "  defaults  " << rates(result.default_match_rate, result.default_iteration_rate)
            << "\n";
  if (result.ratio_meaningful()) {
    char ratio[64];
    std::snprintf(ratio, sizeof(ratio), "  %.2fx the defaults' match rate\n",
                  result.best_match_rate / result.default_match_rate);
    std::cout << ratio;
  } else if (result.condition_seen) {
    std::cout << "  no ratio: the comparison runs matched " << result.best_matches << " and "
              << result.default_matches << " times, and a ratio needs " << run::kMinMatchesForRatio
              << " matches on each side in at least 3 runs\n";
  }
  std::cout << "Reproduce: litmuslab run " << entry.test.name << " "
            << run::run_arguments(result.best) << "\n";
  return kExitOk;
}

}  // namespace litmuslab::cli
