#include "knob_options.hpp"

#include "command.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

template <class Parse>
auto checked(Parse&& parse) {
  try {
    return parse();
  } catch (const std::invalid_argument& error) {
    throw UsageError(error.what());
  }
}

}  // namespace

void add_knob_options(po::options_description& options) {
  const run::RunConfig defaults;
  // One option per line, as the --help table reads.
  // clang-format off
  options.add_options()
      ("mode", po::value<std::string>()->default_value(to_string(defaults.mode)),
       "batched: a barrier per batch of instances; perpetual: no barrier inside a chunk, "
       "instances reconstructed from load logs (SB, MP, LB, CoRR and variants; other tests "
       "run batched, with a note)")
      ("batch", po::value<std::string>()->default_value(defaults.batch.to_string()),
       "batched: instances per batch")
      ("chunk", po::value<std::string>()->default_value(defaults.chunk.to_string()),
       "perpetual: iterations per thread between two barriers (a multiple of --lanes)")
      ("lanes", po::value<std::string>()->default_value(defaults.lanes.to_string()),
       "perpetual: copies of the test's locations that iterations rotate through; the "
       "threads reconstruct different lanes in parallel")
      ("layout", po::value<std::string>()->default_value(to_string(defaults.layout)),
       "memory layout of instances (lanes): shared-line, line-per-instance, arrays, padded")
      ("placement", po::value<std::string>()->default_value(to_string(defaults.placement)),
       "instance memory from the heap, or from a static arena in the binary: heap, static")
      ("stride", po::value<std::string>()->default_value(defaults.stride.to_string()),
       "batched: threads visit a batch's instances in the order 0, N, 2N, ..., 1, 1+N, ...")
      ("first", po::value<std::string>()->default_value(defaults.first.to_string()),
       "this thread starts each batch or chunk first and the others wait for it: any (all "
       "at once), rotate (thread b mod threads in batch b), or a thread number")
      ("delay", po::value<std::string>()->default_value(defaults.delay.to_string()),
       "before each batch or chunk every thread spins a random 0..N pause instructions");
  // clang-format on
}

void apply_knob_options(const po::variables_map& values, run::RunConfig& config) {
  const auto text = [&](const char* name) { return values[name].as<std::string>(); };
  config.mode = checked([&] { return run::parse_run_mode(text("mode")); });
  config.batch = checked([&] { return run::BatchSize::parse(text("batch")); });
  config.chunk = checked([&] { return run::ChunkSize::parse(text("chunk")); });
  config.lanes = checked([&] { return run::Lanes::parse(text("lanes")); });
  config.layout = checked([&] { return run::parse_layout(text("layout")); });
  config.placement = checked([&] { return run::parse_placement(text("placement")); });
  config.stride = checked([&] { return run::Stride::parse(text("stride")); });
  config.first = checked([&] { return run::FirstThread::parse(text("first")); });
  config.delay = checked([&] { return run::RandomDelay::parse(text("delay")); });
  if (config.mode == run::RunMode::perpetual && config.chunk.value % config.lanes.value != 0)
    throw UsageError("--chunk " + config.chunk.to_string() + " is not a multiple of --lanes " +
                     config.lanes.to_string());
}

}  // namespace litmuslab::cli
