#include <gtest/gtest.h>

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
  for (const char* bad : {"0", "-1", "", "nan", "inf", "1s", "1e9"})
    EXPECT_THROW(parse_seconds(bad, "--seconds"), std::invalid_argument) << bad;
}

TEST(Layout, RoundTripsEveryName) {
  for (const std::string& name : layout_names()) EXPECT_EQ(to_string(parse_layout(name)), name);
  EXPECT_THROW(parse_layout("diagonal"), std::invalid_argument);
}

TEST(BatchSize, Bounds) {
  EXPECT_EQ(BatchSize::parse("8192").value, 8192u);
  EXPECT_EQ(BatchSize::parse("8192").to_string(), "8192");
  EXPECT_THROW(BatchSize::parse("0"), std::invalid_argument);
  EXPECT_THROW(BatchSize::parse("99999999"), std::invalid_argument);
}

TEST(RunMode, RoundTripsAndRejects) {
  EXPECT_EQ(parse_run_mode("batched"), RunMode::batched);
  EXPECT_EQ(parse_run_mode("perpetual"), RunMode::perpetual);
  EXPECT_EQ(to_string(RunMode::perpetual), "perpetual");
  EXPECT_THROW(parse_run_mode("Perpetual"), std::invalid_argument);
}

TEST(ChunkAndLanes, Bounds) {
  EXPECT_EQ(ChunkSize::parse("65536").value, 65536u);
  EXPECT_EQ(ChunkSize::parse("1e6").to_string(), "1000000");
  for (const char* bad : {"0", "-1", "x", "16777217"})
    EXPECT_THROW(ChunkSize::parse(bad), std::invalid_argument) << bad;
  EXPECT_EQ(Lanes::parse("2").value, 2u);
  for (const char* bad : {"0", "4097", "two"})
    EXPECT_THROW(Lanes::parse(bad), std::invalid_argument) << bad;
}

TEST(Placement, RoundTripsAndRejects) {
  EXPECT_EQ(parse_placement("heap"), Placement::heap);
  EXPECT_EQ(parse_placement("static"), Placement::static_arena);
  EXPECT_EQ(to_string(Placement::static_arena), "static");
  EXPECT_EQ(to_string(Placement::heap), "heap");
  EXPECT_THROW(parse_placement("stack"), std::invalid_argument);
}

TEST(StrideFirstDelay, ParseAndPrint) {
  EXPECT_EQ(Stride::parse("7").value, 7u);
  EXPECT_EQ(Stride{}.to_string(), "1");
  EXPECT_THROW(Stride::parse("0"), std::invalid_argument);
  EXPECT_EQ(FirstThread::parse("any").thread, -1);
  EXPECT_EQ(FirstThread::parse("1").thread, 1);
  EXPECT_EQ(FirstThread::parse("1").to_string(), "1");
  EXPECT_EQ(FirstThread{}.to_string(), "any");
  EXPECT_EQ(FirstThread::parse("rotate").to_string(), "rotate");
  for (const char* bad : {"-1", "64", "first", ""})
    EXPECT_THROW(FirstThread::parse(bad), std::invalid_argument) << bad;
  EXPECT_EQ(RandomDelay::parse("0").max_pauses, 0u);
  EXPECT_EQ(RandomDelay::parse("250").to_string(), "250");
  for (const char* bad : {"-3", "1000001", "soon"})
    EXPECT_THROW(RandomDelay::parse(bad), std::invalid_argument) << bad;
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

}  // namespace
}  // namespace litmuslab::run
