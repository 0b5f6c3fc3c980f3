// The comparison's charts as inline SVG, drawn in C++ so that
// `litmuslab compare --html` needs nothing but the CLI.
#pragma once

#include <string>

#include "litmuslab/comparison.hpp"

namespace litmuslab::report {

// Tests (red flags first) by columns, each cell coloured by the condition's
// rate on a log scale; grey where it never held, blank where missing, a red
// frame around a red flag.
std::string condition_rate_heatmap(const Comparison& comparison);

// Per test, each column's condition rate as a dot with its 95% interval, on
// a log scale; emulated columns hollow, red flags ringed in red.
std::string condition_rate_strips(const Comparison& comparison);

}  // namespace litmuslab::report
