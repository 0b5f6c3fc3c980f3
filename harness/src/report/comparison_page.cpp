// The report page: one HTML file with nothing outside it but links to the
// results files it was made from.
#include "litmuslab/comparison_page.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "comparison_cells.hpp"
#include "comparison_charts.hpp"
#include "svg_writer.hpp"

namespace litmuslab::report {
namespace {

namespace fs = std::filesystem;

const std::string_view kStyle = R"(
body { font-family: sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-family: monospace; white-space: nowrap; }
td.state, td.test { font-family: monospace; white-space: nowrap; }
td.missing { color: #999; background: #fafafa; }
td.red, tr.red td { background: #fdd; color: #900; font-weight: bold; }
tr.condition td { background: #f7f7fb; font-style: italic; }
span.badge { display: inline-block; padding: 0 4px; border-radius: 3px; font-size: 11px; color: #fff; }
span.emulated { background: #b35900; } span.flag { background: #d62728; }
div.scroll { overflow-x: auto; max-width: 100%; }
figure { margin: 1em 0; } figcaption { font-size: 13px; color: #555; }
img { max-width: 100%; border: 1px solid #eee; }
p.ok { color: #2a7a2a; } p.bad { color: #900; font-weight: bold; }
)";

std::string h(std::string_view text) { return xml_escape(text); }

// A relative URL for a file: each path segment percent-encoded.
std::string href(const fs::path& target, const fs::path& page) {
  fs::path folder = page.has_parent_path() ? page.parent_path() : fs::path(".");
  std::error_code ec;
  const fs::path from = fs::absolute(folder, ec).lexically_normal();
  fs::path relative = fs::absolute(target, ec).lexically_normal().lexically_relative(from);
  if (relative.empty()) relative = fs::absolute(target, ec).lexically_normal();
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string url;
  for (const unsigned char c : relative.generic_string()) {
    if (std::isalnum(c) ||
        std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos) {
      url += static_cast<char>(c);
    } else {
      url += '%';
      url += kHex[c >> 4];
      url += kHex[c & 15];
    }
  }
  return url;
}

std::string emulated_badge(const HostDescription& host) {
  return host.emulated ? " <span class=\"badge emulated\">EMULATED</span>" : "";
}

void red_flag_section(std::ostream& out, const Comparison& comparison) {
  const std::vector<RedFlag> flags = red_flag_cells(comparison);
  out << "<section id=\"red-flags\"><h2>Red flags</h2>\n";
  if (flags.empty()) {
    out << "<p class=\"ok\">None: no results file holds a state that its host's architecture "
           "model forbids.</p></section>\n";
    return;
  }
  out << "<p class=\"bad\">" << flags.size() << (flags.size() == 1 ? " state was" : " states were")
      << " seen that the host's own architecture model forbids: a CPU, compiler, emulator or "
         "harness bug.</p>\n<table class=\"red-flags\"><tr><th>results file</th><th>host</th>"
         "<th>test</th><th>state</th><th>count</th><th>rate</th><th>forbidden by</th></tr>\n";
  for (const RedFlag& flag : flags) {
    const ComparisonColumn& column = comparison.columns[flag.column];
    const ComparedCell& cell = *flag.state->cells[flag.column];
    std::string models;
    for (const std::string& model : cell.forbidden_by)
      models += (models.empty() ? "" : ", ") + model;
    out << "<tr class=\"red\"><td>" << h(column.name) << "</td><td>" << h(host_label(column.host))
        << emulated_badge(column.host) << "</td><td class=\"test\">" << h(flag.test->test)
        << "</td><td class=\"state\">" << h(flag.state->state) << "</td><td class=\"num\">"
        << cell.count << "</td><td class=\"num\">" << rate_text(cell.rate()) << "</td><td>"
        << h(models) << "</td></tr>\n";
  }
  out << "</table></section>\n";
}

void table_section(std::ostream& out, const Comparison& comparison) {
  out << "<section id=\"comparison\"><h2>Comparison</h2>\n<p>" << h(comparison_legend())
      << " Tests with a red flag come first.</p>\n<div class=\"scroll\"><table "
         "class=\"comparison\">\n<tr><th rowspan=\"2\">test</th><th rowspan=\"2\">state</th>";
  for (const ComparisonColumn& column : comparison.columns)
    out << "<th>" << h(column.name) << "</th>";
  out << "</tr>\n<tr>";
  for (const ComparisonColumn& column : comparison.columns)
    out << "<th>" << h(host_label(column.host)) << emulated_badge(column.host) << "</th>";
  out << "</tr>\n";
  for (const ComparedTest* test : red_flags_first(comparison)) {
    bool first = true;
    for (const ComparedState& state : test->states) {
      out << "<tr>";
      if (first)
        out << "<td class=\"test\" rowspan=\"" << test->states.size() + 1 << "\">" << h(test->test)
            << (test->red_flag ? " <span class=\"badge flag\">RED FLAG</span>" : "") << "</td>";
      first = false;
      out << "<td class=\"state\">" << h(state.state) << "</td>";
      for (const auto& cell : state.cells) {
        const char* kind = !cell ? "num missing" : cell->red_flag ? "num red" : "num";
        out << "<td class=\"" << kind << "\">" << h(cell_text(state, cell)) << "</td>";
      }
      out << "</tr>\n";
    }
    out << "<tr class=\"condition\">";
    if (first) out << "<td class=\"test\">" << h(test->test) << "</td>";
    out << "<td class=\"state\">" << h(test->condition) << "</td>";
    for (const auto& rate : test->condition_rates)
      out << "<td class=\"num" << (rate ? "" : " missing") << "\">" << h(interval_text(rate))
          << "</td>";
    out << "</tr>\n";
  }
  out << "</table></div>\n";
  for (const ComparedTest& test : comparison.tests)
    for (const std::string& note : test.notes)
      out << "<p>Note: " << h(test.test) << ": " << h(note) << "</p>\n";
  out << "</section>\n";
}

// Drawn by `python -m litmuslab plot`: summary first, then outcomes, then the rest.
std::vector<fs::path> chart_files(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw ResultsInputError(folder.string() + ": not a folder of charts");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.is_regular_file() &&
        (entry.path().extension() == ".png" || entry.path().extension() == ".svg"))
      files.push_back(entry.path());
  auto rank = [](const fs::path& p) {
    const std::string name = p.filename().string();
    return std::make_pair(name.starts_with("summary")    ? 0
                          : name.starts_with("outcomes") ? 1
                                                         : 2,
                          name);
  };
  std::sort(files.begin(), files.end(),
            [&](const fs::path& a, const fs::path& b) { return rank(a) < rank(b); });
  return files;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw ResultsInputError(path.string() + ": cannot read");
  return bytes.str();
}

void charts_section(std::ostream& out, const Comparison& comparison, const PageOptions& options) {
  out << "<section id=\"charts\"><h2>Charts</h2>\n"
      << "<figure>" << condition_rate_heatmap(comparison)
      << "<figcaption>How often each test's condition held, per results file (log scale; hover "
         "for the rate and its interval).</figcaption></figure>\n"
      << "<figure>" << condition_rate_strips(comparison)
      << "<figcaption>The condition's rate per test with its 95% Wilson interval, one dot per "
         "results file (hollow: emulated CPU; red ring: red flag).</figcaption></figure>\n";
  if (!options.plots.empty()) {
    for (const fs::path& chart : chart_files(options.plots)) {
      const char* type = chart.extension() == ".png" ? "image/png" : "image/svg+xml";
      out << "<figure><img alt=\"" << h(chart.stem().string()) << "\" src=\"data:" << type
          << ";base64," << base64(read_bytes(chart)) << "\"><figcaption>"
          << h(chart.filename().string()) << "</figcaption></figure>\n";
    }
  }
  out << "</section>\n";
}

void hosts_section(std::ostream& out, const Comparison& comparison, const PageOptions& options) {
  out << "<section id=\"hosts\"><h2>Hosts and builds</h2>\n<div class=\"scroll\"><table "
         "class=\"hosts\"><tr><th>results file</th><th>arch and CPU</th><th>vendor</th>"
         "<th>family/model</th><th>CPUs</th><th>kernel</th><th>CPU features</th>"
         "<th>compiler</th><th>flags</th><th>litmuslab</th><th>created</th><th>JSON</th></tr>\n";
  for (const ComparisonColumn& column : comparison.columns) {
    const HostDescription& host = column.host;
    std::string hwcaps;
    for (const std::string& cap : host.hwcaps) hwcaps += (hwcaps.empty() ? "" : " ") + cap;
    out << "<tr><td>" << h(column.name) << "</td><td>" << h(host_label(host))
        << emulated_badge(host) << "</td><td>" << h(host.vendor) << "</td><td>"
        << h(host.cpu_family_model) << "</td><td class=\"num\">" << host.logical_cpus << "</td><td>"
        << h(host.kernel) << (host.virtualized ? " (virtual machine)" : "") << "</td><td>"
        << h(hwcaps) << "</td><td>" << h(column.build.compiler) << "</td><td>"
        << h(column.build.flags) << "</td><td>" << h(column.build.version + " " + column.build.git)
        << "</td><td>" << h(column.created) << (column.interrupted ? " (interrupted)" : "")
        << "</td><td><a href=\"" << h(href(column.source, options.page)) << "\">"
        << h(column.source.filename().string()) << "</a>";
    // Google Benchmark's output beside a results file, as a campaign fetches it.
    const fs::path bench = column.source.parent_path() / "bench.json";
    std::error_code ec;
    if (column.source.filename() != "bench.json" && fs::is_regular_file(bench, ec))
      out << " <a href=\"" << h(href(bench, options.page)) << "\">bench.json</a>";
    out << "</td></tr>\n";
  }
  out << "</table></div></section>\n";
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += kAlphabet[v >> 6 & 63];
    out += kAlphabet[v & 63];
  }
  if (const std::size_t left = bytes.size() - i; left > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (left == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[v >> 12 & 63];
    out += left == 2 ? kAlphabet[v >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

std::string comparison_page(const Comparison& comparison, const PageOptions& options) {
  std::ostringstream out;
  const std::size_t flags = comparison.red_flag_count();
  std::size_t emulated = 0;
  for (const ComparisonColumn& column : comparison.columns) emulated += column.host.emulated;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>litmuslab comparison: " << comparison.columns.size() << " results files</title>\n"
      << "<style>" << kStyle << "</style></head><body>\n"
      << "<h1>litmuslab comparison</h1>\n<p>" << comparison.columns.size() << " results files, "
      << comparison.tests.size() << " tests, "
      << (flags ? "<strong style=\"color:#900\">" + std::to_string(flags) + " red flags</strong>"
                : std::string("no red flags"))
      << ". <a href=\"#red-flags\">Red flags</a> · <a href=\"#comparison\">Comparison</a> · "
         "<a href=\"#charts\">Charts</a> · <a href=\"#hosts\">Hosts</a></p>\n";
  if (emulated)
    out << "<p>" << emulated << " of these results files " << (emulated == 1 ? "comes" : "come")
        << " from an emulated CPU (marked EMULATED): " << (emulated == 1 ? "its" : "their")
        << " counts show what the emulator does, not what the hardware does.</p>\n";
  red_flag_section(out, comparison);
  table_section(out, comparison);
  charts_section(out, comparison, options);
  hosts_section(out, comparison, options);
  out << "</body></html>\n";
  return out.str();
}

}  // namespace litmuslab::report
