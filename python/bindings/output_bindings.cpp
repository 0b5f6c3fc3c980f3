// Files Python writes: results (save), the report page (write_html) and the
// charts of `python -m litmuslab plot`, all through report::ResultsFile, so
// they keep the CLI's promises (README, "Reliability").
#include "output_bindings.hpp"

#include <pybind11/stl/filesystem.h>

#include <optional>

#include "signal_check.hpp"

namespace py = pybind11;

namespace litmuslab::python {

void write_output(const std::filesystem::path& path, std::string_view text,
                  report::OutputOptions options) {
  std::optional<report::ResultsFile> file;
  SignalCheck signals;
  {
    // A FIFO's reader may be slow to come: other Python threads run meanwhile.
    py::gil_scoped_release released;
    file.emplace(path, std::move(options));
    try {
      file->commit(text, [&signals] { return signals(); });
    } catch (const report::ResultsFileError&) {
      if (!signals.pending()) throw;
    }
  }
  if (auto& error = signals.pending()) throw *error;  // Ctrl-C while waiting: KeyboardInterrupt
}

void define_output(py::module_& module) {
  module.def(
      "write_file",
      [](const std::filesystem::path& path, const py::bytes& data) {
        write_output(path, std::string_view(data));
      },
      py::arg("path"), py::arg("data"),
      "Writes bytes to a file as the CLI writes results: whole or not at all, links followed "
      "as the shell follows them, an existing file's mode kept.");
}

}  // namespace litmuslab::python
