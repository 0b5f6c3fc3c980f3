// The herd7 facts again, this time from the fixture's own litmus text through
// the parser, and the IR builder checked against the parser.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "model_builder.hpp"

namespace litmuslab::model_testing {
namespace {

using LitmusTest = litmuslab::Test;

nlohmann::json load_facts() {
  std::ifstream in(std::string(LITMUSLAB_TEST_FIXTURES) + "/models/herd7-dev.json");
  if (!in) throw std::runtime_error("missing fixture herd7-dev.json");
  return nlohmann::json::parse(in);
}

TEST(ModelParsed, AgreesWithHerd7OnTheFixtureLitmusText) {
  const nlohmann::json facts = load_facts();
  int checked = 0;
  for (const auto& t : facts.at("tests")) {
    const LitmusTest test = format::parse_test(t.at("litmus").get<std::string>(), "herd7-dev");
    for (const auto& [name, f] : t.at("models").items()) {
      SCOPED_TRACE(t.at("test").get<std::string>() + " under " + name);
      const auto result = name == "armv8-rcpc"
                              ? model::allowed_states(test, "armv8", {.arm_rcpc = true})
                              : model::allowed_states(test, name);
      std::set<std::string> printed;
      for (const auto& s : result.allowed_states) printed.insert(format_state(test, s));
      EXPECT_EQ(printed, f.at("allowed_states").get<std::set<std::string>>());
      EXPECT_EQ(printed.size(), result.allowed_states.size());  // sorted and unique
      EXPECT_EQ(result.condition_possible, f.at("exists_allowed").get<bool>());
      ++checked;
    }
  }
  EXPECT_EQ(checked, 56);
}

TEST(ModelParsed, StatesComeSortedInObservedOrder) {
  const LitmusTest test = format::parse_test(
      "C T\n{ [x]=0; [y]=0; }\n"
      "P0 (atomic_int* x, atomic_int* y) {\n"
      "  atomic_store_explicit(y, 2, memory_order_relaxed);\n"
      "  int r1 = atomic_load_explicit(x, memory_order_relaxed);\n"
      "  int r0 = atomic_load_explicit(y, memory_order_relaxed);\n}\n"
      "P1 (atomic_int* x) { atomic_store_explicit(x, 1, memory_order_relaxed); }\n"
      "exists (0:r1=1 /\\ 0:r0=2 /\\ [x]=1)\n",
      "inline");
  // Observed: 0:r0, 0:r1, [x]. r0 always reads 2 (own write, nothing else on y).
  const auto r = model::allowed_states(test, "sc");
  ASSERT_EQ(test.observed.size(), 3u);
  EXPECT_EQ(r.allowed_states, (std::vector<StateValues>{{2, 0, 1}, {2, 1, 1}}));
  EXPECT_TRUE(r.condition_possible);
}

TEST(ModelParsed, CompareExchangeThroughTheParser) {
  // A CAS that expects 1 while x may still be 0: on failure the expected cell
  // [e] takes the old value and r0 = 0; on success x becomes 2.
  const LitmusTest test = format::parse_test(
      "C CAS\n{ [x]=0; [e]=1; }\n"
      "P0 (atomic_int* x, int* e) {\n"
      "  int r0 = atomic_compare_exchange_strong_explicit(x, e, 2, memory_order_relaxed, "
      "memory_order_relaxed);\n}\n"
      "P1 (atomic_int* x) { atomic_store_explicit(x, 1, memory_order_relaxed); }\n"
      "exists (0:r0=1 /\\ [e]=1 /\\ [x]=2)\n",
      "inline");
  // (0:r0, [e], [x]): reads 0 -> fails, e=0, x ends 1;
  // reads 1 -> succeeds, e stays 1, x ends 2 (CAS write co-after the store).
  for (const auto& m : model::model_names())
    EXPECT_EQ(model::allowed_states(test, m).allowed_states,
              (std::vector<StateValues>{{0, 0, 1}, {1, 1, 2}}))
        << m;
}

}  // namespace
}  // namespace litmuslab::model_testing
