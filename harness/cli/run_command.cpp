// litmuslab run: the options as frontend::run_options() and run::knobs()
// describe them, the suite run by frontend::run_suite, and what the CLI adds:
// tables on stdout, a progress bar, signals and the results file. Files
// outside the catalogue are compiled on demand (frontend::resolve), and a
// run of several tests ends with a summary table.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/grading.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/results_file.hpp"
#include "litmuslab/run_summary.hpp"
#include "litmuslab/suite_summary.hpp"
#include "litmuslab/topology.hpp"
#include "progress_bar.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

struct RunCommandOptions {
  frontend::RunRequest request;
  std::vector<std::string> tests;   // as typed: the files among them are inputs
  std::optional<std::string> json;  // path, or "-" for stdout
  bool progress = true;
  bool quiet = false;
};

void add_run_options(po::options_description& options, frontend::RunOption::Group group) {
  for (const frontend::RunOption& option : frontend::run_options()) {
    if (option.group != group) continue;
    std::string name(option.name);
    if (option.short_name) name += std::string(",") + option.short_name;
    po::typed_value<std::string>* value = po::value<std::string>();
    if (option.default_text) value->default_value(*option.default_text);
    options.add_options()(name.c_str(), value, option.help.c_str());
  }
}

std::optional<RunCommandOptions> parse_run_options(const std::vector<std::string>& args) {
  using Group = frontend::RunOption::Group;
  po::options_description options("run options");
  options.add_options()("test", po::value<std::vector<std::string>>(),
                        "test names, globs (SB+*), .litmus files or folders of them");
  add_run_options(options, Group::budget);
  for (const run::Knob& knob : run::knobs())
    options.add_options()(std::string(knob.name).c_str(),
                          po::value<std::string>()->default_value(knob.default_text()),
                          knob.help_text().c_str());
  options.add_options()("json", po::value<std::string>(),
                        "write results to PATH (or - for stdout)");
  add_run_options(options, Group::grading);
  options.add_options()("no-progress", "never draw the progress bar")("quiet,q",
                                                                      "do not print histograms");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("run", "[TEST|GLOB|FILE|DIR ...] [options]", options, positional, args,
                          values, std::cout))
    return std::nullopt;

  std::vector<std::pair<std::string, std::string>> given;
  for (const frontend::RunOption& option : frontend::run_options())
    if (const std::string name(option.name); values.count(name))
      given.emplace_back(name, values[name].as<std::string>());
  for (const run::Knob& knob : run::knobs())
    if (const std::string name(knob.name); values.count(name))
      given.emplace_back(name, values[name].as<std::string>());
  const std::vector<std::string> tests = values.count("test")
                                             ? values["test"].as<std::vector<std::string>>()
                                             : std::vector<std::string>{};
  RunCommandOptions o;
  o.tests = tests;
  frontend::ResolveOptions resolving;
  resolving.progress = [](const std::string& line) {
    std::cerr << "litmuslab run: " << line << "\n";
  };
  resolving.note = [](const std::string& line) {
    std::cerr << "litmuslab run: note: " << line << "\n";
  };
  try {
    o.request = frontend::make_run_request(tests, given, run::Spelling::option, resolving);
  } catch (const frontend::SelectionError& error) {
    throw UsageError(error.what());
  } catch (const std::invalid_argument& error) {  // every knob and option error
    throw UsageError(error.what());
  }
  if (values.count("json")) o.json = values["json"].as<std::string>();
  o.progress = !values.count("no-progress");
  o.quiet = values.count("quiet") > 0;
  return o;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  const std::optional<RunCommandOptions> parsed = parse_run_options(args);
  if (!parsed) return kExitOk;
  const RunCommandOptions& o = *parsed;
  const frontend::RunRequest& request = o.request;

  // Catch signals before the temporary file exists, so one cannot kill us
  // between creating and removing it.
  InterruptGuard interrupt;
  // Open the output first: a path we cannot write fails now, not after the
  // run, and so does a path that is one of the test files.
  std::unique_ptr<report::ResultsFile> results_file;
  if (o.json && *o.json != "-") {
    report::OutputOptions output;
    for (const std::string& test : o.tests)
      if (frontend::looks_like_path(test)) output.inputs.emplace_back(test);
    try {
      results_file = interrupt.open_output(*o.json, std::move(output));
    } catch (const report::ResultsFileError& error) {
      throw UsageError(error.what());
    }
  }
  // With JSON on stdout, the tables go to stderr so stdout stays parseable.
  std::ostream& tables = (o.json && *o.json == "-") ? std::cerr : std::cout;
  // Files that cannot run are said now; the rest run, and the summary lists them too.
  for (const report::FailedFile& failed : request.failed) {
    std::cerr << failed.error << "\n";
    std::size_t start = 0;
    while (start < failed.compiler_output.size()) {
      const std::size_t end =
          std::min(failed.compiler_output.find('\n', start), failed.compiler_output.size());
      std::cerr << "  " << failed.compiler_output.substr(start, end - start) << "\n";
      start = end + 1;
    }
  }

  bool forbidden_seen = false;
  bool ungraded = false;  // a model limit left some test's counts without verdicts
  ProgressBar bar(o.progress && stderr_is_terminal());
  frontend::SuiteHooks hooks;
  hooks.stop_requested = [&] { return interrupt.requested(); };
  hooks.progress = [&](const run::Progress& p) { bar.update(p); };
  hooks.started = [&](const report::ResultsDocument& document) {
    // The note heads the histograms; -q prints none, so it goes to stderr
    // with the other notes and leaves stdout to what the user asked for.
    if (const std::string note = report::emulation_note(document.host); !note.empty())
      (o.quiet ? std::cerr : tables) << "Note: " << note << "\n\n";
  };
  hooks.test_starting = [&](std::size_t index, const catalogue::RunnableTest& test) {
    bar.set_label(std::to_string(index + 1) + "/" + std::to_string(request.tests.size()) + " " +
                  test.test.name);
  };
  hooks.test_finished = [&](const report::TestRun& record) {
    bar.clear();
    if (record.forbidden_observed.value_or(false)) forbidden_seen = true;
    if (record.graded_models.empty()) {
      ungraded = true;
      for (const std::string& note : record.notes)
        if (note.starts_with(report::kNotGraded)) std::cerr << "litmuslab run: " << note << "\n";
    }
    if (record.oversubscribed)
      std::cerr << "litmuslab run: warning: " << record.test << " has " << record.threads
                << " threads but only CPUs "
                << run::format_cpu_list(request.config.cpus.empty() ? run::allowed_cpus()
                                                                    : request.config.cpus)
                << " to run them on; threads share CPUs (oversubscribed)\n";
    if (!o.quiet) tables << report::histogram_table(record) << "\n" << std::flush;
  };
  report::ResultsDocument document = frontend::run_suite(request, hooks);
  // A signal after the last test's final poll: the counts are whole, but the
  // run was asked to stop, so it says so and does not end 0.
  if (interrupt.requested() && !document.interrupted) frontend::mark_stopped_after(document);
  if (request.tests.size() + request.failed.size() > 1 && !document.interrupted)
    tables << report::suite_table(document) << std::flush;

  const std::string json = report::to_json(document);
  if (o.json && *o.json == "-") {
    std::cout << json << std::flush;
  } else if (results_file) {
    if (results_file->waits_for_reader())
      std::cerr << "litmuslab run: waiting up to "
                << std::chrono::duration<double>(report::kFifoReaderTimeout).count()
                << " s for a reader of the FIFO " << results_file->target().string() << "\n";
    try {
      interrupt.commit(*results_file, json);
    } catch (const report::ResultsFileError& error) {
      if (!interrupt.requested()) throw OutputError(error.what());
      std::cerr << "litmuslab run: " << error.what() << "\n";
      return frontend::kSignalExitBase + interrupt.signal_number();
    }
    std::cerr << "litmuslab run: wrote " << results_file->target().string() << "\n";
  }
  if (document.interrupted || interrupt.requested()) {
    std::cerr << "litmuslab run: interrupted; kept the counts so far"
              << (results_file ? " in " + results_file->target().string() : "") << "\n";
    return frontend::kSignalExitBase + interrupt.signal_number();
  }
  if (forbidden_seen) {
    std::cerr << "litmuslab run: RED FLAG: a state forbidden on this host was observed\n";
    if (document.host.emulated)
      std::cerr << "litmuslab run: the CPU is emulated, so this points at the emulator's memory "
                   "ordering, not at "
                << document.host.arch << " hardware\n";
  }
  // The worst of the tests: a file that could not run is bad input, then a
  // red flag, then counts a model's limit left without verdicts.
  if (!document.failed.empty()) {
    std::cerr << "litmuslab run: " << document.failed.size() << " of "
              << document.failed.size() + document.runs.size()
              << " files and tests could not run (see FAILED above)\n";
    return kExitUsage;
  }
  if (forbidden_seen) return kExitForbiddenObserved;
  return ungraded ? kExitLimit : kExitOk;
}

}  // namespace litmuslab::cli
