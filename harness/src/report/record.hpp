// The record of one run: what the runner counted, as a TestRun of the
// results document, before grading.
#pragma once

#include "litmuslab/kernel.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/test.hpp"
#include "run/runner.hpp"

namespace litmuslab::report {

// The record of one run, in the mode it really ran in.
TestRun summarize(const Test& test, const kernel::TestKernels& kernels,
                  const run::RunOutput& output);

}  // namespace litmuslab::report
