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
  if (end != cleaned.data() + cleaned.size() && (*end == 'e' || *end == 'E') && error == std::errc()) {
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
