#include "litmuslab/knobs.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace litmuslab::run {

const std::vector<std::string>& layout_names() {
  static const std::vector<std::string> names = {"shared-line", "line-per-instance", "arrays",
                                                 "padded"};
  return names;
}

Layout parse_layout(std::string_view text) {
  const auto& names = layout_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (text == names[i]) return static_cast<Layout>(i);
  std::string valid;
  for (const auto& name : names) valid += (valid.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown layout '" + std::string(text) + "' (valid: " + valid + ")");
}

std::string to_string(Layout layout) { return layout_names().at(static_cast<std::size_t>(layout)); }

std::uint64_t parse_count(std::string_view text, std::string_view what) {
  const std::string name(what);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-')
    throw std::invalid_argument(name + " must be positive, not " + std::string(text));
  // Accept 1e6 and 1_000_000 style spellings that people type.
  std::string cleaned;
  for (char c : digits)
    if (c != '_' && c != '\'') cleaned += c;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(cleaned.data(), cleaned.data() + cleaned.size(), value);
  if (error == std::errc::result_out_of_range)
    throw std::invalid_argument(name + " " + std::string(text) + " is too large (at most " +
                                std::to_string(UINT64_MAX) + ")");
  if (end != cleaned.data() + cleaned.size() && (*end == 'e' || *end == 'E') &&
      error == std::errc()) {
    unsigned exponent = 0;
    auto [end2, error2] = std::from_chars(end + 1, cleaned.data() + cleaned.size(), exponent);
    if (error2 == std::errc::result_out_of_range && value != 0)
      throw std::invalid_argument(name + " " + std::string(text) + " is too large");
    if (error2 == std::errc() && end2 == cleaned.data() + cleaned.size()) {
      // Stops within 20 steps: a non-zero value overflows by then, and 0e... stays 0.
      for (unsigned i = 0; i < exponent && value != 0; ++i) {
        if (value > UINT64_MAX / 10)
          throw std::invalid_argument(name + " " + std::string(text) + " is too large");
        value *= 10;
      }
      end = end2;
    }
  }
  if (cleaned.empty() || error != std::errc() || end != cleaned.data() + cleaned.size())
    throw std::invalid_argument(name + " must be a whole number, not '" + std::string(text) + "'");
  if (value == 0) throw std::invalid_argument(name + " must be at least 1");
  return value;
}

double parse_seconds(std::string_view text, std::string_view what) {
  const std::string name(what);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    throw std::invalid_argument(name + " must be a number of seconds, not '" + std::string(text) +
                                "'");
  if (value <= 0) throw std::invalid_argument(name + " must be positive");
  if (value > 1e7) throw std::invalid_argument(name + " is too large (at most 1e7 s)");
  return value;
}

BatchSize BatchSize::parse(std::string_view text) {
  const std::uint64_t value = parse_count(text, "--batch");
  if (value > (1u << 24)) throw std::invalid_argument("--batch must be at most 16777216");
  return BatchSize{static_cast<std::size_t>(value)};
}

}  // namespace litmuslab::run

namespace litmuslab::run {
namespace {

// A name from a fixed list, with the valid ones in the message otherwise.
std::size_t parse_name(std::string_view text, const std::vector<std::string>& names,
                       std::string_view what) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (text == names[i]) return i;
  std::string valid;
  for (const auto& name : names) valid += (valid.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown " + std::string(what) + " '" + std::string(text) +
                              "' (valid: " + valid + ")");
}

// A whole number in [low, high]; `low` may be 0, unlike parse_count.
std::uint64_t parse_bounded(std::string_view text, std::string_view what, std::uint64_t low,
                            std::uint64_t high) {
  const std::uint64_t value = text == "0" ? 0 : parse_count(text, what);
  if (value < low || value > high)
    throw std::invalid_argument(std::string(what) + " must be between " + std::to_string(low) +
                                " and " + std::to_string(high) + ", not " + std::string(text));
  return value;
}

const std::vector<std::string>& run_mode_names() {
  static const std::vector<std::string> names = {"batched", "perpetual"};
  return names;
}

const std::vector<std::string>& placement_names() {
  static const std::vector<std::string> names = {"heap", "static"};
  return names;
}

}  // namespace

RunMode parse_run_mode(std::string_view text) {
  return static_cast<RunMode>(parse_name(text, run_mode_names(), "--mode"));
}

std::string to_string(RunMode mode) { return run_mode_names().at(static_cast<std::size_t>(mode)); }

ChunkSize ChunkSize::parse(std::string_view text) {
  return ChunkSize{static_cast<std::size_t>(parse_bounded(text, "--chunk", 1, 1u << 24))};
}

Lanes Lanes::parse(std::string_view text) {
  return Lanes{static_cast<std::size_t>(parse_bounded(text, "--lanes", 1, 4096))};
}

Placement parse_placement(std::string_view text) {
  return static_cast<Placement>(parse_name(text, placement_names(), "--placement"));
}

std::string to_string(Placement placement) {
  return placement_names().at(static_cast<std::size_t>(placement));
}

Stride Stride::parse(std::string_view text) {
  return Stride{static_cast<std::size_t>(parse_bounded(text, "--stride", 1, 1u << 24))};
}

FirstThread FirstThread::parse(std::string_view text) {
  if (text == "any") return FirstThread{};
  if (text == "rotate") return FirstThread{FirstThread::kRotate};
  return FirstThread{static_cast<int>(parse_bounded(text, "--first", 0, 63))};
}

RandomDelay RandomDelay::parse(std::string_view text) {
  return RandomDelay{static_cast<std::uint32_t>(parse_bounded(text, "--delay", 0, 1000000))};
}

}  // namespace litmuslab::run
