#include "svg_writer.hpp"

#include <cstdio>

namespace litmuslab::report {
namespace {

// One decimal is finer than a pixel and keeps large charts small.
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string out = text;
  if (out.size() > 2 && out.ends_with(".0")) out.resize(out.size() - 2);
  return out == "-0" ? "0" : out;
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title) {
  out_ = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"" +
         attribute("width", number(width)) + attribute("height", number(height)) +
         attribute("viewBox", "0 0 " + number(width) + " " + number(height)) +
         " font-family=\"sans-serif\"><title>" + xml_escape(title) + "</title>\n";
}

void SvgWriter::close_shape(std::string_view element, std::string_view tooltip) {
  if (tooltip.empty())
    out_ += "/>\n";
  else
    out_ += "><title>" + xml_escape(tooltip) + "</title></" + std::string(element) + ">\n";
}

void SvgWriter::rect(double x, double y, double width, double height, std::string_view fill,
                     std::string_view tooltip, std::string_view stroke, double stroke_width) {
  out_ += "<rect" + attribute("x", number(x)) + attribute("y", number(y)) +
          attribute("width", number(width)) + attribute("height", number(height)) +
          attribute("fill", fill);
  if (!stroke.empty())
    out_ += attribute("stroke", stroke) + attribute("stroke-width", number(stroke_width));
  close_shape("rect", tooltip);
}

void SvgWriter::line(double x1, double y1, double x2, double y2, std::string_view stroke,
                     double stroke_width) {
  out_ += "<line" + attribute("x1", number(x1)) + attribute("y1", number(y1)) +
          attribute("x2", number(x2)) + attribute("y2", number(y2)) + attribute("stroke", stroke) +
          attribute("stroke-width", number(stroke_width)) + "/>\n";
}

void SvgWriter::circle(double cx, double cy, double r, std::string_view fill,
                       std::string_view tooltip, std::string_view stroke, double stroke_width) {
  out_ += "<circle" + attribute("cx", number(cx)) + attribute("cy", number(cy)) +
          attribute("r", number(r)) + attribute("fill", fill);
  if (!stroke.empty())
    out_ += attribute("stroke", stroke) + attribute("stroke-width", number(stroke_width));
  close_shape("circle", tooltip);
}

void SvgWriter::text(double x, double y, std::string_view content, const TextStyle& style) {
  out_ += "<text" + attribute("x", number(x)) + attribute("y", number(y)) +
          attribute("font-size", number(style.size)) + attribute("text-anchor", style.anchor) +
          attribute("fill", style.fill);
  if (style.bold) out_ += attribute("font-weight", "bold");
  if (style.rotate != 0)
    out_ += attribute("transform",
                      "rotate(" + number(style.rotate) + " " + number(x) + " " + number(y) + ")");
  out_ += ">" + xml_escape(content) + "</text>\n";
}

std::string SvgWriter::finish() {
  out_ += "</svg>\n";
  return std::move(out_);
}

}  // namespace litmuslab::report
