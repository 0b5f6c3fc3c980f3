// Running catalogue tests into a results document: the steps that
// `litmuslab run` and the Python module share, so neither has logic the other lacks.
#pragma once

#include <optional>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/runner.hpp"

namespace litmuslab::frontend {

// What `run` does when given neither an iteration count nor a duration.
inline constexpr std::uint64_t kDefaultIterations = 10'000'000;

// Everything about a run beyond the tests chosen.
struct RunSettings {
  run::RunConfig config;              // the budget, the CPUs and every knob
  model::ModelOptions model_options;  // how runs are graded (armv8: LDAR or LDAPR)
};

// One test, run and recorded.
struct MeasuredTest {
  run::RunOutput output;   // what the runner returned
  report::TestRun record;  // summarised and graded, with a note when the run was interrupted
};

// Runs one catalogue test with the given settings and grades what it saw
// against the host's architecture model and cpp. An emulated host is graded
// by the architecture it emulates, the one the kernels were built for. Throws
// std::invalid_argument for settings the runner refuses.
MeasuredTest measure_test(const catalogue::RunnableTest& entry, const RunSettings& settings,
                          const run::RunHooks& hooks);

// An empty document for a run that starts now: timestamp, host and build.
// Throws std::runtime_error when the kernels need a CPU feature this host
// lacks (LSE kernels on a CPU without it), before anything runs.
report::ResultsDocument start_results_document(std::optional<bool> force_emulated = std::nullopt);

}  // namespace litmuslab::frontend
