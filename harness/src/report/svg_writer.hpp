// A small SVG writer for the report page's charts: rectangles, lines,
// circles and text in user units, with every attribute and text escaped, so
// a test name or a CPU model can never break the markup.
#pragma once

#include <string>
#include <string_view>

namespace litmuslab::report {

// Escapes &, <, >, " and ' for XML text and attribute values.
std::string xml_escape(std::string_view text);

struct TextStyle {
  double size = 11;
  std::string_view anchor = "start";  // start, middle, end
  double rotate = 0;                  // degrees, about the text's anchor point
  bool bold = false;
  std::string_view fill = "#222";
};

class SvgWriter {
 public:
  // Opens <svg> with a viewBox of width x height and an accessible title.
  SvgWriter(double width, double height, std::string_view title);

  // `tooltip`, when given, becomes a <title> child that browsers show on hover.
  void rect(double x, double y, double width, double height, std::string_view fill,
            std::string_view tooltip = {}, std::string_view stroke = {}, double stroke_width = 1);
  void line(double x1, double y1, double x2, double y2, std::string_view stroke,
            double stroke_width = 1);
  void circle(double cx, double cy, double r, std::string_view fill, std::string_view tooltip = {},
              std::string_view stroke = {}, double stroke_width = 1);
  void text(double x, double y, std::string_view content, const TextStyle& style = {});

  // Closes the document and returns it; the writer is then empty.
  std::string finish();

 private:
  void close_shape(std::string_view element, std::string_view tooltip);
  std::string out_;
};

}  // namespace litmuslab::report
