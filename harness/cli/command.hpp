// Shared pieces of the litmuslab subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "litmuslab/exit_status.hpp"
#include "litmuslab/model.hpp"

namespace litmuslab::cli {

// The exit statuses the subcommands return, by their names in the one table
// (frontend::ExitStatus, litmuslab/exit_status.hpp).
inline constexpr int kExitOk = code(frontend::ExitStatus::ok);
inline constexpr int kExitForbiddenObserved = code(frontend::ExitStatus::red_flag);
inline constexpr int kExitUsage = code(frontend::ExitStatus::bad_input);
// The run happened but its results could not be written (disk full, I/O
// error); an earlier file at the path is left as it was.
inline constexpr int kExitOutputFailed = code(frontend::ExitStatus::output_failed);

// Bad input or usage: printed as "litmuslab CMD: error: ..." with exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Output that could not be written: printed like UsageError, with exit 3.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses argv for one subcommand, turning Boost's exceptions into
// UsageError. Returns false after printing --help.
bool parse_command_line(const std::string& command, const std::string& synopsis,
                        const boost::program_options::options_description& options,
                        const boost::program_options::positional_options_description& positional,
                        const std::vector<std::string>& args,
                        boost::program_options::variables_map& values, std::ostream& out);

// --arm-acquire, as frontend::arm_acquire_option() describes it, and its value.
void add_arm_acquire_option(boost::program_options::options_description& options);
model::ModelOptions arm_acquire_value(const boost::program_options::variables_map& values);

int list_command(const std::vector<std::string>& args);
int show_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int tune_command(const std::vector<std::string>& args);
int model_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);

}  // namespace litmuslab::cli
