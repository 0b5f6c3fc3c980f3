// The litmuslab binary as a child process, for tests that need what popen
// cannot give: its pid (to signal it), or stdout sent to a chosen file.
#pragma once

#include <fcntl.h>
#include <pty.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "scratch_files.hpp"

extern char** environ;

namespace litmuslab::testing {

struct Finished {
  int exit_status = -1;  // -1 when killed by a signal
  int signal = 0;        // the signal that killed it, if any
  std::string out;
  std::string err;
};

// litmuslab ARGS with stdout and stderr sent to files (stdout to `stdout_path`
// when given, e.g. /dev/full, or to the descriptor `stdout_fd`, e.g. a pipe).
// With `stderr_terminal`, stderr is a pseudo terminal instead, so the CLI
// draws its progress bar there.
class CliProcess {
 public:
  CliProcess(const std::vector<std::string>& args, const std::filesystem::path& scratch,
             std::filesystem::path stdout_path = {}, bool stderr_terminal = false,
             int stdout_fd = -1)
      : out_(stdout_path.empty() ? scratch / ".cli.out" : stdout_path),
        err_(scratch / ".cli.err"),
        capture_out_(stdout_path.empty() && stdout_fd < 0) {
    std::vector<std::string> argv_text{LITMUSLAB_CLI};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& text : argv_text) argv.push_back(text.data());
    argv.push_back(nullptr);
    int terminal = -1;
    if (stderr_terminal) {
      if (openpty(&terminal_, &terminal, nullptr, nullptr, nullptr) != 0)
        throw std::runtime_error("openpty failed");
      fcntl(terminal_, F_SETFL, fcntl(terminal_, F_GETFL) | O_NONBLOCK);
      fcntl(terminal_, F_SETFD, FD_CLOEXEC);
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (stdout_fd >= 0)
      posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
    else
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (stderr_terminal) {
      posix_spawn_file_actions_adddup2(&actions, terminal, STDERR_FILENO);
      posix_spawn_file_actions_addclose(&actions, terminal);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    const int error = posix_spawn(&pid_, LITMUSLAB_CLI, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (terminal >= 0) close(terminal);
    if (error != 0) throw std::runtime_error("cannot start " + std::string(LITMUSLAB_CLI));
  }
  ~CliProcess() {
    if (pid_ > 0) {  // a failed assertion left it running
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (terminal_ >= 0) close(terminal_);
  }
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  void send(int signal) const { kill(pid_, signal); }
  pid_t pid() const { return pid_; }

  // What stderr holds so far. A terminal is drained here, so the child never
  // blocks on a full one.
  std::string err_so_far() {
    if (terminal_ < 0) return read_text(err_);
    char buffer[4096];
    for (ssize_t n; (n = read(terminal_, buffer, sizeof buffer)) > 0;)
      terminal_text_.append(buffer, n);
    return terminal_text_;
  }

  Finished wait() {
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      err_so_far();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    pid_ = -1;
    Finished result;
    if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    if (capture_out_) result.out = read_text(out_);
    result.err = err_so_far();
    std::error_code ec;
    if (capture_out_) std::filesystem::remove(out_, ec);
    std::filesystem::remove(err_, ec);
    return result;
  }

 private:
  std::filesystem::path out_;
  std::filesystem::path err_;
  bool capture_out_;
  int terminal_ = -1;  // our side of the child's stderr terminal
  std::string terminal_text_;
  pid_t pid_ = -1;
};

inline Finished run_cli(const std::vector<std::string>& args, const std::filesystem::path& scratch,
                        const std::filesystem::path& stdout_path = {}) {
  return CliProcess(args, scratch, stdout_path).wait();
}

// Polls until `ready` holds; false after `limit` (a safety net, not a measurement).
inline bool eventually(const std::function<bool()>& ready,
                       std::chrono::seconds limit = std::chrono::seconds(120)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!ready()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace litmuslab::testing
