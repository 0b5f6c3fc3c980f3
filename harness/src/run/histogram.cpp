#include "run/histogram.hpp"

namespace litmuslab::run {

void OutcomeHistogram::add(const StateValues& state, std::uint64_t count) {
  if (count > 0) counts_[state] += count;
}

void OutcomeHistogram::merge(const OutcomeHistogram& other) {
  for (const auto& [state, count] : other.counts_) counts_[state] += count;
}

std::uint64_t OutcomeHistogram::total() const {
  std::uint64_t sum = 0;
  for (const auto& entry : counts_) sum += entry.second;
  return sum;
}

std::uint64_t OutcomeHistogram::condition_matches(const Test& test) const {
  std::uint64_t n = 0;
  for (const auto& [state, count] : counts_)
    if (matches(test, state)) n += count;
  return n;
}

std::uint64_t OutcomeHistogram::count_of(const StateValues& state) const {
  auto it = counts_.find(state);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace litmuslab::run
