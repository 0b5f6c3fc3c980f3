// Final states and the propositions judged on them: keys, matching, the
// filter, and herd7's way of printing a state.
#include <algorithm>

#include "litmuslab/test.hpp"

namespace litmuslab {

std::string to_string(const StateKey& key) {
  if (key.kind == StateKey::Kind::reg) return std::to_string(key.thread) + ":" + key.name;
  return "[" + key.name + "]";
}

const char* to_string(Condition::Quantifier q) {
  switch (q) {
    case Condition::Quantifier::exists:
      return "exists";
    case Condition::Quantifier::not_exists:
      return "~exists";
    case Condition::Quantifier::forall:
      return "forall";
  }
  return "?";
}

namespace {

// The value of `key` in a state laid out as observed, then filter_keys.
std::int32_t value_of(const Test& test, const StateKey& key, const StateValues& state) {
  const auto at = [&](std::size_t i) { return i < state.size() ? state[i] : 0; };
  for (std::size_t i = 0; i < test.observed.size(); ++i)
    if (test.observed[i] == key) return at(i);
  for (std::size_t i = 0; i < test.filter_keys.size(); ++i)
    if (test.filter_keys[i] == key) return at(test.observed.size() + i);
  return 0;  // the parser puts every key it reads into one of the two lists
}

}  // namespace

bool matches(const Test& test, const Proposition& prop, const StateValues& state) {
  switch (prop.kind) {
    case Proposition::Kind::truth:
      return true;
    case Proposition::Kind::atom:
      return value_of(test, prop.key, state) == prop.value;
    case Proposition::Kind::negation:
      return !matches(test, prop.children.at(0), state);
    case Proposition::Kind::implies:
      return !matches(test, prop.children.at(0), state) ||
             matches(test, prop.children.at(1), state);
    case Proposition::Kind::conj:
      return std::all_of(prop.children.begin(), prop.children.end(),
                         [&](const Proposition& c) { return matches(test, c, state); });
    case Proposition::Kind::disj:
      return std::any_of(prop.children.begin(), prop.children.end(),
                         [&](const Proposition& c) { return matches(test, c, state); });
  }
  return false;
}

bool matches(const Test& test, const StateValues& state) {
  return matches(test, test.condition.proposition, state);
}

bool passes_filter(const Test& test, const StateValues& state_with_filter_keys) {
  return !test.filter || matches(test, *test.filter, state_with_filter_keys);
}

std::string format_state(const Test& test, const StateValues& state) {
  std::string out;
  for (std::size_t i = 0; i < test.observed.size() && i < state.size(); ++i) {
    const StateKey& key = test.observed[i];
    std::string value = std::to_string(state[i]);
    if (key.type == ValueType::pointer && state[i] >= 0 &&
        static_cast<std::size_t>(state[i]) < test.locations.size())
      value = test.locations[static_cast<std::size_t>(state[i])].name;
    if (!out.empty()) out += ' ';
    out += to_string(key) + "=" + value + ";";
  }
  return out;
}

}  // namespace litmuslab
