// A run's record as text: the histogram table, states and rates.
#pragma once

#include <string>

#include "litmuslab/results.hpp"

namespace litmuslab::report {

// A litmus7-like table: one line per state, `*` on states that satisfy the
// condition, then iterations, time, rates and matches.
std::string histogram_table(const TestRun& run);

// "0:r0=0; 1:r0=1;", as herd7 prints a state: the key of Python's histograms too.
std::string state_text(const std::vector<std::pair<std::string, std::int32_t>>& state);

// "32.1 M/s", "870 /s", with three significant figures.
std::string format_rate(double per_second);

}  // namespace litmuslab::report
