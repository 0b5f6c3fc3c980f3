#include "report/record.hpp"

#include <cinttypes>
#include <cstdio>

namespace litmuslab::report {

TestRun summarize(const Test& test, const kernel::TestKernels& kernels,
                  const run::RunOutput& output) {
  TestRun r;
  r.test = test.name;
  r.family = test.family;
  r.threads = static_cast<int>(test.threads.size());
  r.cpus = output.thread_cpus;
  r.oversubscribed = output.oversubscribed;
  r.mode = run::to_string(output.mode);
  r.config = output.config;
  r.iterations = output.iterations;
  r.instances = output.histogram.total();
  r.filtered = output.filtered;
  r.seconds = output.seconds;
  r.condition = test.condition.text;
  r.metadata = test.metadata;
  char hash[17];
  std::snprintf(hash, sizeof(hash), "%016" PRIx64, kernels.kernel_hash);
  r.kernel_hash = hash;
  for (const auto& [state, count] : output.histogram.counts()) {
    Outcome o;
    for (std::size_t k = 0; k < test.observed.size(); ++k)
      o.state.emplace_back(to_string(test.observed[k]), state.at(k));
    o.count = count;
    o.matches_condition = matches(test, state);
    if (const auto seen = output.first_seen.find(state); seen != output.first_seen.end())
      o.first_seen_seconds = seen->second;
    if (o.matches_condition) r.matches += count;
    r.outcomes.push_back(std::move(o));
  }
  if (output.oversubscribed)
    r.notes.push_back("oversubscribed: fewer CPUs than threads, so threads share CPUs");
  return r;
}

}  // namespace litmuslab::report
