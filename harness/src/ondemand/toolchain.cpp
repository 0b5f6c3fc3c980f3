#include "ondemand/toolchain.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <system_error>

#include "litmuslab/toolchain.hpp"
#include "ondemand/process.hpp"

namespace litmuslab::ondemand {
namespace {

namespace fs = std::filesystem;

// `name` on PATH, as execvp would find it; empty when it is nowhere.
std::string find_on_path(std::string_view name) {
  const char* path = std::getenv("PATH");
  std::string_view folders = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    const std::size_t colon = folders.find(':');
    const std::string folder(folders.substr(0, colon));
    const fs::path candidate = fs::path(folder.empty() ? "." : folder) / name;
    if (access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate))
      return fs::absolute(candidate).string();
    if (colon == std::string_view::npos) return {};
    folders.remove_prefix(colon + 1);
  }
}

std::string first_line(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// "x86_64" from "x86_64-linux-gnu"; Apple's and LLVM's "arm64" is aarch64.
std::string target_arch(std::string_view target) {
  std::string arch(target.substr(0, target.find('-')));
  return arch == "arm64" ? "aarch64" : arch;
}

std::string chosen(const ChoiceNames& names, std::string_view cxx) {
  return names.cxx.empty() ? "the build's compiler " + std::string(cxx)
                           : names.cxx + " " + std::string(cxx);
}

}  // namespace

std::string Toolchain::flags_text() const {
  std::string text;
  for (const std::string& flag : flags) {
    const bool quote = flag.empty() || flag.find_first_of(" \t'\"\\") != std::string::npos;
    text += (text.empty() ? "" : " ") + (quote ? "'" + flag + "'" : flag);
  }
  return text;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        word += c;
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else if (c == '\\' && i + 1 < text.size() &&
                 std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos) {
        word += text[++i];
      } else {
        word += c;
      }
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      in_word = true;
      if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\' && i + 1 < text.size()) {
        word += text[++i];
      } else {
        word += c;
      }
    }
  }
  if (quote) throw std::invalid_argument(std::string("unterminated ") + quote + " quote");
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::string debian_package_for(std::string_view name) {
  static const std::regex clang(R"(clang\+\+(-[0-9.]+)?)");
  static const std::regex gcc(
      R"((?:([a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+)-)?(?:g\+\+|c\+\+)(-[0-9.]+)?)");
  const std::string text(name);
  std::smatch m;
  if (std::regex_match(text, m, clang)) return "clang" + m[1].str();
  if (std::regex_match(text, m, gcc))
    return "g++" + m[2].str() + (m[1].matched ? "-" + m[1].str() : "");
  return "g++";
}

Toolchain probe_toolchain(std::string_view cxx, std::string_view cxxflags,
                          const ChoiceNames& names) {
  const std::string given(cxx);
  const std::string name = fs::path(given).filename().string();
  std::string path;
  if (given.find('/') != std::string::npos) {
    std::error_code error;
    if (!fs::exists(given, error))
      throw CompilerMissing("no C++ compiler at " + given + " (" + chosen(names, given) +
                            "): install Debian's " + debian_package_for(name) +
                            " package (apt-get install " + debian_package_for(name) + ")");
    path = fs::absolute(given).lexically_normal().string();
  } else {
    path = find_on_path(given);
    if (path.empty())
      throw CompilerMissing("no C++ compiler '" + given + "' on PATH (" + chosen(names, given) +
                            "): install Debian's " + debian_package_for(name) +
                            " package (apt-get install " + debian_package_for(name) + ")");
  }
  if (fs::is_directory(path) || access(path.c_str(), X_OK) != 0)
    throw NotACompiler(chosen(names, given) + " is not a C++ compiler: " + path +
                       " is not an executable file");

  Toolchain toolchain;
  toolchain.path = path;
  ProcessResult machine;
  ProcessResult version;
  try {
    machine = run_process({path, "-dumpmachine"});
    version = run_process({path, "--version"});
  } catch (const std::system_error& error) {
    throw NotACompiler(chosen(names, given) + " is not a C++ compiler: it cannot be run (" +
                       error.code().message() + ")");
  }
  static const std::regex triple(R"([A-Za-z0-9_]+(-[A-Za-z0-9_.]+)+\n?)");
  if (machine.status != 0 || !std::regex_match(machine.output, triple) || version.status != 0)
    throw NotACompiler(chosen(names, given) + " is not a C++ compiler: '" + path +
                       " -dumpmachine' did not name a target (" +
                       (machine.output.empty() ? "exit status " + std::to_string(machine.status)
                                               : "it said '" + first_line(machine.output) + "'") +
                       ")");
  toolchain.target = first_line(machine.output);
  toolchain.version_text = version.output;
  toolchain.version = first_line(version.output);
  toolchain.gnu = toolchain.version.find("clang") == std::string::npos &&
                  (toolchain.version.find("g++") != std::string::npos ||
                   toolchain.version.find("GCC") != std::string::npos ||
                   toolchain.version.find("c++") != std::string::npos);
  const std::string arch(kernel::build_toolchain().arch);
  if (target_arch(toolchain.target) != arch)
    throw NotACompiler(chosen(names, given) + " compiles for " + toolchain.target +
                       ", but this litmuslab runs " + arch + " code; choose a compiler for " +
                       arch);

  std::vector<std::string> user;
  try {
    user = split_words(cxxflags);
  } catch (const std::invalid_argument& error) {
    throw std::invalid_argument((names.cxxflags.empty() ? "the build's flags" : names.cxxflags) +
                                " '" + std::string(cxxflags) + "' have an " + error.what());
  }
  toolchain.user_flags = std::string(cxxflags);
  // A shared object of position-independent code, C++20 for std::atomic_ref;
  // one section per function and no folding of identical functions, as the
  // catalogue's kernels get, so each thread's machine code is its own.
  toolchain.flags = {"-std=c++20", "-fPIC", "-shared", "-ffunction-sections"};
  if (toolchain.gnu) toolchain.flags.push_back("-fno-ipa-icf");
  toolchain.flags.insert(toolchain.flags.end(), user.begin(), user.end());
  return toolchain;
}

Toolchain default_toolchain() {
  const kernel::BuildToolchain& build = kernel::build_toolchain();
  return probe_toolchain(build.cxx, build.ondemand_flags);
}

}  // namespace litmuslab::ondemand
