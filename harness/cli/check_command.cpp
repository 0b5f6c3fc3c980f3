#include <iostream>

#include "command.hpp"
#include "litmuslab/parse.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {

int check_command(const std::vector<std::string>& args) {
  po::options_description options("check options");
  options.add_options()("file", po::value<std::vector<std::string>>(), "litmus files to check")(
      "quiet,q", "print only errors");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map values;
  if (!parse_command_line("check", "FILE...", options, positional, args, values, std::cout))
    return kExitOk;
  if (!values.count("file")) throw UsageError("no files given");

  int failures = 0;
  for (const std::string& path : values["file"].as<std::vector<std::string>>()) {
    try {
      const Test test = format::parse_file(path);
      if (!values.count("quiet"))
        std::cout << path << ": ok: " << test.name << ", " << test.threads.size() << " threads, "
                  << test.locations.size() << " locations, " << test.condition.text << "\n";
    } catch (const format::ParseFailure& failure) {
      std::cerr << failure.error().to_string() << "\n";
      ++failures;
    }
  }
  return failures == 0 ? kExitOk : kExitUsage;
}

}  // namespace litmuslab::cli
