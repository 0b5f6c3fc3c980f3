#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "litmuslab/knobs.hpp"
#include "litmuslab/topology.hpp"

namespace litmuslab::run {
namespace {

TEST(CpuList, ParsesListsAndRanges) {
  const std::vector<int> allowed{0, 1, 2, 3};
  EXPECT_EQ(parse_cpu_list("0,1", allowed), (std::vector<int>{0, 1}));
  EXPECT_EQ(parse_cpu_list("0-3", allowed), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(parse_cpu_list("3,0-1", allowed), (std::vector<int>{0, 1, 3}));
  EXPECT_EQ(parse_cpu_list("2", allowed), (std::vector<int>{2}));
}

TEST(CpuList, RejectsBadLists) {
  const std::vector<int> allowed{0, 1};
  for (const char* bad : {"", "a", "0,", "1-0", "0,0", "0-1,1", "5", "-1", "0x1", "1.5", "0--1"}) {
    EXPECT_THROW(parse_cpu_list(bad, allowed), std::invalid_argument) << bad;
  }
  try {
    parse_cpu_list("7", allowed);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("offline"), std::string::npos);
  }
  try {
    parse_cpu_list("1-0", allowed);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("inverted"), std::string::npos);
  }
}

TEST(CpuList, FormatsCompactly) {
  EXPECT_EQ(format_cpu_list({0, 1}), "0,1");
  EXPECT_EQ(format_cpu_list({0, 1, 2, 3}), "0-3");
  EXPECT_EQ(format_cpu_list({0, 2, 3, 4, 7}), "0,2-4,7");
}

TEST(Count, ParsesAndRejects) {
  EXPECT_EQ(parse_count("1000", "--iterations"), 1000u);
  EXPECT_EQ(parse_count("1e6", "--iterations"), 1000000u);
  EXPECT_EQ(parse_count("10_000", "--iterations"), 10000u);
  EXPECT_EQ(parse_count("10000000000", "--iterations"), 10000000000ull);
  EXPECT_EQ(parse_count("18446744073709551615", "--iterations"), UINT64_MAX);
  for (const char* bad : {"0", "-5", "", "abc", "12x", "18446744073709551616", "1e30", "1.5"})
    EXPECT_THROW(parse_count(bad, "--iterations"), std::invalid_argument) << bad;
}

TEST(Count, OverflowIsReportedAsTooLarge) {
  EXPECT_EQ(parse_count("1e19", "--iterations"), 10'000'000'000'000'000'000ull);
  for (const char* huge :
       {"1e20", "2e19", "1e4294967295", "1e99999999999", "18446744073709551616"}) {
    try {
      parse_count(huge, "--iterations");
      ADD_FAILURE() << huge << " accepted";
    } catch (const std::invalid_argument& error) {
      EXPECT_NE(std::string(error.what()).find("too large"), std::string::npos) << error.what();
    }
  }
  EXPECT_THROW(parse_count("0e99999", "--iterations"), std::invalid_argument);  // zero, quickly
}

TEST(Seconds, ParsesAndRejects) {
  EXPECT_DOUBLE_EQ(parse_seconds("0.5", "--seconds"), 0.5);
  EXPECT_DOUBLE_EQ(parse_seconds("0.001", "--seconds"), kMinSeconds);
  EXPECT_DOUBLE_EQ(parse_seconds("1e7", "--seconds"), kMaxSeconds);
  for (const char* bad : {"0", "-1", "", "nan", "inf", "1s", "1e9", "1e-300", "0.0009", "4.9e-324"})
    EXPECT_THROW(parse_seconds(bad, "--seconds"), std::invalid_argument) << bad;
  try {
    parse_seconds("1e-300", "seconds");
    ADD_FAILURE() << "1e-300 s accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_EQ(std::string(error.what()),
              "seconds 1e-300 is too short: at least 0.001 s (every run makes one batch at "
              "least, and a batch can take that long)");
  }
}

// A time limit has no batch to fit, so it has no floor but zero.
TEST(Seconds, ATimeLimitTakesAnyPositiveDuration) {
  EXPECT_DOUBLE_EQ(parse_time_limit("1e-9", "--max-seconds"), 1e-9);
  EXPECT_DOUBLE_EQ(parse_time_limit("60", "--max-seconds"), 60);
  for (const char* bad : {"0", "-1", "", "nan", "inf", "1s", "1e99"})
    EXPECT_THROW(parse_time_limit(bad, "--max-seconds"), std::invalid_argument) << bad;
}

TEST(CpuList, NegativeAndEmptyEntriesSayWhatIsWrong) {
  const std::vector<int> allowed{0, 1};
  const auto message = [&](const char* text) {
    try {
      parse_cpu_list(text, allowed);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("-1"),
            "bad CPU list '-1': '-1' is not a CPU number (CPUs are numbered from 0)");
  EXPECT_EQ(message("0,-1"),
            "bad CPU list '0,-1': '-1' is not a CPU number (CPUs are numbered from 0)");
  EXPECT_EQ(message("0,,1"), "bad CPU list '0,,1': an entry is empty");
}

// The text a knob prints for `config`.
std::string printed(const RunConfig& config, std::string_view name) {
  return find_knob(name).print(config);
}

// The message of the std::invalid_argument that setting name=text throws.
std::string refusal(std::string_view name, std::string_view text,
                    Spelling spelling = Spelling::option) {
  RunConfig config;
  try {
    set_knob(config, name, text, spelling);
  } catch (const UnknownKnob& error) {
    return std::string("unknown knob: ") + error.what();
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "";
}

const Test& two_thread_test() {
  static const Test test = [] {
    Test t;
    t.name = "T";
    t.threads.resize(2);
    return t;
  }();
  return test;
}

TEST(Knobs, NamesAreUniqueAndEveryKnobHasHelp) {
  std::set<std::string_view> names;
  for (const Knob& knob : knobs()) {
    EXPECT_TRUE(names.insert(knob.name).second) << knob.name;
    EXPECT_FALSE(knob.help.empty()) << knob.name;
  }
  EXPECT_EQ(names.size(), knobs().size());
}

TEST(Knobs, DefaultsAreRunConfigsAndRoundTrip) {
  RunConfig config;
  for (const Knob& knob : knobs()) {
    set_knob(config, knob.name, knob.default_text());
    EXPECT_EQ(knob.print(config), knob.print(RunConfig{})) << knob.name;
  }
  EXPECT_EQ(printed(RunConfig{}, "mode"), "auto");
  EXPECT_EQ(printed(RunConfig{}, "batch"), "8192");
  EXPECT_EQ(printed(RunConfig{}, "chunk"), "16384");
  EXPECT_EQ(printed(RunConfig{}, "lanes"), "2");
  EXPECT_EQ(printed(RunConfig{}, "layout"), "shared-line");
  EXPECT_EQ(printed(RunConfig{}, "placement"), "heap");
  EXPECT_EQ(printed(RunConfig{}, "stride"), "1");
  EXPECT_EQ(printed(RunConfig{}, "first"), "rotate");
  EXPECT_EQ(printed(RunConfig{}, "delay"), "0");
}

TEST(Knobs, EveryTuneValueParsesPrintsBackAndDiffersFromTheDefault) {
  for (const Knob& knob : knobs()) {
    for (const std::string& value : knob.tune_values) {
      RunConfig config;
      set_knob(config, knob.name, value);
      EXPECT_EQ(knob.print(config), value) << knob.name;
      EXPECT_NE(value, knob.default_text()) << knob.name;
    }
  }
}

TEST(Knobs, SetFromTextReachesTheConfig) {
  RunConfig config;
  set_knob(config, "mode", "perpetual");
  set_knob(config, "batch", "64");
  set_knob(config, "chunk", "1e6");
  set_knob(config, "lanes", "4");
  set_knob(config, "layout", "padded");
  set_knob(config, "placement", "static");
  set_knob(config, "stride", "7");
  set_knob(config, "first", "1");
  set_knob(config, "delay", "250");
  EXPECT_EQ(config.mode, RunMode::perpetual);
  EXPECT_EQ(config.batch, 64u);
  EXPECT_EQ(config.chunk, 1000000u);
  EXPECT_EQ(config.lanes, 4u);
  EXPECT_EQ(config.layout, Layout::padded);
  EXPECT_EQ(config.placement, InstanceMemory::static_arena);
  EXPECT_EQ(config.stride, 7u);
  EXPECT_EQ(config.first, FirstThread{1});
  EXPECT_EQ(config.delay, 250u);
  set_knob(config, "first", "any");
  EXPECT_EQ(config.first, FirstThread{FirstThread::kAny});
  EXPECT_EQ(printed(config, "first"), "any");
  for (const char* layout : {"shared-line", "line-per-instance", "arrays"}) {
    set_knob(config, "layout", layout);
    EXPECT_EQ(printed(config, "layout"), layout);
  }
}

TEST(Knobs, BadValuesAreRefusedNamingTheKnob) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"mode", "warp"},       {"mode", "Perpetual"}, {"batch", "0"},   {"batch", "x"},
      {"batch", "16777217"},  {"chunk", "0"},        {"chunk", "-1"},  {"chunk", "16777217"},
      {"lanes", "0"},         {"lanes", "4097"},     {"lanes", "two"}, {"layout", "diagonal"},
      {"placement", "stack"}, {"stride", "0"},       {"first", "-1"},  {"first", "64"},
      {"first", "first"},     {"first", ""},         {"delay", "-3"},  {"delay", "1000001"},
      {"delay", "soon"}};
  for (const auto& [name, value] : bad) {
    const std::string message = refusal(name, value);
    EXPECT_NE(message.find("--" + name), std::string::npos)
        << name << "=" << value << ": " << message;
    EXPECT_EQ(message.find("unknown knob"), std::string::npos) << message;
  }
  EXPECT_EQ(refusal("stride", "0"), "--stride must be between 1 and 16777216, not 0");
  EXPECT_EQ(refusal("layout", "diagonal"),
            "unknown --layout 'diagonal' (valid: shared-line, line-per-instance, arrays, padded)");
  // As a Python keyword the name has no dashes.
  EXPECT_EQ(refusal("lanes", "0", Spelling::keyword), "lanes must be between 1 and 4096, not 0");
}

TEST(Knobs, AnUnknownNameListsTheKnobs) {
  const std::string message = refusal("bacth", "64");
  EXPECT_EQ(message.rfind("unknown knob: unknown knob 'bacth' (valid: --mode, --batch", 0), 0u)
      << message;
  for (const Knob& knob : knobs())
    EXPECT_NE(message.find(std::string(knob.name)), std::string::npos) << knob.name;
  EXPECT_NE(refusal("bacth", "64", Spelling::keyword).find("(valid: mode, batch,"),
            std::string::npos);
}

TEST(Knobs, HelpSaysWhichModesAKnobAppliesTo) {
  EXPECT_EQ(find_knob("batch").help_text(), "batched: instances per batch");
  EXPECT_EQ(find_knob("lanes").help_text().rfind("perpetual: ", 0), 0u);
  EXPECT_EQ(find_knob("layout").help_text(),
            "memory layout of instances (lanes): shared-line, line-per-instance, arrays, padded");
  const std::string mode = find_knob("mode").help_text();
  for (const RunModeInfo& info : run_modes())
    EXPECT_NE(mode.find(std::string(info.name) + ": "), std::string::npos) << mode;
}

TEST(Knobs, ResultsRecordEveryKnobButTheModeAndTheCompiler) {
  RunConfig config;
  config.batch = 100;
  config.layout = Layout::arrays;
  const std::map<std::string, std::string> recorded = recorded_knobs(config);
  EXPECT_EQ(recorded.size(), knobs().size() - 3);
  EXPECT_FALSE(recorded.contains("mode"));  // the run's `mode` says how it really ran
  // The run's `compiler` says what really compiled its kernels (the build's, for the catalogue).
  EXPECT_FALSE(recorded.contains("cxx"));
  EXPECT_FALSE(recorded.contains("cxxflags"));
  EXPECT_EQ(find_knob("cxx").recorded, Recorded::compiler);
  EXPECT_EQ(recorded.at("batch"), "100");
  EXPECT_EQ(recorded.at("layout"), "arrays");
  EXPECT_EQ(recorded.at("chunk"), "16384");
}

TEST(Knobs, KnobsOfAnotherModeAreNotedWhenSet) {
  RunConfig config;
  EXPECT_TRUE(ignored_knob_notes(config, RunMode::batched).empty());
  EXPECT_TRUE(ignored_knob_notes(config, RunMode::perpetual).empty());
  config.stride = 3;
  EXPECT_EQ(
      ignored_knob_notes(config, RunMode::perpetual),
      std::vector<std::string>{"--stride 3 is a batched-mode knob; this perpetual run ignored it"});
  EXPECT_TRUE(ignored_knob_notes(config, RunMode::batched).empty());
  config = RunConfig{};
  config.lanes = 4;
  config.chunk = 4096;
  EXPECT_EQ(ignored_knob_notes(config, RunMode::batched),
            std::vector<std::string>{
                "--chunk 4096, --lanes 4 are perpetual-mode knobs; this batched run ignored "
                "them"});
}

TEST(Knobs, ChecksNeedTheWholeConfigAndTheTest) {
  RunConfig config;
  config.chunk = 1001;
  config.lanes = 2;
  try {
    check_knobs(config, two_thread_test());
    ADD_FAILURE() << "a chunk of 1001 over 2 lanes passed";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "--chunk (1001) must be a multiple of --lanes (2)");
  }
  config.chunk = 1000;
  EXPECT_NO_THROW(check_knobs(config, two_thread_test()));
  config.first = FirstThread{2};
  try {
    check_knobs(config, two_thread_test(), Spelling::keyword);
    ADD_FAILURE() << "thread 2 of a two-thread test passed";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "first 2, but 'T' has 2 threads");
  }
  config.first = FirstThread{1};
  config.batch = 0;  // set in C++, past the parser
  EXPECT_THROW(check_knobs(config, two_thread_test()), std::invalid_argument);
  config.batch = 1;
  EXPECT_THROW(check_config(config, two_thread_test()), std::invalid_argument);  // no budget
  config.seconds = 1;
  EXPECT_NO_THROW(check_config(config, two_thread_test()));
}

TEST(Knobs, RunArgumentsNameEveryKnobOfTheMode) {
  RunConfig batched;
  batched.mode = RunMode::batched;
  EXPECT_EQ(run_arguments(batched),
            "--mode batched --batch 8192 --stride 1 --layout shared-line --placement heap "
            "--first rotate --delay 0");
  RunConfig perpetual;
  perpetual.mode = RunMode::perpetual;
  perpetual.lanes = 4;
  perpetual.first = FirstThread{1};
  EXPECT_EQ(run_arguments(perpetual),
            "--mode perpetual --chunk 16384 --lanes 4 --layout shared-line --placement heap "
            "--first 1 --delay 0");
  // Auto runs segments of both modes, so every knob shapes some of them.
  EXPECT_EQ(run_arguments(RunConfig{}),
            "--mode auto --batch 8192 --stride 1 --chunk 16384 --lanes 2 --layout shared-line "
            "--placement heap --first rotate --delay 0");
  EXPECT_TRUE(ignored_knob_notes(perpetual, RunMode::automatic).empty());
}

TEST(Knobs, AutoValuesParseAndDifferFromTheDefault) {
  int values = 0;
  for (const Knob& knob : knobs())
    for (const std::string& value : knob.auto_values) {
      RunConfig config;
      EXPECT_NO_THROW(set_knob(config, knob.name, value)) << knob.name;
      EXPECT_EQ(knob.print(config), value) << knob.name;
      EXPECT_NE(value, knob.default_text()) << knob.name;
      ++values;
    }
  EXPECT_GE(values, 1);
}

TEST(Topology, AllowedCpusAreSortedAndNonEmpty) {
  const auto cpus = allowed_cpus();
  ASSERT_FALSE(cpus.empty());
  EXPECT_TRUE(std::is_sorted(cpus.begin(), cpus.end()));
  const std::size_t line = cache_line_size();
  EXPECT_TRUE(line == 64 || line == 128 || line == 256) << line;
}

TEST(Topology, ImplausibleCacheLinesFallBackTo64) {
  EXPECT_EQ(plausible_cache_line(32), 64u);  // what qemu-user reports
  EXPECT_EQ(plausible_cache_line(0), 64u);
  EXPECT_EQ(plausible_cache_line(96), 64u);
  EXPECT_EQ(plausible_cache_line(64), 64u);
  EXPECT_EQ(plausible_cache_line(128), 128u);
  EXPECT_EQ(plausible_cache_line(256), 256u);
}

TEST(Knobs, NumbersPastTwoToTheSixtyFourNameTheKnobsBounds) {
  EXPECT_EQ(refusal("first", "99999999999999999999"),
            "--first must be between 0 and 63, not 99999999999999999999");
  EXPECT_EQ(refusal("batch", "1e30"), "--batch must be between 1 and 16777216, not 1e30");
  EXPECT_EQ(refusal("delay", "18446744073709551616", Spelling::keyword),
            "delay must be between 0 and 1000000, not 18446744073709551616");
}

TEST(Knobs, EachSaysWhatValuesItTakes) {
  for (const Knob& knob : knobs()) {
    SCOPED_TRACE(std::string(knob.name));
    EXPECT_TRUE(knob.takes_number || !knob.names.empty() || knob.takes_text);
    if (knob.takes_text) {  // a path or flags: any text parses, and the default is the build's
      RunConfig config;
      EXPECT_NO_THROW(knob.parse(config, "any text", std::string(knob.name)));
      EXPECT_FALSE(knob.takes_number || !knob.names.empty());
      continue;
    }
    // Every word it takes parses, and its default is a number or one of them.
    for (const std::string& name : knob.names) {
      RunConfig config;
      EXPECT_NO_THROW(knob.parse(config, name, std::string(knob.name)));
    }
    const std::string fallback = knob.default_text();
    const bool word = std::find(knob.names.begin(), knob.names.end(), fallback) != knob.names.end();
    EXPECT_TRUE(word || (knob.takes_number &&
                         fallback.find_first_not_of("0123456789") == std::string::npos))
        << fallback;
  }
  EXPECT_EQ(find_knob("first").names, (std::vector<std::string>{"any", "rotate"}));
  EXPECT_TRUE(find_knob("first").takes_number);
  EXPECT_FALSE(find_knob("layout").takes_number);
  EXPECT_TRUE(find_knob("batch").names.empty());
  EXPECT_TRUE(find_knob("cxx").takes_text);
  EXPECT_TRUE(find_knob("cxxflags").takes_text);
}

}  // namespace
}  // namespace litmuslab::run
