// Memory models: the final states a litmus test may end in under sc, x86-TSO,
// ARMv8, C++ (RC11 without no-thin-air) and RC11. See docs/design.md, "Models and
// mappings", and harness/src/model/README.md for the choices made.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::model {

struct ModelOptions {
  // armv8 only: memory_order_acquire loads compile to LDAPR (RCpc) instead of
  // LDAR. seq_cst loads stay LDAR, as gcc emits them.
  bool arm_rcpc = false;
};

struct ModelResult {
  std::string model;                        // "sc", "x86-tso", "armv8", "cpp", "rc11"
  std::vector<StateValues> allowed_states;  // sorted, unique, values in Test::observed order
  bool condition_possible = false;  // some allowed state satisfies the condition's proposition
  bool data_race = false;           // cpp/rc11: a consistent execution races on a non-atomic
  std::vector<std::string> flags;   // {"data-race"} when data_race
  std::uint64_t candidates = 0;     // candidate executions (rf and co choices; see README)
  std::uint64_t consistent = 0;     // of those, the ones the model accepts
};

// {"sc", "x86-tso", "armv8", "cpp", "rc11"}
const std::vector<std::string>& model_names();
bool is_model_name(std::string_view name);

// Throws std::invalid_argument for an unknown model name, and for tests too
// big to enumerate (more than 64 memory events).
ModelResult allowed_states(const Test& test, std::string_view model,
                           const ModelOptions& options = {});

// "x86-tso" on x86_64, "armv8" on aarch64, "" elsewhere.
std::string host_architecture_model();

// herd7's "Observation" line: how many allowed states match the proposition.
enum class Observation { never, sometimes, always };
Observation observation(const Test& test, const ModelResult& result);
const char* to_string(Observation observation);  // "Never", "Sometimes", "Always"

// herd7's Ok/No: exists -> some allowed state matches; ~exists -> none does;
// forall -> all do.
bool condition_validated(const Test& test, const ModelResult& result);

}  // namespace litmuslab::model
