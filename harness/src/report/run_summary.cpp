#include "litmuslab/run_summary.hpp"

#include <cinttypes>
#include <cstdio>
#include <sstream>

namespace litmuslab::report {

std::string format_rate(double per_second) {
  const char* unit = "";
  double value = per_second;
  if (value >= 1e9) {
    value /= 1e9;
    unit = "G";
  } else if (value >= 1e6) {
    value /= 1e6;
    unit = "M";
  } else if (value >= 1e3) {
    value /= 1e3;
    unit = "k";
  }
  char text[32];
  std::snprintf(text, sizeof(text),
                value >= 100  ? "%.0f %s/s"
                : value >= 10 ? "%.1f %s/s"
                              : "%.2f %s/s",
                value, unit);
  return text;
}

std::string state_text(const std::vector<std::pair<std::string, std::int32_t>>& state) {
  std::string text;
  for (const auto& [key, value] : state) {
    if (!text.empty()) text += ' ';
    text += key + "=" + std::to_string(value) + ";";
  }
  return text;
}

std::string histogram_table(const TestRun& run) {
  std::ostringstream out;
  out << "Test " << run.test << "\n";
  std::size_t width = 1;
  std::size_t state_width = 0;
  for (const Outcome& o : run.outcomes) {
    width = std::max(width, std::to_string(o.count).size());
    state_width = std::max(state_width, state_text(o.state).size());
  }
  std::string header = "Histogram (" + std::to_string(run.outcomes.size()) + " state" +
                       (run.outcomes.size() == 1 ? "" : "s") + ")";
  if (!run.graded_models.empty()) {
    header.resize(std::max(header.size(), width + 6 + state_width + 2), ' ');
    for (const std::string& m : run.graded_models) header += "  " + m;
  }
  out << header << "\n";
  for (const Outcome& o : run.outcomes) {
    const std::string count = std::to_string(o.count);
    std::string line = std::string(width - count.size() + 2, ' ') + count +
                       (o.matches_condition ? " *> " : " :> ") + state_text(o.state);
    if (!run.graded_models.empty()) {
      line.resize(std::max(line.size(), width + 6 + state_width + 2), ' ');
      for (const std::string& m : run.graded_models) {
        const auto it = o.allowed.find(m);
        std::string verdict = it == o.allowed.end() ? "?" : it->second ? "ok" : "FORBIDDEN";
        verdict.resize(std::max(verdict.size(), m.size()), ' ');
        line += "  " + verdict;
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
    }
    out << line << "\n";
  }
  for (const UnseenState& u : run.unseen_allowed) {
    std::string models;
    for (const std::string& m : u.allowed_by) models += (models.empty() ? "" : ", ") + m;
    char bound[64];
    std::snprintf(bound, sizeof(bound), "%.2g", u.upper_bound_95);
    out << std::string(width + 1, ' ') << "0" << (u.matches_condition ? " *> " : " :> ")
        << state_text(u.state) << "   allowed by " << models << ", never seen: p < " << bound
        << " per instance (95%, if instances were independent)\n";
  }
  const double seconds = run.seconds > 0 ? run.seconds : 1e-9;
  char line[512];
  std::snprintf(line, sizeof(line), "Condition %s: %" PRIu64 " match%s", run.condition.c_str(),
                run.matches, run.matches == 1 ? "" : "es");
  out << line;
  if (run.condition_rate) {
    std::snprintf(line, sizeof(line), " (rate %.3g, 95%% CI %.3g to %.3g)",
                  run.condition_rate->estimate, run.condition_rate->low, run.condition_rate->high);
    out << line;
  }
  out << "\n";
  std::snprintf(line, sizeof(line), "Iterations %" PRIu64 " in %.3f s: %s\n", run.iterations,
                run.seconds, format_rate(static_cast<double>(run.iterations) / seconds).c_str());
  out << line;
  if (run.filtered > 0) {
    std::snprintf(line, sizeof(line),
                  "Filtered %" PRIu64
                  " instances whose state fails the filter (not counted above)\n",
                  run.filtered);
    out << line;
  }
  std::snprintf(line, sizeof(line), "Matches %" PRIu64 ": %s\n", run.matches,
                format_rate(static_cast<double>(run.matches) / seconds).c_str());
  out << line;
  for (const std::string& flag : run.model_flags) out << "Flag " << flag << "\n";
  for (const std::string& note : run.notes) out << "Note: " << note << "\n";
  if (run.forbidden_observed.value_or(false))
    out << "RED FLAG: a state forbidden under " << run.graded_models.front()
        << " was observed (see FORBIDDEN above)\n";
  return out.str();
}

}  // namespace litmuslab::report
