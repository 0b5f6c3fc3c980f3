// The report page and its charts: self-contained, escaped, red flags first.
#include <gtest/gtest.h>

#include "litmuslab/comparison_page.hpp"
#include "report/comparison_charts.hpp"
#include "report/svg_writer.hpp"
#include "scratch_files.hpp"

namespace {

namespace fs = std::filesystem;
using namespace litmuslab::report;
using litmuslab::testing::contains;

const fs::path kFixtures = fs::path(LITMUSLAB_TEST_FIXTURES) / "compare";

Comparison two_hosts() {
  return compare_results(
      read_results_sources({kFixtures / "x86-host/suite.json", kFixtures / "arm-host/suite.json"}));
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

TEST(Base64, KnownVectors) {  // RFC 4648, section 10
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\x00\x80", 3)), "/wCA");
}

TEST(SvgWriter, EscapesTextAndAttributes) {
  EXPECT_EQ(xml_escape("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;");
  SvgWriter svg(100, 50.5, "rates <x>");
  svg.rect(1, 2.25, 3, 4, "#fff", "tip & <tool>");
  svg.line(0, 0, 10, 10, "red", 2);
  svg.circle(5, 5, 1.5, "blue");
  svg.text(3, 4, "SB+rlx <1>", {.anchor = "end", .rotate = -45});
  const std::string out = svg.finish();
  EXPECT_TRUE(
      out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"100\" "
                      "height=\"50.5\" viewBox=\"0 0 100 50.5\""))
      << out;
  EXPECT_TRUE(contains(out, "<title>rates &lt;x&gt;</title>")) << out;
  EXPECT_TRUE(contains(out,
                       "<rect x=\"1\" y=\"2.2\" width=\"3\" height=\"4\" fill=\"#fff\">"
                       "<title>tip &amp; &lt;tool&gt;</title></rect>"))
      << out;
  EXPECT_TRUE(contains(out,
                       "<line x1=\"0\" y1=\"0\" x2=\"10\" y2=\"10\" stroke=\"red\" "
                       "stroke-width=\"2\"/>"))
      << out;
  EXPECT_TRUE(contains(out, "<circle cx=\"5\" cy=\"5\" r=\"1.5\" fill=\"blue\"/>")) << out;
  EXPECT_TRUE(contains(out, "text-anchor=\"end\"")) << out;
  EXPECT_TRUE(contains(out, "transform=\"rotate(-45 3 4)\">SB+rlx &lt;1&gt;</text>")) << out;
  EXPECT_TRUE(out.ends_with("</svg>\n")) << out;
}

TEST(ComparisonCharts, HeatmapHasACellPerTestAndColumn) {
  const std::string svg = condition_rate_heatmap(two_hosts());
  // 4 tests x 2 columns, each with a tooltip naming its column and test.
  EXPECT_EQ(occurrences(svg, "<title>x86-host: "), 4u) << svg;
  EXPECT_EQ(occurrences(svg, "<title>arm-host: "), 4u) << svg;
  EXPECT_TRUE(contains(svg, "<title>x86-host: LB+rlx: missing</title>")) << svg;
  EXPECT_TRUE(contains(svg,
                       "stroke=\"#d62728\" stroke-width=\"2\"><title>arm-host: MP+relacq: "
                       "condition rate 3e-06 [1.02e-06, 8.82e-06]; RED FLAG</title>"))
      << svg;
  // Red flags come first: MP+relacq's row label precedes SB+rlx's.
  EXPECT_LT(svg.find(">MP+relacq</text>"), svg.find(">SB+rlx</text>")) << svg;
}

TEST(ComparisonCharts, StripsDrawADotPerRunAndSkipMissingOnes) {
  const std::string svg = condition_rate_strips(two_hosts());
  EXPECT_EQ(occurrences(svg, "<circle"), 6u + 2u) << svg;  // 6 runs, 2 legend keys
  EXPECT_TRUE(contains(svg, "<title>arm-host: LB+rlx: 1e-05 [")) << svg;
  EXPECT_FALSE(contains(svg, "x86-host: LB+rlx")) << svg;
}

TEST(ComparisonPage, SelfContainedWithRedFlagsFirst) {
  const std::string page = comparison_page(two_hosts(), {kFixtures / "index.html", {}});
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>")) << page.substr(0, 100);
  EXPECT_TRUE(page.ends_with("</html>\n"));
  // Nothing is fetched from anywhere: no scripts, stylesheets or remote images.
  EXPECT_FALSE(contains(page, "<script"));
  EXPECT_FALSE(contains(page, "<link"));
  EXPECT_FALSE(contains(page, "src=\"http"));
  EXPECT_FALSE(contains(page, "href=\"http"));
  EXPECT_EQ(occurrences(page, "<svg"), 2u);
  EXPECT_TRUE(contains(page, "<table class=\"red-flags\">"));
  EXPECT_TRUE(contains(page, "<table class=\"comparison\">"));
  EXPECT_TRUE(contains(page, "<table class=\"hosts\">"));
  // The comparison table lists the red-flagged test before the others.
  const auto table = page.find("<table class=\"comparison\">");
  EXPECT_LT(page.find(">MP+relacq", table), page.find(">SB+rlx", table));
  EXPECT_TRUE(contains(page, "<td class=\"num red\">3 3e-06 * !armv8,cpp</td>"));
  EXPECT_TRUE(contains(page, "<td class=\"num missing\">missing</td>"));
  // Hosts: CPU, compiler and flags, and links relative to the page.
  EXPECT_TRUE(
      contains(page, "<td>-O2 -g -DNDEBUG, kernels: -march=armv8.2-a -mno-outline-atomics</td>"));
  EXPECT_TRUE(contains(page, "<a href=\"x86-host/suite.json\">suite.json</a>"));
  EXPECT_TRUE(contains(page,
                       "<a href=\"arm-host/suite.json\">suite.json</a> "
                       "<a href=\"arm-host/bench.json\">bench.json</a>"));
  EXPECT_FALSE(contains(page, "EMULATED"));
}

TEST(ComparisonPage, LinksFromAnotherFolderAndEmbeddedCharts) {
  const litmuslab::testing::ScratchDir scratch;
  fs::create_directories(scratch / "plots");
  const std::string png("\x89PNG\r\n\x1a\nfake", 12);
  litmuslab::testing::write_text(scratch / "plots/outcomes-SB.png", png);
  litmuslab::testing::write_text(scratch / "plots/summary.png", "S");
  litmuslab::testing::write_text(scratch / "plots/notes.txt", "not a chart");
  std::vector<ResultsSource> sources =
      read_results_sources({kFixtures / "x86-host/suite.json", kFixtures / "arm-host/suite.json"});
  sources[1].document.host.emulated = true;
  sources[1].document.runs[0].test = "SB<script>";
  const std::string page =
      comparison_page(compare_results(sources), {scratch / "out/index.html", scratch / "plots"});
  EXPECT_EQ(occurrences(page, "<img "), 2u);
  EXPECT_TRUE(contains(page, "src=\"data:image/png;base64," + base64(png) + "\""));
  EXPECT_LT(page.find("summary.png"), page.find("outcomes-SB.png"));  // the overview first
  EXPECT_FALSE(contains(page, "<script>"));
  EXPECT_TRUE(contains(page, "SB&lt;script&gt;"));
  EXPECT_TRUE(contains(page, "<span class=\"badge emulated\">EMULATED</span>"));
  const std::string up = fs::relative(kFixtures, scratch / "out").generic_string();
  EXPECT_TRUE(contains(page, "<a href=\"" + up + "/x86-host/suite.json\">")) << up;
  EXPECT_THROW(
      comparison_page(compare_results(sources), {scratch / "index.html", scratch / "none"}),
      ResultsInputError);
}

}  // namespace
