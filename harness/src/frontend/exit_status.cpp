// The exit-status table and the sorting of failures into it.
#include "litmuslab/exit_status.hpp"

#include <new>
#include <stdexcept>
#include <system_error>

#include "litmuslab/comparison.hpp"
#include "litmuslab/frontend.hpp"
#include "litmuslab/model.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/results_file.hpp"

namespace litmuslab::frontend {

const std::vector<ExitStatusInfo>& exit_statuses() {
  static const std::vector<ExitStatusInfo> table = {
      {ExitStatus::ok, "ok", "ok"},
      {ExitStatus::red_flag, "red-flag", "a state forbidden on this host was observed"},
      {ExitStatus::bad_input, "bad-input",
       "bad input or usage (the message says what and where; in a run of several files, one did "
       "not parse or compile and the others ran)"},
      {ExitStatus::output_failed, "output-failed",
       "a results file, page or standard output could not be written (an earlier file at the "
       "path is untouched)"},
      {ExitStatus::limit_reached, "limit-reached",
       "a resource limit was reached (out of memory, no more threads, a model's limit)"},
      {ExitStatus::internal_error, "internal-error", "an internal error (a bug in litmuslab)"},
  };
  return table;
}

std::string exit_status_help() {
  std::string text = "Exit status:";
  for (const ExitStatusInfo& info : exit_statuses())
    text += " " + std::to_string(code(info.status)) + " " + std::string(info.meaning) + ",";
  text += " " + std::to_string(kSignalExitBase) +
          "+N stopped by signal N (SIGINT 130, SIGTERM 143; a run keeps the counts so far, "
          "marked interrupted; a second signal stops at once).";
  // Wrapped at 88 columns, as the rest of --help.
  std::string wrapped;
  std::size_t line_start = 0;
  std::size_t last_space = std::string::npos;
  for (char c : text) {
    if (c == ' ') last_space = wrapped.size();
    wrapped += c;
    if (wrapped.size() - line_start > 88 && last_space != std::string::npos &&
        last_space > line_start) {
      wrapped[last_space] = '\n';
      line_start = last_space + 1;
      last_space = std::string::npos;
    }
  }
  return wrapped + "\n";
}

Failure classify(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::bad_alloc&) {
    return {ExitStatus::limit_reached, "out of memory"};
  } catch (const std::length_error& e) {  // a size past what a container can hold
    return {ExitStatus::limit_reached, std::string("out of memory: ") + e.what()};
  } catch (const ResourceLimit& e) {
    return {ExitStatus::limit_reached, e.what()};
  } catch (const model::LimitReached& e) {  // a model's --max-seconds, or a test past its bounds
    return {ExitStatus::limit_reached, e.what()};
  } catch (const std::system_error& e) {
    const std::error_code code = e.code();
    for (std::errc limit :
         {std::errc::not_enough_memory, std::errc::resource_unavailable_try_again,
          std::errc::too_many_files_open, std::errc::too_many_files_open_in_system})
      if (code == limit) return {ExitStatus::limit_reached, e.what()};
    return {ExitStatus::internal_error, std::string("internal error: ") + e.what()};
  } catch (const format::ParseFailure& e) {
    return {ExitStatus::bad_input, e.error().to_string()};
  } catch (const SelectionError& e) {
    return {ExitStatus::bad_input, e.what()};
  } catch (const UnsupportedHost& e) {
    return {ExitStatus::bad_input, e.what()};
  } catch (const std::invalid_argument& e) {  // every option, knob and model-name check
    return {ExitStatus::bad_input, e.what()};
  } catch (const report::ResultsFormatError& e) {
    return {ExitStatus::bad_input, e.what()};
  } catch (const report::ResultsInputError& e) {
    return {ExitStatus::bad_input, e.what()};
  } catch (const report::ResultsFileError& e) {
    return {ExitStatus::output_failed, e.what()};
  } catch (const std::exception& e) {
    return {ExitStatus::internal_error, std::string("internal error: ") + e.what()};
  } catch (...) {
    return {ExitStatus::internal_error, "internal error: an exception of unknown type"};
  }
}

}  // namespace litmuslab::frontend
