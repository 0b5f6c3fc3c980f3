// The litmuslab binary run through the shell, as users type it. LITMUSLAB_CLI
// may start with an emulator (a cross build), which a shell line allows.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "scratch_files.hpp"

namespace litmuslab::testing {

struct ShellOutcome {
  int status = -1;  // the exit status; -1 when killed by a signal
  std::string out;
  std::string err;
};

// A shell command line, its last command's stderr to a file of its own, so parallel tests
// never read each other's messages.
inline ShellOutcome cli_in_shell(const std::string& line) {
  const ScratchDir scratch;
  const auto err_path = scratch / "stderr";
  const std::string command = line + " 2>'" + err_path.string() + "'";
  ShellOutcome result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe))
    result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_text(err_path);
  return result;
}

// `litmuslab ARGUMENTS`.
inline ShellOutcome cli(const std::string& arguments) {
  return cli_in_shell(std::string(LITMUSLAB_CLI) + " " + arguments);
}

}  // namespace litmuslab::testing
