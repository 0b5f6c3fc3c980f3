// compare(): the comparison of results files that `litmuslab compare` prints.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "bindings.hpp"
#include "litmuslab/comparison.hpp"
#include "litmuslab/comparison_page.hpp"
#include "output_bindings.hpp"

namespace py = pybind11;

namespace litmuslab::python {

void define_compare(py::module_& module) {
  py::class_<report::Comparison>(module, "Comparison",
                                 "Results files side by side: a column per file, a row per test "
                                 "and state.")
      .def_property_readonly(
          "columns",
          [](const report::Comparison& c) {
            std::vector<std::string> names;
            for (const report::ComparisonColumn& column : c.columns) names.push_back(column.name);
            return names;
          },
          "the columns' names, one per results file")
      .def_property_readonly(
          "tests",
          [](const report::Comparison& c) {
            std::vector<std::string> names;
            for (const report::ComparedTest& test : c.tests) names.push_back(test.test);
            return names;
          },
          "the tests compared, in the order the files first name them")
      .def_property_readonly("red_flags", &report::Comparison::red_flag_count,
                             "how many cells hold a state their host's own model forbids")
      .def("text", &report::comparison_text, "the table as aligned text")
      .def("markdown", &report::comparison_markdown, "the table as GitHub markdown")
      .def("json", &report::comparison_json, "the comparison as JSON text")
      .def(
          "to_dict",
          [](const report::Comparison& c) {
            return py::module_::import("json").attr("loads")(report::comparison_json(c));
          },
          "the comparison as `litmuslab compare --json` prints it (schema litmuslab-comparison/1)")
      .def("__str__", &report::comparison_text)
      .def(
          "html",
          [](const report::Comparison& c, const std::filesystem::path& page,
             const std::filesystem::path& plots) {
            return report::comparison_page(c, {page, plots});
          },
          py::arg("page") = std::filesystem::path(), py::arg("plots") = std::filesystem::path(),
          "the report page; links are relative to the page's path")
      .def(
          "write_html",
          [](const report::Comparison& c, const std::filesystem::path& page,
             const std::filesystem::path& plots) {
            report::OutputOptions output;  // the page never replaces a file it compares
            for (const report::ComparisonColumn& column : c.columns)
              output.inputs.push_back(column.source);
            write_output(page, report::comparison_page(c, {page, plots}), std::move(output));
          },
          py::arg("page"), py::arg("plots") = std::filesystem::path(),
          "writes the report page, whole or not at all, never over a file it compares");

  module.def(
      "compare",
      [](const std::vector<std::string>& inputs, const std::string& tests) {
        return report::compare_results(report::read_results_sources({inputs.begin(), inputs.end()}),
                                       tests);
      },
      py::arg("inputs"), py::arg("tests") = "",
      "The comparison of the results files and folders in `inputs`.");
}

}  // namespace litmuslab::python
