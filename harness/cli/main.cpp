// litmuslab: run C++ memory-model litmus tests on this machine.
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "litmuslab/parse.hpp"

namespace {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*function)(const std::vector<std::string>&);
};

const Subcommand kSubcommands[] = {
    {"list", "list the catalogue: name, family, threads, orders", litmuslab::cli::list_command},
    {"show", "show a test, its observed keys and its compiled kernel code",
     litmuslab::cli::show_command},
    {"check", "parse and validate litmus files", litmuslab::cli::check_command},
    {"model", "the states each memory model allows (herd7-like)", litmuslab::cli::model_command},
    {"run", "run tests on pinned threads and print their outcome histograms",
     litmuslab::cli::run_command},
};

void print_usage(std::ostream& out) {
  out << "usage: litmuslab COMMAND [OPTIONS] [ARGS]\n\n"
      << "Runs C++ memory-model litmus tests on this machine and counts every outcome.\n\n"
      << "commands:\n";
  for (const Subcommand& sub : kSubcommands)
    out << "  " << sub.name << std::string(8 - std::string(sub.name).size(), ' ') << sub.summary
        << "\n";
  out << "\n'litmuslab COMMAND --help' describes each command.\n"
      << "Exit status: 0 ok, 1 a state forbidden on this host was observed, 2 bad input.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    print_usage(std::cerr);
    return litmuslab::cli::kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    print_usage(std::cout);
    return litmuslab::cli::kExitOk;
  }
  if (command == "--version") {
    std::cout << "litmuslab " << LITMUSLAB_VERSION << "\n";
    return litmuslab::cli::kExitOk;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const Subcommand& sub : kSubcommands) {
    if (command != sub.name) continue;
    try {
      return sub.function(args);
    } catch (const litmuslab::cli::UsageError& error) {
      std::cerr << "litmuslab " << command << ": error: " << error.what() << "\n";
      return litmuslab::cli::kExitUsage;
    } catch (const litmuslab::format::ParseFailure& failure) {
      std::cerr << failure.error().to_string() << "\n";
      return litmuslab::cli::kExitUsage;
    } catch (const std::exception& error) {
      std::cerr << "litmuslab " << command << ": error: " << error.what() << "\n";
      return litmuslab::cli::kExitUsage;
    }
  }
  std::cerr << "litmuslab: error: unknown command '" << command << "'\n\n";
  print_usage(std::cerr);
  return litmuslab::cli::kExitUsage;
}
