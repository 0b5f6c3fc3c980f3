// The public face of the models: every choice of one path per thread,
// searched under the named model, with its time limit and stop request.
#include "litmuslab/model.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "axioms.hpp"
#include "event_structure.hpp"
#include "search.hpp"
#include "search_plan.hpp"
#include "symmetry.hpp"
#include "thread_paths.hpp"

namespace litmuslab::model {

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names{"sc", "x86-tso", "armv8", "cpp", "rc11"};
  return names;
}

bool is_model_name(std::string_view name) {
  const auto& names = model_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string to_string(const SearchProgress& p) {
  char text[200];
  const double c = static_cast<double>(p.candidates);
  if (c >= 1e6)
    std::snprintf(text, sizeof text,
                  "%.1f s, %llu of %llu path choices, %.1fM candidates, %zu states", p.seconds,
                  static_cast<unsigned long long>(p.path_choices_done),
                  static_cast<unsigned long long>(p.path_choices_total), c / 1e6, p.states);
  else
    std::snprintf(text, sizeof text,
                  "%.1f s, %llu of %llu path choices, %llu candidates, %zu states", p.seconds,
                  static_cast<unsigned long long>(p.path_choices_done),
                  static_cast<unsigned long long>(p.path_choices_total),
                  static_cast<unsigned long long>(p.candidates), p.states);
  return text;
}

namespace {

// A thread with more paths than this is beyond the engine (a limit, not an error).
constexpr std::size_t kMaxPathsPerThread = std::size_t{1} << 16;

using Clock = std::chrono::steady_clock;

// Thrown by the poll to leave the search; turned into LimitReached with the
// states found so far.
enum class Stop { time, states, interrupted };

ModelResult finish(const Test& test, std::string_view model, SearchShared& shared) {
  ModelResult result;
  result.model = std::string(model);
  result.allowed_states.assign(shared.states.begin(), shared.states.end());
  std::sort(result.allowed_states.begin(), result.allowed_states.end());
  result.condition_possible =
      std::any_of(result.allowed_states.begin(), result.allowed_states.end(),
                  [&](const StateValues& s) { return matches(test, s); });
  result.data_race = shared.data_race;
  if (result.data_race) result.flags.push_back("data-race");
  result.candidates = shared.nodes;
  result.consistent = shared.consistent;
  return result;
}

ModelResult search_all(const Test& test, std::string_view model, const ModelOptions& options) {
  const Clock::time_point start = Clock::now();
  std::vector<std::vector<ThreadPath>> paths;
  for (const Thread& thread : test.threads)
    paths.push_back(thread_paths(test, thread, kMaxPathsPerThread));
  const TestDependencies dependencies = test_dependencies(test);
  // Interchangeable threads: only path choices in which their path indices
  // do not decrease are searched; the others are the same up to renaming.
  const std::vector<int> interchangeable = interchangeable_threads(test);
  std::vector<int> same_path(test.threads.size(), -1);

  SearchProgress progress;
  progress.test = test.name;
  progress.model = std::string(model);
  progress.path_choices_total = 1;
  for (const auto& p : paths) {
    const std::uint64_t n = p.size();
    progress.path_choices_total =
        n == 0 ? 0
        : progress.path_choices_total > std::numeric_limits<std::uint64_t>::max() / n
            ? std::numeric_limits<std::uint64_t>::max()
            : progress.path_choices_total * n;
  }

  SearchShared shared;
  Clock::time_point next_report = start + std::chrono::seconds(1);
  shared.poll = [&](const SearchShared& s) {
    if (options.stop_requested && options.stop_requested()) throw Stop::interrupted;
    if (s.states.size() > kMaxStates) throw Stop::states;
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - start).count();
    if (options.max_seconds > 0 && seconds >= options.max_seconds) throw Stop::time;
    if (options.progress && now >= next_report) {
      progress.seconds = seconds;
      progress.candidates = s.nodes;
      progress.states = s.states.size();
      options.progress(progress);
      next_report = now + std::chrono::seconds(1);
    }
  };

  try {
    std::vector<std::size_t> choice(paths.size(), 0);
    bool more = progress.path_choices_total > 0;
    while (more) {
      bool canonical = true;
      for (std::size_t t = 0; t < paths.size(); ++t) {
        const int p = interchangeable[t];
        canonical = canonical && (p < 0 || choice[t] >= choice[static_cast<std::size_t>(p)]);
        same_path[t] = p >= 0 && choice[t] == choice[static_cast<std::size_t>(p)] ? p : -1;
      }
      if (canonical) {
        std::vector<const ThreadPath*> chosen;
        for (std::size_t t = 0; t < paths.size(); ++t) chosen.push_back(&paths[t][choice[t]]);
        const EventStructure events = build_events(test, chosen, dependencies);
        const SearchPlan plan = plan_search(test, events, same_path);
        if (plan.feasible) {
          const auto axioms = make_axioms(model, events, options);
          search_executions(test, events, plan, *axioms, shared);
        }
      }
      ++progress.path_choices_done;
      shared.poll(shared);
      // Next choice, odometer style.
      std::size_t t = 0;
      while (t < choice.size() && ++choice[t] == paths[t].size()) choice[t++] = 0;
      more = t < choice.size();
    }
  } catch (const Stop stop) {
    progress.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress.candidates = shared.nodes;
    progress.states = shared.states.size();
    char limit[80];
    if (stop == Stop::time)
      std::snprintf(limit, sizeof limit, "time limit of %g s reached", options.max_seconds);
    else
      std::snprintf(limit, sizeof limit, "more than %zu allowed states", kMaxStates);
    const std::string why = stop == Stop::interrupted ? "interrupted" : limit;
    ModelResult partial = finish(test, model, shared);
    partial.incomplete = why + " after " + to_string(progress);
    std::string message = test.name + " under " + std::string(model) + ": " + partial.incomplete +
                          "; the states found so far may not be all";
    throw LimitReached(message, std::move(partial), stop == Stop::interrupted);
  }
  return finish(test, model, shared);
}

}  // namespace

ModelResult allowed_states(const Test& test, std::string_view model, const ModelOptions& options) {
  if (!is_model_name(model))
    throw std::invalid_argument("unknown model '" + std::string(model) +
                                "' (expected sc, x86-tso, armv8, cpp or rc11)");
  try {
    return search_all(test, model, options);
  } catch (const LimitReached& limit) {
    if (!limit.partial().model.empty()) throw;
    // A test beyond the engine: nothing was searched.
    ModelResult none;
    none.model = std::string(model);
    none.incomplete = limit.what();
    std::string message = test.name + " under " + std::string(model) + ": " + limit.what();
    throw LimitReached(message, std::move(none), false);
  }
}

std::string host_architecture_model() {
#if defined(__x86_64__) || defined(_M_X64)
  return "x86-tso";
#elif defined(__aarch64__)
  return "armv8";
#else
  return "";
#endif
}

Observation observation(const Test& test, const ModelResult& result) {
  const auto& states = result.allowed_states;
  const auto matching = std::count_if(states.begin(), states.end(),
                                      [&](const StateValues& s) { return matches(test, s); });
  if (matching == 0) return Observation::never;
  if (static_cast<std::size_t>(matching) == states.size()) return Observation::always;
  return Observation::sometimes;
}

const char* to_string(Observation observation) {
  switch (observation) {
    case Observation::never:
      return "Never";
    case Observation::sometimes:
      return "Sometimes";
    case Observation::always:
      return "Always";
  }
  return "?";
}

bool condition_validated(const Test& test, const ModelResult& result) {
  const Observation o = observation(test, result);
  switch (test.condition.quantifier) {
    case Condition::Quantifier::exists:
      return o != Observation::never;
    case Condition::Quantifier::not_exists:
      return o == Observation::never;
    case Condition::Quantifier::forall:
      return o == Observation::always;
  }
  return false;
}

}  // namespace litmuslab::model
