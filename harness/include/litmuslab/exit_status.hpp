// The exit statuses of every litmuslab command, defined once: the CLI
// returns them, its --help prints this table, Python's `python -m litmuslab`
// reads it through the module, and failures are sorted into them here.
#pragma once

#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::frontend {

enum class ExitStatus : int {
  ok = 0,
  red_flag = 1,        // a state the host's architecture model forbids was observed
  bad_input = 2,       // bad input or usage, said with what and where
  output_failed = 3,   // a results file, page or stdout could not be written
  limit_reached = 4,   // a resource limit: memory, threads, a model's budget
  internal_error = 5,  // a bug in litmuslab
};

// A signal N that stopped a command ends it with 128 + N, as shells report it.
inline constexpr int kSignalExitBase = 128;

struct ExitStatusInfo {
  ExitStatus status;
  std::string_view name;     // "limit-reached", as Python and the docs name it
  std::string_view meaning;  // one clause, for --help
};

// Every status, in numeric order.
const std::vector<ExitStatusInfo>& exit_statuses();

constexpr int code(ExitStatus status) { return static_cast<int>(status); }

// "Exit status: 0 ok, 1 ..., 128+N stopped by signal N (...)." wrapped for --help.
std::string exit_status_help();

// A failure as a front end reports it: the status and a one-line message
// ("out of memory while ...", "internal error: ...").
struct Failure {
  ExitStatus status = ExitStatus::internal_error;
  std::string message;
};

// Sorts an exception from the library: bad input (a parse failure, a bad
// selection or value, a results file of another schema), a resource limit
// (out of memory, no more threads or files, a model's limit), or else an
// internal error. Front ends map their own exceptions (usage, output) first.
Failure classify(std::exception_ptr error);

}  // namespace litmuslab::frontend
