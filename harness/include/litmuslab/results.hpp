// The results document (schema litmuslab-results/1): what one CLI run
// measured, on which host, with which build and configuration.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace litmuslab::report {

inline constexpr std::string_view kResultsSchemaFamily = "litmuslab-results/";
inline constexpr std::string_view kResultsSchema = "litmuslab-results/1";

struct HostDescription {
  std::string arch;              // uname machine: "x86_64", "aarch64"
  std::string cpu_model;         // "AMD EPYC"
  std::string vendor;            // "AuthenticAMD"
  std::string cpu_family_model;  // "23/49" on x86; implementer/part on Arm
  int logical_cpus = 0;
  std::string kernel;        // uname release
  bool virtualized = false;  // a hypervisor is visible
  bool emulated = false;     // the CPU is emulated (qemu-user)
  std::vector<std::string> hwcaps;
  friend bool operator==(const HostDescription&, const HostDescription&) = default;
};

struct BuildDescription {
  std::string version;
  std::string git;
  std::string compiler;
  std::string flags;
  friend bool operator==(const BuildDescription&, const BuildDescription&) = default;
};

struct Outcome {
  std::vector<std::pair<std::string, std::int32_t>> state;  // observed key -> value, in order
  std::uint64_t count = 0;
  bool matches_condition = false;
  std::map<std::string, bool> allowed;  // model name -> allowed; empty until graded
  // Seconds from the start of the run to the end of the batch or chunk where
  // this state was first counted; absent when unknown.
  std::optional<double> first_seen_seconds;
  friend bool operator==(const Outcome&, const Outcome&) = default;
};

// A rate with its 95% interval.
struct RateInterval {
  double estimate = 0;
  double low = 0;
  double high = 0;
  friend bool operator==(const RateInterval&, const RateInterval&) = default;
};

// An allowed state that never showed, with how unlikely that makes it.
struct UnseenState {
  std::vector<std::pair<std::string, std::int32_t>> state;
  std::vector<std::string> allowed_by;  // the graded models that allow it
  bool matches_condition = false;
  // 95% upper bound on its probability per instance, assuming independent
  // instances (instances of one batch are correlated, so this is optimistic).
  double upper_bound_95 = 1;
  friend bool operator==(const UnseenState&, const UnseenState&) = default;
};

// Who compiled a run's kernels, and with what.
struct CompilerRecord {
  std::string path;     // "/usr/bin/c++"
  std::string version;  // the compiler's first line of --version
  std::string flags;    // every flag the kernels were compiled with
  std::string kernels;  // "built-in" (compiled into the binary) or "on-demand"
  friend bool operator==(const CompilerRecord&, const CompilerRecord&) = default;
};

// Auto mode: one stretch of a run in one fixed mode with one set of knobs
// (docs/design.md, "Results"). A batched instance and a perpetual one are
// made differently, so each segment keeps its own histogram; the run's
// outcomes, iterations, instances and matches are the sums over its segments.
struct Segment {
  std::string role;                           // "probe" or "run"
  std::string mode;                           // "batched" or "perpetual"
  std::map<std::string, std::string> config;  // the segment's knobs
  double start_seconds = 0;                   // from the start of the run
  double seconds = 0;
  std::uint64_t iterations = 0;
  std::uint64_t instances = 0;
  std::uint64_t matches = 0;
  std::vector<Outcome> outcomes;  // state, count and matches_condition; ungraded
  friend bool operator==(const Segment&, const Segment&) = default;
};

struct TestRun {
  std::string test;
  std::string family;
  int threads = 0;
  std::vector<int> cpus;  // CPU of each test thread
  bool oversubscribed = false;
  std::string mode;                           // "batched"
  std::map<std::string, std::string> config;  // every knob
  std::uint64_t iterations = 0;
  std::uint64_t instances = 0;  // the histogram's total: iterations - filtered in batched mode
  // Instances whose final state failed the test's `filter` (herd7 drops
  // those executions): not in the histogram, not in `instances`. JSON
  // `filtered`, written when it is not 0.
  std::uint64_t filtered = 0;
  double seconds = 0;
  std::string condition;
  // The test's `Key=value` header lines (Cycle=..., Generator=...), in file order.
  std::vector<std::pair<std::string, std::string>> metadata;
  std::string kernel_hash;                     // 16 hex digits
  std::vector<Outcome> outcomes;               // every state seen, in herd7's order
  std::uint64_t matches = 0;                   // instances whose state satisfies the condition
  std::optional<bool> forbidden_observed;      // set once states are graded
  std::vector<std::string> graded_models;      // e.g. {"x86-tso", "cpp"}; empty when ungraded
  std::vector<UnseenState> unseen_allowed;     // allowed under a graded model, count 0
  std::optional<RateInterval> condition_rate;  // matches / instances, Wilson 95%
  std::vector<std::string> model_flags;        // e.g. "cpp: data-race"
  std::vector<std::string> notes;
  CompilerRecord compiler;        // empty in files written before it was recorded
  std::vector<Segment> segments;  // mode "auto" only, in run order
  friend bool operator==(const TestRun&, const TestRun&) = default;
};

// A file a run named that did not run: it did not parse, or its kernels did
// not compile. The other tests of the run still ran.
struct FailedFile {
  std::string file;
  std::string error;            // one line: "FILE:LINE:COL: error: ..." or "FILE: error: ..."
  std::string compiler_output;  // the compiler's first lines, when it refused the kernels
  friend bool operator==(const FailedFile&, const FailedFile&) = default;
};

struct ResultsDocument {
  std::string schema = std::string(kResultsSchema);
  std::string created;  // ISO-8601, UTC
  bool interrupted = false;
  HostDescription host;
  BuildDescription build;
  std::vector<TestRun> runs;
  std::vector<FailedFile> failed;
  friend bool operator==(const ResultsDocument&, const ResultsDocument&) = default;
};

class ResultsFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Well-formed JSON that is not a results file at all: no "schema" field, or
// the schema of another kind of document (Google Benchmark's output, a
// comparison). A search through a folder passes such files by.
class NotAResultsFile : public ResultsFormatError {
 public:
  using ResultsFormatError::ResultsFormatError;
};

std::string to_json(const ResultsDocument& document);
// Accepts every schema version it knows; refuses others with a clear message
// (NotAResultsFile when the document is not a results file of any version).
// `origin` (a file name) starts every message.
ResultsDocument parse_results(std::string_view text, std::string_view origin);

// "2026-11-29T19:25:55Z"
std::string utc_timestamp_now();

}  // namespace litmuslab::report
