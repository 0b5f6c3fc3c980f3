// The run knobs as command-line options, shared by `run` and `tune`.
#pragma once

#include <boost/program_options.hpp>
#include <string>

#include "litmuslab/runner.hpp"

namespace litmuslab::cli {

// --mode, --batch, --chunk, --lanes, --layout, --placement, --stride,
// --first and --delay, with RunConfig's defaults.
void add_knob_options(boost::program_options::options_description& options);

// Sets the knobs of `config` from parsed options; throws UsageError.
void apply_knob_options(const boost::program_options::variables_map& values,
                        run::RunConfig& config);

}  // namespace litmuslab::cli
