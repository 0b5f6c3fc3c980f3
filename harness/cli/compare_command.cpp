#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "interrupt.hpp"
#include "litmuslab/comparison.hpp"
#include "litmuslab/comparison_page.hpp"
#include "litmuslab/results_file.hpp"

namespace po = boost::program_options;

namespace litmuslab::cli {
namespace {

// "-" writes to stdout; anything else is opened now, so a bad path fails
// before any reading, and is written whole or not at all.
std::unique_ptr<report::ResultsFile> open_output(InterruptGuard& interrupt,
                                                 const std::optional<std::string>& path) {
  if (!path || *path == "-") return nullptr;
  try {
    return interrupt.open_output(*path);
  } catch (const report::ResultsFileError& error) {
    throw UsageError(error.what());
  }
}

void write_output(InterruptGuard& interrupt, report::ResultsFile* file, const std::string& text) {
  if (!file) {
    std::cout << text;
    return;
  }
  try {
    interrupt.commit(*file, text);
  } catch (const report::ResultsFileError& error) {
    throw OutputError(error.what());
  }
  std::cerr << "litmuslab compare: wrote " << file->target().string() << "\n";
}

std::optional<std::string> optional_value(const po::variables_map& values, const char* name) {
  if (!values.count(name)) return std::nullopt;
  return values[name].as<std::string>();
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description options("compare options");
  options.add_options()("input", po::value<std::vector<std::string>>(),
                        "results files, or folders searched for them")(
      "tests", po::value<std::string>(), "compare only the tests this glob matches (SB+*)")(
      "json", "print the comparison as JSON (schema litmuslab-comparison/1)")(
      "markdown", "print the table as GitHub markdown")(
      "output,o", po::value<std::string>(), "write the table to PATH instead of stdout")(
      "html", po::value<std::string>(),
      "also write the report page, one self-contained HTML file, to PATH")(
      "plots", po::value<std::string>(),
      "embed the charts (PNG, SVG) in this folder in the page, e.g. what "
      "'python -m litmuslab plot' drew");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map values;
  if (!parse_command_line("compare",
                          "FILE|DIR... [--tests GLOB] [--json|--markdown] [-o PATH] "
                          "[--html PATH [--plots DIR]]",
                          options, positional, args, values, std::cout)) {
    std::cout
        << "One row per test and state, one column per results file: each cell holds the\n"
           "count and rate, '*' where the state satisfies the condition, '!MODEL' where a\n"
           "model forbids it; each test's condition row gives its rate and 95% interval.\n"
           "A file without a test shows 'missing' there. compare exits 1 when some file\n"
           "holds a red flag (a state its host's architecture model forbids was observed).\n\n"
        << frontend::exit_status_help();
    return kExitOk;
  }
  if (!values.count("input")) throw UsageError("name results files or folders to compare");
  if (values.count("json") && values.count("markdown"))
    throw UsageError("give --json or --markdown, not both");
  if (values.count("plots") && !values.count("html"))
    throw UsageError("--plots embeds charts in the page: give --html PATH too");
  // Ctrl-C stops at once; the outputs' temporary files go with it.
  InterruptGuard interrupt(InterruptGuard::FirstSignal::exit_at_once);
  const std::unique_ptr<report::ResultsFile> table_file =
      open_output(interrupt, optional_value(values, "output"));
  const std::optional<std::string> html = optional_value(values, "html");
  const std::unique_ptr<report::ResultsFile> page_file = open_output(interrupt, html);
  if (table_file && page_file && table_file->same_target(*page_file))
    throw UsageError("--output and --html name the same file, " + *html +
                     "; the page would overwrite the table");

  std::vector<std::filesystem::path> inputs;
  for (const std::string& input : values["input"].as<std::vector<std::string>>())
    inputs.emplace_back(input);
  const std::string glob = optional_value(values, "tests").value_or("");
  report::Comparison comparison;
  std::string page;
  try {
    std::vector<report::ResultsSource> sources = report::read_results_sources(inputs);
    // The files under the folders are known now: none may be an output.
    std::vector<std::filesystem::path> read;
    for (const report::ResultsSource& source : sources) read.push_back(source.path);
    for (const report::ResultsFile* file : {table_file.get(), page_file.get()})
      if (file) file->refuse_inputs(read);
    comparison = report::compare_results(std::move(sources), glob);
    if (comparison.tests.empty())
      throw UsageError(glob.empty() ? "the results files hold no test runs"
                                    : "--tests '" + glob + "' matches no test in the files");
    if (html)
      page = report::comparison_page(
          comparison, {*html == "-" ? std::filesystem::path() : std::filesystem::path(*html),
                       optional_value(values, "plots").value_or("")});
  } catch (const report::ResultsFormatError& error) {
    throw UsageError(error.what());
  } catch (const report::ResultsInputError& error) {
    throw UsageError(error.what());
  } catch (const report::ResultsFileError& error) {  // an output that is also an input
    throw UsageError(error.what());
  }

  const std::string table = values.count("json")       ? report::comparison_json(comparison)
                            : values.count("markdown") ? report::comparison_markdown(comparison)
                                                       : report::comparison_text(comparison);
  // With the page on stdout, the table goes only where --output says.
  if (!(html && *html == "-" && !table_file)) write_output(interrupt, table_file.get(), table);
  if (html) write_output(interrupt, page_file.get(), page);

  if (const std::size_t flags = comparison.red_flag_count(); flags > 0) {
    std::cerr << "litmuslab compare: RED FLAG: " << flags
              << (flags == 1 ? " state was" : " states were")
              << " observed that the host's own architecture model forbids\n";
    bool all_emulated = true;
    for (const report::ComparedTest& test : comparison.tests)
      for (const report::ComparedState& state : test.states)
        for (std::size_t c = 0; c < state.cells.size(); ++c)
          if (state.cells[c] && state.cells[c]->red_flag)
            all_emulated = all_emulated && comparison.columns[c].host.emulated;
    if (all_emulated)
      std::cerr << "litmuslab compare: every one comes from an emulated CPU, so they point at "
                   "the emulator's memory ordering, not at the hardware\n";
    return kExitForbiddenObserved;
  }
  return kExitOk;
}

}  // namespace litmuslab::cli
