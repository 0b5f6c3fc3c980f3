// Running a tool (the compiler, objdump) as a child process and reading
// what it printed.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace litmuslab::ondemand {

struct ProcessResult {
  int status = 0;      // the exit status, or 128 + N after signal N
  std::string output;  // stdout and stderr, interleaved as written
};

// A started child whose stdout and stderr go to one pipe. Several can run at
// once: each blocks only on its own pipe, so finishing them in any order works.
class ChildProcess {
 public:
  // Runs argv[0], a path (no PATH search), with the environment of this
  // process. Throws std::system_error when it cannot be started.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // A child not finished is killed and reaped, so none outlives an error.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads the output to its end and waits for the child.
  ProcessResult finish();

 private:
  pid_t pid_ = -1;
  int output_fd_ = -1;
};

inline ProcessResult run_process(const std::vector<std::string>& argv) {
  return ChildProcess(argv).finish();
}

}  // namespace litmuslab::ondemand
