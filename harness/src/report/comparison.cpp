// Building the comparison: one column per results file, one row per test and state.
#include <fnmatch.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "litmuslab/comparison.hpp"
#include "litmuslab/grading.hpp"
#include "litmuslab/run_summary.hpp"

namespace litmuslab::report {
namespace {

namespace fs = std::filesystem;

// The path's components, the file's without ".json".
std::vector<std::string> name_parts(const fs::path& path) {
  std::vector<std::string> parts;
  for (const fs::path& part : path.lexically_normal()) {
    const std::string text = part.string();
    if (!text.empty() && text != "/" && text != ".") parts.push_back(text);
  }
  if (!parts.empty() && fs::path(parts.back()).extension() == ".json")
    parts.back() = fs::path(parts.back()).stem().string();
  return parts;
}

// The shortest path suffixes that tell the files apart. Files that share one
// name (results/*/suite.json) are named after their folders, as
// scripts/host-name names them.
std::vector<std::string> column_names(const std::vector<ResultsSource>& sources) {
  std::vector<std::vector<std::string>> parts;
  for (const ResultsSource& source : sources) parts.push_back(name_parts(source.path));
  const bool same_file_name =
      sources.size() > 1 && std::all_of(parts.begin(), parts.end(), [&](const auto& p) {
        return p.size() > 1 && p.back() == parts.front().back();
      });
  if (same_file_name || (sources.size() == 1 && parts.front().size() > 1))
    for (auto& p : parts) p.pop_back();
  std::size_t longest = 1;
  for (const auto& p : parts) longest = std::max(longest, p.size());
  std::vector<std::string> names(sources.size());
  for (std::size_t depth = 1; depth <= longest; ++depth) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto& p = parts[i];
      const std::size_t first = p.size() > depth ? p.size() - depth : 0;
      std::string name;
      for (std::size_t k = first; k < p.size(); ++k) name += (name.empty() ? "" : "/") + p[k];
      names[i] = name.empty() ? "results" : name;
    }
    if (std::set<std::string>(names.begin(), names.end()).size() == names.size()) return names;
  }
  // The same path twice: number the repeats.
  std::unordered_map<std::string, int> seen;
  for (std::string& name : names)
    if (const int n = ++seen[name]; n > 1) name += " #" + std::to_string(n);
  return names;
}

bool selected(std::string_view glob, const std::string& test) {
  return glob.empty() || fnmatch(std::string(glob).c_str(), test.c_str(), 0) == 0;
}

// Every run of one test, per column (usually one each, none where missing).
struct TestRuns {
  std::string name;
  std::vector<std::vector<const TestRun*>> by_column;
};

ComparedTest compare_test(const TestRuns& runs, const std::vector<ComparisonColumn>& columns) {
  ComparedTest out;
  out.test = runs.name;
  std::unordered_map<std::string, std::size_t> state_index;
  auto state_row = [&](const std::string& state, bool matches) -> ComparedState& {
    auto [it, added] = state_index.try_emplace(state, out.states.size());
    if (added) {
      out.states.push_back({state, matches, {}});
      out.states.back().cells.resize(columns.size());
    }
    return out.states[it->second];
  };
  out.condition_rates.resize(columns.size());
  std::vector<std::uint64_t> column_instances(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const auto& column_runs = runs.by_column[c];
    if (column_runs.empty()) continue;
    std::uint64_t instances = 0;
    std::uint64_t matches = 0;
    for (const TestRun* run : column_runs) {
      instances += run->instances;
      matches += run->matches;
      if (out.family.empty()) {
        out.family = run->family;
        out.condition = run->condition;
      } else if (run->condition != out.condition) {
        out.notes.push_back(columns[c].name + " ran it with another condition: " + run->condition);
      }
    }
    for (const TestRun* run : column_runs) {
      const std::string decisive = run->graded_models.empty() ? "" : run->graded_models.front();
      for (const Outcome& outcome : run->outcomes) {
        ComparedState& row = state_row(state_text(outcome.state), outcome.matches_condition);
        if (!row.cells[c]) row.cells[c] = ComparedCell{0, instances, {}, false};
        ComparedCell& cell = *row.cells[c];
        cell.count += outcome.count;
        if (outcome.count == 0) continue;
        for (const std::string& model : run->graded_models) {
          const auto verdict = outcome.allowed.find(model);
          if (verdict == outcome.allowed.end() || verdict->second) continue;
          if (std::find(cell.forbidden_by.begin(), cell.forbidden_by.end(), model) ==
              cell.forbidden_by.end())
            cell.forbidden_by.push_back(model);
          if (model == decisive) cell.red_flag = true;
        }
        out.red_flag = out.red_flag || cell.red_flag;
      }
      // The states the condition asks for stay in the table when never seen.
      for (const UnseenState& unseen : run->unseen_allowed)
        if (unseen.matches_condition) state_row(state_text(unseen.state), true);
    }
    out.condition_rates[c] = column_runs.size() == 1 && column_runs.front()->condition_rate
                                 ? *column_runs.front()->condition_rate
                                 : wilson_interval(matches, instances);
    column_instances[c] = instances;
  }
  // A state another column saw is 0 in every column that ran the test, not missing.
  for (ComparedState& row : out.states)
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (!row.cells[c] && out.condition_rates[c])
        row.cells[c] = ComparedCell{0, column_instances[c], {}, false};
  return out;
}

}  // namespace

std::string host_label(const HostDescription& host) {
  if (host.emulated)
    return host.arch +
           (host.cpu_model.empty() ? " (emulated)" : " (emulated on " + host.cpu_model + ")");
  std::string label = host.arch;
  if (!host.cpu_model.empty()) label += " " + host.cpu_model;
  if (host.virtualized) label += " (VM)";
  return label;
}

std::size_t Comparison::red_flag_count() const {
  std::size_t count = 0;
  for (const ComparedTest& test : tests)
    for (const ComparedState& state : test.states)
      for (const auto& cell : state.cells) count += cell && cell->red_flag;
  return count;
}

Comparison compare_results(const std::vector<ResultsSource>& sources, std::string_view tests_glob) {
  Comparison comparison;
  const std::vector<std::string> names = column_names(sources);
  for (std::size_t c = 0; c < sources.size(); ++c) {
    const ResultsDocument& d = sources[c].document;
    ComparisonColumn column{names[c],  sources[c].path, d.host, d.build,
                            d.created, d.interrupted,   {}};
    for (const TestRun& run : d.runs) {
      const std::string compiler = run.compiler.path + " " + run.compiler.flags;
      if (run.compiler.kernels == "on-demand" &&
          std::find(column.on_demand_compilers.begin(), column.on_demand_compilers.end(),
                    compiler) == column.on_demand_compilers.end())
        column.on_demand_compilers.push_back(compiler);
    }
    comparison.columns.push_back(std::move(column));
  }
  std::vector<TestRuns> tests;
  std::unordered_map<std::string, std::size_t> test_index;
  for (std::size_t c = 0; c < sources.size(); ++c) {
    for (const TestRun& run : sources[c].document.runs) {
      if (!selected(tests_glob, run.test)) continue;
      auto [it, added] = test_index.try_emplace(run.test, tests.size());
      if (added)
        tests.push_back({run.test, std::vector<std::vector<const TestRun*>>(sources.size())});
      tests[it->second].by_column[c].push_back(&run);
    }
  }
  for (const TestRuns& runs : tests)
    comparison.tests.push_back(compare_test(runs, comparison.columns));
  return comparison;
}

}  // namespace litmuslab::report
