// One entry point for both modes, so the CLI, the tuner and the Python
// bindings make the same fallback decision.
#include "kernel/perpetual_shape.hpp"
#include "litmuslab/runner.hpp"

namespace litmuslab::run {
namespace {

// A knob of the other mode does nothing; a note says so, rather than letting
// `--stride 3` on a perpetual run look as if it had applied.
void note_other_mode_knobs(const RunConfig& config, RunOutput& output) {
  const RunConfig defaults;
  std::vector<std::string> ignored;
  if (output.mode == "perpetual") {
    if (config.batch.value != defaults.batch.value)
      ignored.push_back("--batch " + config.batch.to_string());
    if (config.stride.value != defaults.stride.value)
      ignored.push_back("--stride " + config.stride.to_string());
  } else {
    if (config.chunk.value != defaults.chunk.value)
      ignored.push_back("--chunk " + config.chunk.to_string());
    if (config.lanes.value != defaults.lanes.value)
      ignored.push_back("--lanes " + config.lanes.to_string());
  }
  if (ignored.empty()) return;
  std::string list;
  for (const std::string& knob : ignored) list += (list.empty() ? "" : ", ") + knob;
  output.notes.push_back(list + (ignored.size() == 1 ? " is a " : " are ") +
                         (output.mode == "perpetual" ? "batched" : "perpetual") + "-mode knob" +
                         (ignored.size() == 1 ? "" : "s") + "; this " + output.mode +
                         " run ignored " + (ignored.size() == 1 ? "it" : "them"));
}

// The runners record the knobs they use; the others go in too, so a result
// keeps every knob it was given (the notes say which ones the run ignored).
void record_every_knob(const RunConfig& config, RunOutput& output) {
  output.config.emplace("batch", config.batch.to_string());
  output.config.emplace("stride", config.stride.to_string());
  output.config.emplace("chunk", config.chunk.to_string());
  output.config.emplace("lanes", config.lanes.to_string());
}

RunOutput run_in_mode(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                      const RunHooks& hooks) {
  if (config.mode == RunMode::perpetual) {
    if (!kernels.perpetual.empty()) return run_perpetual(test, kernels, config, hooks);
    const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(test);
    const std::string why = analysis.reason.empty() ? "no perpetual kernels" : analysis.reason;
    RunOutput output = run_batched(test, kernels, config, hooks);
    output.notes.push_back("perpetual mode does not serve " + test.name + " (" + why +
                           "); ran batched instead");
    return output;
  }
  return run_batched(test, kernels, config, hooks);
}

}  // namespace

RunOutput run_test(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks) {
  RunOutput output = run_in_mode(test, kernels, config, hooks);
  note_other_mode_knobs(config, output);
  record_every_knob(config, output);
  return output;
}

}  // namespace litmuslab::run
