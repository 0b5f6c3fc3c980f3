// Cost of perpetual mode's reconstruction per iteration, on synthetic logs
// shaped like the ones this machine produces:
//   reconstruction/TEST/runs/FORM     like this machine's logs in its slower
//                                     minutes: a value holds for about 50
//                                     iterations, up to 400 behind;
//   reconstruction/TEST/short_runs/FORM  like its logs when the kernels run
//                                     fastest: a value holds for about 7
//                                     iterations, up to 30 behind;
//   reconstruction/TEST/lagged/FORM   each load sees the partner a random
//                                     0..63 iterations behind: most SB
//                                     instances are weak, no runs;
//   reconstruction/TEST/in_step/FORM  each load sees the partner's latest
//                                     store: almost nothing is weak;
// for each form of the matching sweep (adaptive, branchless, branching).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "run/perpetual_reconstruction.hpp"

namespace litmuslab::bench {
namespace {

constexpr std::int32_t kIterations = 1 << 16;

// Each load sees the partner `lag` iterations behind, lag in [0, max_lag];
// with `run` > 1 the value then holds for about that many iterations, as when
// a load keeps hitting one copy of a line until the next transfer.
std::vector<std::int32_t> make_log(std::size_t loads, std::int32_t max_lag, std::int32_t run,
                                   std::mt19937& rng) {
  std::vector<std::int32_t> log(loads * kIterations);
  for (std::size_t s = 0; s < loads; ++s) {
    std::int32_t floor = 0;
    std::int32_t held = 0;
    for (std::int32_t k = 1; k <= kIterations; ++k) {
      if (held-- <= 0) {
        const std::int32_t lag = std::uniform_int_distribution<std::int32_t>(0, max_lag)(rng);
        floor = std::max(floor, std::clamp(k - lag, 0, kIterations));
        held = run > 1 ? std::uniform_int_distribution<std::int32_t>(run / 2, run * 3 / 2)(rng) : 0;
      }
      log[s * kIterations + (k - 1)] = floor;  // never decreases, as coherence demands
    }
  }
  return log;
}

struct LogStyle {
  const char* name;
  std::int32_t max_lag;
  std::int32_t run;
};

void reconstruct(benchmark::State& state, const catalogue::RunnableTest* entry, LogStyle style,
                 run::SweepForm form) {
  const kernel::PerpetualShape shape = *kernel::analyse_perpetual(entry->test).shape;
  std::mt19937 rng(1);
  std::vector<std::int32_t> logs[2];
  run::LaneLogs lane;
  for (int t = 0; t < 2; ++t) {
    logs[t] = make_log(shape.threads[t].loads.size(), style.max_lag, style.run, rng);
    lane.log[t] = logs[t].data();
  }
  lane.iterations = kIterations;
  run::PerpetualTally tally(shape, form);
  for (auto _ : state) tally.count(lane);
  benchmark::DoNotOptimize(tally.matches());
  state.SetItemsProcessed(state.iterations() * kIterations);
  state.counters["weak_share"] =
      static_cast<double>(tally.matches()) / static_cast<double>(tally.instances());
}

const bool registered = [] {
  const std::pair<const char*, run::SweepForm> forms[] = {
      {"adaptive", run::SweepForm::adaptive},
      {"segments", run::SweepForm::segments},
      {"branchless", run::SweepForm::branchless},
      {"branching", run::SweepForm::branching},
      {"wide", run::SweepForm::wide}};
  for (const char* name : {"SB+rlx", "MP+rlx", "LB+rlx", "CoRR+rlx"}) {
    const auto* entry = catalogue::Catalogue::compiled().find(name);
    if (!entry) continue;
    for (const auto& [form_name, form] : forms)
      for (const LogStyle& style : {LogStyle{"runs", 400, 50}, LogStyle{"short_runs", 30, 7},
                                    LogStyle{"lagged", 63, 1}, LogStyle{"in_step", 0, 1}})
        benchmark::RegisterBenchmark(
            ("reconstruction/" + std::string(name) + "/" + style.name + "/" + form_name).c_str(),
            reconstruct, entry, style, form);
  }
  return true;
}();

}  // namespace
}  // namespace litmuslab::bench
