#include <iostream>
#include <memory>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/model_report.hpp"
#include "litmuslab/results_file.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

int model_command(const std::vector<std::string>& args) {
  po::options_description options("model options");
  options.add_options()("test", po::value<std::vector<std::string>>(),
                        "catalogue test names, globs (SB+*) or .litmus files")(
      "model,m", po::value<std::string>()->default_value("all"),
      "sc, x86-tso, armv8, cpp, rc11, or all");
  add_arm_acquire_option(options);
  options.add_options()("json", po::value<std::string>(),
                        "write JSON to PATH (or - for stdout) instead of text");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("model", "TEST|GLOB|FILE... [--model M|all] [--json PATH|-]", options,
                          positional, args, values, std::cout))
    return kExitOk;
  if (!values.count("test")) throw UsageError("name a test or a .litmus file");
  const model::ModelOptions model_options = arm_acquire_value(values);
  const std::string which = values["model"].as<std::string>();
  frontend::select_models(which);  // an unknown name fails before any file is opened
  const auto arguments = values["test"].as<std::vector<std::string>>();
  // Ctrl-C stops at once; the temporary file of --json goes with it.
  InterruptGuard interrupt(InterruptGuard::FirstSignal::exit_at_once);
  std::unique_ptr<report::ResultsFile> file;
  if (values.count("json") && values["json"].as<std::string>() != "-") {
    report::OutputOptions output;
    for (const std::string& argument : arguments)
      if (frontend::looks_like_path(argument)) output.inputs.emplace_back(argument);
    try {
      file = interrupt.open_output(values["json"].as<std::string>(), std::move(output));
    } catch (const report::ResultsFileError& error) {
      throw UsageError(error.what());
    }
  }
  std::vector<frontend::TestHandle> tests;
  try {  // names, globs and any .litmus file: models need no compiled kernel
    tests = frontend::resolve_tests(arguments, frontend::Purpose::inspect);
  } catch (const frontend::SelectionError& error) {
    throw UsageError(error.what());
  }
  std::string text;
  std::string json = tests.size() > 1 ? "[\n" : "";
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const Test& test = tests[i]->test;
    const auto results = frontend::evaluate_models(test, which, model_options);
    if (values.count("json")) {
      json += report::model_json(test, results);
      if (tests.size() > 1) json.insert(json.size() - 1, i + 1 < tests.size() ? "," : "\n]");
    } else {
      text += (i ? "\n" : "") + report::herd_text(test, results);
    }
  }
  if (!values.count("json")) {
    std::cout << text;
  } else if (file) {
    try {
      interrupt.commit(*file, json);
    } catch (const report::ResultsFileError& error) {
      throw OutputError(error.what());
    }
  } else {
    std::cout << json;
  }
  return kExitOk;
}

}  // namespace litmuslab::cli
