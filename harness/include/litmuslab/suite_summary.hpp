// The table that ends a run of several tests (`litmuslab run DIR`): one line
// per test, and one per file that could not run.
#pragma once

#include <optional>
#include <string>

#include "litmuslab/results.hpp"

namespace litmuslab::report {

// Columns: test, instances, condition matches, the condition's verdict under
// each graded model ("allowed" when the model allows a state that satisfies
// the condition, as herd7's Ok), and red flags (states the host's model
// forbids, seen; model flags such as cpp's data-race). A file that did not
// parse or compile is a line with its error.
std::string suite_table(const ResultsDocument& document);

// Whether a graded model allows some state satisfying the run's condition,
// from the graded outcomes and unseen allowed states; nullopt when `model`
// did not grade the run.
std::optional<bool> condition_allowed(const TestRun& run, const std::string& model);

}  // namespace litmuslab::report
