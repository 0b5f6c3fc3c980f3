// One entry point for both modes, so the CLI, the tuner and the Python
// bindings make the same fallback decision.
#include "litmuslab/perpetual_shape.hpp"
#include "litmuslab/runner.hpp"

namespace litmuslab::run {

RunOutput run_test(const Test& test, const CompiledTest& kernels, const RunConfig& config,
                   const RunHooks& hooks) {
  if (config.mode == RunMode::perpetual) {
    if (!kernels.perpetual.empty()) return run_perpetual(test, kernels, config, hooks);
    const codegen::PerpetualAnalysis analysis = codegen::analyse_perpetual(test);
    const std::string why = analysis.reason.empty() ? "no perpetual kernels" : analysis.reason;
    RunOutput output = run_batched(test, kernels, config, hooks);
    output.notes.push_back("perpetual mode does not serve " + test.name + " (" + why +
                           "); ran batched instead");
    return output;
  }
  return run_batched(test, kernels, config, hooks);
}

}  // namespace litmuslab::run
