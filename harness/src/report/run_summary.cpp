#include "litmuslab/run_summary.hpp"

#include <cinttypes>
#include <cstdio>
#include <sstream>

namespace litmuslab::report {

TestRun summarize(const Test& test, const run::CompiledTest& kernels, const run::RunOutput& output,
                  const std::string& mode) {
  TestRun r;
  r.test = test.name;
  r.family = test.family;
  r.threads = static_cast<int>(test.threads.size());
  r.cpus = output.thread_cpus;
  r.oversubscribed = output.oversubscribed;
  r.mode = mode;
  r.config = output.config;
  r.iterations = output.iterations;
  r.instances = output.histogram.total();
  r.seconds = output.seconds;
  r.condition = test.condition.text;
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016" PRIx64, kernels.kernel_hash);
  r.kernel_hash = hash;
  for (const auto& [state, count] : output.histogram.counts()) {
    Outcome o;
    for (std::size_t k = 0; k < test.observed.size(); ++k)
      o.state.emplace_back(to_string(test.observed[k]), state.at(k));
    o.count = count;
    o.matches_condition = matches(test, state);
    if (o.matches_condition) r.matches += count;
    r.outcomes.push_back(std::move(o));
  }
  if (output.oversubscribed)
    r.notes.push_back("oversubscribed: fewer CPUs than threads, so threads share CPUs");
  return r;
}

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
  std::snprintf(text, sizeof(text), value >= 100 ? "%.0f %s/s" : value >= 10 ? "%.1f %s/s" : "%.2f %s/s",
                value, unit);
  return text;
}

std::string state_text(const Outcome& o) {
  std::string text;
  for (const auto& [key, value] : o.state) {
    if (!text.empty()) text += ' ';
    text += key + "=" + std::to_string(value) + ";";
  }
  return text;
}

std::string histogram_table(const TestRun& run) {
  std::ostringstream out;
  out << "Test " << run.test << "\n";
  out << "Histogram (" << run.outcomes.size() << " state" << (run.outcomes.size() == 1 ? "" : "s")
      << ")\n";
  std::size_t width = 1;
  for (const Outcome& o : run.outcomes) width = std::max(width, std::to_string(o.count).size());
  for (const Outcome& o : run.outcomes) {
    const std::string count = std::to_string(o.count);
    out << std::string(width - count.size() + 2, ' ') << count << (o.matches_condition ? " *> " : " :> ")
        << state_text(o) << "\n";
  }
  const double seconds = run.seconds > 0 ? run.seconds : 1e-9;
  char line[256];
  std::snprintf(line, sizeof(line), "Condition %s: %" PRIu64 " match%s\n", run.condition.c_str(),
                run.matches, run.matches == 1 ? "" : "es");
  out << line;
  std::snprintf(line, sizeof(line), "Iterations %" PRIu64 " in %.3f s: %s\n", run.iterations,
                run.seconds, format_rate(static_cast<double>(run.iterations) / seconds).c_str());
  out << line;
  std::snprintf(line, sizeof(line), "Matches %" PRIu64 ": %s\n", run.matches,
                format_rate(static_cast<double>(run.matches) / seconds).c_str());
  out << line;
  for (const std::string& note : run.notes) out << "Note: " << note << "\n";
  return out.str();
}

}  // namespace litmuslab::report
