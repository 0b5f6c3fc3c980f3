// Exact agreement with herd7 7.57 on every file of fixtures/herd7: the 81
// diycross7 tests (diy-c/) and the 13 dialect tests (dialect/), under sc,
// rc11 and cpp: the same allowed states, the same verdict, the same
// data-race flag. Each file is its own test case, so a disagreement names it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"

namespace fs = std::filesystem;
using namespace litmuslab;
using LitmusTest = litmuslab::Test;

namespace {

const fs::path kHerd7 = fs::path(LITMUSLAB_TEST_FIXTURES) / "herd7";

struct Fact {
  std::string set, file, model, verdict;
  std::set<std::string> states;
  std::optional<bool> exists_allowed;  // null for a forall condition
  bool data_race = false;
};

std::vector<Fact> facts() {
  std::vector<Fact> out;
  for (const std::string set : {"diy-c", "dialect"}) {
    std::ifstream in(kHerd7 / ("herd7-" + set + ".json"));
    if (!in) throw std::runtime_error("missing fixture herd7-" + set + ".json");
    const nlohmann::json all = nlohmann::json::parse(in);
    for (const auto& t : all.at("tests"))
      for (const auto& [model, f] : t.at("models").items())
        out.push_back({set, t.at("file"), model, f.at("verdict"),
                       f.at("allowed_states").get<std::set<std::string>>(),
                       f.at("exists_allowed").is_null()
                           ? std::nullopt
                           : std::optional<bool>(f.at("exists_allowed").get<bool>()),
                       f.at("data_race").get<bool>()});
  }
  return out;
}

std::string name_of(const testing::TestParamInfo<Fact>& info) {
  std::string name = info.param.set + "_" + info.param.file + "_" + info.param.model;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class Herd7Fact : public testing::TestWithParam<Fact> {};

TEST_P(Herd7Fact, SameStatesVerdictAndRaceFlag) {
  const Fact& f = GetParam();
  const LitmusTest test = format::parse_file((kHerd7 / f.set / f.file).string());
  const model::ModelResult result = model::allowed_states(test, f.model);
  std::set<std::string> printed;
  for (const StateValues& s : result.allowed_states) printed.insert(format_state(test, s));
  EXPECT_EQ(printed, f.states);
  if (f.exists_allowed) {
    EXPECT_EQ(result.condition_possible, *f.exists_allowed);
  }
  EXPECT_EQ(result.data_race, f.data_race);
  const std::string verdict =
      result.data_race ? "Undef" : (model::condition_validated(test, result) ? "Ok" : "No");
  EXPECT_EQ(verdict, f.verdict);
}

INSTANTIATE_TEST_SUITE_P(Herd7, Herd7Fact, testing::ValuesIn(facts()), name_of);

TEST(Herd7Fixtures, EveryFileHasFactsForTheThreeModels) {
  std::size_t files = 0;
  for (const std::string set : {"diy-c", "dialect"})
    for (const auto& entry : fs::recursive_directory_iterator(kHerd7 / set))
      files += entry.path().extension() == ".litmus";
  EXPECT_EQ(files, 81u + 13u);
  EXPECT_EQ(facts().size(), files * 3);
}

}  // namespace
