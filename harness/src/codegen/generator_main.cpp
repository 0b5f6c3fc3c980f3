// litmuslab-codegen OUTPUT.cpp FILE.litmus...: the build-time generator.
// It writes OUTPUT only when the text changes, so a no-op rebuild recompiles nothing.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "litmuslab/codegen.hpp"
#include "litmuslab/parse.hpp"

namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: litmuslab-codegen OUTPUT.cpp FILE.litmus...\n";
    return 2;
  }
  std::vector<litmuslab::codegen::CatalogueEntry> entries;
  try {
    for (int i = 2; i < argc; ++i) {
      const std::filesystem::path path = argv[i];
      litmuslab::Test test = litmuslab::format::parse_file(path);
      entries.push_back({path.filename().string(), test.source_text, std::move(test)});
    }
  } catch (const litmuslab::format::ParseFailure& failure) {
    std::cerr << failure.error().to_string() << "\n";
    return 2;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.test.name < b.test.name; });
  for (std::size_t i = 1; i < entries.size(); ++i)
    if (entries[i].test.name == entries[i - 1].test.name) {
      std::cerr << entries[i].file_name << ": error: test name '" << entries[i].test.name
                << "' is also used by " << entries[i - 1].file_name << "\n";
      return 2;
    }
  const std::string unit = litmuslab::codegen::catalogue_unit(entries);
  const std::filesystem::path output = argv[1];
  if (std::filesystem::exists(output) && read_all(output) == unit) return 0;
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  out << unit;
  if (!out.flush()) {
    std::cerr << output.string() << ": error: cannot write\n";
    return 1;
  }
  return 0;
}
