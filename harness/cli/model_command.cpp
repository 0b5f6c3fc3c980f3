#include <iostream>
#include <memory>

#include "command.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/model_report.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/results_file.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

Test load_test_argument(const std::string& argument) {
  if (catalogue::looks_like_path(argument)) return format::parse_file(argument);
  if (const auto* entry = catalogue::Catalogue::compiled().find(argument)) return entry->test;
  try {
    catalogue::select_tests(catalogue::Catalogue::compiled(), {argument});  // for its message
  } catch (const catalogue::SelectionError& error) {
    throw UsageError(error.what());
  }
  throw UsageError("'" + argument + "' names several tests; give one name or file");
}

model::ModelOptions parse_arm_acquire(const std::string& text) {
  if (text != "ldar" && text != "ldapr")
    throw UsageError("--arm-acquire must be ldar or ldapr, not '" + text + "'");
  model::ModelOptions options;
  options.arm_rcpc = text == "ldapr";
  return options;
}

std::vector<model::ModelResult> evaluate_models(const Test& test, const std::string& which,
                                                const model::ModelOptions& options) {
  std::vector<std::string> names;
  if (which == "all") {
    names = model::model_names();
  } else if (model::is_model_name(which)) {
    names = {which};
  } else {
    std::string valid;
    for (const auto& n : model::model_names()) valid += n + ", ";
    throw UsageError("unknown model '" + which + "' (valid: " + valid + "all)");
  }
  std::vector<model::ModelResult> results;
  try {
    for (const std::string& name : names)
      results.push_back(model::allowed_states(test, name, options));
  } catch (const std::invalid_argument& error) {
    throw UsageError(test.name + ": " + error.what());
  }
  return results;
}

namespace {

// Names, globs and any .litmus file: models need no compiled kernel.
std::vector<Test> load_test_arguments(const std::vector<std::string>& arguments) {
  std::vector<Test> tests;
  for (const std::string& argument : arguments) {
    if (!catalogue::looks_like_path(argument) && !catalogue::Catalogue::compiled().find(argument) &&
        argument.find_first_of("*?[") != std::string::npos) {
      const auto matches = catalogue::Catalogue::compiled().matching(argument);
      if (matches.empty()) throw UsageError("pattern '" + argument + "' matches no catalogue test");
      for (const auto* entry : matches) tests.push_back(entry->test);
    } else {
      tests.push_back(load_test_argument(argument));
    }
  }
  return tests;
}

}  // namespace

int model_command(const std::vector<std::string>& args) {
  po::options_description options("model options");
  options.add_options()("test", po::value<std::vector<std::string>>(),
                        "catalogue test names, globs (SB+*) or .litmus files")(
      "model,m", po::value<std::string>()->default_value("all"),
      "sc, x86-tso, armv8, cpp, rc11, or all")("arm-acquire",
                                               po::value<std::string>()->default_value("ldar"),
                                               "armv8 acquire loads: ldar, or ldapr (RCpc)")(
      "json", po::value<std::string>(), "write JSON to PATH (or - for stdout) instead of text");
  po::positional_options_description positional;
  positional.add("test", -1);
  po::variables_map values;
  if (!parse_command_line("model", "TEST|GLOB|FILE... [--model M|all] [--json PATH|-]", options,
                          positional, args, values, std::cout))
    return kExitOk;
  if (!values.count("test")) throw UsageError("name a test or a .litmus file");
  const model::ModelOptions model_options =
      parse_arm_acquire(values["arm-acquire"].as<std::string>());
  std::unique_ptr<report::ResultsFile> file;
  if (values.count("json") && values["json"].as<std::string>() != "-") {
    try {
      file = std::make_unique<report::ResultsFile>(values["json"].as<std::string>());
    } catch (const report::ResultsFileError& error) {
      throw UsageError(error.what());
    }
  }
  const std::vector<Test> tests =
      load_test_arguments(values["test"].as<std::vector<std::string>>());
  std::string text;
  std::string json = tests.size() > 1 ? "[\n" : "";
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const auto results =
        evaluate_models(tests[i], values["model"].as<std::string>(), model_options);
    if (values.count("json")) {
      json += report::model_json(tests[i], results);
      if (tests.size() > 1) json.insert(json.size() - 1, i + 1 < tests.size() ? "," : "\n]");
    } else {
      text += (i ? "\n" : "") + report::herd_text(tests[i], results);
    }
  }
  if (!values.count("json")) {
    std::cout << text;
  } else if (file) {
    file->commit(json);
  } else {
    std::cout << json;
  }
  return kExitOk;
}

}  // namespace litmuslab::cli
