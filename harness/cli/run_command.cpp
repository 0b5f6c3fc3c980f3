#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/results_file.hpp"
#include "litmuslab/run_summary.hpp"
#include "litmuslab/topology.hpp"
#include "progress_bar.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

constexpr const char* kDefaultIterations = "10000000";

struct RunOptions {
  std::vector<std::string> tests;
  run::RunConfig config;
  std::string mode = "batched";
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
  po::options_description options("run options");
  options.add_options()
      ("test", po::value<std::vector<std::string>>(), "test names, globs (SB+*) or catalogue paths")
      ("iterations,n", po::value<std::string>(),
       "instances to run per test (default 10000000)")
      ("seconds,s", po::value<std::string>(), "run each test for this long instead")
      ("cpus", po::value<std::string>(), "CPUs to pin threads to, e.g. 0,1 or 0-3 (default: all allowed)")
      ("mode", po::value<std::string>()->default_value("batched"), "run mode: batched")
      ("batch", po::value<std::string>()->default_value("8192"), "instances per batch")
      ("layout", po::value<std::string>()->default_value("shared-line"),
       "memory layout: shared-line, line-per-instance, arrays, padded")
      ("json", po::value<std::string>(), "write results to PATH (or - for stdout)")
      ("emulated", po::value<std::string>()->default_value("auto"),
       "label the host as emulated: auto, yes or no")
      ("no-progress", "never draw the progress bar")
      ("quiet,q", "do not print histograms");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("run", "[TEST|GLOB|FILE ...] [options]", options, positional, args,
                          values, std::cout))
    return std::nullopt;

  RunOptions o;
  if (values.count("test")) o.tests = values["test"].as<std::vector<std::string>>();
  if (values.count("iterations") && values.count("seconds"))
    throw UsageError("give --iterations or --seconds, not both");
  if (values.count("seconds")) {
    o.config.seconds = usage_checked(
        [&] { return run::parse_seconds(values["seconds"].as<std::string>(), "--seconds"); });
  } else {
    const std::string text =
        values.count("iterations") ? values["iterations"].as<std::string>() : kDefaultIterations;
    o.config.iterations = usage_checked([&] { return run::parse_count(text, "--iterations"); });
  }
  if (values.count("cpus"))
    o.config.cpus = usage_checked([&] {
      return run::parse_cpu_list(values["cpus"].as<std::string>(), run::allowed_cpus());
    });
  o.mode = values["mode"].as<std::string>();
  if (o.mode != "batched") throw UsageError("unknown --mode '" + o.mode + "' (valid: batched)");
  o.config.batch = usage_checked([&] { return run::BatchSize::parse(values["batch"].as<std::string>()); });
  o.config.layout = usage_checked([&] { return run::parse_layout(values["layout"].as<std::string>()); });
  if (values.count("json")) o.json = values["json"].as<std::string>();
  const std::string emulated = values["emulated"].as<std::string>();
  if (emulated == "yes") {
    o.emulated = true;
  } else if (emulated == "no") {
    o.emulated = false;
  } else if (emulated != "auto") {
    throw UsageError("--emulated must be auto, yes or no, not '" + emulated + "'");
  }
  o.progress = !values.count("no-progress");
  o.quiet = values.count("quiet") > 0;
  return o;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  const std::optional<RunOptions> parsed = parse_run_options(args);
  if (!parsed) return kExitOk;
  const RunOptions& o = *parsed;

  std::vector<const report::CatalogueTest*> tests;
  try {
    tests = report::select_tests(report::Catalogue::compiled(), o.tests);
  } catch (const report::SelectionError& error) {
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

  report::ResultsDocument document;
  document.created = report::utc_timestamp_now();
  document.host = report::describe_host(o.emulated);
  document.build = report::describe_build();

  ProgressBar bar(o.progress && stderr_is_terminal());
  run::RunHooks hooks;
  hooks.stop_requested = [&] { return interrupt.requested(); };
  hooks.progress = [&](const run::Progress& p) { bar.update(p); };

  for (const report::CatalogueTest* entry : tests) {
    if (interrupt.requested()) {  // arrived between tests: start no new one
      document.interrupted = true;
      break;
    }
    bar.set_label(entry->test.name);
    const run::RunOutput output = run::run_batched(entry->test, *entry->kernels, o.config, hooks);
    bar.clear();
    report::TestRun test_run = report::summarize(entry->test, *entry->kernels, output, o.mode);
    if (output.interrupted) test_run.notes.push_back("interrupted: counts cover the instances run before the signal");
    if (!o.quiet) tables << report::histogram_table(test_run) << "\n" << std::flush;
    if (output.oversubscribed)
      std::cerr << "litmuslab run: warning: " << entry->test.name << " has "
                << entry->test.threads.size() << " threads but only "
                << run::format_cpu_list(o.config.cpus.empty() ? run::allowed_cpus() : o.config.cpus)
                << " to run them on; threads share CPUs (oversubscribed)\n";
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
  return kExitOk;
}

}  // namespace litmuslab::cli
