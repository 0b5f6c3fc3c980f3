// `litmuslab compare` as users call it: the table, its forms, the page, and
// every exit status.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli_shell.hpp"

namespace {

namespace fs = std::filesystem;
using litmuslab::testing::cli;
using litmuslab::testing::contains;
using litmuslab::testing::read_text;
using litmuslab::testing::ScratchDir;
using Outcome = litmuslab::testing::ShellOutcome;

const std::string kFixtures = std::string(LITMUSLAB_TEST_FIXTURES) + "/compare";
const std::string kTwoHosts =
    kFixtures + "/x86-host/suite.json " + kFixtures + "/arm-host/suite.json";

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CliCompare, ARedFlagInAnyFileExitsOne) {
  const Outcome o = cli("compare " + kTwoHosts);
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_TRUE(contains(o.out, "Comparison of 2 results files, 4 tests, 1 red flag")) << o.out;
  EXPECT_TRUE(contains(o.out, "3 3e-06 * !armv8,cpp")) << o.out;
  EXPECT_TRUE(contains(o.err, "RED FLAG: 1 state was observed")) << o.err;
  // Without the red-flagged test the comparison is clean.
  const Outcome sb = cli("compare " + kTwoHosts + " --tests 'SB+*'");
  EXPECT_EQ(sb.status, 0) << sb.err;
  EXPECT_TRUE(contains(sb.out, "1 test, 0 red flags")) << sb.out;
  EXPECT_FALSE(contains(sb.out, "MP+rlx")) << sb.out;
}

TEST(CliCompare, FoldersAreSearched) {
  const Outcome o = cli("compare " + kFixtures + " --json");
  EXPECT_EQ(o.status, 1) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  ASSERT_EQ(j["columns"].size(), 2u);  // bench.json and the other schema are passed by
  EXPECT_EQ(j["columns"][0]["name"], "arm-host");
  EXPECT_EQ(j["red_flags"], 1);
}

TEST(CliCompare, BadInputExitsTwoWithOneLine) {
  for (const std::string& arguments : std::vector<std::string>{
           "compare " + kFixtures + "/other-schema.json", "compare " + kFixtures + "/no-such.json",
           std::string("compare"), "compare " + kTwoHosts + " --json --markdown",
           "compare " + kTwoHosts + " --plots " + kFixtures,
           "compare " + kTwoHosts + " --tests 'ZZ*'", "compare " + kTwoHosts + " --frobnicate",
           "compare " + kTwoHosts + " --html /tmp --plots " + kFixtures}) {
    const Outcome o = cli(arguments);
    EXPECT_EQ(o.status, 2) << arguments << "\n" << o.err;
    EXPECT_EQ(lines(o.err), 1u) << arguments << "\n" << o.err;
    EXPECT_TRUE(o.out.empty()) << arguments << "\n" << o.out;
  }
  const Outcome other =
      cli("compare " + kFixtures + "/x86-host/suite.json " + kFixtures + "/other-schema.json");
  EXPECT_TRUE(contains(other.err,
                       "other-schema.json: schema: unknown schema 'another-tool/2' "
                       "(this litmuslab reads litmuslab-results/1)"))
      << other.err;
}

TEST(CliCompare, WritesTheTableAndThePageWholeOrNotAtAll) {
  const ScratchDir scratch;
  const fs::path md = scratch / "compare.md";
  const fs::path page = scratch / "index.html";
  const Outcome o =
      cli("compare " + kTwoHosts + " --markdown -o " + md.string() + " --html " + page.string());
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
  EXPECT_TRUE(read_text(md).starts_with("# Comparison of 2 results files")) << read_text(md);
  EXPECT_TRUE(read_text(page).starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"compare.md", "index.html"}));

  // A bad input leaves the earlier files as they were.
  const std::string before = read_text(page);
  const Outcome bad = cli("compare " + kFixtures + "/other-schema.json --html " + page.string());
  EXPECT_EQ(bad.status, 2);
  EXPECT_EQ(read_text(page), before);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"compare.md", "index.html"}));

  // An unwritable output fails before anything is read.
  const Outcome unwritable = cli("compare " + kTwoHosts + " -o /nonexistent-dir/compare.md");
  EXPECT_EQ(unwritable.status, 2);
  EXPECT_TRUE(contains(unwritable.err, "/nonexistent-dir/compare.md")) << unwritable.err;
}

TEST(CliCompare, AFullDeviceExitsThree) {
  const Outcome o = cli("compare " + kTwoHosts + " --tests 'SB+*' -o /dev/full");
  EXPECT_EQ(o.status, 3) << o.err;
}

TEST(CliCompare, TheCommittedResultsCompareX86WithEmulatedAarch64) {
  const std::string results = std::string(LITMUSLAB_REPOSITORY) + "/results";
  const Outcome o = cli("compare " + results + "/x86_64-amd-epyc-kvm/suite.json " + results +
                        "/aarch64-qemu-emulated/suite.json");
  // qemu lets SB+relacq and SB+sc show the store-buffering state armv8 forbids.
  EXPECT_EQ(o.status, 1) << o.err;
  EXPECT_TRUE(contains(o.out, "x86_64-amd-epyc-kvm")) << o.out;
  EXPECT_TRUE(contains(o.out, "aarch64 (emulated on AMD EPYC)")) << o.out;
  EXPECT_TRUE(contains(o.out, "Red flags: 2\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "the emulator's doing")) << o.out;
  EXPECT_TRUE(contains(o.err, "every one comes from an emulated CPU")) << o.err;
}

TEST(CliCompare, TheCommittedPageShowsTheCommittedResults) {
  // results/index.html is `litmuslab compare results/*/suite.json --html
  // results/index.html --plots results/plots`: its table must match the files.
  const fs::path results = fs::path(LITMUSLAB_REPOSITORY) / "results";
  const ScratchDir scratch;
  const fs::path fresh = scratch / "index.html";
  const Outcome o = cli("compare " + (results / "aarch64-qemu-emulated/suite.json").string() + " " +
                        (results / "x86_64-amd-epyc-kvm/suite.json").string() +
                        " -o /dev/null --html " + fresh.string());
  ASSERT_EQ(o.status, 1) << o.err;
  auto table = [](const std::string& page) {
    const auto begin = page.find("<table class=\"comparison\">");
    return page.substr(begin, page.find("</table>", begin) - begin);
  };
  const std::string committed = read_text(results / "index.html");
  ASSERT_FALSE(committed.empty()) << "results/index.html is missing";
  EXPECT_EQ(table(committed), table(read_text(fresh)));
  std::size_t charts = 0;
  for (const auto& entry : fs::directory_iterator(results / "plots"))
    charts += entry.path().extension() == ".png";
  std::size_t images = 0;
  for (auto at = committed.find("<img "); at != std::string::npos;
       at = committed.find("<img ", at + 1))
    ++images;
  EXPECT_EQ(images, charts);
  EXPECT_TRUE(contains(committed, "<a href=\"x86_64-amd-epyc-kvm/suite.json\">"));
}

}  // namespace
