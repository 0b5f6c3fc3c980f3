// Candidate executions of a test: every choice of reads-from and coherence
// order, pruned per location by sc-per-location and RMW atomicity (axioms
// that every model here includes).
#pragma once

#include <cstdint>
#include <functional>

#include "execution.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::model {

struct EnumerationStats {
  // rf x co choices, each RMW read tied to its write's co-predecessor (the
  // only choice coherence and atomicity leave it).
  std::uint64_t candidates = 0;
  std::uint64_t coherent = 0;  // those passing sc-per-location, atomicity and CAS outcomes
};

// Calls `visit` once per coherent candidate execution, with values, final
// registers and final location values filled in.
EnumerationStats for_each_execution(const Test& test,
                                    const std::function<void(const Execution&)>& visit);

}  // namespace litmuslab::model
