#include "litmuslab/run_settings.hpp"

#include "litmuslab/knobs.hpp"

namespace litmuslab::report {

const std::vector<KnobDescription>& run_knobs() {
  static const std::vector<KnobDescription> knobs = {
      {"mode", "batched", "run mode: batched"},
      {"batch", "8192", "instances per batch"},
      {"layout", "shared-line", "memory layout: shared-line, line-per-instance, arrays, padded"},
  };
  return knobs;
}

void set_run_knob(RunSettings& settings, std::string_view name, std::string_view value) {
  if (name == "mode") {
    if (value != "batched")
      throw std::invalid_argument("unknown --mode '" + std::string(value) + "' (valid: batched)");
    settings.mode = value;
  } else if (name == "batch") {
    settings.config.batch = run::BatchSize::parse(value);
  } else if (name == "layout") {
    settings.config.layout = run::parse_layout(value);
  } else {
    std::string valid;
    for (const KnobDescription& knob : run_knobs())
      valid += (valid.empty() ? "" : ", ") + knob.name;
    throw UnknownKnob("unknown knob '" + std::string(name) + "' (valid: " + valid + ")");
  }
}

}  // namespace litmuslab::report
