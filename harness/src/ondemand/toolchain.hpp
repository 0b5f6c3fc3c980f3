// The compiler that builds kernels on demand: found, checked to be a C++
// compiler for this architecture, and named with its version and flags.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::ondemand {

// A compiler that cannot be used. Each message is one line that says what to do.
class ToolchainError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// No such file: the message names the Debian package that provides it.
class CompilerMissing : public ToolchainError {
 public:
  using ToolchainError::ToolchainError;
};

// A file that is not a C++ compiler for this architecture.
class NotACompiler : public ToolchainError {
 public:
  using ToolchainError::ToolchainError;
};

struct Toolchain {
  std::string path;                // absolute path of the compiler
  std::string version;             // the first line of `--version`
  std::string version_text;        // all of `--version`, for the cache key
  std::string target;              // `-dumpmachine`: "x86_64-linux-gnu"
  bool gnu = false;                // gcc, which takes -fno-ipa-icf
  std::string user_flags;          // --cxxflags as given
  std::vector<std::string> flags;  // every flag a compile passes, fixed ones first

  // Every flag, space-separated, as results record them.
  std::string flags_text() const;
};

// How the compiler and its flags were chosen, for messages: the options'
// names as the user spelled them ("--cxx", or "cxx" in Python), or empty
// for the build's defaults.
struct ChoiceNames {
  std::string cxx;
  std::string cxxflags;
};

// Finds `cxx` (a path, or a name looked up on PATH) and asks it for its
// version and target. `cxxflags` is split as a shell would (quotes, '\').
// Throws CompilerMissing, NotACompiler, or std::invalid_argument for flags
// with an unterminated quote.
Toolchain probe_toolchain(std::string_view cxx, std::string_view cxxflags,
                          const ChoiceNames& names = {});

// The build's compiler (kernel::build_toolchain().cxx) and default flags.
Toolchain default_toolchain();

// Words of a command line, as a POSIX shell splits them (no expansions).
std::vector<std::string> split_words(std::string_view text);

// The Debian package that installs the compiler named `name` ("clang++-14"
// -> "clang-14", "aarch64-linux-gnu-g++" -> "g++-aarch64-linux-gnu").
std::string debian_package_for(std::string_view name);

}  // namespace litmuslab::ondemand
