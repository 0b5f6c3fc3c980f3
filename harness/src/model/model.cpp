// The public face of the models: dispatch by name, collect final states.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "enumerate.hpp"
#include "litmuslab/model.hpp"
#include "models.hpp"

namespace litmuslab::model {

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names{"sc", "x86-tso", "armv8", "cpp", "rc11"};
  return names;
}

bool is_model_name(std::string_view name) {
  const auto& names = model_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

namespace {

StateValues final_state(const Test& test, const Execution& x) {
  StateValues state;
  state.reserve(test.observed.size());
  for (const StateKey& key : test.observed) {
    if (key.kind == StateKey::Kind::reg)
      state.push_back(x.registers.at(key.thread).at(key.index));
    else
      state.push_back(x.location_values.at(key.index));
  }
  return state;
}

}  // namespace

ModelResult allowed_states(const Test& test, std::string_view model, const ModelOptions& options) {
  if (!is_model_name(model))
    throw std::invalid_argument("unknown model '" + std::string(model) +
                                "' (expected sc, x86-tso, armv8, cpp or rc11)");
  ModelResult result;
  result.model = std::string(model);
  const bool is_cpp = model == "cpp", is_rc11 = model == "rc11";

  const EnumerationStats stats = for_each_execution(test, [&](const Execution& x) {
    bool consistent = false;
    if (model == "sc") {
      consistent = sc_consistent(x);
    } else if (model == "x86-tso") {
      consistent = tso_consistent(x);
    } else if (model == "armv8") {
      consistent = armv8_consistent(x, options.arm_rcpc);
    } else {
      const Rc11Verdict v = rc11_check(x, /*no_thin_air=*/is_rc11);
      consistent = v.consistent;
      if (consistent && v.data_race) result.data_race = true;
    }
    if (!consistent) return;
    ++result.consistent;
    result.allowed_states.push_back(final_state(test, x));
  });
  result.candidates = stats.candidates;

  auto& states = result.allowed_states;
  std::sort(states.begin(), states.end());
  states.erase(std::unique(states.begin(), states.end()), states.end());
  result.condition_possible = std::any_of(states.begin(), states.end(),
                                          [&](const StateValues& s) { return matches(test, s); });
  if (result.data_race && (is_cpp || is_rc11)) result.flags.push_back("data-race");
  return result;
}

std::string host_architecture_model() {
#if defined(__x86_64__) || defined(_M_X64)
  return "x86-tso";
#elif defined(__aarch64__)
  return "armv8";
#else
  return "";
#endif
}

Observation observation(const Test& test, const ModelResult& result) {
  const auto& states = result.allowed_states;
  const auto matching = std::count_if(states.begin(), states.end(),
                                      [&](const StateValues& s) { return matches(test, s); });
  if (matching == 0) return Observation::never;
  if (static_cast<std::size_t>(matching) == states.size()) return Observation::always;
  return Observation::sometimes;
}

const char* to_string(Observation observation) {
  switch (observation) {
    case Observation::never:
      return "Never";
    case Observation::sometimes:
      return "Sometimes";
    case Observation::always:
      return "Always";
  }
  return "?";
}

bool condition_validated(const Test& test, const ModelResult& result) {
  const Observation o = observation(test, result);
  switch (test.condition.quantifier) {
    case Condition::Quantifier::exists:
      return o != Observation::never;
    case Condition::Quantifier::not_exists:
      return o == Observation::never;
    case Condition::Quantifier::forall:
      return o == Observation::always;
  }
  return false;
}

}  // namespace litmuslab::model
