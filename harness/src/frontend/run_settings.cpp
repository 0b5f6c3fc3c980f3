#include "litmuslab/run_settings.hpp"

#include "litmuslab/knobs.hpp"

namespace litmuslab::frontend {

const std::vector<KnobDescription>& run_knobs() {
  const run::RunConfig defaults;
  static const std::vector<KnobDescription> knobs = {
      {"mode", to_string(defaults.mode),
       "batched: a barrier per batch of instances; perpetual: no barrier inside a chunk, "
       "instances reconstructed from load logs (SB, MP, LB, CoRR and variants; other tests "
       "run batched, with a note)"},
      {"batch", defaults.batch.to_string(), "batched: instances per batch"},
      {"chunk", defaults.chunk.to_string(),
       "perpetual: iterations per thread between two barriers (a multiple of --lanes)"},
      {"lanes", defaults.lanes.to_string(),
       "perpetual: copies of the test's locations that iterations rotate through; the "
       "threads reconstruct different lanes in parallel"},
      {"layout", to_string(defaults.layout),
       "memory layout of instances (lanes): shared-line, line-per-instance, arrays, padded"},
      {"placement", to_string(defaults.placement),
       "instance memory from the heap, or from a static arena in the binary: heap, static"},
      {"stride", defaults.stride.to_string(),
       "batched: threads visit a batch's instances in the order 0, N, 2N, ..., 1, 1+N, ..."},
      {"first", defaults.first.to_string(),
       "this thread starts each batch or chunk first and the others wait for it: any (all at "
       "once), rotate (thread b mod threads in batch b), or a thread number"},
      {"delay", defaults.delay.to_string(),
       "before each batch or chunk every thread spins a random 0..N pause instructions"},
  };
  return knobs;
}

void set_run_knob(RunSettings& settings, std::string_view name, std::string_view value) {
  run::RunConfig& config = settings.config;
  if (name == "mode") {
    config.mode = run::parse_run_mode(value);
    settings.mode = to_string(config.mode);
  } else if (name == "batch") {
    config.batch = run::BatchSize::parse(value);
  } else if (name == "chunk") {
    config.chunk = run::ChunkSize::parse(value);
  } else if (name == "lanes") {
    config.lanes = run::Lanes::parse(value);
  } else if (name == "layout") {
    config.layout = run::parse_layout(value);
  } else if (name == "placement") {
    config.placement = run::parse_placement(value);
  } else if (name == "stride") {
    config.stride = run::Stride::parse(value);
  } else if (name == "first") {
    config.first = run::FirstThread::parse(value);
  } else if (name == "delay") {
    config.delay = run::RandomDelay::parse(value);
  } else {
    std::string valid;
    for (const KnobDescription& knob : run_knobs())
      valid += (valid.empty() ? "" : ", ") + knob.name;
    throw UnknownKnob("unknown knob '" + std::string(name) + "' (valid: " + valid + ")");
  }
}

}  // namespace litmuslab::frontend
