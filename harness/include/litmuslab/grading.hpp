// Grading what a run saw against what the models allow: each observed state
// is allowed-and-seen or forbidden-but-seen, and each allowed state that
// never showed gets an upper bound on its probability.
#pragma once

#include <string>
#include <vector>

#include "litmuslab/model.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::report {

// The models a run is graded against: the host's architecture model (when
// there is one for this architecture) and cpp.
std::vector<std::string> grading_models(const std::string& host_arch_model);

// The test as its kernels behave: plain accesses compile to relaxed ones
// (std::atomic_ref), so they are graded as relaxed atomics.
Test as_compiled(const Test& test);

// Fills every outcome's `allowed` map, the run's `forbidden_observed`,
// `unseen_allowed` and `condition_rate`. `host_arch_model` is the model that
// decides forbidden_observed ("x86-tso", "armv8", or "" for none: then cpp).
// False when a model limit (options.max_seconds, a stop request, a test
// beyond the engine) left the run ungraded: no graded_models, no verdicts,
// and a note that starts with kNotGraded says why.
inline constexpr const char* kNotGraded = "not graded: ";
bool grade(TestRun& run, const Test& test, const std::string& host_arch_model,
           const model::ModelOptions& options = {});

// Wilson score interval at 95% for `successes` out of `trials`.
RateInterval wilson_interval(std::uint64_t successes, std::uint64_t trials);

// One-sided 95% upper bound on a probability never observed in `trials`
// independent trials: 1 - 0.05^(1/trials), about 3/trials.
double zero_count_upper_bound(std::uint64_t trials);

}  // namespace litmuslab::report
