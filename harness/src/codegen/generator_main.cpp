// The build-time generator, in two modes:
//   litmuslab-codegen OUTPUT.cpp FILE.litmus...
//       the kernels and compiled_catalogue();
//   litmuslab-codegen --listing=OBJDUMP.txt --arch=A --disassembler=D --kernel-flags=F
//                     OUTPUT.cpp FILE.litmus...
//       compiled_machine_code(), from objdump's listing of the compiled kernels.
// It writes OUTPUT only when the text changes, so a no-op rebuild recompiles nothing.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "codegen/codegen.hpp"
#include "codegen/disassembly.hpp"
#include "litmuslab/parse.hpp"

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Leading "--key=value" arguments; the rest are positional.
struct Arguments {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
};

Arguments split_arguments(int argc, char** argv) {
  Arguments out;
  int i = 1;
  for (; i < argc && std::string_view(argv[i]).starts_with("--"); ++i) {
    const std::string_view arg = argv[i];
    const std::size_t equals = arg.find('=');
    if (equals == std::string_view::npos)
      throw std::invalid_argument("option " + std::string(arg) + " needs =VALUE");
    out.options[std::string(arg.substr(2, equals - 2))] = std::string(arg.substr(equals + 1));
  }
  for (; i < argc; ++i) out.positional.emplace_back(argv[i]);
  return out;
}

// The catalogue files, parsed and sorted by name; nullopt after an error message.
std::optional<std::vector<litmuslab::codegen::LitmusFile>> read_catalogue(
    const std::vector<std::string>& files) {
  std::vector<litmuslab::codegen::LitmusFile> entries;
  try {
    for (const std::filesystem::path path : files) {
      litmuslab::Test test = litmuslab::format::parse_file(path);
      entries.push_back({path.filename().string(), test.source_text, std::move(test)});
    }
  } catch (const litmuslab::format::ParseFailure& failure) {
    std::cerr << failure.error().to_string() << "\n";
    return std::nullopt;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.test.name < b.test.name; });
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (entries[i].test.name == entries[i - 1].test.name) {
      std::cerr << entries[i].file_name << ": error: test name '" << entries[i].test.name
                << "' is also used by " << entries[i - 1].file_name << "\n";
      return std::nullopt;
    }
  return entries;
}

// Written beside the output and renamed over it, so a failed write never
// leaves half a source file that make would then take as up to date.
int write_if_changed(const std::filesystem::path& output, const std::string& unit) {
  if (std::filesystem::exists(output) && read_all(output) == unit) return 0;
  std::filesystem::path partial = output;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << unit;
    if (out.flush()) {
      out.close();
      std::error_code renamed;
      std::filesystem::rename(partial, output, renamed);
      if (!renamed) return 0;
    }
  }
  std::error_code ignored;
  std::filesystem::remove(partial, ignored);
  std::cerr << output.string() << ": error: cannot write\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  Arguments args;
  try {
    args = split_arguments(argc, argv);
  } catch (const std::invalid_argument& error) {
    std::cerr << "litmuslab-codegen: error: " << error.what() << "\n";
    return 2;
  }
  for (const auto& [key, value] : args.options)
    if (key != "listing" && key != "arch" && key != "disassembler" && key != "kernel-flags") {
      std::cerr << "litmuslab-codegen: error: unknown option --" << key << "\n";
      return 2;
    }
  if (args.positional.empty()) {
    std::cerr << "usage: litmuslab-codegen [--listing=OBJDUMP.txt --arch=A --disassembler=D "
                 "--kernel-flags=F] OUTPUT.cpp FILE.litmus...\n";
    return 2;
  }
  const auto entries = read_catalogue({args.positional.begin() + 1, args.positional.end()});
  if (!entries) return 2;
  const std::filesystem::path output = args.positional.front();
  if (!args.options.count("listing"))
    return write_if_changed(output, litmuslab::codegen::catalogue_unit(*entries));

  litmuslab::codegen::MachineCodeBuild build{args.options["arch"], args.options["disassembler"],
                                             args.options["kernel-flags"]};
  try {
    return write_if_changed(output, litmuslab::codegen::machine_code_unit(
                                        *entries, read_all(args.options["listing"]), build));
  } catch (const std::runtime_error& error) {
    std::cerr << args.options["listing"] << ": error: " << error.what() << "\n";
    return 1;
  }
}
