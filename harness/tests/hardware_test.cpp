// Real runs on this machine. A weak outcome may be asserted to appear only
// when it is frequent (SB+rlx: ~10% of instances here); outcomes the host's
// architecture forbids must never appear.
#include <gtest/gtest.h>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/runner.hpp"

namespace litmuslab::run {
namespace {

const report::CatalogueTest& entry(const std::string& name) {
  const auto* found = report::Catalogue::compiled().find(name);
  if (!found) throw std::runtime_error("catalogue lacks " + name);
  return *found;
}

std::uint64_t condition_matches(const Test& test, const OutcomeHistogram& histogram) {
  std::uint64_t n = 0;
  for (const auto& [state, count] : histogram.counts())
    if (matches(test, state)) n += count;
  return n;
}

// All four SB states within 10^8 instances proves the threads overlap.
TEST(Hardware, SbRelaxedShowsAllFourStates) {
  const auto& sb = entry("SB+rlx");
  OutcomeHistogram seen;
  for (int chunk = 0; chunk < 10 && seen.counts().size() < 4; ++chunk) {
    RunConfig config;
    config.iterations = 10'000'000;
    seen.merge(run_batched(sb.test, *sb.kernels, config).histogram);
  }
  EXPECT_EQ(seen.counts().size(), 4u);
  EXPECT_GT(condition_matches(sb.test, seen), 0u) << "the weak state 0:r0=0; 1:r0=0; never showed";
}

#if defined(__x86_64__)
// x86-TSO forbids these conditions (herd7 x86tso.cat on gcc's mapping).
TEST(Hardware, TsoForbiddenConditionsNeverShowOnX86) {
  std::vector<std::string> names;
  for (const auto& e : report::Catalogue::compiled().tests())
    if (e.test.family == "MP" || e.test.family == "LB") names.push_back(e.test.name);
  names.push_back("SB+sc");
  names.push_back("SB+rlx+scfences");
  for (const std::string& name : names) {
    const auto& e = entry(name);
    RunConfig config;
    config.iterations = 1'000'000;
    const RunOutput out = run_batched(e.test, *e.kernels, config);
    EXPECT_EQ(out.histogram.total(), config.iterations) << name;
    EXPECT_EQ(condition_matches(e.test, out.histogram), 0u) << name << " showed a TSO-forbidden state";
  }
}
#endif

}  // namespace
}  // namespace litmuslab::run
