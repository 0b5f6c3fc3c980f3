// Reading results files and folders for a comparison.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "litmuslab/comparison.hpp"

namespace litmuslab::report {
namespace {

namespace fs = std::filesystem;

// Into a string reserved at the file's size: a stringstream grows its buffer
// step by step and copies it once more at the end (5% of `compare` at 1,000 files).
std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultsInputError(path.string() + ": cannot read");
  std::string text;
  std::error_code ignored;
  if (const std::uintmax_t size = fs::file_size(path, ignored);
      size != static_cast<std::uintmax_t>(-1))
    text.reserve(size);
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw ResultsInputError(path.string() + ": cannot read");
  return text;
}

ResultsSource read_source(const fs::path& path) {
  return {path, parse_results(read_file(path), path.string())};
}

void read_folder(const fs::path& folder, std::vector<ResultsSource>& sources) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json" && it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) throw ResultsInputError(folder.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  std::size_t found = 0;
  for (const fs::path& file : files) {
    try {
      sources.push_back(read_source(file));
      ++found;
    } catch (const NotAResultsFile&) {
      // Benchmark output, a comparison, ...: not ours to compare.
    }
  }
  if (found == 0) throw ResultsInputError(folder.string() + ": no litmuslab results files");
}

}  // namespace

std::vector<ResultsSource> read_results_sources(const std::vector<fs::path>& inputs) {
  if (inputs.empty()) throw ResultsInputError("no results files or folders given");
  std::vector<ResultsSource> sources;
  for (const fs::path& input : inputs) {
    std::error_code ec;
    const fs::file_status status = fs::status(input, ec);
    if (!fs::exists(status)) throw ResultsInputError(input.string() + ": no such file or folder");
    if (fs::is_directory(status))
      read_folder(input, sources);
    else
      sources.push_back(read_source(input));
  }
  return sources;
}

}  // namespace litmuslab::report
