#include <iostream>
#include <memory>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/model_report.hpp"
#include "litmuslab/results_file.hpp"
#include "model_session.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

int model_command(const std::vector<std::string>& args) {
  po::options_description options("model options");
  options.add_options()("test", po::value<std::vector<std::string>>(),
                        "catalogue test names, globs (SB+*) or .litmus files")(
      "model,m", po::value<std::string>()->default_value("all"),
      "sc, x86-tso, armv8, cpp, rc11, or all");
  add_model_options(options);
  options.add_options()("json", po::value<std::string>(),
                        "write JSON to PATH (or - for stdout) instead of text");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("model",
                          "TEST|GLOB|FILE... [--model M|all] [--json PATH|-] [--max-seconds S]",
                          options, positional, args, values, std::cout))
    return kExitOk;
  if (!values.count("test")) throw UsageError("name a test or a .litmus file");
  const model::ModelOptions model_options = model_options_value(values);
  const std::string which = values["model"].as<std::string>();
  frontend::select_models(which);  // an unknown name fails before any file is opened
  const auto arguments = values["test"].as<std::vector<std::string>>();
  // Ctrl-C stops the search in hand and keeps what was found; a second
  // signal stops at once, and the temporary file of --json goes with it.
  ModelSession session(model_options);
  std::unique_ptr<report::ResultsFile> file;
  if (values.count("json") && values["json"].as<std::string>() != "-") {
    report::OutputOptions output;
    for (const std::string& argument : arguments)
      if (frontend::looks_like_path(argument)) output.inputs.emplace_back(argument);
    try {
      file = session.interrupt().open_output(values["json"].as<std::string>(), std::move(output));
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
  // Text goes out test by test, so what was found before a limit or a
  // signal is on stdout; JSON is written whole, with what was found.
  std::vector<std::string> documents;
  for (std::size_t i = 0; i < tests.size() && !session.interrupted(); ++i) {
    const Test& test = tests[i]->test;
    const frontend::ModelEvaluation evaluation = session.evaluate(test, which);
    if (values.count("json"))
      documents.push_back(report::model_json(test, evaluation.results));
    else
      std::cout << (i ? "\n" : "") << report::herd_text(test, evaluation.results) << std::flush;
  }
  if (values.count("json")) {
    std::string json;
    if (tests.size() == 1) {
      json = documents.empty() ? "{}\n" : documents.front();
    } else {
      json = "[\n";
      for (std::size_t i = 0; i < documents.size(); ++i) {
        json += documents[i];
        if (i + 1 < documents.size()) json.insert(json.size() - 1, ",");
      }
      json += "]\n";
    }
    if (file) {
      try {
        session.interrupt().commit(*file, json);
      } catch (const report::ResultsFileError& error) {
        throw OutputError(error.what());
      }
    } else {
      std::cout << json;
    }
  }
  return session.exit_status();
}

}  // namespace litmuslab::cli
