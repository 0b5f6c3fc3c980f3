#include "comparison_charts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "comparison_cells.hpp"
#include "svg_writer.hpp"

namespace litmuslab::report {
namespace {

// Rates below 10^-7 are drawn at the scale's bottom; 0 has its own colour and row.
constexpr double kLowestDecade = -7;
constexpr double kCharWidth = 6.6;  // px per character at font size 11, for margins
constexpr std::string_view kRed = "#d62728";
constexpr std::string_view kNeverColour = "#d9d9d9";

// 0..1 along viridis, by its five stops.
std::string viridis(double t) {
  static constexpr std::array<std::array<double, 3>, 5> stops{
      {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}}};
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  const double f = t - static_cast<double>(i);
  char colour[8];
  std::snprintf(colour, sizeof colour, "#%02x%02x%02x",
                static_cast<int>(std::lround(stops[i][0] + f * (stops[i + 1][0] - stops[i][0]))),
                static_cast<int>(std::lround(stops[i][1] + f * (stops[i + 1][1] - stops[i][1]))),
                static_cast<int>(std::lround(stops[i][2] + f * (stops[i + 1][2] - stops[i][2]))));
  return colour;
}

double log_position(double rate) {
  return std::clamp((std::log10(rate) - kLowestDecade) / -kLowestDecade, 0.0, 1.0);
}

std::string decade_label(int decade) { return decade == 0 ? "1" : "1e" + std::to_string(decade); }

// Matplotlib's tab10, so the page's dots look like its PNG charts.
std::string_view series_colour(std::size_t column) {
  static constexpr std::array<std::string_view, 10> colours{
      "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79"};
  return colours[column % colours.size()];
}

bool column_red_flag(const ComparedTest& test, std::size_t column) {
  for (const ComparedState& state : test.states)
    if (state.cells[column] && state.cells[column]->red_flag) return true;
  return false;
}

std::size_t longest_test_name(const std::vector<const ComparedTest*>& tests) {
  std::size_t longest = 4;
  for (const ComparedTest* test : tests) longest = std::max(longest, test->test.size());
  return longest;
}

// Column names are drawn only while they fit; past that the caption says so.
constexpr std::size_t kMostLabelledColumns = 60;

}  // namespace

std::string condition_rate_heatmap(const Comparison& comparison) {
  const std::vector<const ComparedTest*> tests = red_flags_first(comparison);
  const std::size_t columns = comparison.columns.size();
  const bool labelled = columns <= kMostLabelledColumns;
  std::size_t longest_column = 4;
  for (const ComparisonColumn& column : comparison.columns)
    longest_column = std::max(longest_column, column.name.size());
  const double cell_w = std::clamp(720.0 / std::max<std::size_t>(columns, 1), 2.0, 48.0);
  const double cell_h = 18;
  const double left = 16 + kCharWidth * longest_test_name(tests);
  const double top =
      labelled ? 24 + kCharWidth * 0.82 * std::min<std::size_t>(longest_column, 40) : 40;
  const double grid_w = cell_w * columns;
  const double width = left + grid_w + 150;
  const double height = std::max(top + cell_h * tests.size() + 30, top + 230);
  SvgWriter svg(width, height, "Condition rate per test and results file");

  if (labelled) {
    for (std::size_t c = 0; c < columns; ++c)
      svg.text(left + cell_w * (c + 0.5), top - 6, comparison.columns[c].name,
               {.size = 10, .anchor = "start", .rotate = -55});
  } else {
    svg.text(left, top - 14, std::to_string(columns) + " results files, in the order given", {});
  }
  for (std::size_t t = 0; t < tests.size(); ++t) {
    const ComparedTest& test = *tests[t];
    const double y = top + cell_h * t;
    svg.text(left - 6, y + cell_h * 0.7, test.test,
             {.anchor = "end", .bold = test.red_flag, .fill = test.red_flag ? kRed : "#222"});
    for (std::size_t c = 0; c < columns; ++c) {
      const double x = left + cell_w * c;
      const auto& rate = test.condition_rates[c];
      const std::string where = comparison.columns[c].name + ": " + test.test + ": ";
      if (!rate) {
        svg.rect(x, y, cell_w, cell_h, "#ffffff", where + "missing", "#cccccc", 0.5);
        continue;
      }
      const bool red = column_red_flag(test, c);
      const std::string tooltip =
          where + "condition rate " + interval_text(rate) + (red ? "; RED FLAG" : "");
      svg.rect(
          x, y, cell_w, cell_h,
          rate->estimate > 0 ? viridis(log_position(rate->estimate)) : std::string(kNeverColour),
          tooltip, red ? kRed : "#ffffff", red ? 2 : (cell_w >= 6 ? 0.5 : 0));
    }
  }
  // The legend: a colour bar by decades, then the special cells.
  const double legend_x = left + grid_w + 24;
  const double bar_h = 140;
  for (int i = 0; i < 28; ++i) {
    const double t = 1 - (i + 0.5) / 28;
    svg.rect(legend_x, top + bar_h * i / 28, 14, bar_h / 28 + 0.5, viridis(t));
  }
  for (int decade = 0; decade >= static_cast<int>(kLowestDecade); decade -= 1) {
    const double y = top + bar_h * (decade / kLowestDecade);
    svg.line(legend_x + 14, y, legend_x + 18, y, "#222");
    if (decade % 2 == 0 || decade == static_cast<int>(kLowestDecade))
      svg.text(legend_x + 21, y + 4, decade_label(decade), {.size = 10});
  }
  svg.text(legend_x, top - 8, "rate", {.size = 10, .bold = true});
  const double key_y = top + bar_h + 16;
  svg.rect(legend_x, key_y, 14, 12, std::string(kNeverColour));
  svg.text(legend_x + 20, key_y + 10, "0 (never held)", {.size = 10});
  svg.rect(legend_x, key_y + 18, 14, 12, "#ffffff", {}, "#cccccc", 0.5);
  svg.text(legend_x + 20, key_y + 28, "missing", {.size = 10});
  svg.rect(legend_x, key_y + 36, 14, 12, viridis(0.5), {}, kRed, 2);
  svg.text(legend_x + 20, key_y + 46, "red flag", {.size = 10});
  return svg.finish();
}

std::string condition_rate_strips(const Comparison& comparison) {
  const std::vector<const ComparedTest*> tests = red_flags_first(comparison);
  const std::size_t columns = comparison.columns.size();
  const bool legend = columns <= 12;
  const double band = std::clamp(900.0 / std::max<std::size_t>(tests.size(), 1), 24.0, 64.0);
  const double left = 50;
  const double top = 20;
  const double plot_h = 280;
  const double zero_y = top + plot_h + 16;  // never-held rates sit on their own line
  const double bottom = zero_y + 12 + kCharWidth * 0.75 * longest_test_name(tests);
  const double plot_w = band * tests.size();
  std::size_t longest_column = 0;
  for (const ComparisonColumn& column : comparison.columns)
    longest_column = std::max(longest_column, column.name.size() + (column.host.emulated ? 11 : 0));
  const double width = left + plot_w + (legend ? 40 + kCharWidth * longest_column : 20);
  const double height = bottom + (legend ? 0 : 20);
  SvgWriter svg(width, std::max(height, top + 18.0 * columns + 20),
                "Condition rate per test, with 95% intervals");

  auto y_of = [&](double rate) {
    return rate > 0 ? top + plot_h * (1 - log_position(rate)) : zero_y;
  };
  for (int decade = 0; decade >= static_cast<int>(kLowestDecade); --decade) {
    const double y = top + plot_h * (decade / kLowestDecade);
    svg.line(left, y, left + plot_w, y, "#e6e6e6");
    svg.text(left - 6, y + 4, decade_label(decade), {.size = 10, .anchor = "end"});
  }
  svg.line(left, zero_y, left + plot_w, zero_y, "#e6e6e6");
  svg.text(left - 6, zero_y + 4, "0", {.size = 10, .anchor = "end"});
  svg.line(left, top, left, zero_y, "#222");
  for (std::size_t t = 0; t < tests.size(); ++t) {
    const ComparedTest& test = *tests[t];
    const double x0 = left + band * t;
    if (t % 2 == 1) svg.rect(x0, top, band, zero_y - top, "#f7f7f7");
    svg.text(x0 + band / 2, zero_y + 14, test.test,
             {.size = 10,
              .anchor = "end",
              .rotate = -45,
              .bold = test.red_flag,
              .fill = test.red_flag ? kRed : "#222"});
    for (std::size_t c = 0; c < columns; ++c) {
      const auto& rate = test.condition_rates[c];
      if (!rate) continue;
      const double x = x0 + band * (0.15 + 0.7 * (c + 0.5) / columns);
      const std::string_view colour = series_colour(c);
      // A rate of 0 has only its upper bound (in the tooltip): a bar from the
      // zero line per test would drown the rates that were seen.
      if (rate->estimate > 0) svg.line(x, y_of(rate->low), x, y_of(rate->high), colour, 1.5);
      const bool red = column_red_flag(test, c);
      const bool emulated = comparison.columns[c].host.emulated;
      svg.circle(x, y_of(rate->estimate), columns > 100 ? 1.5 : 3.5, emulated ? "#ffffff" : colour,
                 comparison.columns[c].name + ": " + test.test + ": " + interval_text(rate) +
                     (red ? "; RED FLAG" : ""),
                 red ? kRed : colour, red ? 2 : 1.2);
    }
  }
  if (legend) {
    const double x = left + plot_w + 20;
    for (std::size_t c = 0; c < columns; ++c) {
      const double y = top + 18.0 * c;
      const bool emulated = comparison.columns[c].host.emulated;
      svg.circle(x + 5, y + 6, 4, emulated ? "#ffffff" : series_colour(c), {}, series_colour(c),
                 1.2);
      svg.text(x + 14, y + 10, comparison.columns[c].name + (emulated ? " (emulated)" : ""),
               {.size = 10});
    }
  }
  return svg.finish();
}

}  // namespace litmuslab::report
