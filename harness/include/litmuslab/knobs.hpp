// Run knobs: each a small type with parse and print, recorded in results.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::run {

// How the locations of the instances of a batch are laid out in memory.
enum class Layout {
  shared_line,        // an instance's locations side by side; several instances per line
  line_per_instance,  // an instance's locations side by side; one instance per cache line
  arrays,             // one packed array per location
  padded,             // every location of every instance on its own cache line
};
Layout parse_layout(std::string_view text);  // throws std::invalid_argument
std::string to_string(Layout layout);
const std::vector<std::string>& layout_names();

// Instances per batch (batched mode): between two barriers.
struct BatchSize {
  std::size_t value = 0;
  static BatchSize parse(std::string_view text);  // 1..2^24; throws std::invalid_argument
  std::string to_string() const { return std::to_string(value); }
};

// A whole positive count such as --iterations; rejects 0, negatives, junk and overflow.
std::uint64_t parse_count(std::string_view text, std::string_view what);

// Seconds as a positive, finite decimal.
double parse_seconds(std::string_view text, std::string_view what);

}  // namespace litmuslab::run
