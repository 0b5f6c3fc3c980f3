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

// How a test runs: batched instances, or perpetual iterations whose
// instances are reconstructed from load logs afterwards (DESIGN.md, "Running").
enum class RunMode { batched, perpetual };
RunMode parse_run_mode(std::string_view text);  // throws std::invalid_argument
std::string to_string(RunMode mode);

// Iterations per thread between two barriers (perpetual mode).
struct ChunkSize {
  std::size_t value = 0;
  static ChunkSize parse(std::string_view text);  // 1..2^24; throws std::invalid_argument
  std::string to_string() const { return std::to_string(value); }
};

// Perpetual mode: how many independent copies of the test's locations the
// iterations rotate through. Each copy's logs are reconstructed on their own,
// so the threads share the counting between them.
struct Lanes {
  std::size_t value = 0;
  static Lanes parse(std::string_view text);  // 1..4096; throws std::invalid_argument
  std::string to_string() const { return std::to_string(value); }
};

// Where instance memory comes from: the heap (operator new, line-aligned), or
// a fixed arena in the binary's zero-initialised data, as litmus7's static
// allocation puts it.
enum class Placement { heap, static_arena };
Placement parse_placement(std::string_view text);  // "heap" or "static"
std::string to_string(Placement placement);

// The order in which every thread visits the instances of a batch: 0, s, 2s,
// ..., then 1, 1+s, ...; 1 is memory order.
struct Stride {
  std::size_t value = 1;
  static Stride parse(std::string_view text);  // 1..2^24; throws std::invalid_argument
  std::string to_string() const { return std::to_string(value); }
};

// Which thread leaves the barrier first: the others wait until it has
// started. `any` releases every thread at once.
struct FirstThread {
  int thread = -1;                                  // -1: any
  static FirstThread parse(std::string_view text);  // "any" or a thread number 0..63
  std::string to_string() const { return thread < 0 ? "any" : std::to_string(thread); }
};

// Before each batch or chunk, every thread spins for a random number of
// pause instructions in [0, max_pauses], so threads start at varying offsets.
struct RandomDelay {
  std::uint32_t max_pauses = 0;
  static RandomDelay parse(std::string_view text);  // 0..1000000
  std::string to_string() const { return std::to_string(max_pauses); }
};

// A whole positive count such as --iterations; rejects 0, negatives, junk and overflow.
std::uint64_t parse_count(std::string_view text, std::string_view what);

// Seconds as a positive, finite decimal.
double parse_seconds(std::string_view text, std::string_view what);

}  // namespace litmuslab::run
