// The comparison as JSON (schema litmuslab-comparison/1).
#include <nlohmann/json.hpp>

#include "litmuslab/comparison.hpp"

namespace litmuslab::report {
namespace {

using Json = nlohmann::ordered_json;

// The host and build exactly as a results file spells them.
Json host_and_build(const ComparisonColumn& column) {
  ResultsDocument document;
  document.host = column.host;
  document.build = column.build;
  Json parsed = Json::parse(to_json(document));
  return Json{{"host", parsed["host"]}, {"build", parsed["build"]}};
}

Json rate_json(const std::optional<RateInterval>& rate) {
  if (!rate) return nullptr;
  return Json{{"estimate", rate->estimate}, {"low", rate->low}, {"high", rate->high}};
}

Json cell_json(const std::optional<ComparedCell>& cell) {
  if (!cell) return nullptr;
  return Json{{"count", cell->count},
              {"instances", cell->instances},
              {"rate", cell->rate()},
              {"forbidden_by", cell->forbidden_by},
              {"red_flag", cell->red_flag}};
}

}  // namespace

std::string comparison_json(const Comparison& comparison) {
  Json columns = Json::array();
  for (const ComparisonColumn& column : comparison.columns) {
    Json described = host_and_build(column);
    columns.push_back(Json{{"name", column.name},
                           {"source", column.source.string()},
                           {"label", host_label(column.host)},
                           {"host", std::move(described["host"])},
                           {"build", std::move(described["build"])},
                           {"created", column.created},
                           {"interrupted", column.interrupted}});
  }
  Json tests = Json::array();
  for (const ComparedTest& test : comparison.tests) {
    Json rates = Json::array();
    for (const auto& rate : test.condition_rates) rates.push_back(rate_json(rate));
    Json states = Json::array();
    for (const ComparedState& state : test.states) {
      Json cells = Json::array();
      for (const auto& cell : state.cells) cells.push_back(cell_json(cell));
      states.push_back(Json{{"state", state.state},
                            {"matches_condition", state.matches_condition},
                            {"cells", std::move(cells)}});
    }
    tests.push_back(Json{{"test", test.test},
                         {"family", test.family},
                         {"condition", test.condition},
                         {"red_flag", test.red_flag},
                         {"condition_rates", std::move(rates)},
                         {"states", std::move(states)},
                         {"notes", test.notes}});
  }
  const Json document{{"schema", kComparisonSchema},
                      {"columns", std::move(columns)},
                      {"tests", std::move(tests)},
                      {"red_flags", comparison.red_flag_count()}};
  return document.dump(1) + "\n";
}

}  // namespace litmuslab::report
