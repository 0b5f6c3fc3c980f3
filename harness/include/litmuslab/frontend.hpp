// The one path from a front end's words to results: the CLI and the Python
// module resolve tests, choose models, build a run request from option text
// and run a suite through these functions, and keep only their own
// presentation (argument syntax, tables, progress bar, Python objects).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/knobs.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/progress.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::frontend {

// ---------------------------------------------------------------- tests

// A test a front end named, with the kernels that run it when there are
// any. The pointer keeps alive whatever owns the test: nothing for the
// compiled-in catalogue; for a test compiled on demand, the loaded object
// that holds its kernels.
using TestHandle = std::shared_ptr<const catalogue::RunnableTest>;

// What a test is wanted for: running needs kernels, inspecting (`model`,
// `show`) takes any file that parses.
enum class Purpose { run, inspect };

// A selection that cannot be made: an unknown name, a glob that matches
// nothing, a missing file, a file with no kernels to run, several tests
// where one is needed.
class SelectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A resource ran out while working on a good request: memory while
// enumerating a test's executions, say. Not bad input (exit_status.hpp).
class ResourceLimit : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// This build's kernels cannot run on this CPU (they need features it lacks).
class UnsupportedHost : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A test whose kernels could not be made: the generator refused it or the
// compiler did. what() is the whole message, to print as it is: its first
// line says what and where ("FILE: error: ..."), and the compiler's first
// lines follow, indented. (A compiler that cannot be used at all, or a
// cache that cannot be made, is a plain SelectionError.)
class CompileError : public SelectionError {
 public:
  using SelectionError::SelectionError;
};

// SB, MP and LB, each relaxed, release/acquire and seq_cst.
const std::vector<std::string>& default_suite();

// True when an argument names a file or a folder (it holds '/', ends in
// .litmus, or is a folder) rather than a test or a glob.
bool looks_like_path(std::string_view argument);

// How tests outside the catalogue get kernels: compiled on demand
// (harness/README.md, "Compile on demand").
struct ResolveOptions {
  // The compiler and flags, as the knobs `cxx` and `cxxflags` hold them
  // (unset: the build's). Away from the build's, catalogue tests are
  // compiled on demand too.
  std::optional<std::string> cxx;
  std::optional<std::string> cxxflags;
  run::Spelling spelling = run::Spelling::option;   // how messages name those knobs
  std::optional<std::filesystem::path> cache_root;  // unset: $XDG_CACHE_HOME/litmuslab
  // "compiling the kernels of 81 tests ..." before a compiler runs, and what it took after.
  std::function<void(const std::string&)> progress;
  // A cache folder that could not be written, a damaged entry compiled again.
  std::function<void(const std::string&)> note;
};

struct Resolution {
  std::vector<TestHandle> tests;
  // When a run names several files or a folder, those that did not parse or
  // compile, in the order named; the rest still run.
  std::vector<report::FailedFile> failed;
};

// Exact names, shell-style globs (`+` is literal), files and folders (every
// .litmus file under a folder, in path order), in order and without
// repeats; no arguments means the default suite. A file whose bytes are a
// catalogue test's is that test; to run any other, its kernels are compiled
// on demand (the build's compiler unless `options` names another). A run of
// one file throws what stops it: format::ParseFailure, CompileError; a run
// of several sets the failures aside. Also throws SelectionError.
Resolution resolve(const std::vector<std::string>& arguments, Purpose purpose,
                   const ResolveOptions& options);

// resolve(), throwing the first failure.
std::vector<TestHandle> resolve_tests(const std::vector<std::string>& arguments, Purpose purpose,
                                      const ResolveOptions& options = {});

// Exactly one test, for `command` ("tune", "show", "model") in messages.
TestHandle resolve_test(const std::string& argument, Purpose purpose, std::string_view command,
                        const ResolveOptions& options = {});

// ---------------------------------------------------------------- models

// The models `which` names: one of model::model_names(), or "all". Throws
// std::invalid_argument listing the valid names.
std::vector<std::string> select_models(std::string_view which);

// What the models `which` names allow for `test`, as far as their limits let
// them search.
struct ModelEvaluation {
  // One result per model searched, in order. A search a limit stopped is
  // kept with the states it found and `incomplete` saying why.
  std::vector<model::ModelResult> results;
  std::vector<std::string> limits;  // one line per search a limit stopped
  bool interrupted = false;         // options.stop_requested stopped it: later models not run
};

// Throws std::invalid_argument for an unknown model name,
// format::ParseFailure for an access the models cannot place, and
// ResourceLimit naming the test and the model when memory runs out.
ModelEvaluation evaluate_models(const Test& test, std::string_view which,
                                const model::ModelOptions& options);

// Each thread's machine code, for `show --asm`: the build's disassembly for
// kernels compiled in, objdump run now on the shared object for kernels
// compiled on demand. `threads` is empty, and `unavailable` says why, when
// there is no disassembler.
struct ThreadMachineCode {
  int thread = 0;
  std::string symbol;
  std::string text;  // objdump's lines for the function; empty when missing
};
struct MachineCodeListing {
  std::string arch;          // what the kernels were compiled for
  std::string disassembler;  // the objdump that read them
  std::string compiler;      // who compiled them and with which flags, for the heading
  bool on_demand = false;
  std::vector<ThreadMachineCode> threads;
  std::string unavailable;
};
// Throws SelectionError when objdump fails on an object compiled on demand.
MachineCodeListing machine_code(const catalogue::RunnableTest& test);

// How armv8 grades acquire loads: "ldar", or "ldapr" (RCpc). Throws
// std::invalid_argument naming `option`.
model::ModelOptions parse_arm_acquire(std::string_view text, const std::string& option);

// ---------------------------------------------------------------- runs

// What `run` does when given neither an iteration count nor a duration.
inline constexpr std::uint64_t kDefaultIterations = 10'000'000;

// Everything a run was asked for, checked.
struct RunRequest {
  std::vector<TestHandle> tests;           // each with kernels, in run order
  std::vector<report::FailedFile> failed;  // files named that cannot run (Resolution::failed)
  run::RunConfig config;                   // the budget, the CPUs and every knob
  model::ModelOptions grading;             // how armv8 grades acquire loads
  std::optional<bool> emulated;            // label the host emulated or not; nullopt: detect
};

// One option of `run` that is not a knob: the budget and CPUs (listed
// before the knobs), and how the host is labelled and graded (after them).
struct RunOption {
  enum class Group { budget, grading };
  std::string_view name;  // --NAME, run(NAME=...) with '_' for '-'
  char short_name = 0;    // -n for --iterations; 0 for none
  Group group = Group::budget;
  std::string help;
  std::optional<std::string> default_text;  // for --help; the request's own default otherwise
  // Sets the option from text; throws std::invalid_argument naming `option`.
  std::function<void(RunRequest&, std::string_view text, const std::string& option)> parse;
};

// Every such option, in the order --help lists each group.
const std::vector<RunOption>& run_options();

// The ones that `model` and `show` take too: --arm-acquire, and
// --max-seconds (model::ModelOptions::max_seconds, default
// model::kDefaultMaxSeconds; 0 for no limit).
const RunOption& arm_acquire_option();
const RunOption& max_seconds_option();

// Two options that exclude each other (iterations and seconds).
class ConflictingOptions : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Builds a request from option text by name (run_options() and
// run::knobs(), spelled as `spelling` says), resolves the tests and checks
// every knob against each, so nothing runs unless all of it is good. With
// neither iterations nor seconds it runs kDefaultIterations. Throws
// run::UnknownKnob for an unknown name, ConflictingOptions,
// std::invalid_argument naming the option, SelectionError or
// format::ParseFailure.
// `resolving` says where compiled kernels are cached and who hears progress
// and notes; its compiler and spelling come from the options.
RunRequest make_run_request(const std::vector<std::string>& tests,
                            const std::vector<std::pair<std::string, std::string>>& options,
                            run::Spelling spelling, const ResolveOptions& resolving = {});

// What a front end hears while a suite runs. Every member may be empty.
struct SuiteHooks {
  // Polled about twenty times a second while a test runs, and before each
  // test: true stops the run, keeping what was counted.
  std::function<bool()> stop_requested;
  std::function<void(const run::Progress&)> progress;
  // The document (host and build described) before the first test.
  std::function<void(const report::ResultsDocument&)> started;
  std::function<void(std::size_t index, const catalogue::RunnableTest& test)> test_starting;
  std::function<void(const report::TestRun& record)> test_finished;
};

// Runs every test of the request, each summarised and graded against the
// host's architecture model and cpp, into one results document. A stop
// request ends the suite: the test it cut short is the last, noted and the
// document marked interrupted. Throws UnsupportedHost before anything runs
// when the kernels need CPU features this host lacks.
// A stop request that comes after the last test's final poll still marks
// the document interrupted (its counts are whole, and a note says so).
report::ResultsDocument run_suite(const RunRequest& request, const SuiteHooks& hooks = {});

// Marks a finished document interrupted by a stop request that came after
// its last test: run_suite does, and a front end that sees a signal before
// writing the document does too.
void mark_stopped_after(report::ResultsDocument& document);

}  // namespace litmuslab::frontend
