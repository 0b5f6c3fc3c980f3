// Running a request's tests into one results document, the same way for
// every front end.
#include <stdexcept>

#include "litmuslab/frontend.hpp"
#include "litmuslab/grading.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/machine_code.hpp"
#include "report/record.hpp"
#include "run/runner.hpp"

namespace litmuslab::frontend {
namespace {

// An empty document for a run that starts now: timestamp, host and build.
report::ResultsDocument start_document(const RunRequest& request) {
  report::ResultsDocument document;
  document.created = report::utc_timestamp_now();
  document.host = report::describe_host(request.emulated);
  document.build = report::describe_build();
  // Kernels with instructions this CPU lacks would die of SIGILL mid-run.
  const std::vector<std::string> missing = report::missing_kernel_features(document.host);
  if (!missing.empty())
    throw UnsupportedHost("the kernels were built with '" +
                          std::string(kernel::compiled_machine_code().kernel_flags) +
                          "' and need CPU features this CPU lacks: " + missing.front() +
                          " (rebuild with -DLITMUSLAB_AARCH64_MARCH=armv8-a)");
  for (const TestHandle& test : request.tests) {
    if (test->build.object.empty()) continue;  // the catalogue's, checked above
    const std::vector<std::string> lacking =
        report::missing_features(test->build.required_hwcaps, document.host);
    if (!lacking.empty())
      throw UnsupportedHost(test->test.name + "'s kernels were compiled with '" +
                            test->build.flags + "' and need CPU features this CPU lacks: " +
                            lacking.front() + " (choose other --cxxflags, e.g. -march=armv8-a)");
  }
  document.failed = request.failed;
  return document;
}

report::CompilerRecord compiler_record(const kernel::KernelBuild& build) {
  return {build.compiler, build.version, build.flags,
          build.object.empty() ? "built-in" : "on-demand"};
}

struct Measured {
  report::TestRun record;
  bool interrupted = false;
};

// One test, run, summarised and graded against the host's architecture model
// (for an emulated host, the architecture the kernels were built for) and cpp.
Measured measure(const catalogue::RunnableTest& entry, const RunRequest& request,
                 const run::RunHooks& hooks) {
  if (!entry.kernels) throw std::logic_error(entry.test.name + " has no kernels to run");
  const run::RunOutput output = run::run_test(entry.test, *entry.kernels, request.config, hooks);
  Measured measured{report::summarize(entry.test, *entry.kernels, output), output.interrupted};
  report::TestRun& record = measured.record;
  record.compiler = compiler_record(entry.build);
  record.notes.insert(record.notes.end(), output.notes.begin(), output.notes.end());
  // A signal while the models search stops them; the counts then stand
  // ungraded. Counts a signal cut short are still graded (--max-seconds
  // bounds that).
  model::ModelOptions grading = request.grading;
  if (!output.interrupted) grading.stop_requested = hooks.stop_requested;
  report::grade(record, entry.test, model::host_architecture_model(), grading);
  if (output.interrupted)
    record.notes.push_back("interrupted: counts cover the instances run before the signal");
  return measured;
}

}  // namespace

report::ResultsDocument run_suite(const RunRequest& request, const SuiteHooks& hooks) {
  report::ResultsDocument document = start_document(request);
  if (hooks.started) hooks.started(document);
  run::RunHooks run_hooks;
  run_hooks.stop_requested = hooks.stop_requested;
  run_hooks.progress = hooks.progress;
  for (std::size_t index = 0; index < request.tests.size(); ++index) {
    if (hooks.stop_requested && hooks.stop_requested()) {  // start no new test
      document.interrupted = true;
      break;
    }
    const catalogue::RunnableTest& test = *request.tests[index];
    if (hooks.test_starting) hooks.test_starting(index, test);
    Measured measured = measure(test, request, run_hooks);
    document.runs.push_back(std::move(measured.record));
    if (hooks.test_finished) hooks.test_finished(document.runs.back());
    if (measured.interrupted) {
      document.interrupted = true;
      break;
    }
  }
  if (!document.interrupted && hooks.stop_requested && hooks.stop_requested())
    mark_stopped_after(document);
  return document;
}

void mark_stopped_after(report::ResultsDocument& document) {
  if (document.interrupted) return;
  document.interrupted = true;
  if (!document.runs.empty())
    document.runs.back().notes.push_back(
        "interrupted after this test finished: its counts are whole, and no test was left to run");
}

}  // namespace litmuslab::frontend
