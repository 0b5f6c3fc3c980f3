// Counts of final states: the product of a run.
#pragma once

#include <cstdint>
#include <map>

#include "litmuslab/test.hpp"

namespace litmuslab::run {

class OutcomeHistogram {
 public:
  void add(const StateValues& state, std::uint64_t count);
  void merge(const OutcomeHistogram& other);
  std::uint64_t total() const;
  std::uint64_t count_of(const StateValues& state) const;
  // Instances whose state satisfies `test`'s condition.
  std::uint64_t condition_matches(const Test& test) const;
  // Ordered by state, as herd7 lists them.
  const std::map<StateValues, std::uint64_t>& counts() const { return counts_; }
  bool empty() const { return counts_.empty(); }

 private:
  std::map<StateValues, std::uint64_t> counts_;
};

}  // namespace litmuslab::run
