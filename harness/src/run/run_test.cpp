// One entry point for every mode, so the front ends and the tuner make the
// same fallback decision.
#include "kernel/perpetual_shape.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

RunOutput run_in_mode(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                      const RunHooks& hooks) {
  switch (config.mode) {
    case RunMode::perpetual: {
      if (info(RunMode::perpetual).serves(kernels))
        return run_perpetual(test, kernels, config, hooks);
      const kernel::PerpetualAnalysis analysis = kernel::analyse_perpetual(test);
      const std::string why = analysis.reason.empty() ? "no perpetual kernels" : analysis.reason;
      RunOutput output = run_batched(test, kernels, config, hooks);
      output.notes.push_back("perpetual mode does not serve " + test.name + " (" + why +
                             "); ran batched instead");
      return output;
    }
    case RunMode::automatic:
      return run_auto(test, kernels, config, hooks);
    case RunMode::batched:
      break;
  }
  return run_batched(test, kernels, config, hooks);
}

}  // namespace

RunOutput run_test(const Test& test, const kernel::TestKernels& kernels, const RunConfig& config,
                   const RunHooks& hooks) {
  RunOutput output = run_in_mode(test, kernels, config, hooks);
  // A knob of the other mode does nothing; a note says so, rather than letting
  // `--stride 3` on a perpetual run look as if it had applied.
  for (std::string& note : ignored_knob_notes(config, output.mode))
    output.notes.push_back(std::move(note));
  return output;
}

}  // namespace litmuslab::run
