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
// A resource limit stopped the work (a model's --max-seconds, or a test
// beyond what the models take): what was found is printed or kept, and the
// input was fine.
inline constexpr int kExitLimit = code(frontend::ExitStatus::limit_reached);

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

// --arm-acquire and --max-seconds, as frontend::arm_acquire_option() and
// frontend::max_seconds_option() describe them, and the options they give.
// Throws UsageError for a bad value.
void add_model_options(boost::program_options::options_description& options);
model::ModelOptions model_options_value(const boost::program_options::variables_map& values);

int list_command(const std::vector<std::string>& args);
int show_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int tune_command(const std::vector<std::string>& args);
int model_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);

}  // namespace litmuslab::cli
