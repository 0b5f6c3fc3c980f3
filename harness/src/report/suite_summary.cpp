#include "litmuslab/suite_summary.hpp"

#include <algorithm>
#include <set>

namespace litmuslab::report {
namespace {

using Row = std::vector<std::string>;

std::string red_flags(const TestRun& run) {
  std::string flags;
  const auto add = [&flags](const std::string& flag) {
    flags += (flags.empty() ? "" : ", ") + flag;
  };
  if (run.forbidden_observed.value_or(false)) {
    std::uint64_t instances = 0;
    const std::string& host_model = run.graded_models.front();
    for (const Outcome& o : run.outcomes)
      if (const auto it = o.allowed.find(host_model); it != o.allowed.end() && !it->second)
        instances += o.count;
    add("FORBIDDEN under " + host_model + " seen " + std::to_string(instances) + "x");
  }
  for (const std::string& flag : run.model_flags) add(flag);
  if (run.oversubscribed) add("oversubscribed");
  return flags.empty() ? "-" : flags;
}

}  // namespace

std::optional<bool> condition_allowed(const TestRun& run, const std::string& model) {
  if (std::find(run.graded_models.begin(), run.graded_models.end(), model) ==
      run.graded_models.end())
    return std::nullopt;
  for (const Outcome& o : run.outcomes)
    if (const auto it = o.allowed.find(model);
        o.matches_condition && it != o.allowed.end() && it->second)
      return true;
  for (const UnseenState& u : run.unseen_allowed)
    if (u.matches_condition &&
        std::find(u.allowed_by.begin(), u.allowed_by.end(), model) != u.allowed_by.end())
      return true;
  return false;
}

std::string suite_table(const ResultsDocument& document) {
  // The graded models of every run, in the order the runs name them.
  std::vector<std::string> models;
  for (const TestRun& run : document.runs)
    for (const std::string& model : run.graded_models)
      if (std::find(models.begin(), models.end(), model) == models.end()) models.push_back(model);

  std::vector<Row> rows;
  Row header{"test", "instances", "matches"};
  for (const std::string& model : models) header.push_back(model);
  header.push_back("red flags");
  rows.push_back(header);
  for (const TestRun& run : document.runs) {
    Row row{run.test, std::to_string(run.instances), std::to_string(run.matches)};
    for (const std::string& model : models) {
      const std::optional<bool> allowed = condition_allowed(run, model);
      row.push_back(!allowed ? "-" : *allowed ? "allowed" : "forbidden");
    }
    row.push_back(red_flags(run));
    rows.push_back(std::move(row));
  }

  std::vector<std::size_t> widths(header.size(), 0);
  for (const Row& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  std::string out = "Summary: " + std::to_string(document.runs.size()) + " test" +
                    (document.runs.size() == 1 ? "" : "s") + " ran";
  if (!document.failed.empty())
    out += ", " + std::to_string(document.failed.size()) + " file" +
           (document.failed.size() == 1 ? "" : "s") + " could not run";
  out += "; per model, whether it allows the condition (herd7's Ok or No):\n";
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const bool number = c == 1 || c == 2;
      const std::string pad(widths[c] - row[c].size(), ' ');
      line += (c == 0 ? "" : "  ") + (number ? pad + row[c] : row[c] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  for (const FailedFile& failed : document.failed)
    out += "FAILED " + failed.error + "\n";  // the error names the file
  return out;
}

}  // namespace litmuslab::report
