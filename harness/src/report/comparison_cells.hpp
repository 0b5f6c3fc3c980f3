// How a comparison's cells read, shared by its text, markdown and HTML forms.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/comparison.hpp"

namespace litmuslab::report {

inline constexpr std::string_view kMissingCell = "missing";

// "0.506", "4.25e-05": three significant figures.
std::string rate_text(double rate);
// "5059378 0.506 * !armv8,cpp", or "missing".
std::string cell_text(const ComparedState& state, const std::optional<ComparedCell>& cell);
// "0.506 [0.505, 0.507]", or "missing".
std::string interval_text(const std::optional<RateInterval>& rate);
// "2 CPUs; gcc 12.2.0 -O2; litmuslab 0.1.0 8e1c08d": what else a column was made with.
std::string column_details(const ComparisonColumn& column);
// What the markers mean, in one sentence.
std::string comparison_legend();

// One red-flag cell, for the lists after the table.
struct RedFlag {
  std::size_t column;
  const ComparedTest* test;
  const ComparedState* state;
};
std::vector<RedFlag> red_flag_cells(const Comparison& comparison);
// "aarch64-qemu-emulated: SB+sc 0:r0=0; 1:r0=0; seen 1168 times, forbidden by armv8, cpp"
std::string red_flag_text(const Comparison& comparison, const RedFlag& flag);

// The tests in the order a reader wants them: red flags first.
std::vector<const ComparedTest*> red_flags_first(const Comparison& comparison);

}  // namespace litmuslab::report
