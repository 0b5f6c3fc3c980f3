// Comparing results from several hosts or runs, in the spirit of litmus7's
// mcompare7: one row per test and state, one column per results file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/results.hpp"

namespace litmuslab::report {

inline constexpr std::string_view kComparisonSchema = "litmuslab-comparison/1";

// A results file as read, and where it was read from.
struct ResultsSource {
  std::filesystem::path path;
  ResultsDocument document;
};

// A path that names nothing readable, or folders that hold no results file.
class ResultsInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads results files and folders, in the order given. A folder is searched
// recursively for *.json files in sorted order, passing by JSON that is not a
// results file (NotAResultsFile: a bench.json, a comparison); a file named
// directly must be a results file. Throws ResultsInputError or
// ResultsFormatError (whose message starts with the file's path).
std::vector<ResultsSource> read_results_sources(const std::vector<std::filesystem::path>& inputs);

// One results file's column.
struct ComparisonColumn {
  std::string name;  // short and unique: the results folder ("x86_64-amd-epyc-kvm") or file
  std::filesystem::path source;
  HostDescription host;
  BuildDescription build;
  std::string created;
  bool interrupted = false;
  // Who compiled kernels on demand for the file's runs ("/usr/bin/clang++-14 ... -O3"),
  // each once; empty when every run used the build's.
  std::vector<std::string> on_demand_compilers;
};

// Arch and CPU, saying so when the CPU is emulated: "x86_64 AMD EPYC (kvm)",
// "aarch64 (emulated on AMD EPYC)".
std::string host_label(const HostDescription& host);

// One state in one column whose file ran the test.
struct ComparedCell {
  std::uint64_t count = 0;
  std::uint64_t instances = 0;            // the run's histogram total
  std::vector<std::string> forbidden_by;  // graded models that forbid this observed state
  bool red_flag = false;                  // observed, and the host's own model forbids it
  double rate() const {
    return instances ? static_cast<double>(count) / static_cast<double>(instances) : 0.0;
  }
};

struct ComparedState {
  std::string state;  // "0:r0=0; 1:r0=0;", as herd7 prints a state
  bool matches_condition = false;
  // One per column; empty where that file has no run of this test (missing).
  std::vector<std::optional<ComparedCell>> cells;
};

struct ComparedTest {
  std::string test;
  std::string family;
  std::string condition;
  std::vector<ComparedState> states;  // every state seen, then unseen ones the condition names
  // Per column: matches per instance with its Wilson 95% interval; empty when missing.
  std::vector<std::optional<RateInterval>> condition_rates;
  std::vector<std::string> notes;  // e.g. a condition that differs between files
  bool red_flag = false;           // some cell is a red flag
};

struct Comparison {
  std::vector<ComparisonColumn> columns;
  std::vector<ComparedTest> tests;  // in the order the files first name them
  // Red-flag cells: states seen that the host's own model forbids.
  std::size_t red_flag_count() const;
};

// Builds the comparison of `sources`, one column each. `tests_glob` (a
// shell-style pattern, as `run` takes; `+` is literal) keeps the tests it
// matches; empty keeps all. A test that one file ran twice adds its counts.
Comparison compare_results(const std::vector<ResultsSource>& sources,
                           std::string_view tests_glob = {});

// The table as text (aligned columns), as GitHub markdown, and as JSON
// (schema litmuslab-comparison/1). Each cell: count, rate, `*` where the
// state satisfies the condition, `!MODEL` for each model that forbids it.
std::string comparison_text(const Comparison& comparison);
std::string comparison_markdown(const Comparison& comparison);
std::string comparison_json(const Comparison& comparison);

}  // namespace litmuslab::report
