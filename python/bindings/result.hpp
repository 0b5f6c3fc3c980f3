// One test run as Python sees it: the run's record plus the document it
// belongs to (host, build, when), shared by the runs of one document.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "litmuslab/results.hpp"

namespace litmuslab::python {

// What the runs of one results document have in common.
struct DocumentContext {
  report::HostDescription host;
  report::BuildDescription build;
  std::string created;
  std::string source;  // the file it was read from; empty for a run made in this process
};

struct Result {
  report::TestRun run;
  std::shared_ptr<const DocumentContext> document;
  bool interrupted = false;  // this run was cut short by a signal
};

// The Results of a parsed document. The CLI stops after an interrupted run,
// so an interrupted document's last run is the one cut short.
std::vector<Result> results_of(report::ResultsDocument document, std::string source);

// A document holding these runs again; they must share one host.
report::ResultsDocument document_of(const std::vector<Result>& results);

}  // namespace litmuslab::python
