// Choosing models by name, and asking them about a test.
#include <new>

#include "litmuslab/frontend.hpp"

namespace litmuslab::frontend {

std::vector<std::string> select_models(std::string_view which) {
  if (which == "all") return model::model_names();
  if (model::is_model_name(which)) return {std::string(which)};
  std::string valid;
  for (const std::string& name : model::model_names()) valid += name + ", ";
  throw std::invalid_argument("unknown model '" + std::string(which) + "' (valid: " + valid +
                              "all)");
}

ModelEvaluation evaluate_models(const Test& test, std::string_view which,
                                const model::ModelOptions& options) {
  ModelEvaluation out;
  for (const std::string& name : select_models(which)) {
    try {
      out.results.push_back(model::allowed_states(test, name, options));
    } catch (const model::LimitReached& limit) {
      out.results.push_back(limit.partial());
      out.limits.push_back(limit.what());
      if (limit.interrupted()) {
        out.interrupted = true;
        break;
      }
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument(test.name + ": " + error.what());
    } catch (const std::bad_alloc&) {  // the candidate executions did not fit in memory
      throw ResourceLimit(test.name + " under " + name +
                          ": out of memory enumerating its candidate executions");
    }
  }
  return out;
}

model::ModelOptions parse_arm_acquire(std::string_view text, const std::string& option) {
  if (text != "ldar" && text != "ldapr")
    throw std::invalid_argument(option + " must be ldar or ldapr, not '" + std::string(text) + "'");
  model::ModelOptions options;
  options.arm_rcpc = text == "ldapr";
  return options;
}

}  // namespace litmuslab::frontend
