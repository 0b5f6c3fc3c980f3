// Writing a results file without ever leaving half of one: the temporary
// file is opened before the run (so a bad path fails at once) and renamed
// over the target only when the whole document is written.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace litmuslab::report {

class ResultsFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ResultsFile {
 public:
  // Opens a temporary file beside `target` (beside the file a symlink names).
  // A device or FIFO target (/dev/stdout) is opened and written in place.
  // Throws ResultsFileError.
  explicit ResultsFile(std::filesystem::path target);
  ~ResultsFile();  // removes the temporary file if commit() never succeeded
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;

  // Writes, flushes to disk and renames over the target. Throws
  // ResultsFileError, leaving any earlier target untouched.
  void commit(std::string_view text);

  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;  // empty when writing a device or FIFO in place
  std::filesystem::path rename_to_;  // the target, with a symlink resolved
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace litmuslab::report
