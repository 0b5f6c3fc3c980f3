// catalogue() and model(): the compiled-in tests and what each model allows.
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>

#include "bindings.hpp"
#include "litmuslab/catalogue.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/grading.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/model.hpp"

namespace py = pybind11;

namespace litmuslab::python {
namespace {

py::dict describe_test(const Test& test, std::string_view file_name) {
  std::vector<std::string> orders;
  for (MemoryOrder order : orders_used(test)) orders.emplace_back(to_string(order));
  std::vector<std::string> observed;
  for (const StateKey& key : test.observed) observed.push_back(to_string(key));
  py::dict d;
  d["name"] = test.name;
  d["family"] = test.family;
  d["threads"] = test.threads.size();
  d["orders"] = orders;
  d["condition"] = test.condition.text;
  d["observed"] = observed;
  d["comment"] = test.comment;
  d["file"] = std::string(file_name);
  d["source"] = test.source_text;
  return d;
}

py::list catalogue_tests(const std::optional<std::string>& pattern) {
  const catalogue::Catalogue& catalogue = catalogue::Catalogue::compiled();
  py::list tests;
  if (pattern) {
    for (const catalogue::RunnableTest* entry : catalogue.matching(*pattern))
      tests.append(describe_test(entry->test, entry->kernels->file_name));
  } else {
    for (const catalogue::RunnableTest& entry : catalogue.tests())
      tests.append(describe_test(entry.test, entry.kernels->file_name));
  }
  return tests;
}

// What one model allows for one test, as strings that match Result.histogram's keys.
struct AllowedStates {
  std::string test;
  model::ModelResult result;
  std::vector<std::string> states;
  std::string observation;  // herd7's Never, Sometimes or Always
  bool validated = false;   // herd7's Ok
};

AllowedStates allowed(const Test& test, const std::string& name,
                      const model::ModelOptions& options) {
  AllowedStates out;
  out.test = test.name;
  out.result = model::allowed_states(test, name, options);
  for (const StateValues& state : out.result.allowed_states)
    out.states.push_back(format_state(test, state));
  out.observation = model::to_string(model::observation(test, out.result));
  out.validated = model::condition_validated(test, out.result);
  return out;
}

py::object model_states(const std::string& test_argument, const std::string& name,
                        const std::string& arm_acquire, const std::string& max_seconds) {
  // The options as the CLI's model command parses them, spelt as keywords.
  frontend::RunRequest request;
  for (const auto& [option, text] : {std::pair{&frontend::arm_acquire_option(), &arm_acquire},
                                     std::pair{&frontend::max_seconds_option(), &max_seconds}})
    option->parse(request, *text, run::spelled(option->name, run::Spelling::keyword));
  const model::ModelOptions options = request.grading;
  const std::vector<std::string> models = frontend::select_models(name);
  const frontend::TestHandle test =
      frontend::resolve_test(test_argument, frontend::Purpose::inspect, "model");
  if (name != "all") return py::cast(allowed(test->test, models.front(), options));
  py::dict every;
  for (const std::string& known : models)
    every[py::str(known)] = allowed(test->test, known, options);
  return every;
}

}  // namespace

void define_catalogue(py::module_& module) {
  py::class_<AllowedStates>(module, "AllowedStates",
                            "The final states a model allows for a test. Iterating, `in` and "
                            "len() work on the state strings.")
      .def_property_readonly("test", [](const AllowedStates& a) { return a.test; })
      .def_property_readonly("model", [](const AllowedStates& a) { return a.result.model; })
      .def_property_readonly(
          "states", [](const AllowedStates& a) { return a.states; },
          "state strings such as '0:r0=0; 1:r0=0;', sorted")
      .def_property_readonly("condition_possible",
                             [](const AllowedStates& a) { return a.result.condition_possible; })
      .def_property_readonly(
          "observation", [](const AllowedStates& a) { return a.observation; },
          "herd7's Never, Sometimes or Always")
      .def_property_readonly(
          "validated", [](const AllowedStates& a) { return a.validated; },
          "herd7's Ok: the condition holds under this model")
      .def_property_readonly("data_race", [](const AllowedStates& a) { return a.result.data_race; })
      .def_property_readonly("flags", [](const AllowedStates& a) { return a.result.flags; })
      .def_property_readonly("candidates",
                             [](const AllowedStates& a) { return a.result.candidates; })
      .def_property_readonly("consistent",
                             [](const AllowedStates& a) { return a.result.consistent; })
      .def("__len__", [](const AllowedStates& a) { return a.states.size(); })
      .def("__contains__",
           [](const AllowedStates& a, const std::string& state) {
             return std::find(a.states.begin(), a.states.end(), state) != a.states.end();
           })
      .def("__iter__", [](const AllowedStates& a) { return py::iter(py::cast(a.states)); })
      .def("__repr__", [](const AllowedStates& a) {
        return "<litmuslab.AllowedStates " + a.test + " under " + a.result.model + ": " +
               std::to_string(a.states.size()) + " states, condition " + a.observation + ">";
      });

  module.def("catalogue", &catalogue_tests, py::arg("pattern") = py::none(),
             "The compiled-in tests, each a dict; `pattern` is a shell-style glob.");
  module.def("model", &model_states, py::arg("test"), py::arg("name"),
             py::arg("arm_acquire") = "ldar", py::arg("max_seconds") = "60",
             "The states model `name` allows for a catalogue test or .litmus file.");
  module.def("model_names", &model::model_names);
  module.def(
      "wilson_interval",
      [](std::uint64_t successes, std::uint64_t trials) {
        if (successes > trials) throw std::invalid_argument("successes must not exceed trials");
        const report::RateInterval rate = report::wilson_interval(successes, trials);
        return py::make_tuple(rate.low, rate.high);
      },
      py::arg("successes"), py::arg("trials"),
      "The 95% Wilson score interval (low, high), as the CLI's grades compute it.");
  module.def("host_model", &model::host_architecture_model,
             "The architecture model of this machine: x86-tso, armv8 or ''.");
  module.def(
      "knobs",
      [] {
        py::list knobs;
        for (const run::Knob& knob : run::knobs()) {
          py::dict d;
          d["name"] = std::string(knob.name);
          d["default"] = knob.default_text();
          d["help"] = knob.help_text();
          d["number"] = knob.takes_number;  // a whole number
          d["names"] = knob.names;          // or one of these words
          d["text"] = knob.takes_text;      // or any text: a path, flags
          knobs.append(d);
        }
        return knobs;
      },
      "run()'s knobs: name, default, help, and what they take (number: a whole number; names: "
      "these words; text: any text), as `litmuslab run --help` lists them.");
}

}  // namespace litmuslab::python
