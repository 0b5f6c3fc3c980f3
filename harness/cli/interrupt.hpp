// Ctrl-C and SIGTERM: the first signal asks the command to stop cleanly (a
// run keeps what it counted and writes it), a second one stops it at once.
// Either way no half-written output is left: the temporary file an output
// is written to is removed before the process dies.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "litmuslab/results_file.hpp"

namespace litmuslab::cli {

// Installs SIGINT and SIGTERM handlers for its lifetime; restores the old ones.
class InterruptGuard {
 public:
  enum class FirstSignal {
    stop_cleanly,  // the command polls requested(); a second signal stops it at once
    exit_at_once,  // commands with nothing worth keeping (model, compare)
  };
  explicit InterruptGuard(FirstSignal first = FirstSignal::stop_cleanly);
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  bool requested() const;
  int signal_number() const;  // 0 if none arrived

  // Opens an output (report::ResultsFile) whose temporary file a signal
  // that stops the process at once removes. Signals wait while it is created.
  std::unique_ptr<report::ResultsFile> open_output(const std::string& path,
                                                   report::OutputOptions options = {});
  // Commits the text, waiting for a FIFO's reader until a signal comes.
  void commit(report::ResultsFile& file, std::string_view text);
};

}  // namespace litmuslab::cli
