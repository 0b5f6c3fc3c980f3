// Run knobs: how a test is run, as opposed to which test and for how long.
// Each knob is one descriptor in knobs() (knobs.cpp): its name, the modes it
// applies to, how it is parsed and printed, its default, its help, the
// values the tuner tries and how a result records it. The CLI's options and
// --help, Python's keywords, the results' config, the notes on knobs a mode
// ignores, the checks and the tuner all loop over that table, so adding a
// knob means its descriptor, a RunConfig member and the code that uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "litmuslab/kernel.hpp"
#include "litmuslab/test.hpp"

namespace litmuslab::run {

// How a test runs: batched instances, or perpetual iterations whose instances
// are reconstructed from load logs afterwards (harness/README.md, "Perpetual
// mode"), or automatic: segments of either, whichever measured more condition
// matches per second (harness/README.md, "Auto mode"). `automatic` is spelled
// "auto", a C++ keyword.
enum class RunMode { batched, perpetual, automatic };

// One run mode as users name it.
struct RunModeInfo {
  RunMode mode;
  std::string_view name;  // "batched"
  std::string_view help;  // one clause of --mode's help
  // Whether the mode can run these kernels; a mode that cannot falls back to batched.
  bool (*serves)(const kernel::TestKernels& kernels);
  // A mode that runs instances itself; auto only chooses among the fixed modes.
  bool fixed = true;
};

// Every mode, in the order --help lists them.
const std::vector<RunModeInfo>& run_modes();
const RunModeInfo& info(RunMode mode);
std::string to_string(RunMode mode);

// The modes a knob applies to.
class ModeSet {
 public:
  constexpr ModeSet(std::initializer_list<RunMode> modes) {
    for (RunMode mode : modes) bits_ |= bit(mode);
  }
  static constexpr ModeSet all() { return ModeSet(~0u); }
  constexpr bool contains(RunMode mode) const { return (bits_ & bit(mode)) != 0; }
  friend constexpr bool operator==(ModeSet, ModeSet) = default;

 private:
  constexpr explicit ModeSet(unsigned bits) : bits_(bits) {}
  static constexpr unsigned bit(RunMode mode) { return 1u << static_cast<unsigned>(mode); }
  unsigned bits_ = 0;
};

// How the locations of the instances of a batch are laid out in memory.
enum class Layout {
  shared_line,        // an instance's locations side by side; several instances per line
  line_per_instance,  // an instance's locations side by side; one instance per cache line
  arrays,             // one packed array per location
  padded,             // every location of every instance on its own cache line
};

// Where instance memory comes from (the `placement` knob): the heap
// (operator new, line-aligned), or a fixed arena in the binary's
// zero-initialised data, as litmus7's static allocation puts it.
enum class InstanceMemory { heap, static_arena };

// Which thread leaves the barrier first: the others wait until it has
// started. `kAny` releases every thread at once; `kRotate` starts thread
// b mod threads first in batch b.
struct FirstThread {
  static constexpr int kAny = -1;
  static constexpr int kRotate = -2;
  int thread = kAny;
  friend bool operator==(const FirstThread&, const FirstThread&) = default;
};

// Everything a run is given besides the test.
struct RunConfig {
  // How much to run: `iterations` (instances, or iterations per thread in
  // perpetual mode), or for `seconds` when it is 0. Not knobs: they size a
  // run rather than shape it.
  std::uint64_t iterations = 0;
  double seconds = 0;
  std::vector<int> cpus;  // empty: the process's affinity mask

  // The knobs, with their defaults (knobs() names, parses and prints each).
  RunMode mode = RunMode::automatic;
  std::size_t batch = 8192;  // batched: instances between two barriers
  // Batched: threads visit a batch's instances in the order 0, s, 2s, ...,
  // then 1, 1+s, ...; 1 is memory order.
  std::size_t stride = 1;
  // Perpetual: iterations per thread between barriers. Small enough that two
  // threads running at different paces (which this host's vCPUs sometimes
  // do) drift only so far apart in a chunk (harness/README.md).
  std::size_t chunk = 16384;
  // Perpetual: copies of the locations; each is reconstructed on its own, so
  // one per thread counts in parallel.
  std::size_t lanes = 2;
  Layout layout = Layout::shared_line;
  InstanceMemory placement = InstanceMemory::heap;
  // Threads take turns to leave each barrier first: more weak outcomes here.
  FirstThread first{FirstThread::kRotate};
  // Before each batch or chunk, every thread spins a random 0..delay pauses,
  // so threads start at varying offsets.
  std::uint32_t delay = 0;
  // The compiler and its flags for kernels compiled on demand; unset means
  // the build's own (kernel::build_toolchain()). Any other choice compiles
  // every test of the run on demand, catalogue tests included.
  std::optional<std::string> cxx;
  std::optional<std::string> cxxflags;
};

// How an option is named in messages: "--batch" on the command line, "batch"
// as a Python keyword (with '_' for '-').
enum class Spelling { option, keyword };
std::string spelled(std::string_view name, Spelling spelling);

// How a result records a knob.
enum class Recorded {
  config,    // as config[name], in every run whatever its mode
  run_mode,  // as the run's `mode`: the mode it really took
  compiler,  // in the run's `compiler`: what really compiled its kernels
};

struct Knob {
  std::string_view name;           // --NAME, run(NAME=...), config["NAME"]
  ModeSet modes = ModeSet::all();  // other modes record the knob and ignore it
  std::string help;                // one line, without the modes
  Recorded recorded = Recorded::config;
  // The values it takes: a whole number (in the bounds its parse checks),
  // one of `names`, or either (--first: a thread number, any or rotate).
  // Python checks a keyword's type against these.
  bool takes_number = false;
  std::vector<std::string> names;
  bool takes_text = false;               // any text instead: a path or flags (the compiler knobs)
  std::vector<std::string> tune_values;  // what the tuner tries besides the default
  // What auto mode probes besides the default, each as one more candidate of
  // every fixed mode the knob applies to, when the run left the knob at its
  // default: the few values that moved the rate most on real hosts.
  std::vector<std::string> auto_values;
  // Sets the knob from text; throws std::invalid_argument naming `option`.
  std::function<void(RunConfig&, std::string_view text, const std::string& option)> parse;
  std::function<std::string(const RunConfig&)> print;
  // What is wrong with the knob's value for running `test`, or "".
  std::function<std::string(const RunConfig&, const Test& test, Spelling)> problem;

  std::string default_text() const { return print(RunConfig{}); }
  // The help with the modes it applies to: "batched: instances per batch".
  std::string help_text() const;
  bool applies_to(RunMode mode) const { return modes.contains(mode); }
};

// Every knob, in the order --help lists them.
const std::vector<Knob>& knobs();

// A name that is not in knobs().
class UnknownKnob : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Throws UnknownKnob naming the valid ones.
const Knob& find_knob(std::string_view name, Spelling spelling = Spelling::option);

// Sets one knob from text. Throws UnknownKnob, or std::invalid_argument
// naming the knob for a value it cannot take.
void set_knob(RunConfig& config, std::string_view name, std::string_view text,
              Spelling spelling = Spelling::option);

// Throws std::invalid_argument when a knob of `config` cannot run `test`: a
// value out of its bounds, a chunk that is not a multiple of the lanes, a
// first thread the test does not have.
void check_knobs(const RunConfig& config, const Test& test, Spelling spelling = Spelling::option);

// check_knobs, and a budget: iterations or seconds.
void check_config(const RunConfig& config, const Test& test);

// Whether `config` keeps the build's own compiler and flags (the knobs
// recorded as Recorded::compiler at their defaults), so catalogue tests can
// run the kernels compiled into this binary.
bool uses_build_compiler(const RunConfig& config);

// What a result's config holds: every knob recorded as Recorded::config.
std::map<std::string, std::string> recorded_knobs(const RunConfig& config);

// The note for knobs set away from their defaults that a run in mode `ran`
// ignored, e.g. "--stride 3 is a batched-mode knob; this perpetual run
// ignored it"; empty when there are none.
std::vector<std::string> ignored_knob_notes(const RunConfig& config, RunMode ran);

// The `litmuslab run` options that select `config`'s knobs in its mode, e.g.
// "--mode perpetual --chunk 16384 --lanes 2 --layout shared-line ...", and
// the compiler's when they are not the build's (quoted for a shell).
std::string run_arguments(const RunConfig& config);

// A whole positive count such as --iterations; rejects 0, negatives, junk and overflow.
std::uint64_t parse_count(std::string_view text, std::string_view what);

// The shortest and longest durations a timed run takes. A timed run always
// makes one batch (or chunk) at least, whatever its duration; below a
// millisecond that one batch would be all of it, so such durations are
// refused as --iterations 0 is.
inline constexpr double kMinSeconds = 0.001;
inline constexpr double kMaxSeconds = 1e7;

// Seconds as a finite decimal from kMinSeconds to kMaxSeconds.
double parse_seconds(std::string_view text, std::string_view what);

// A time limit (a model's --max-seconds): any positive finite number of
// seconds up to kMaxSeconds, as no batch has to fit in it.
double parse_time_limit(std::string_view text, std::string_view what);

}  // namespace litmuslab::run
