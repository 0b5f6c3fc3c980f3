// Soundness over the whole catalogue and herd7's fixtures (diy-c, dialect):
// every model's states include SC's, and the hardware models (as gcc
// compiles C++ for them) and RC11 stay within C++.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <numeric>

#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "model_builder.hpp"

namespace litmuslab::model_testing {
namespace {

using LitmusTest = litmuslab::Test;
using States = std::vector<StateValues>;

std::vector<LitmusTest> catalogue() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(LITMUSLAB_CATALOGUE_DIR))
    if (entry.path().extension() == ".litmus") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<LitmusTest> tests;
  for (const auto& f : files) tests.push_back(format::parse_file(f));
  return tests;
}

// herd7's generated tests and the dialect tests: the same nesting must hold there.
std::vector<LitmusTest> herd7_fixtures() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(LITMUSLAB_TEST_FIXTURES) / "herd7"))
    if (entry.path().extension() == ".litmus") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<LitmusTest> tests;
  for (const auto& f : files) tests.push_back(format::parse_file(f));
  return tests;
}

bool subset(const States& a, const States& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

bool has_plain_access(const LitmusTest& t) {
  for (const auto& th : t.threads)
    for (const Operation* op : operations_of(th))
      if (!op->atomic && op->static_location() >= 0) return true;
  return false;
}

TEST(ModelCatalogue, ModelsNestAsSoundnessRequires) {
  auto tests = catalogue();
  if (tests.empty()) GTEST_SKIP() << "no catalogue files in " << LITMUSLAB_CATALOGUE_DIR;
  const std::size_t catalogue_size = tests.size();
  for (LitmusTest& t : herd7_fixtures()) tests.push_back(std::move(t));
  ASSERT_GT(tests.size(), catalogue_size + 90);  // 81 diy-c and 13 dialect tests
  const auto start = std::chrono::steady_clock::now();
  for (const LitmusTest& t : tests) {
    SCOPED_TRACE(t.name);
    std::map<std::string, States> s;
    for (const auto& m : model::model_names()) s[m] = model::allowed_states(t, m).allowed_states;
    const States rcpc = model::allowed_states(t, "armv8", {.arm_rcpc = true}).allowed_states;
    for (const auto& [m, states] : s) {
      EXPECT_FALSE(states.empty()) << m;
      EXPECT_TRUE(subset(s["sc"], states)) << "sc is not within " << m;
    }
    EXPECT_TRUE(subset(s["x86-tso"], s["cpp"])) << "x86-tso is not within cpp";
    EXPECT_TRUE(subset(s["armv8"], s["cpp"])) << "armv8 is not within cpp";
    EXPECT_TRUE(subset(s["rc11"], s["cpp"])) << "rc11 is not within cpp";
    // LDAPR only weakens LDAR, and stays within C++.
    EXPECT_TRUE(subset(s["armv8"], rcpc));
    EXPECT_TRUE(subset(rcpc, s["cpp"])) << "armv8-rcpc is not within cpp";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // A figure for the README, not an assertion: timings belong to benchmarks.
  RecordProperty("catalogue_models_seconds", std::to_string(seconds));
  std::printf("catalogue and herd7 fixtures: %zu tests x 6 model runs in %.3f s\n", tests.size(),
              seconds);
}

TEST(ModelCatalogue, PermutedThreadsGiveTheSameStates) {
  for (const LitmusTest& t : catalogue()) {
    std::vector<int> reversed(t.threads.size());
    std::iota(reversed.rbegin(), reversed.rend(), 0);
    const PermutedTest p = permute(t, reversed);
    for (const auto& m : model::model_names()) {
      SCOPED_TRACE(t.name + " reversed, under " + m);
      const auto original = model::allowed_states(t, m);
      const auto copy = model::allowed_states(p.test, m);
      States expected;
      for (const auto& s : original.allowed_states) expected.push_back(p.map(s));
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(copy.allowed_states, expected);
      EXPECT_EQ(copy.data_race, original.data_race);
    }
  }
}

TEST(ModelCatalogue, OnlyPlainAccessesRace) {
  for (const LitmusTest& t : catalogue()) {
    for (const std::string m : {"cpp", "rc11"}) {
      const auto r = model::allowed_states(t, m);
      if (!has_plain_access(t)) {
        EXPECT_FALSE(r.data_race) << t.name << " under " << m;
      }
      EXPECT_EQ(r.data_race, !r.flags.empty()) << t.name << " under " << m;
    }
    for (const std::string m : {"sc", "x86-tso", "armv8"})
      EXPECT_FALSE(model::allowed_states(t, m).data_race) << t.name << " under " << m;
  }
}

TEST(ModelCatalogue, KnownRacesAreFlagged) {
  // SB+na: plain accesses and no synchronisation at all. MP+na+relacq: when the
  // flag reads 0, the plain read of x is unordered with the plain write.
  const std::filesystem::path dir(LITMUSLAB_CATALOGUE_DIR);
  for (const char* name : {"SB+na", "MP+na+relacq"}) {
    const auto file = dir / (std::string(name) + ".litmus");
    if (!std::filesystem::exists(file)) continue;
    const LitmusTest t = format::parse_file(file);
    for (const std::string m : {"cpp", "rc11"}) {
      const auto r = model::allowed_states(t, m);
      EXPECT_TRUE(r.data_race) << name << " under " << m;
      EXPECT_EQ(r.flags, std::vector<std::string>{"data-race"});
    }
  }
}

}  // namespace
}  // namespace litmuslab::model_testing
