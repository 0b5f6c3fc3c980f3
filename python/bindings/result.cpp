#include "result.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <stdexcept>

#include "bindings.hpp"
#include "litmuslab/run_summary.hpp"
#include "output_bindings.hpp"

namespace py = pybind11;

namespace litmuslab::python {

std::vector<Result> results_of(report::ResultsDocument document, std::string source) {
  auto context = std::make_shared<DocumentContext>();
  context->host = std::move(document.host);
  context->build = std::move(document.build);
  context->created = std::move(document.created);
  context->source = std::move(source);
  std::vector<Result> results;
  for (std::size_t i = 0; i < document.runs.size(); ++i) {
    const bool last = i + 1 == document.runs.size();
    results.push_back({std::move(document.runs[i]), context, document.interrupted && last});
  }
  return results;
}

report::ResultsDocument document_of(const std::vector<Result>& results) {
  if (results.empty()) throw std::invalid_argument("no results to write");
  report::ResultsDocument document;
  const DocumentContext& first = *results.front().document;
  document.host = first.host;
  document.build = first.build;
  document.created = first.created;
  for (const Result& result : results) {
    if (!(result.document->host == first.host))
      throw std::invalid_argument("results from different hosts (" + first.host.arch + " " +
                                  first.host.cpu_model + ", " + result.document->host.arch + " " +
                                  result.document->host.cpu_model +
                                  ") cannot share one results file");
    document.interrupted = document.interrupted || result.interrupted;
    document.runs.push_back(result.run);
  }
  return document;
}

namespace {

py::dict host_dict(const report::HostDescription& h) {
  py::dict d;
  d["arch"] = h.arch;
  d["cpu_model"] = h.cpu_model;
  d["vendor"] = h.vendor;
  d["cpu_family_model"] = h.cpu_family_model;
  d["logical_cpus"] = h.logical_cpus;
  d["kernel"] = h.kernel;
  d["virtualized"] = h.virtualized;
  d["emulated"] = h.emulated;
  d["hwcaps"] = h.hwcaps;
  return d;
}

py::dict build_dict(const report::BuildDescription& b) {
  py::dict d;
  d["version"] = b.version;
  d["git"] = b.git;
  d["compiler"] = b.compiler;
  d["flags"] = b.flags;
  return d;
}

// The run as the JSON writer writes it, so to_dict() can never drift from the files.
py::object run_dict(const Result& result) {
  const std::string text = report::to_json(document_of({result}));
  return py::module_::import("json").attr("loads")(text)["runs"][py::int_(0)];
}

py::array_t<std::uint64_t> counts_array(const report::TestRun& run) {
  py::array_t<std::uint64_t> counts(static_cast<py::ssize_t>(run.outcomes.size()));
  auto view = counts.mutable_unchecked<1>();
  for (std::size_t i = 0; i < run.outcomes.size(); ++i)
    view(static_cast<py::ssize_t>(i)) = run.outcomes[i].count;
  return counts;
}

std::string describe(const Result& result) {
  const report::TestRun& run = result.run;
  std::string text = "<litmuslab.Result " + run.test + " on " + result.document->host.arch;
  if (result.document->host.emulated) text += " (emulated)";
  text += ": " + std::to_string(run.instances) + " instances, " +
          std::to_string(run.outcomes.size()) + " states, " + std::to_string(run.matches) +
          " matching";
  if (result.interrupted) text += ", interrupted";
  return text + ">";
}

}  // namespace

void define_results(py::module_& module) {
  py::class_<Result>(module, "Result",
                     "One test run: its configuration, host and outcome histogram.")
      .def_property_readonly("test", [](const Result& r) { return r.run.test; })
      .def_property_readonly("family", [](const Result& r) { return r.run.family; })
      .def_property_readonly("threads", [](const Result& r) { return r.run.threads; })
      .def_property_readonly(
          "cpus", [](const Result& r) { return r.run.cpus; }, "the CPU of each test thread")
      .def_property_readonly("oversubscribed", [](const Result& r) { return r.run.oversubscribed; })
      .def_property_readonly("mode", [](const Result& r) { return r.run.mode; })
      .def_property_readonly(
          "config", [](const Result& r) { return r.run.config; }, "every knob, as text")
      .def_property_readonly("iterations", [](const Result& r) { return r.run.iterations; })
      .def_property_readonly(
          "instances", [](const Result& r) { return r.run.instances; },
          "the histogram's total: rates are per instance")
      .def_property_readonly(
          "filtered", [](const Result& r) { return r.run.filtered; },
          "instances whose state failed the test's filter: not in the histogram; "
          "instances + filtered = iterations in batched mode")
      .def_property_readonly("seconds", [](const Result& r) { return r.run.seconds; })
      .def_property_readonly("condition", [](const Result& r) { return r.run.condition; })
      .def_property_readonly("kernel_hash", [](const Result& r) { return r.run.kernel_hash; })
      .def_property_readonly(
          "matches", [](const Result& r) { return r.run.matches; },
          "instances whose state satisfies the condition's proposition")
      .def_property_readonly(
          "forbidden_observed", [](const Result& r) { return r.run.forbidden_observed; },
          "True when a state forbidden on the host was seen; None when the run is ungraded")
      .def_property_readonly(
          "graded_models", [](const Result& r) { return r.run.graded_models; },
          "the models the states were graded against; empty when ungraded")
      .def_property_readonly(
          "unseen_allowed",
          [](const Result& r) {
            py::list unseen;
            for (const report::UnseenState& u : r.run.unseen_allowed) {
              py::dict d;
              d["state"] = report::state_text(u.state);
              d["allowed_by"] = u.allowed_by;
              d["matches_condition"] = u.matches_condition;
              d["upper_bound_95"] = u.upper_bound_95;
              unseen.append(d);
            }
            return unseen;
          },
          "states a graded model allows that never showed, each with a 95% upper bound on its "
          "probability per instance (assuming independent instances)")
      .def_property_readonly(
          "condition_rate",
          [](const Result& r) -> py::object {
            if (!r.run.condition_rate) return py::none();
            return py::make_tuple(r.run.condition_rate->estimate, r.run.condition_rate->low,
                                  r.run.condition_rate->high);
          },
          "(rate, low, high): matches per instance with its 95% Wilson interval; None if ungraded")
      .def_property_readonly(
          "model_flags", [](const Result& r) { return r.run.model_flags; }, "e.g. 'cpp: data-race'")
      .def_property_readonly("notes", [](const Result& r) { return r.run.notes; })
      .def_property_readonly(
          "compiler",
          [](const Result& r) {
            py::dict d;
            d["path"] = r.run.compiler.path;
            d["version"] = r.run.compiler.version;
            d["flags"] = r.run.compiler.flags;
            d["kernels"] = r.run.compiler.kernels;
            return d;
          },
          "who compiled the kernels: path, version, flags, and kernels ('built-in' or "
          "'on-demand')")
      .def_property_readonly(
          "segments",
          [](const Result& r) -> py::object {
            const py::object run = run_dict(r);
            return run.contains("segments") ? run["segments"] : py::list();
          },
          "auto mode: each segment as the results file holds it (role, mode, config, "
          "start_seconds, seconds, iterations, instances, matches, outcomes); [] otherwise")
      .def_property_readonly(
          "interrupted", [](const Result& r) { return r.interrupted; },
          "the run was cut short by a signal")
      .def_property_readonly("host", [](const Result& r) { return host_dict(r.document->host); })
      .def_property_readonly("build", [](const Result& r) { return build_dict(r.document->build); })
      .def_property_readonly("arch", [](const Result& r) { return r.document->host.arch; })
      .def_property_readonly("emulated", [](const Result& r) { return r.document->host.emulated; })
      .def_property_readonly("created", [](const Result& r) { return r.document->created; })
      .def_property_readonly(
          "source",
          [](const Result& r) -> py::object {
            if (r.document->source.empty()) return py::none();
            return py::str(r.document->source);
          },
          "the results file this run was read from, or None")
      .def_property_readonly(
          "states",
          [](const Result& r) {
            std::vector<std::string> states;
            for (const report::Outcome& o : r.run.outcomes)
              states.push_back(report::state_text(o.state));
            return states;
          },
          "state strings such as '0:r0=0; 1:r0=0;', in herd7's order")
      .def_property_readonly(
          "counts", [](const Result& r) { return counts_array(r.run); },
          "numpy uint64 counts, in the order of states")
      .def_property_readonly(
          "histogram",
          [](const Result& r) {
            py::dict histogram;
            for (const report::Outcome& o : r.run.outcomes)
              histogram[py::str(report::state_text(o.state))] = o.count;
            return histogram;
          },
          "{state string: count}")
      .def_property_readonly(
          "matching",
          [](const Result& r) {
            std::vector<bool> matching;
            for (const report::Outcome& o : r.run.outcomes) matching.push_back(o.matches_condition);
            return matching;
          },
          "per state: does it satisfy the condition's proposition (litmus7's *)")
      .def_property_readonly(
          "allowed",
          [](const Result& r) {
            std::vector<std::map<std::string, bool>> allowed;
            for (const report::Outcome& o : r.run.outcomes) allowed.push_back(o.allowed);
            return allowed;
          },
          "per state: {model: allowed}; empty dicts when the run is ungraded")
      .def_property_readonly(
          "graded",
          [](const Result& r) {
            for (const report::Outcome& o : r.run.outcomes)
              if (!o.allowed.empty()) return true;
            return false;
          },
          "whether the states carry model grades")
      .def("to_dict", &run_dict, "the run as the results file's JSON holds it")
      .def("__repr__", &describe);

  module.def(
      "parse_results",
      [](std::string_view text, std::string_view origin) {
        return results_of(report::parse_results(text, origin), std::string(origin));
      },
      py::arg("text"), py::arg("origin"),
      "Results of one results document; errors start with `origin`.");

  module.def(
      "save",
      [](const std::vector<Result>& results, const std::string& path) {
        const report::ResultsDocument document = document_of(results);
        write_output(path, report::to_json(document));
      },
      py::arg("results"), py::arg("path"),
      "Writes Results from one host as a results file, atomically.");
}

}  // namespace litmuslab::python
