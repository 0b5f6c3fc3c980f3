// Real runs on this machine. A weak outcome may be asserted to appear only
// when it is frequent (SB+rlx: ~10% of instances here); outcomes the host's
// architecture forbids must never appear.
#include <gtest/gtest.h>

#include <algorithm>

#include "catalogue_entry.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/model.hpp"
#include "run/runner.hpp"

namespace litmuslab::run {
namespace {

using litmuslab::testing::entry;

// All four SB states within 10^8 instances proves the threads overlap.
TEST(Hardware, SbRelaxedShowsAllFourStates) {
  if (report::describe_host().emulated)
    GTEST_SKIP() << "emulated CPU: how often the weak state shows is the emulator's business, "
                    "and 10^8 emulated instances take minutes";
  const auto& sb = entry("SB+rlx");
  OutcomeHistogram seen;
  for (int chunk = 0; chunk < 10 && seen.counts().size() < 4; ++chunk) {
    RunConfig config;
    config.iterations = 10'000'000;
    seen.merge(run_batched(sb.test, *sb.kernels, config).histogram);
  }
  EXPECT_EQ(seen.counts().size(), 4u);
  EXPECT_GT(seen.condition_matches(sb.test), 0u) << "the weak state 0:r0=0; 1:r0=0; never showed";
}

#if defined(__x86_64__)
// x86-TSO forbids these conditions (herd7 x86tso.cat on gcc's mapping).
TEST(Hardware, TsoForbiddenConditionsNeverShowOnX86) {
  std::vector<std::string> names;
  for (const auto& e : catalogue::Catalogue::compiled().tests())
    if (e.test.family == "MP" || e.test.family == "LB") names.push_back(e.test.name);
  names.push_back("SB+sc");
  names.push_back("SB+rlx+scfences");
  for (const std::string& name : names) {
    const auto& e = entry(name);
    RunConfig config;
    config.iterations = 1'000'000;
    const RunOutput out = run_batched(e.test, *e.kernels, config);
    EXPECT_EQ(out.histogram.total(), config.iterations) << name;
    EXPECT_EQ(out.histogram.condition_matches(e.test), 0u)
        << name << " showed a TSO-forbidden state";
  }
}
#endif

// Every state seen must be one the host architecture's model allows for the
// code gcc emits (x86-tso on x86_64, armv8 on aarch64). The claim is about
// hardware: qemu-user 7.2 on x86 does not keep an STLR before an LDAR in
// order (it fences neither against store->load), so SB+sc shows its weak state.
TEST(Hardware, NoCatalogueTestShowsAStateTheHostModelForbids) {
  const std::string arch_model = model::host_architecture_model();
  if (arch_model.empty()) GTEST_SKIP() << "no model for this architecture";
  if (report::describe_host().emulated)
    GTEST_SKIP() << "emulated CPU: the emulator, not " << arch_model << " hardware, orders memory";
  RunConfig config;
  config.iterations = 500'000;
  for (const auto& e : catalogue::Catalogue::compiled().tests()) {
    const auto allowed = model::allowed_states(e.test, arch_model).allowed_states;
    const RunOutput out = run_batched(e.test, *e.kernels, config);
    EXPECT_EQ(out.histogram.total() + out.filtered, config.iterations) << e.test.name;
    for (const auto& [state, count] : out.histogram.counts())
      EXPECT_TRUE(std::find(allowed.begin(), allowed.end(), state) != allowed.end())
          << e.test.name << ": " << format_state(e.test, state) << " (forbidden by " << arch_model
          << ") was seen " << count << " times";
  }
}

}  // namespace
}  // namespace litmuslab::run
