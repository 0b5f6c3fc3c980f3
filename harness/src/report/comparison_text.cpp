// The comparison as an aligned text table and as a GitHub markdown table.
#include <algorithm>
#include <sstream>

#include "comparison_cells.hpp"

namespace litmuslab::report {
namespace {

// At most this many red flags are listed after the table; the JSON has them all.
constexpr std::size_t kListedRedFlags = 50;

// A table as rows of cells; the text form pads them into columns.
using Rows = std::vector<std::vector<std::string>>;

// Header rows, then per test its states and its condition row (test name on
// the first row only); `blank` separates tests.
Rows table_rows(const Comparison& comparison, bool blank_between_tests) {
  Rows rows;
  std::vector<std::string> names{"Test", "State"};
  std::vector<std::string> labels{"", ""};
  for (const ComparisonColumn& column : comparison.columns) {
    names.push_back(column.name);
    labels.push_back(host_label(column.host));
  }
  rows.push_back(std::move(names));
  rows.push_back(std::move(labels));
  for (const ComparedTest& test : comparison.tests) {
    if (blank_between_tests && rows.size() > 2) rows.emplace_back();
    bool first = true;
    for (const ComparedState& state : test.states) {
      std::vector<std::string> row{first ? test.test : "", state.state};
      for (const auto& cell : state.cells) row.push_back(cell_text(state, cell));
      rows.push_back(std::move(row));
      first = false;
    }
    std::vector<std::string> condition{first ? test.test : "", test.condition};
    for (const auto& rate : test.condition_rates) condition.push_back(interval_text(rate));
    rows.push_back(std::move(condition));
  }
  return rows;
}

// The legend, the red flags and the notes; `escape` makes a line safe for the form.
void footer(std::ostream& out, const Comparison& comparison, const std::string& bullet,
            std::string (*escape)(const std::string&)) {
  out << "\n" << escape(comparison_legend()) << "\n";
  const std::vector<RedFlag> flags = red_flag_cells(comparison);
  out << "\nRed flags: " << flags.size() << "\n";
  for (std::size_t i = 0; i < flags.size() && i < kListedRedFlags; ++i)
    out << bullet << escape(red_flag_text(comparison, flags[i])) << "\n";
  if (flags.size() > kListedRedFlags)
    out << bullet << "... and " << flags.size() - kListedRedFlags << " more (see --json)\n";
  for (const ComparedTest& test : comparison.tests)
    for (const std::string& note : test.notes)
      out << bullet << "Note: " << escape(test.test + ": " + note) << "\n";
}

std::string as_is(const std::string& text) { return text; }

std::string summary_line(const Comparison& comparison) {
  return std::to_string(comparison.columns.size()) + " results file" +
         (comparison.columns.size() == 1 ? "" : "s") + ", " +
         std::to_string(comparison.tests.size()) + " test" +
         (comparison.tests.size() == 1 ? "" : "s") + ", " +
         std::to_string(comparison.red_flag_count()) + " red flag" +
         (comparison.red_flag_count() == 1 ? "" : "s");
}

// Markdown treats these as markup inside a table cell.
std::string markdown_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|' || c == '*' || c == '\\' || c == '_' || c == '<' || c == '`') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string comparison_text(const Comparison& comparison) {
  const Rows rows = table_rows(comparison, true);
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::ostringstream out;
  out << "Comparison of " << summary_line(comparison) << "\n\nFiles\n";
  std::size_t name_width = 0;
  for (const ComparisonColumn& column : comparison.columns)
    name_width = std::max(name_width, column.name.size());
  for (const ComparisonColumn& column : comparison.columns)
    out << "  " << column.name << std::string(name_width - column.name.size() + 2, ' ')
        << host_label(column.host) << "; " << column_details(column) << "; "
        << column.source.string() << "\n";
  out << "\n";
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 3, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
  footer(out, comparison, "  ", as_is);
  return out.str();
}

std::string comparison_markdown(const Comparison& comparison) {
  std::ostringstream out;
  out << "# Comparison of " << summary_line(comparison) << "\n\n";
  for (const ComparisonColumn& column : comparison.columns)
    out << "- **" << markdown_escape(column.name)
        << "**: " << markdown_escape(host_label(column.host)) << "; "
        << markdown_escape(column_details(column)) << "; `" << column.source.string() << "`\n";
  out << "\n";
  const Rows rows = table_rows(comparison, false);
  out << "| test | state |";
  for (std::size_t c = 2; c < rows[0].size(); ++c)
    out << " " << markdown_escape(rows[0][c]) << "<br>" << markdown_escape(rows[1][c]) << " |";
  out << "\n|---|---|";
  for (std::size_t c = 2; c < rows[0].size(); ++c) out << "---:|";
  out << "\n";
  // Each test's rows follow its states, then its condition row; red flags in bold.
  std::size_t row_index = 2;
  for (const ComparedTest& test : comparison.tests) {
    for (std::size_t s = 0; s <= test.states.size(); ++s, ++row_index) {
      const auto& row = rows[row_index];
      const bool condition_row = s == test.states.size();
      out << "| " << markdown_escape(row[0]) << " | "
          << (condition_row ? "*" + markdown_escape(row[1]) + "*" : markdown_escape(row[1]))
          << " |";
      for (std::size_t c = 2; c < row.size(); ++c) {
        const bool red =
            !condition_row && test.states[s].cells[c - 2] && test.states[s].cells[c - 2]->red_flag;
        out << " " << (red ? "**" + markdown_escape(row[c]) + "**" : markdown_escape(row[c]))
            << " |";
      }
      out << "\n";
    }
  }
  footer(out, comparison, "- ", markdown_escape);
  return out.str();
}

}  // namespace litmuslab::report
