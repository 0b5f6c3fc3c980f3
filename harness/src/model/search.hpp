// The depth-first search over read-from and coherence choices for one
// choice of thread paths. It never stores executions: it decides first what
// fixes the final state (the reads whose values matter, the coherence-last
// write of each observed location), and from then on only looks for one
// consistent completion, which it abandons at once when the state is known.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_set>
#include <vector>

#include "axioms.hpp"
#include "event_structure.hpp"
#include "litmuslab/test.hpp"
#include "search_plan.hpp"

namespace litmuslab::model {

struct StateHash {
  std::size_t operator()(const StateValues& s) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (std::int32_t v : s) h = (h ^ static_cast<std::uint32_t>(v)) * 0x100000001b3ULL;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};
using StateSet = std::unordered_set<StateValues, StateHash>;

// What all searches of one test under one model share.
struct SearchShared {
  StateSet states;               // allowed final states, values in Test::observed order
  bool data_race = false;        // some consistent execution races (cpp, rc11)
  std::uint64_t nodes = 0;       // partial candidates tried
  std::uint64_t consistent = 0;  // complete candidates the model accepted
  // Called every few thousand nodes; throws to stop the search.
  std::function<void(const SearchShared&)> poll;
};

// Explores every execution of `events` (one path per thread) under `axioms`.
void search_executions(const Test& test, const EventStructure& events, const SearchPlan& plan,
                       const Axioms& axioms, SearchShared& shared);

}  // namespace litmuslab::model
