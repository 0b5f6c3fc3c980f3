// Writing a results file (or a table, a page, a chart) as the shell's `>`
// would, but never half of one: the path is checked before the work starts,
// the text goes to a temporary file beside the target, and only the whole
// text is renamed over it.
//
// The promises (README, "Reliability"):
// - the input is never the output: a target that is one of the command's
//   input files, through any link, is refused;
// - a link is followed as the shell follows it: a chain of links ends at the
//   file written, a dangling link creates the file it names and stays a
//   link, a loop fails with ELOOP;
// - an existing file keeps its mode (and its owner and group, where the
//   process may set them); a new file gets 0666 minus the umask;
// - a failed write leaves the old file byte for byte, and no temporary file.
// A device is written in place; a FIFO is opened when the text is ready,
// waiting a bounded time for a reader.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace litmuslab::report {

class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How long commit() waits for a reader to open a FIFO target.
inline constexpr std::chrono::milliseconds kFifoReaderTimeout{10'000};

struct OutputOptions {
  // Files the command reads: refused as the target (same device and inode).
  std::vector<std::filesystem::path> inputs;
  std::chrono::milliseconds reader_timeout = kFifoReaderTimeout;
};

class ResultsFile {
 public:
  // Checks `target` and opens it: a temporary file beside the file it names
  // (created 0666 minus the umask), a device in place, a FIFO later. Throws
  // ResultsFileError with the path and the reason (ELOOP's message for a
  // link loop, "is also an input" for one of options.inputs).
  explicit ResultsFile(std::filesystem::path target, OutputOptions options = {});
  ~ResultsFile();  // removes the temporary file if commit() never succeeded
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // Throws ResultsFileError when the target is one of `inputs`: for inputs
  // found after the target was opened (the files under a folder).
  void refuse_inputs(const std::vector<std::filesystem::path>& inputs) const;

  // Writes the whole text, flushes it to disk and renames it over the
  // target, which takes the existing file's mode. A FIFO is opened now,
  // waiting up to the reader timeout, or until `stop` (polled) returns true.
  // Throws ResultsFileError, leaving any earlier target untouched.
  void commit(std::string_view text, const std::function<bool()>& stop = {});

  const std::filesystem::path& target() const { return target_; }
  // The temporary file commit() renames, or empty (a device, a FIFO, after
  // commit). A signal handler may remove it.
  const std::filesystem::path& temporary() const { return temporary_; }
  // Whether two outputs name the same file (links followed).
  bool same_target(const ResultsFile& other) const;
  // True when the target is a FIFO: commit() waits for its reader.
  bool waits_for_reader() const { return fifo_; }

 private:
  void open_fifo(const std::function<bool()>& stop);

  std::filesystem::path target_;
  OutputOptions options_;
  std::filesystem::path final_;      // the file the target names, links followed
  std::filesystem::path temporary_;  // empty when writing in place
  int fd_ = -1;
  bool fifo_ = false;
  bool committed_ = false;
};

}  // namespace litmuslab::report
