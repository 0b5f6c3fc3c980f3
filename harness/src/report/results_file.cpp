#include "litmuslab/results_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

namespace litmuslab::report {
namespace {

std::string describe_errno(int error) { return std::strerror(error); }

// Linux's MAXSYMLINKS: open(2) gives ELOOP past this many links in a row.
constexpr int kMaxLinks = 40;

// The file `target` names, following symbolic links as open(2) does, so a
// dangling link leads to the file to create. A path into /proc (/dev/stdout
// leads to /proc/self/fd/1) is left for open(2), whose magic links name open
// files rather than paths.
std::filesystem::path follow_links(const std::filesystem::path& target) {
  std::filesystem::path current = target;
  for (int links = 0;; ++links) {
    if (current.string().starts_with("/proc/")) return current;
    struct stat info {};
    if (lstat(current.c_str(), &info) != 0 || !S_ISLNK(info.st_mode)) return current;
    if (links == kMaxLinks)
      throw ResultsFileError(target.string() +
                             ": cannot open for writing: " + describe_errno(ELOOP));
    std::string link(static_cast<std::size_t>(info.st_size) + 1, '\0');
    ssize_t length = 0;
    while ((length = readlink(current.c_str(), link.data(), link.size())) >=
           static_cast<ssize_t>(link.size()))
      link.resize(link.size() * 2);  // the link changed since lstat
    if (length < 0) return current;  // let open(2) say why
    link.resize(static_cast<std::size_t>(length));
    const std::filesystem::path next(link);
    current = next.is_absolute() ? next : current.parent_path() / next;
  }
}

// A name no other file has yet: `.NAME.XXXXXX` beside the target, opened as
// open(2) with 0666 creates a file, so the umask applies as for any new file.
int create_temporary(const std::filesystem::path& folder, const std::string& name,
                     std::filesystem::path& created) {
  static constexpr char kLetters[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::random_device seed;
  std::mt19937 random(seed());
  std::uniform_int_distribution<int> pick(0, sizeof kLetters - 2);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string suffix(6, 'X');
    for (char& c : suffix) c = kLetters[pick(random)];
    const std::filesystem::path candidate = folder / ("." + name + "." + suffix);
    const int fd = open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      created = candidate;
      return fd;
    }
    if (errno != EEXIST) return -1;
  }
  errno = EEXIST;
  return -1;
}

// SIGPIPE held back while writing to a pipe, so a reader that went away is
// EPIPE, reported like any other write error, instead of killing the process.
class HeldSigpipe {
 public:
  HeldSigpipe() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_only, &old_);
  }
  ~HeldSigpipe() {
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    if (!sigismember(&old_, SIGPIPE) && sigismember(&pending, SIGPIPE)) {
      const timespec now{0, 0};
      sigtimedwait(&pipe_only, nullptr, &now);  // ours: the EPIPE already says it
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  HeldSigpipe(const HeldSigpipe&) = delete;
  HeldSigpipe& operator=(const HeldSigpipe&) = delete;

 private:
  sigset_t old_{};
};

bool same_file(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

}  // namespace

ResultsFile::ResultsFile(std::filesystem::path target, OutputOptions options)
    : target_(std::move(target)), options_(std::move(options)) {
  const std::string name = target_.string();
  if (target_.empty()) throw ResultsFileError("empty output path");
  final_ = follow_links(target_);
  struct stat info {};
  if (stat(final_.c_str(), &info) != 0) {
    if (errno != ENOENT)
      throw ResultsFileError(name + ": cannot open for writing: " + describe_errno(errno));
    if (!final_.has_filename()) throw ResultsFileError(name + ": is a directory");
    // A new file: created below, in a folder that must exist.
  } else if (S_ISDIR(info.st_mode)) {
    throw ResultsFileError(name + ": is a directory");
  } else if (S_ISFIFO(info.st_mode)) {
    // Opening blocks until a reader comes: commit() does it, with a timeout.
    if (access(final_.c_str(), W_OK) != 0)
      throw ResultsFileError(name + ": cannot open for writing: " + describe_errno(errno));
    fifo_ = true;
    return;
  } else if (!S_ISREG(info.st_mode) || final_.string().starts_with("/proc/")) {
    // A device, or an open file named through /proc (/dev/stdout): written in
    // place, as the shell would; a regular file is appended to, not cut short.
    const int append = S_ISREG(info.st_mode) ? O_APPEND : 0;
    fd_ = open(final_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | append);
    if (fd_ < 0)
      throw ResultsFileError(name + ": cannot open for writing: " + describe_errno(errno));
    return;
  } else {
    // The shell's `>` would fail on a file it may not write; so do we,
    // although the rename would get past it.
    if (access(final_.c_str(), W_OK) != 0)
      throw ResultsFileError(name + ": cannot open for writing: " + describe_errno(errno));
    refuse_inputs(options_.inputs);
  }
  std::filesystem::path folder = final_.parent_path();
  if (folder.empty()) folder = ".";
  fd_ = create_temporary(folder, final_.filename().string(), temporary_);
  if (fd_ < 0)
    throw ResultsFileError(name + ": cannot create a file in " + folder.string() + ": " +
                           describe_errno(errno));
}

ResultsFile::~ResultsFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_ && !temporary_.empty()) unlink(temporary_.c_str());
}

void ResultsFile::refuse_inputs(const std::vector<std::filesystem::path>& inputs) const {
  struct stat output {};
  if (fifo_ || stat(final_.c_str(), &output) != 0 || !S_ISREG(output.st_mode)) return;
  for (const std::filesystem::path& input : inputs) {
    struct stat read {};
    if (stat(input.c_str(), &read) == 0 && same_file(read, output))
      throw ResultsFileError(target_.string() + ": is also an input (" + input.string() +
                             "); refusing to overwrite it: write the output elsewhere");
  }
}

bool ResultsFile::same_target(const ResultsFile& other) const {
  std::error_code ec, other_ec;
  const auto mine = std::filesystem::weakly_canonical(final_, ec);
  const auto theirs = std::filesystem::weakly_canonical(other.final_, other_ec);
  return (ec ? final_ : mine) == (other_ec ? other.final_ : theirs);
}

void ResultsFile::open_fifo(const std::function<bool()>& stop) {
  const std::string name = target_.string();
  const auto deadline = std::chrono::steady_clock::now() + options_.reader_timeout;
  for (;;) {
    fd_ = open(final_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ >= 0) break;
    if (errno != ENXIO)  // ENXIO: no reader yet
      throw ResultsFileError(name + ": cannot open for writing: " + describe_errno(errno));
    if (stop && stop())
      throw ResultsFileError(name +
                             ": stopped while waiting for a reader of the FIFO; nothing "
                             "was written");
    if (std::chrono::steady_clock::now() >= deadline) {
      const auto seconds = std::chrono::duration<double>(options_.reader_timeout).count();
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", seconds);
      throw ResultsFileError(name + ": no reader opened the FIFO within " + limit +
                             " s; nothing was written");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The reader is there: from now on, writes wait for it as pipes do.
  fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
}

void ResultsFile::commit(std::string_view text, const std::function<bool()>& stop) {
  if (committed_) throw ResultsFileError(target_.string() + ": already written");
  if (fifo_ && fd_ < 0) open_fifo(stop);
  const bool in_place = temporary_.empty();
  const std::string untouched = in_place ? "" : " (the previous file, if any, is untouched)";
  const auto failed = [&](const std::string& what, int error) {
    return ResultsFileError(target_.string() + ": " + what + ": " + describe_errno(error) +
                            untouched);
  };
  {
    const HeldSigpipe held;
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      const ssize_t written = write(fd_, data, left);
      if (written < 0) {
        if (errno == EINTR) continue;
        throw failed("write failed", errno);
      }
      data += written;
      left -= static_cast<std::size_t>(written);
    }
  }
  if (!in_place) {
    // An existing file keeps its mode, owner and group (as far as this
    // process may set them); a new one keeps the mode open(2) gave it.
    struct stat existing {};
    if (stat(final_.c_str(), &existing) == 0 && S_ISREG(existing.st_mode)) {
      struct stat created {};
      if (fstat(fd_, &created) == 0 &&
          (created.st_uid != existing.st_uid || created.st_gid != existing.st_gid) &&
          fchown(fd_, existing.st_uid, existing.st_gid) != 0) {
        // Not ours to give away: the file stays this process's, as a copy would.
      }
      if (fchmod(fd_, existing.st_mode & 07777) != 0) throw failed("cannot set its mode", errno);
    }
    // Pipes and terminals cannot be synced; a file must be on disk before the rename.
    if (fsync(fd_) != 0) throw failed("write failed", errno);
  }
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) throw failed("write failed", errno);
  if (!in_place) {
    if (std::rename(temporary_.c_str(), final_.c_str()) != 0)
      throw failed("cannot rename into place", errno);
    temporary_.clear();
    // The rename itself on disk, so a crash leaves one file or the other.
    std::filesystem::path folder = final_.parent_path();
    if (folder.empty()) folder = ".";
    if (const int dir = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
      fsync(dir);
      close(dir);
    }
  }
  committed_ = true;
}

}  // namespace litmuslab::report
