// The knob registry: every fact about a knob, in its descriptor.
#include "litmuslab/knobs.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "litmuslab/toolchain.hpp"

namespace litmuslab::run {

const std::vector<RunModeInfo>& run_modes() {
  static const std::vector<RunModeInfo> modes = {
      {RunMode::batched, "batched", "a barrier per batch of instances",
       [](const kernel::TestKernels&) { return true; }},
      {RunMode::perpetual, "perpetual",
       "no barrier inside a chunk, instances reconstructed from load logs (SB, MP, LB, CoRR and "
       "variants; other tests run batched, with a note)",
       [](const kernel::TestKernels& kernels) { return !kernels.perpetual.empty(); }},
      {RunMode::automatic, "auto",
       "probes batched and perpetual (with a few lanes values) briefly, runs the one with more "
       "condition matches per second, and probes again at intervals and when the rate drops; "
       "probing takes at most 5% of the run",
       [](const kernel::TestKernels&) { return true; }, false},
  };
  return modes;
}

const RunModeInfo& info(RunMode mode) {
  for (const RunModeInfo& known : run_modes())
    if (known.mode == mode) return known;
  throw std::logic_error("a run mode missing from run_modes()");
}

std::string to_string(RunMode mode) { return std::string(info(mode).name); }

std::string spelled(std::string_view name, Spelling spelling) {
  std::string text(name);
  if (spelling == Spelling::option) return "--" + text;
  std::replace(text.begin(), text.end(), '-', '_');
  return text;
}

namespace {
// A count past 2^64 - 1: a knob with tighter bounds names its own instead.
class CountTooLarge : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};
}  // namespace

std::uint64_t parse_count(std::string_view text, std::string_view what) {
  const std::string name(what);
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '-')
    throw std::invalid_argument(name + " must be positive, not " + std::string(text));
  // Accept 1e6 and 1_000_000 style spellings that people type.
  std::string cleaned;
  for (char c : digits)
    if (c != '_' && c != '\'') cleaned += c;
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(cleaned.data(), cleaned.data() + cleaned.size(), value);
  if (error == std::errc::result_out_of_range)
    throw CountTooLarge(name + " " + std::string(text) + " is too large (at most " +
                        std::to_string(UINT64_MAX) + ")");
  if (end != cleaned.data() + cleaned.size() && (*end == 'e' || *end == 'E') &&
      error == std::errc()) {
    unsigned exponent = 0;
    auto [end2, error2] = std::from_chars(end + 1, cleaned.data() + cleaned.size(), exponent);
    if (error2 == std::errc::result_out_of_range && value != 0)
      throw CountTooLarge(name + " " + std::string(text) + " is too large");
    if (error2 == std::errc() && end2 == cleaned.data() + cleaned.size()) {
      // Stops within 20 steps: a non-zero value overflows by then, and 0e... stays 0.
      for (unsigned i = 0; i < exponent && value != 0; ++i) {
        if (value > UINT64_MAX / 10)
          throw CountTooLarge(name + " " + std::string(text) + " is too large");
        value *= 10;
      }
      end = end2;
    }
  }
  if (cleaned.empty() || error != std::errc() || end != cleaned.data() + cleaned.size())
    throw std::invalid_argument(name + " must be a whole number, not '" + std::string(text) + "'");
  if (value == 0) throw std::invalid_argument(name + " must be at least 1");
  return value;
}

namespace {

std::string shown_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", seconds);
  return text;
}

// A finite, positive number of seconds, at most kMaxSeconds.
double parse_positive_seconds(std::string_view text, const std::string& name) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value))
    throw std::invalid_argument(name + " must be a number of seconds, not '" + std::string(text) +
                                "'");
  if (value <= 0) throw std::invalid_argument(name + " must be positive");
  if (value > kMaxSeconds)
    throw std::invalid_argument(name + " is too large (at most " + shown_seconds(kMaxSeconds) +
                                " s)");
  return value;
}

}  // namespace

double parse_seconds(std::string_view text, std::string_view what) {
  const std::string name(what);
  const double value = parse_positive_seconds(text, name);
  if (value < kMinSeconds)
    throw std::invalid_argument(
        name + " " + std::string(text) + " is too short: at least " + shown_seconds(kMinSeconds) +
        " s (every run makes one batch at least, and a batch can take that long)");
  return value;
}

double parse_time_limit(std::string_view text, std::string_view what) {
  return parse_positive_seconds(text, std::string(what));
}

namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

std::string bounds_message(const std::string& option, std::uint64_t low, std::uint64_t high,
                           const std::string& value) {
  return option + " must be between " + std::to_string(low) + " and " + std::to_string(high) +
         ", not " + value;
}

// A whole number in [low, high]; `low` may be 0, unlike parse_count. Past
// 2^64 - 1 is past `high` too, and said so.
std::uint64_t bounded_count(std::string_view text, const std::string& option, std::uint64_t low,
                            std::uint64_t high) {
  std::uint64_t value = 0;
  try {
    value = text == "0" ? 0 : parse_count(text, option);
  } catch (const CountTooLarge&) {
    throw std::invalid_argument(bounds_message(option, low, high, std::string(text)));
  }
  if (value < low || value > high)
    throw std::invalid_argument(bounds_message(option, low, high, std::string(text)));
  return value;
}

// A whole-number knob in [low, high]; `low` may be 0, unlike parse_count.
template <class Number>
Knob count_knob(std::string_view name, ModeSet modes, Number RunConfig::*member, std::uint64_t low,
                std::uint64_t high, std::string help, std::vector<std::string> tune_values) {
  Knob knob;
  knob.name = name;
  knob.modes = modes;
  knob.help = std::move(help);
  knob.takes_number = true;
  knob.tune_values = std::move(tune_values);
  knob.parse = [member, low, high](RunConfig& config, std::string_view text,
                                   const std::string& option) {
    const std::uint64_t value = bounded_count(text, option, low, high);
    config.*member = static_cast<Number>(value);
  };
  knob.print = [member](const RunConfig& config) { return std::to_string(config.*member); };
  knob.problem = [member, low, high, name](const RunConfig& config, const Test&,
                                           Spelling spelling) {
    const auto value = static_cast<std::uint64_t>(config.*member);
    return value < low || value > high
               ? bounds_message(spelled(name, spelling), low, high, std::to_string(value))
               : std::string();
  };
  return knob;
}

// A knob that takes one of `names`, the enum value of the same index. The
// help lists the names; the tuner tries every one.
template <class Enum>
Knob named_knob(std::string_view name, ModeSet modes, Enum RunConfig::*member,
                std::vector<std::string> names, std::string help) {
  Knob knob;
  knob.name = name;
  knob.modes = modes;
  knob.help = std::move(help) + ": " + joined(names, ", ");
  knob.names = names;
  const std::string default_name = names.at(static_cast<std::size_t>(RunConfig{}.*member));
  for (const std::string& value : names)
    if (value != default_name) knob.tune_values.push_back(value);
  knob.parse = [member, names](RunConfig& config, std::string_view text,
                               const std::string& option) {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (text == names[i]) {
        config.*member = static_cast<Enum>(i);
        return;
      }
    throw std::invalid_argument("unknown " + option + " '" + std::string(text) +
                                "' (valid: " + joined(names, ", ") + ")");
  };
  knob.print = [member, names](const RunConfig& config) {
    return names.at(static_cast<std::size_t>(config.*member));
  };
  knob.problem = [](const RunConfig&, const Test&, Spelling) { return std::string(); };
  return knob;
}

Knob mode_knob() {
  Knob knob;
  knob.name = "mode";
  knob.recorded = Recorded::run_mode;
  for (const RunModeInfo& mode : run_modes()) {
    knob.help +=
        (knob.help.empty() ? "" : "; ") + std::string(mode.name) + ": " + std::string(mode.help);
    knob.names.emplace_back(mode.name);
  }
  knob.parse = [](RunConfig& config, std::string_view text, const std::string& option) {
    std::vector<std::string> names;
    for (const RunModeInfo& mode : run_modes()) {
      if (text == mode.name) {
        config.mode = mode.mode;
        return;
      }
      names.emplace_back(mode.name);
    }
    throw std::invalid_argument("unknown " + option + " '" + std::string(text) +
                                "' (valid: " + joined(names, ", ") + ")");
  };
  knob.print = [](const RunConfig& config) { return to_string(config.mode); };
  knob.problem = [](const RunConfig&, const Test&, Spelling) { return std::string(); };
  return knob;  // the tuner tries every mode that serves the test, not tune_values
}

std::string first_text(FirstThread first) {
  return first.thread == FirstThread::kAny      ? "any"
         : first.thread == FirstThread::kRotate ? "rotate"
                                                : std::to_string(first.thread);
}

Knob first_knob() {
  constexpr int kMaxThread = 63;
  Knob knob;
  knob.name = "first";
  knob.help =
      "this thread starts each batch or chunk first and the others wait for it: any (all at "
      "once), rotate (thread b mod threads in batch b), or a thread number";
  knob.takes_number = true;
  knob.names = {"any", "rotate"};
  knob.tune_values = {"any", "0", "1"};
  knob.parse = [](RunConfig& config, std::string_view text, const std::string& option) {
    if (text == "any") {
      config.first = FirstThread{FirstThread::kAny};
    } else if (text == "rotate") {
      config.first = FirstThread{FirstThread::kRotate};
    } else {
      const std::uint64_t value = bounded_count(text, option, 0, kMaxThread);
      config.first = FirstThread{static_cast<int>(value)};
    }
  };
  knob.print = [](const RunConfig& config) { return first_text(config.first); };
  knob.problem = [name = knob.name](const RunConfig& config, const Test& test, Spelling spelling) {
    const int thread = config.first.thread;
    if (thread == FirstThread::kAny || thread == FirstThread::kRotate) return std::string();
    if (thread < 0 || thread > kMaxThread)
      return bounds_message(spelled(name, spelling), 0, kMaxThread, std::to_string(thread));
    if (static_cast<std::size_t>(thread) >= test.threads.size())
      return spelled(name, spelling) + " " + std::to_string(thread) + ", but '" + test.name +
             "' has " + std::to_string(test.threads.size()) + " threads";
    return std::string();
  };
  return knob;
}

// A compiler knob: text kept as given; unset prints as the build's choice.
Knob compiler_knob(std::string_view name, std::optional<std::string> RunConfig::*member,
                   std::string_view (*build_default)(), std::string help) {
  Knob knob;
  knob.name = name;
  knob.recorded = Recorded::compiler;
  knob.takes_text = true;
  knob.help = std::move(help);
  knob.parse = [member](RunConfig& config, std::string_view text, const std::string&) {
    config.*member = std::string(text);
  };
  knob.print = [member, build_default](const RunConfig& config) {
    return (config.*member).value_or(std::string(build_default()));
  };
  knob.problem = [](const RunConfig&, const Test&, Spelling) { return std::string(); };
  return knob;  // the tuner tries no compilers
}

std::vector<Knob> make_knobs() {
  constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 24;
  // Auto runs segments of both fixed modes, so each mode's knobs shape its segments.
  const ModeSet batched{RunMode::batched, RunMode::automatic};
  const ModeSet perpetual{RunMode::perpetual, RunMode::automatic};
  std::vector<Knob> all;
  all.push_back(mode_knob());
  all.push_back(count_knob("batch", batched, &RunConfig::batch, 1, kMaxCount, "instances per batch",
                           {"1024", "4096", "32768", "131072"}));
  all.push_back(count_knob("stride", batched, &RunConfig::stride, 1, kMaxCount,
                           "threads visit a batch's instances in the order 0, N, 2N, ..., 1, "
                           "1+N, ...",
                           {"2", "7", "64"}));
  Knob lanes = count_knob("lanes", perpetual, &RunConfig::lanes, 1, 4096,
                          "copies of the test's locations that iterations rotate through; the "
                          "threads reconstruct different lanes in parallel",
                          {"1", "4", "8"});
  // Far apart, 4 lanes gave SB+rlx 227 M weak/s against 103-203 M with 2 (docs/performance.md).
  lanes.auto_values = {"4"};
  Knob chunk = count_knob("chunk", perpetual, &RunConfig::chunk, 1, kMaxCount,
                          "iterations per thread between two barriers (a multiple of " +
                              spelled(lanes.name, Spelling::option) + ")",
                          {"65536", "262144", "1048576"});
  // Every lane runs the same number of iterations of a chunk.
  chunk.problem = [bounds = chunk.problem, chunk = chunk.name, lanes = lanes.name](
                      const RunConfig& config, const Test& test, Spelling spelling) {
    std::string problem = bounds(config, test, spelling);
    if (problem.empty() && config.lanes > 0 && config.chunk % config.lanes != 0)
      problem = spelled(chunk, spelling) + " (" + std::to_string(config.chunk) +
                ") must be a multiple of " + spelled(lanes, spelling) + " (" +
                std::to_string(config.lanes) + ")";
    return problem;
  };
  all.push_back(std::move(chunk));
  all.push_back(std::move(lanes));
  all.push_back(named_knob("layout", ModeSet::all(), &RunConfig::layout,
                           {"shared-line", "line-per-instance", "arrays", "padded"},
                           "memory layout of instances (lanes)"));
  all.push_back(named_knob("placement", ModeSet::all(), &RunConfig::placement, {"heap", "static"},
                           "instance memory from the heap, or from a static arena in the binary"));
  all.push_back(first_knob());
  all.push_back(count_knob("delay", ModeSet::all(), &RunConfig::delay, 0, 1000000,
                           "before each batch or chunk every thread spins a random 0..N pause "
                           "instructions",
                           {"64", "1024"}));
  all.push_back(compiler_knob(
      "cxx", &RunConfig::cxx, [] { return kernel::build_toolchain().cxx; },
      "the C++ compiler for kernels compiled on demand (a path, or a name on PATH); with it or "
      "--cxxflags away from the build's, every test is compiled on demand"));
  all.push_back(compiler_knob(
      "cxxflags", &RunConfig::cxxflags, [] { return kernel::build_toolchain().ondemand_flags; },
      "its flags, split as a shell would, after -std=c++20 -fPIC -shared"));
  return all;
}

// 'text' for a POSIX shell, or text itself when it needs no quotes.
std::string shell_quoted(const std::string& text) {
  if (!text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789+-_./=,:") == std::string::npos)
    return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The fixed modes among `modes`: auto runs segments of them, so a knob of a
// fixed mode is one of auto's too and saying so would add nothing.
std::string mode_names(ModeSet modes) {
  std::vector<std::string> names;
  for (const RunModeInfo& mode : run_modes())
    if (mode.fixed && modes.contains(mode.mode)) names.emplace_back(mode.name);
  return joined(names, "/");
}

}  // namespace

std::string Knob::help_text() const {
  return modes == ModeSet::all() ? help : mode_names(modes) + ": " + help;
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> all = make_knobs();
  return all;
}

const Knob& find_knob(std::string_view name, Spelling spelling) {
  std::vector<std::string> valid;
  for (const Knob& knob : knobs()) {
    if (knob.name == name) return knob;
    valid.push_back(spelled(knob.name, spelling));
  }
  throw UnknownKnob("unknown knob '" + std::string(name) + "' (valid: " + joined(valid, ", ") +
                    ")");
}

void set_knob(RunConfig& config, std::string_view name, std::string_view text, Spelling spelling) {
  const Knob& knob = find_knob(name, spelling);
  knob.parse(config, text, spelled(knob.name, spelling));
}

void check_knobs(const RunConfig& config, const Test& test, Spelling spelling) {
  for (const Knob& knob : knobs())
    if (std::string problem = knob.problem(config, test, spelling); !problem.empty())
      throw std::invalid_argument(problem);
}

void check_config(const RunConfig& config, const Test& test) {
  if (config.iterations == 0 && !(config.seconds > 0))
    throw std::invalid_argument("a run needs a number of iterations or of seconds");
  check_knobs(config, test);
}

bool uses_build_compiler(const RunConfig& config) {
  for (const Knob& knob : knobs())
    if (knob.recorded == Recorded::compiler && knob.print(config) != knob.default_text())
      return false;
  return true;
}

std::map<std::string, std::string> recorded_knobs(const RunConfig& config) {
  std::map<std::string, std::string> recorded;
  for (const Knob& knob : knobs())
    if (knob.recorded == Recorded::config) recorded.emplace(knob.name, knob.print(config));
  return recorded;
}

std::vector<std::string> ignored_knob_notes(const RunConfig& config, RunMode ran) {
  // One note per set of modes the ignored knobs belong to.
  std::vector<std::pair<ModeSet, std::vector<std::string>>> groups;
  for (const Knob& knob : knobs()) {
    if (knob.recorded != Recorded::config || knob.applies_to(ran)) continue;
    const std::string value = knob.print(config);
    if (value == knob.default_text()) continue;
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == knob.modes; });
    if (group == groups.end()) group = groups.insert(groups.end(), {knob.modes, {}});
    group->second.push_back(spelled(knob.name, Spelling::option) + " " + value);
  }
  std::vector<std::string> notes;
  for (const auto& [modes, ignored] : groups) {
    const bool one = ignored.size() == 1;
    notes.push_back(joined(ignored, ", ") + (one ? " is a " : " are ") + mode_names(modes) +
                    "-mode knob" + (one ? "" : "s") + "; this " + to_string(ran) + " run ignored " +
                    (one ? "it" : "them"));
  }
  return notes;
}

std::string run_arguments(const RunConfig& config) {
  std::string text;
  for (const Knob& knob : knobs()) {
    if (knob.recorded == Recorded::compiler) {
      const std::string value = knob.print(config);
      if (value != knob.default_text())
        text += (text.empty() ? "" : " ") + spelled(knob.name, Spelling::option) + " " +
                shell_quoted(value);
    } else if (knob.recorded == Recorded::run_mode || knob.applies_to(config.mode)) {
      text += (text.empty() ? "" : " ") + spelled(knob.name, Spelling::option) + " " +
              knob.print(config);
    }
  }
  return text;
}

}  // namespace litmuslab::run
