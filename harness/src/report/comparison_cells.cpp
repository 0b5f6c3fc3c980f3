#include "comparison_cells.hpp"

#include <cstdio>

namespace litmuslab::report {

std::string rate_text(double rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", rate);
  return text;
}

std::string cell_text(const ComparedState& state, const std::optional<ComparedCell>& cell) {
  if (!cell) return std::string(kMissingCell);
  std::string text = std::to_string(cell->count) + " " + rate_text(cell->rate());
  if (state.matches_condition) text += " *";
  for (std::size_t i = 0; i < cell->forbidden_by.size(); ++i)
    text += (i ? "," : " !") + cell->forbidden_by[i];
  return text;
}

std::string interval_text(const std::optional<RateInterval>& rate) {
  if (!rate) return std::string(kMissingCell);
  return rate_text(rate->estimate) + " [" + rate_text(rate->low) + ", " + rate_text(rate->high) +
         "]";
}

std::string column_details(const ComparisonColumn& column) {
  std::string text = std::to_string(column.host.logical_cpus) + " CPUs; " + column.build.compiler;
  if (!column.build.flags.empty()) text += " " + column.build.flags;
  text += "; litmuslab " + column.build.version;
  if (!column.build.git.empty()) text += " " + column.build.git;
  for (const std::string& compiler : column.on_demand_compilers)
    text += "; kernels compiled on demand by " + compiler;
  if (column.interrupted) text += "; interrupted";
  return text;
}

std::string comparison_legend() {
  return "Each cell: count and rate per instance; * the state satisfies the test's condition;\n"
         "!MODEL the model forbids the state (a red flag when MODEL is the host's own\n"
         "architecture model); missing: the file has no run of the test.\n"
         "Condition rows: the condition's rate [95% Wilson interval].";
}

std::vector<RedFlag> red_flag_cells(const Comparison& comparison) {
  std::vector<RedFlag> flags;
  for (const ComparedTest& test : comparison.tests) {
    if (!test.red_flag) continue;
    for (const ComparedState& state : test.states)
      for (std::size_t c = 0; c < state.cells.size(); ++c)
        if (state.cells[c] && state.cells[c]->red_flag) flags.push_back({c, &test, &state});
  }
  return flags;
}

std::string red_flag_text(const Comparison& comparison, const RedFlag& flag) {
  const ComparedCell& cell = *flag.state->cells[flag.column];
  std::string models;
  for (const std::string& model : cell.forbidden_by) models += (models.empty() ? "" : ", ") + model;
  const ComparisonColumn& column = comparison.columns[flag.column];
  return column.name + ": " + flag.test->test + " " + flag.state->state + " seen " +
         std::to_string(cell.count) + " times, forbidden by " + models +
         (column.host.emulated ? " (an emulated CPU: the emulator's doing)" : "");
}

std::vector<const ComparedTest*> red_flags_first(const Comparison& comparison) {
  std::vector<const ComparedTest*> order;
  for (const ComparedTest& test : comparison.tests)
    if (test.red_flag) order.push_back(&test);
  for (const ComparedTest& test : comparison.tests)
    if (!test.red_flag) order.push_back(&test);
  return order;
}

}  // namespace litmuslab::report
