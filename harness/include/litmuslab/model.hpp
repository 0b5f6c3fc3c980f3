// Memory models: the final states a litmus test may end in under sc, x86-TSO,
// ARMv8, C++ (RC11 without no-thin-air) and RC11. See docs/design.md, "Models and
// mappings", and harness/src/model/README.md for the choices made.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "litmuslab/test.hpp"

namespace litmuslab::model {

// How long one test may be searched under one model, unless told otherwise
// (`--max-seconds`). The catalogue and herd7's tests take milliseconds.
inline constexpr double kDefaultMaxSeconds = 60;
// How many allowed states one search may collect before it stops: the
// states are held in memory (about 100 bytes each with a dozen keys).
inline constexpr std::size_t kMaxStates = 2'000'000;

// How far a search got, for progress lines and for the message of a limit.
struct SearchProgress {
  std::string test, model;
  double seconds = 0;
  std::uint64_t path_choices_done = 0;   // choices of one control-flow path per thread
  std::uint64_t path_choices_total = 0;  // searched so far, and in all
  std::uint64_t candidates = 0;          // partial candidates tried
  std::size_t states = 0;                // allowed states found so far
};

// "3.2 s, 12 of 4096 path choices, 1.5M candidates, 17 states"
std::string to_string(const SearchProgress& progress);

struct ModelOptions {
  // armv8 only: memory_order_acquire loads compile to LDAPR (RCpc) instead of
  // LDAR. seq_cst loads stay LDAR, as gcc emits them.
  bool arm_rcpc = false;
  // Stop with LimitReached after this many seconds of one test under one
  // model; 0 for no limit.
  double max_seconds = kDefaultMaxSeconds;
  // Polled while searching: true stops it with LimitReached (interrupted),
  // for SIGINT.
  std::function<bool()> stop_requested = {};
  // Called about once a second once a search has run for a second.
  std::function<void(const SearchProgress&)> progress = {};
};

struct ModelResult {
  std::string model;                        // "sc", "x86-tso", "armv8", "cpp", "rc11"
  std::vector<StateValues> allowed_states;  // sorted, unique, values in Test::observed order
  bool condition_possible = false;  // some allowed state satisfies the condition's proposition
  bool data_race = false;           // cpp/rc11: a consistent execution races on a non-atomic
  std::vector<std::string> flags;   // {"data-race"} when data_race
  std::uint64_t candidates = 0;     // partial candidates the search tried (see README)
  std::uint64_t consistent = 0;     // complete candidates the model accepted
  // Empty when the search finished. Otherwise why it stopped (see
  // LimitReached): the states are those found so far, maybe not all.
  std::string incomplete;
};

// A search that stopped before it finished: its time limit, a stop request,
// or a test beyond what the engine takes (more than 64 events in one
// execution, too many control-flow paths). Not bad input: the test is fine.
// partial() holds the states found so far (possibly not all of them).
class LimitReached : public std::runtime_error {
 public:
  LimitReached(const std::string& what, ModelResult partial, bool interrupted)
      : std::runtime_error(what), partial_(std::move(partial)), interrupted_(interrupted) {}
  const ModelResult& partial() const { return partial_; }
  bool interrupted() const { return interrupted_; }  // by `stop`, not by a limit

 private:
  ModelResult partial_;
  bool interrupted_;
};

// {"sc", "x86-tso", "armv8", "cpp", "rc11"}
const std::vector<std::string>& model_names();
bool is_model_name(std::string_view name);

// Throws std::invalid_argument for an unknown model name, format::ParseFailure
// ("FILE:LINE:COL: error: unsupported: ...") for an access the models cannot
// place (an address offset that is not 0), and LimitReached.
ModelResult allowed_states(const Test& test, std::string_view model,
                           const ModelOptions& options = {});

// "x86-tso" on x86_64, "armv8" on aarch64, "" elsewhere.
std::string host_architecture_model();

// herd7's "Observation" line: how many allowed states match the proposition.
enum class Observation { never, sometimes, always };
Observation observation(const Test& test, const ModelResult& result);
const char* to_string(Observation observation);  // "Never", "Sometimes", "Always"

// herd7's Ok/No: exists -> some allowed state matches; ~exists -> none does;
// forall -> all do.
bool condition_validated(const Test& test, const ModelResult& result);

}  // namespace litmuslab::model
