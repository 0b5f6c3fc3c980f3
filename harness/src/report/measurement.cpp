#include "litmuslab/measurement.hpp"

#include <stdexcept>

#include "litmuslab/grading.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/machine_code.hpp"
#include "litmuslab/run_summary.hpp"

namespace litmuslab::report {

MeasuredTest measure_test(const CatalogueTest& entry, const RunSettings& settings,
                          const run::RunHooks& hooks) {
  MeasuredTest measured;
  measured.output = run::run_test(entry.test, *entry.kernels, settings.config, hooks);
  // The mode it really ran in: a test perpetual mode cannot serve runs batched.
  measured.record = summarize(entry.test, *entry.kernels, measured.output, measured.output.mode);
  measured.record.notes.insert(measured.record.notes.end(), measured.output.notes.begin(),
                               measured.output.notes.end());
  grade(measured.record, entry.test, model::host_architecture_model(), settings.model_options);
  if (measured.output.interrupted)
    measured.record.notes.push_back(
        "interrupted: counts cover the instances run before the signal");
  return measured;
}

ResultsDocument start_results_document(std::optional<bool> force_emulated) {
  ResultsDocument document;
  document.created = utc_timestamp_now();
  document.host = describe_host(force_emulated);
  document.build = describe_build();
  // Kernels with instructions this CPU lacks would die of SIGILL mid-run.
  const std::vector<std::string> missing = missing_kernel_features(document.host);
  if (!missing.empty())
    throw std::runtime_error("the kernels were built with '" +
                             std::string(run::compiled_machine_code().kernel_flags) +
                             "' and need CPU features this CPU lacks: " + missing.front() +
                             " (rebuild with -DLITMUSLAB_AARCH64_MARCH=armv8-a)");
  return document;
}

}  // namespace litmuslab::report
