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
}  // namespace

ResultsFile::ResultsFile(std::filesystem::path target) : target_(std::move(target)) {
  if (target_.empty()) throw ResultsFileError("empty output path");
  std::error_code ec;
  if (std::filesystem::is_directory(target_, ec))
    throw ResultsFileError(target_.string() + ": is a directory");
  std::filesystem::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  std::string pattern = (folder / ("." + target_.filename().string() + ".XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = mkstemp(name.data());
  if (fd_ < 0)
    throw ResultsFileError(target_.string() + ": cannot create a file in " + folder.string() +
                           ": " + describe_errno(errno));
  temporary_ = name.data();
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
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t written = write(fd_, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno) +
                             " (the previous file, if any, is untouched)");
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (fsync(fd_) != 0)
    throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno) +
                           " (the previous file, if any, is untouched)");
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0)
    throw ResultsFileError(target_.string() + ": write failed: " + describe_errno(errno));
  if (std::rename(temporary_.c_str(), target_.c_str()) != 0)
    throw ResultsFileError(target_.string() + ": cannot rename into place: " +
                           describe_errno(errno));
  committed_ = true;
}

}  // namespace litmuslab::report
