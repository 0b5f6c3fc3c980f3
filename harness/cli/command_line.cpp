#include <array>
#include <iostream>

#include "command.hpp"
#include "litmuslab/frontend.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

bool parse_command_line(const std::string& command, const std::string& synopsis,
                        const po::options_description& options,
                        const po::positional_options_description& positional,
                        const std::vector<std::string>& args, po::variables_map& values,
                        std::ostream& out) {
  po::options_description all = options;
  all.add_options()("help,h", "show this help and exit");
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    if (values.count("help")) {
      out << "usage: litmuslab " << command << " " << synopsis << "\n\n" << all << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(std::string(error.what()) + " (see 'litmuslab " + command + " --help')");
  }
  return true;
}

namespace {

// The run options that every command that models takes.
std::array<const frontend::RunOption*, 2> model_run_options() {
  return {&frontend::arm_acquire_option(), &frontend::max_seconds_option()};
}

}  // namespace

void add_model_options(po::options_description& options) {
  for (const frontend::RunOption* option : model_run_options())
    options.add_options()(std::string(option->name).c_str(),
                          po::value<std::string>()->default_value(*option->default_text),
                          option->help.c_str());
}

model::ModelOptions model_options_value(const po::variables_map& values) {
  frontend::RunRequest request;
  try {
    for (const frontend::RunOption* option : model_run_options()) {
      const std::string name(option->name);
      option->parse(request, values[name].as<std::string>(),
                    run::spelled(name, run::Spelling::option));
    }
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
  return request.grading;
}

}  // namespace litmuslab::cli
