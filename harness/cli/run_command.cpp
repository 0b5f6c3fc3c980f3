#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/measurement.hpp"
#include "litmuslab/results_file.hpp"
#include "litmuslab/run_summary.hpp"
#include "litmuslab/topology.hpp"
#include "progress_bar.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

struct RunOptions {
  std::vector<std::string> tests;
  frontend::RunSettings settings;   // iterations, CPUs, every knob and the grading options
  std::optional<std::string> json;  // path, or "-" for stdout
  std::optional<bool> emulated;
  bool progress = true;
  bool quiet = false;
};

// Every knob error is a usage error, with the knob's own message.
template <class F>
auto usage_checked(F&& parse) {
  try {
    return parse();
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

std::optional<RunOptions> parse_run_options(const std::vector<std::string>& args) {
  const std::string iterations_help =
      "instances to run per test (default " + std::to_string(frontend::kDefaultIterations) + ")";
  po::options_description options("run options");
  options.add_options()("test", po::value<std::vector<std::string>>(),
                        "test names, globs (SB+*) or catalogue paths")(
      "iterations,n", po::value<std::string>(), iterations_help.c_str())(
      "seconds,s", po::value<std::string>(), "run each test for this long instead")(
      "cpus", po::value<std::string>(),
      "CPUs to pin threads to, e.g. 0,1 or 0-3 (default: all allowed)");
  // The knobs come from the table the Python module also uses.
  for (const run::Knob& knob : run::knobs())
    options.add_options()(std::string(knob.name).c_str(),
                          po::value<std::string>()->default_value(knob.default_text()),
                          knob.help_text().c_str());
  options.add_options()("json", po::value<std::string>(),
                        "write results to PATH (or - for stdout)")(
      "emulated", po::value<std::string>()->default_value("auto"),
      "label the host as emulated: auto, yes or no")(
      "arm-acquire", po::value<std::string>()->default_value("ldar"),
      "how armv8 grades acquire loads: ldar, or ldapr (RCpc)")(
      "no-progress", "never draw the progress bar")("quiet,q", "do not print histograms");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("run", "[TEST|GLOB|FILE ...] [options]", options, positional, args,
                          values, std::cout))
    return std::nullopt;

  RunOptions o;
  run::RunConfig& config = o.settings.config;
  if (values.count("test")) o.tests = values["test"].as<std::vector<std::string>>();
  if (values.count("iterations") && values.count("seconds"))
    throw UsageError("give --iterations or --seconds, not both");
  if (values.count("seconds")) {
    config.seconds = usage_checked(
        [&] { return run::parse_seconds(values["seconds"].as<std::string>(), "--seconds"); });
  } else {
    const std::string text = values.count("iterations")
                                 ? values["iterations"].as<std::string>()
                                 : std::to_string(frontend::kDefaultIterations);
    config.iterations = usage_checked([&] { return run::parse_count(text, "--iterations"); });
  }
  if (values.count("cpus"))
    config.cpus = usage_checked(
        [&] { return run::parse_cpu_list(values["cpus"].as<std::string>(), run::allowed_cpus()); });
  for (const run::Knob& knob : run::knobs())
    usage_checked([&] {
      run::set_knob(config, knob.name, values[std::string(knob.name)].as<std::string>());
      return true;
    });
  if (values.count("json")) o.json = values["json"].as<std::string>();
  const std::string emulated = values["emulated"].as<std::string>();
  if (emulated == "yes") {
    o.emulated = true;
  } else if (emulated == "no") {
    o.emulated = false;
  } else if (emulated != "auto") {
    throw UsageError("--emulated must be auto, yes or no, not '" + emulated + "'");
  }
  const std::string arm_acquire = values["arm-acquire"].as<std::string>();
  if (arm_acquire != "ldar" && arm_acquire != "ldapr")
    throw UsageError("--arm-acquire must be ldar or ldapr, not '" + arm_acquire + "'");
  o.settings.model_options.arm_rcpc = arm_acquire == "ldapr";
  o.progress = !values.count("no-progress");
  o.quiet = values.count("quiet") > 0;
  return o;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  const std::optional<RunOptions> parsed = parse_run_options(args);
  if (!parsed) return kExitOk;
  const RunOptions& o = *parsed;

  std::vector<const catalogue::RunnableTest*> tests;
  try {
    tests = catalogue::select_tests(catalogue::Catalogue::compiled(), o.tests);
  } catch (const catalogue::SelectionError& error) {
    throw UsageError(error.what());
  }
  if (tests.empty()) throw UsageError("no tests selected");

  // Catch signals before the temporary file exists, so one cannot kill us
  // between creating and removing it.
  InterruptGuard interrupt;
  // Open the output first: a path we cannot write fails now, not after the run.
  std::unique_ptr<report::ResultsFile> results_file;
  if (o.json && *o.json != "-") {
    try {
      results_file = std::make_unique<report::ResultsFile>(*o.json);
    } catch (const report::ResultsFileError& error) {
      throw UsageError(error.what());
    }
  }
  // With JSON on stdout, the tables go to stderr so stdout stays parseable.
  std::ostream& tables = (o.json && *o.json == "-") ? std::cerr : std::cout;

  report::ResultsDocument document = frontend::start_results_document(o.emulated);
  if (const std::string note = report::emulation_note(document.host); !note.empty())
    tables << "Note: " << note << "\n\n";
  bool forbidden_seen = false;

  ProgressBar bar(o.progress && stderr_is_terminal());
  run::RunHooks hooks;
  hooks.stop_requested = [&] { return interrupt.requested(); };
  hooks.progress = [&](const run::Progress& p) { bar.update(p); };

  for (std::size_t index = 0; index < tests.size(); ++index) {
    const catalogue::RunnableTest* entry = tests[index];
    if (interrupt.requested()) {  // arrived between tests: start no new one
      document.interrupted = true;
      break;
    }
    bar.set_label(std::to_string(index + 1) + "/" + std::to_string(tests.size()) + " " +
                  entry->test.name);
    auto [output, test_run] = frontend::measure_test(*entry, o.settings, hooks);
    bar.clear();
    if (test_run.forbidden_observed.value_or(false)) forbidden_seen = true;
    if (output.oversubscribed)
      std::cerr << "litmuslab run: warning: " << entry->test.name << " has "
                << entry->test.threads.size() << " threads but only CPUs "
                << run::format_cpu_list(o.settings.config.cpus.empty() ? run::allowed_cpus()
                                                                       : o.settings.config.cpus)
                << " to run them on; threads share CPUs (oversubscribed)\n";
    if (!o.quiet) tables << report::histogram_table(test_run) << "\n" << std::flush;
    document.runs.push_back(std::move(test_run));
    if (output.interrupted) {
      document.interrupted = true;
      break;
    }
  }

  const std::string json = report::to_json(document);
  if (o.json && *o.json == "-") {
    std::cout << json << std::flush;
  } else if (results_file) {
    try {
      results_file->commit(json);
    } catch (const report::ResultsFileError& error) {
      throw OutputError(error.what());
    }
    std::cerr << "litmuslab run: wrote " << results_file->target().string() << "\n";
  }
  if (document.interrupted) {
    std::cerr << "litmuslab run: interrupted; kept the counts so far"
              << (results_file ? " in " + results_file->target().string() : "") << "\n";
    return 128 + interrupt.signal_number();
  }
  if (forbidden_seen) {
    std::cerr << "litmuslab run: RED FLAG: a state forbidden on this host was observed\n";
    if (document.host.emulated)
      std::cerr << "litmuslab run: the CPU is emulated, so this points at the emulator's memory "
                   "ordering, not at "
                << document.host.arch << " hardware\n";
    return kExitForbiddenObserved;
  }
  return kExitOk;
}

}  // namespace litmuslab::cli
