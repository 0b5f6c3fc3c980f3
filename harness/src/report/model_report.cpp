#include "litmuslab/model_report.hpp"

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace litmuslab::report {

std::string herd_text(const Test& test, const std::vector<model::ModelResult>& results) {
  std::ostringstream out;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const model::ModelResult& r = results[i];
    if (i > 0) out << "\n";
    std::size_t positive = 0;
    for (const StateValues& s : r.allowed_states) positive += matches(test, s) ? 1 : 0;
    const bool validated = model::condition_validated(test, r);
    out << "Model " << r.model << "\n";
    out << "Test " << test.name << " " << (r.condition_possible ? "Allowed" : "Forbidden") << "\n";
    out << "States " << r.allowed_states.size() << "\n";
    for (const StateValues& s : r.allowed_states) out << format_state(test, s) << "\n";
    for (const std::string& flag : r.flags) out << "Flag " << flag << "\n";
    if (!r.incomplete.empty()) out << "Incomplete " << r.incomplete << "\n";
    // herd7's verdict: Undef when some consistent execution races.
    out << (r.data_race ? "Undef" : validated ? "Ok" : "No") << "\n";
    out << "Witnesses\n";
    out << "Positive: " << positive << " Negative: " << r.allowed_states.size() - positive << "\n";
    out << "Condition " << test.condition.text << "\n";
    out << "Observation " << test.name << " " << model::to_string(model::observation(test, r))
        << " " << positive << " " << r.allowed_states.size() - positive << "\n";
  }
  return out.str();
}

namespace {
using Json = nlohmann::ordered_json;

Json state_json(const Test& test, const StateValues& s) {
  Json state = Json::object();
  for (std::size_t k = 0; k < test.observed.size(); ++k)
    state[to_string(test.observed[k])] = s.at(k);
  return state;
}
}  // namespace

std::string model_json(const Test& test, const std::vector<model::ModelResult>& results) {
  Json observed = Json::array();
  for (const StateKey& key : test.observed) observed.push_back(to_string(key));
  Json models = Json::object();
  for (const model::ModelResult& r : results) {
    Json states = Json::array();
    for (const StateValues& s : r.allowed_states) states.push_back(state_json(test, s));
    models[r.model] = Json{{"allowed_states", states},
                           {"condition_possible", r.condition_possible},
                           {"validated", model::condition_validated(test, r)},
                           {"observation", model::to_string(model::observation(test, r))},
                           {"flags", r.flags},
                           {"candidates", r.candidates},
                           {"consistent", r.consistent}};
    if (!r.incomplete.empty()) models[r.model]["incomplete"] = r.incomplete;
  }
  Json doc{{"test", test.name},
           {"condition", test.condition.text},
           {"observed", observed},
           {"models", models}};
  return doc.dump(2) + "\n";
}

std::string allowed_state_table(const Test& test, const std::vector<model::ModelResult>& results) {
  std::set<StateValues> all;
  for (const auto& r : results) all.insert(r.allowed_states.begin(), r.allowed_states.end());
  std::size_t width = 0;
  for (const StateValues& s : all) width = std::max(width, format_state(test, s).size());
  std::ostringstream out;
  std::string header = "   state";
  header.resize(width + 5, ' ');
  for (const auto& r : results) header += r.model + "  ";
  out << header << "\n";
  for (const StateValues& s : all) {
    std::string line = (matches(test, s) ? " * " : "   ") + format_state(test, s);
    line.resize(width + 5, ' ');
    for (const auto& r : results) {
      const bool allowed = std::binary_search(r.allowed_states.begin(), r.allowed_states.end(), s);
      std::string cell = allowed ? "yes" : "no";
      cell.resize(r.model.size() + 2, ' ');
      line += cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  for (const auto& r : results)
    for (const std::string& flag : r.flags) out << "Flag " << r.model << ": " << flag << "\n";
  for (const auto& r : results)
    if (!r.incomplete.empty())
      out << "Incomplete " << r.model << ": " << r.incomplete
          << " (its 'yes' column may miss states)\n";
  return out.str();
}

}  // namespace litmuslab::report
