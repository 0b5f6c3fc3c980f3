#include "litmuslab/grading.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace litmuslab::report {

std::vector<std::string> grading_models(const std::string& host_arch_model) {
  std::vector<std::string> models;
  if (!host_arch_model.empty()) models.push_back(host_arch_model);
  models.push_back("cpp");
  return models;
}

namespace {

// Plain accesses become the relaxed atomics the kernels compile them to.
void compile_plain_accesses(std::vector<Statement>& body) {
  for (Statement& statement : body) {
    compile_plain_accesses(statement.then_body);
    compile_plain_accesses(statement.else_body);
    Operation& op = statement.op;
    if (statement.kind == Statement::Kind::operation && !op.atomic) {
      op.atomic = true;
      op.order = MemoryOrder::relaxed;
    }
  }
}

}  // namespace

Test as_compiled(const Test& test) {
  Test compiled = test;
  for (Thread& thread : compiled.threads) compile_plain_accesses(thread.body);
  for (Location& location : compiled.locations) location.atomic = true;
  return compiled;
}

RateInterval wilson_interval(std::uint64_t successes, std::uint64_t trials) {
  if (trials == 0) return {0, 0, 1};
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  constexpr double z = 1.959963984540054;
  const double denominator = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator;
  // At the ends the bounds are exact; the formula leaves rounding dust there.
  const double low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  const double high = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return {p, low, high};
}

double zero_count_upper_bound(std::uint64_t trials) {
  if (trials == 0) return 1;
  // -expm1(log(0.05)/n) keeps precision when n is large.
  return -std::expm1(std::log(0.05) / static_cast<double>(trials));
}

namespace {

std::vector<std::pair<std::string, std::int32_t>> keyed(const Test& test, const StateValues& s) {
  std::vector<std::pair<std::string, std::int32_t>> out;
  for (std::size_t k = 0; k < test.observed.size(); ++k)
    out.emplace_back(to_string(test.observed[k]), s.at(k));
  return out;
}

}  // namespace

bool grade(TestRun& run, const Test& test, const std::string& host_arch_model,
           const model::ModelOptions& options) {
  const Test compiled = as_compiled(test);
  run.graded_models = grading_models(host_arch_model);
  run.model_flags.clear();
  std::vector<std::set<StateValues>> allowed;
  try {
    for (const std::string& name : run.graded_models) {
      const model::ModelResult result = model::allowed_states(compiled, name, options);
      allowed.emplace_back(result.allowed_states.begin(), result.allowed_states.end());
      for (const std::string& flag : result.flags) run.model_flags.push_back(name + ": " + flag);
    }
    // Races are a property of the C++ source, which has the plain accesses.
    bool has_plain_access = false;
    for (const Thread& thread : test.threads)
      for (const Operation* op : operations_of(thread)) has_plain_access |= !op->atomic;
    if (has_plain_access && model::allowed_states(test, "cpp", options).data_race)
      run.model_flags.push_back(
          "cpp: data-race (the C++ test races on a non-atomic location; its states are graded "
          "as the relaxed accesses the kernels compile to)");
  } catch (const model::LimitReached& limit) {
    // The counts stand; only the verdicts are missing (no graded_models).
    run.graded_models.clear();
    run.model_flags.clear();
    run.forbidden_observed.reset();
    run.unseen_allowed.clear();
    for (Outcome& outcome : run.outcomes) outcome.allowed.clear();
    run.notes.push_back(std::string(kNotGraded) + limit.what());
    run.condition_rate = wilson_interval(run.matches, run.instances);
    return false;
  }
  const std::string& decisive = run.graded_models.front();

  std::set<StateValues> seen;
  bool forbidden = false;
  for (Outcome& outcome : run.outcomes) {
    StateValues state;
    for (const auto& entry : outcome.state) state.push_back(entry.second);
    seen.insert(state);
    outcome.allowed.clear();
    for (std::size_t m = 0; m < allowed.size(); ++m)
      outcome.allowed[run.graded_models[m]] = allowed[m].count(state) > 0;
    if (outcome.count > 0 && !outcome.allowed[decisive]) forbidden = true;
  }
  run.forbidden_observed = forbidden;

  run.unseen_allowed.clear();
  std::set<StateValues> unseen;
  for (const auto& set : allowed)
    for (const StateValues& state : set)
      if (!seen.count(state)) unseen.insert(state);
  for (const StateValues& state : unseen) {
    UnseenState u;
    u.state = keyed(test, state);
    for (std::size_t m = 0; m < allowed.size(); ++m)
      if (allowed[m].count(state)) u.allowed_by.push_back(run.graded_models[m]);
    u.matches_condition = matches(test, state);
    u.upper_bound_95 = zero_count_upper_bound(run.instances);
    run.unseen_allowed.push_back(std::move(u));
  }
  run.condition_rate = wilson_interval(run.matches, run.instances);
  return true;
}

}  // namespace litmuslab::report
