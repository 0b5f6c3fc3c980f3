#include "litmuslab/measurement.hpp"

#include <stdexcept>

#include "litmuslab/grading.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/machine_code.hpp"
#include "litmuslab/run_summary.hpp"

namespace litmuslab::frontend {

MeasuredTest measure_test(const catalogue::RunnableTest& entry, const RunSettings& settings,
                          const run::RunHooks& hooks) {
  MeasuredTest measured;
  measured.output = run::run_test(entry.test, *entry.kernels, settings.config, hooks);
  measured.record = report::summarize(entry.test, *entry.kernels, measured.output);
  measured.record.notes.insert(measured.record.notes.end(), measured.output.notes.begin(),
                               measured.output.notes.end());
  report::grade(measured.record, entry.test, model::host_architecture_model(),
                settings.model_options);
  if (measured.output.interrupted)
    measured.record.notes.push_back(
        "interrupted: counts cover the instances run before the signal");
  return measured;
}

report::ResultsDocument start_results_document(std::optional<bool> force_emulated) {
  report::ResultsDocument document;
  document.created = report::utc_timestamp_now();
  document.host = report::describe_host(force_emulated);
  document.build = report::describe_build();
  // Kernels with instructions this CPU lacks would die of SIGILL mid-run.
  const std::vector<std::string> missing = report::missing_kernel_features(document.host);
  if (!missing.empty())
    throw std::runtime_error("the kernels were built with '" +
                             std::string(kernel::compiled_machine_code().kernel_flags) +
                             "' and need CPU features this CPU lacks: " + missing.front() +
                             " (rebuild with -DLITMUSLAB_AARCH64_MARCH=armv8-a)");
  return document;
}

}  // namespace litmuslab::frontend
