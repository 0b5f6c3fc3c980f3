// The models against herd7's own answers for the development set
// (fixtures/models/herd7-dev.json), and against permuted copies of the same
// tests, which must give the same answers up to renaming.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "litmuslab/model.hpp"
#include "model_builder.hpp"

namespace litmuslab::model_testing {
namespace {

using Q = Condition::Quantifier;
using LitmusTest = litmuslab::Test;
using model::allowed_states;
using model::ModelOptions;

nlohmann::json load_facts() {
  std::ifstream in(std::string(LITMUSLAB_TEST_FIXTURES) + "/models/herd7-dev.json");
  if (!in) throw std::runtime_error("missing fixture herd7-dev.json");
  return nlohmann::json::parse(in);
}

// The development tests, built in the IR (they mirror the fixture's "litmus"
// text; the parser-based check lives in model_parse_test.cpp).
LitmusTest two_thread(const std::string& name, const std::string& shape, MO first, MO second,
                      std::optional<std::pair<MO, MO>> fences = std::nullopt) {
  TestBuilder b(name);
  b.location("x").location("y");
  if (shape == "SB") {
    for (const char* pair : {"xy", "yx"}) {
      b.thread().store(std::string(1, pair[0]), 1, first);
      if (fences) b.fence(fences->first);
      b.load("r0", std::string(1, pair[1]), second);
    }
    return b.build(Q::exists, {{"0:r0", 0}, {"1:r0", 0}});
  }
  if (shape == "MP") {
    b.thread().store("x", 1, first);
    if (fences) b.fence(fences->first);
    b.store("y", 1, first);
    b.thread().load("r0", "y", second);
    if (fences) b.fence(fences->second);
    b.load("r1", "x", second);
    return b.build(Q::exists, {{"1:r0", 1}, {"1:r1", 0}});
  }
  // LB: loads first (order `second`), then stores (order `first`).
  b.thread().load("r0", "x", second).store("y", 1, first);
  b.thread().load("r0", "y", second).store("x", 1, first);
  return b.build(Q::exists, {{"0:r0", 1}, {"1:r0", 1}});
}

std::map<std::string, LitmusTest> dev_tests() {
  std::map<std::string, LitmusTest> t;
  for (const std::string shape : {"SB", "MP", "LB"}) {
    t[shape + "+rlx"] = two_thread(shape + "+rlx", shape, MO::relaxed, MO::relaxed);
    t[shape + "+relacq"] = two_thread(shape + "+relacq", shape, MO::release, MO::acquire);
    t[shape + "+sc"] = two_thread(shape + "+sc", shape, MO::seq_cst, MO::seq_cst);
  }
  t["SB+rlx+scfences"] = two_thread("SB+rlx+scfences", "SB", MO::relaxed, MO::relaxed,
                                    std::pair{MO::seq_cst, MO::seq_cst});
  t["MP+rlx+relacqfences"] = two_thread("MP+rlx+relacqfences", "MP", MO::relaxed, MO::relaxed,
                                        std::pair{MO::release, MO::acquire});
  return t;
}

std::set<std::string> printed(const LitmusTest& test, const std::vector<StateValues>& states) {
  std::set<std::string> out;
  for (const auto& s : states) out.insert(format_state(test, s));
  return out;
}

struct Fact {
  std::string test, model;  // model "armv8-rcpc" means armv8 with arm_rcpc
  std::set<std::string> states;
  bool exists_allowed;
};

std::vector<Fact> facts() {
  std::vector<Fact> out;
  const nlohmann::json all = load_facts();
  for (const auto& t : all.at("tests"))
    for (const auto& [model, f] : t.at("models").items())
      out.push_back({t.at("test"), model, f.at("allowed_states").get<std::set<std::string>>(),
                     f.at("exists_allowed").get<bool>()});
  return out;
}

model::ModelResult run_fact_model(const LitmusTest& test, const std::string& model) {
  if (model == "armv8-rcpc") return allowed_states(test, "armv8", ModelOptions{.arm_rcpc = true});
  return allowed_states(test, model);
}

TEST(ModelHerd, FixtureCoversEveryDevTestAndModel) {
  const auto all = facts();
  const auto tests = dev_tests();
  EXPECT_EQ(all.size(), 11u * 5u + 1u);  // 11 tests x 5 models, plus armv8-rcpc for SB+relacq
  for (const auto& f : all) EXPECT_TRUE(tests.count(f.test)) << f.test;
}

TEST(ModelHerd, AgreesWithHerd7OnEveryDevTestAndModel) {
  const auto tests = dev_tests();
  for (const Fact& f : facts()) {
    SCOPED_TRACE(f.test + " under " + f.model);
    const LitmusTest& test = tests.at(f.test);
    const auto result = run_fact_model(test, f.model);
    EXPECT_EQ(printed(test, result.allowed_states), f.states);
    EXPECT_EQ(result.condition_possible, f.exists_allowed);
    EXPECT_EQ(model::condition_validated(test, result), f.exists_allowed);  // all are `exists`
    EXPECT_FALSE(result.data_race);
    EXPECT_GE(result.candidates, result.consistent);
  }
}

TEST(ModelHerd, RcpcOnlyWeakensStoreToAcquireLoad) {
  // SB+relacq is forbidden with LDAR (STLR;LDAR is ordered), allowed with LDAPR.
  const auto tests = dev_tests();
  EXPECT_FALSE(allowed_states(tests.at("SB+relacq"), "armv8").condition_possible);
  EXPECT_TRUE(
      allowed_states(tests.at("SB+relacq"), "armv8", {.arm_rcpc = true}).condition_possible);
  // seq_cst loads stay LDAR under RCpc: SB+sc stays forbidden.
  EXPECT_FALSE(allowed_states(tests.at("SB+sc"), "armv8", {.arm_rcpc = true}).condition_possible);
  // Acquire loads keep later accesses after them either way: MP+relacq stays forbidden.
  EXPECT_FALSE(
      allowed_states(tests.at("MP+relacq"), "armv8", {.arm_rcpc = true}).condition_possible);
}

TEST(ModelHerd, PermutedAndRenamedCopiesGiveTheSameAnswers) {
  const auto tests = dev_tests();
  for (const Fact& f : facts()) {
    const LitmusTest& test = tests.at(f.test);
    const auto original = run_fact_model(test, f.model);
    for (const std::vector<int>& order : {std::vector<int>{1, 0}, std::vector<int>{0, 1}}) {
      SCOPED_TRACE(f.test + " under " + f.model +
                   " with threads swapped: " + std::to_string(order[0] == 1));
      const PermutedTest p = permute(test, order);
      const auto copy = run_fact_model(p.test, f.model);
      std::vector<StateValues> expected;
      for (const auto& s : original.allowed_states) expected.push_back(p.map(s));
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(copy.allowed_states, expected);
      EXPECT_EQ(copy.condition_possible, original.condition_possible);
    }
  }
}

}  // namespace
}  // namespace litmuslab::model_testing
