#include "report/record.hpp"

#include <cinttypes>
#include <cstdio>

namespace litmuslab::report {

namespace {

// The histogram as outcomes in herd7's order, with the first sightings when known.
std::vector<Outcome> outcomes_of(const Test& test, const run::OutcomeHistogram& histogram,
                                 const std::map<StateValues, double>* first_seen) {
  std::vector<Outcome> outcomes;
  for (const auto& [state, count] : histogram.counts()) {
    Outcome o;
    for (std::size_t k = 0; k < test.observed.size(); ++k)
      o.state.emplace_back(to_string(test.observed[k]), state.at(k));
    o.count = count;
    o.matches_condition = matches(test, state);
    if (first_seen)
      if (const auto seen = first_seen->find(state); seen != first_seen->end())
        o.first_seen_seconds = seen->second;
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

std::uint64_t matches_of(const std::vector<Outcome>& outcomes) {
  std::uint64_t n = 0;
  for (const Outcome& o : outcomes)
    if (o.matches_condition) n += o.count;
  return n;
}

}  // namespace

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
  r.outcomes = outcomes_of(test, output.histogram, &output.first_seen);
  r.matches = matches_of(r.outcomes);
  for (const run::RunSegment& s : output.segments) {
    Segment segment;
    segment.role = s.role == run::RunSegment::Role::probe ? "probe" : "run";
    segment.mode = run::to_string(s.mode);
    segment.config = s.config;
    segment.start_seconds = s.start_seconds;
    segment.seconds = s.seconds;
    segment.iterations = s.iterations;
    segment.instances = s.histogram.total();
    segment.outcomes = outcomes_of(test, s.histogram, nullptr);
    segment.matches = matches_of(segment.outcomes);
    r.segments.push_back(std::move(segment));
  }
  if (output.oversubscribed)
    r.notes.push_back("oversubscribed: fewer CPUs than threads, so threads share CPUs");
  return r;
}

}  // namespace litmuslab::report
