// Model verdicts as text (herd7-like blocks) and as JSON.
#pragma once

#include <string>
#include <vector>

#include "litmuslab/model.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::report {

// One block per model, herd7's layout: "Test", "States N", the states,
// flags, "Incomplete REASON" when a limit stopped the search, Ok/No/Undef,
// "Witnesses", "Condition", "Observation NAME Never|Sometimes|Always".
// Positive/Negative count allowed states (herd7 counts executions).
std::string herd_text(const Test& test, const std::vector<model::ModelResult>& results);

// {"test": NAME, "condition": ..., "observed": [...], "models": {NAME: {...}}}
std::string model_json(const Test& test, const std::vector<model::ModelResult>& results);

// For `show`: each state any model allows, with the models that allow it.
std::string allowed_state_table(const Test& test, const std::vector<model::ModelResult>& results);

}  // namespace litmuslab::report
