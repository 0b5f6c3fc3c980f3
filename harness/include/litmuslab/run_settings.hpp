// The knobs of `litmuslab run` by name, so the CLI and the Python module set
// them through one table and refuse the same values with the same messages.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/model.hpp"
#include "litmuslab/runner.hpp"

namespace litmuslab::frontend {

// What `run` does when given neither an iteration count nor a duration.
inline constexpr std::uint64_t kDefaultIterations = 10'000'000;

// Everything about a run beyond the tests chosen.
struct RunSettings {
  run::RunConfig config;
  std::string mode = "batched";
  model::ModelOptions model_options;  // how runs are graded (armv8: LDAR or LDAPR)
};

// One knob as `litmuslab run --NAME VALUE` and `litmuslab.run(NAME=VALUE)` spell it.
struct KnobDescription {
  std::string name;           // "batch"
  std::string default_value;  // "8192"
  std::string help;           // one line for --help and docstrings
};

// Every knob, in the order --help lists them.
const std::vector<KnobDescription>& run_knobs();

// A name that is not in run_knobs().
class UnknownKnob : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Sets one knob from its text. Throws UnknownKnob for an unknown name and
// std::invalid_argument, naming the knob, for a value it cannot take.
void set_run_knob(RunSettings& settings, std::string_view name, std::string_view value);

}  // namespace litmuslab::frontend
