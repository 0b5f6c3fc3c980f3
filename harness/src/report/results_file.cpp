#include "litmuslab/results_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace litmuslab::report {
namespace {
std::string describe_errno(int error) { return std::strerror(error); }

// A device, FIFO or socket (/dev/stdout, /dev/null, a named pipe) is written
// in place: renaming a file over it would replace the node, not write to it.
bool is_special_file(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);  // follows symlinks
  return !ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status) &&
         !std::filesystem::is_directory(status);
}
}  // namespace

ResultsFile::ResultsFile(std::filesystem::path target) : target_(std::move(target)) {
  if (target_.empty()) throw ResultsFileError("empty output path");
  std::error_code ec;
  if (std::filesystem::is_directory(target_, ec))
    throw ResultsFileError(target_.string() + ": is a directory");
  if (is_special_file(target_)) {
    fd_ = open(target_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0)
      throw ResultsFileError(target_.string() +
                             ": cannot open for writing: " + describe_errno(errno));
    return;
  }
  // Through a symlink, replace the file it names rather than the link itself.
  std::filesystem::path final_path = target_;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(target_, ec)) &&
      std::filesystem::exists(target_, ec))
    final_path = std::filesystem::canonical(target_, ec);
  if (ec) final_path = target_;
  std::filesystem::path folder = final_path.parent_path();
  if (folder.empty()) folder = ".";
  std::string pattern = (folder / ("." + final_path.filename().string() + ".XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0)
    throw ResultsFileError(target_.string() + ": cannot create a file in " + folder.string() +
                           ": " + describe_errno(errno));
  temporary_ = name.data();
  rename_to_ = final_path;
  // mkstemp makes 0600; results are ordinary files.
  fchmod(fd_, 0644);
}

ResultsFile::~ResultsFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_ && !temporary_.empty()) {
    std::error_code ec;
    std::filesystem::remove(temporary_, ec);
  }
}

void ResultsFile::commit(std::string_view text) {
  const bool in_place = temporary_.empty();
  const std::string untouched = in_place ? "" : " (the previous file, if any, is untouched)";
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno) +
                             untouched);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  // Pipes and terminals cannot be synced; a file must be on disk before the rename.
  if (!in_place && fsync(fd_) != 0)
    throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno) +
                           untouched);
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0)
    throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno) +
                           untouched);
  if (!in_place && std::rename(temporary_.c_str(), rename_to_.c_str()) != 0)
    throw ResultsFileError(target_.string() +
                           ": cannot rename into place: " + describe_errno(errno) + untouched);
  committed_ = true;
}

}  // namespace litmuslab::report
