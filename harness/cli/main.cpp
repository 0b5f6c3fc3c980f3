// litmuslab: run C++ memory-model litmus tests on this machine.
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/parse.hpp"

namespace {

struct Subcommand {
  const char* name;
  const char* summary;
  int (*function)(const std::vector<std::string>&);
};

const Subcommand kSubcommands[] = {
    {"list", "list the catalogue: name, family, threads, orders", litmuslab::cli::list_command},
    {"show", "show a test, its observed keys, its kernel code and (--asm) its machine code",
     litmuslab::cli::show_command},
    {"check", "parse and validate litmus files", litmuslab::cli::check_command},
    {"model", "the states each memory model allows (herd7-like)", litmuslab::cli::model_command},
    {"run", "run tests on pinned threads and print their outcome histograms",
     litmuslab::cli::run_command},
    {"tune", "search the run knobs for the most condition matches per second",
     litmuslab::cli::tune_command},
    {"compare", "compare results files from several hosts: a table, and (--html) a report page",
     litmuslab::cli::compare_command},
};

void print_usage(std::ostream& out) {
  out << "usage: litmuslab COMMAND [OPTIONS] [ARGS]\n\n"
      << "Runs C++ memory-model litmus tests on this machine and counts every outcome.\n\n"
      << "commands:\n";
  for (const Subcommand& sub : kSubcommands)
    out << "  " << sub.name << std::string(8 - std::string(sub.name).size(), ' ') << sub.summary
        << "\n";
  out << "\n'litmuslab COMMAND --help' describes each command.\n"
      << litmuslab::frontend::exit_status_help();
}

// One line per error. Messages that are already diagnostics ("FILE:LINE:COL:
// error: ...", "PATH: error: ...") print as they are, without a second "error:".
void print_error(const std::string& command, std::string message) {
  if (message.starts_with("error: ")) message.erase(0, 7);
  if (message.find(": error: ") != std::string::npos)
    std::cerr << message << "\n";
  else
    std::cerr << "litmuslab " << command << ": error: " << message << "\n";
}

// Output lost on a full disk or a closed pipe must not pass for success.
int checked_stdout(const std::string& command, int status) {
  std::cout.flush();
  if (std::cout) return status;
  print_error(command, "cannot write to standard output");
  return status == litmuslab::cli::kExitOk ? litmuslab::cli::kExitOutputFailed : status;
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
    // The commit too: a campaign reuses a build only when it is of the campaign's commit.
    const litmuslab::report::BuildDescription build = litmuslab::report::describe_build();
    std::cout << "litmuslab " << build.version << " (git " << build.git << ")\n";
    return litmuslab::cli::kExitOk;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const Subcommand& sub : kSubcommands) {
    if (command != sub.name) continue;
    try {
      return checked_stdout(command, sub.function(args));
    } catch (const litmuslab::cli::UsageError& error) {
      print_error(command, error.what());
      return litmuslab::cli::kExitUsage;
    } catch (const litmuslab::cli::OutputError& error) {
      print_error(command, error.what());
      return litmuslab::cli::kExitOutputFailed;
    } catch (...) {  // the library's failures: bad input, a resource limit, or a bug
      const litmuslab::frontend::Failure failure =
          litmuslab::frontend::classify(std::current_exception());
      print_error(command, failure.message);
      return code(failure.status);
    }
  }
  std::string names;
  for (const Subcommand& sub : kSubcommands)
    names += (names.empty() ? "" : ", ") + std::string(sub.name);
  std::cerr << "litmuslab: error: unknown command '" << command << "' (commands: " << names
            << "; see 'litmuslab --help')\n";
  return litmuslab::cli::kExitUsage;
}
