// What report::ResultsFile promises for every file litmuslab writes: the
// input is never the output, links are followed as the shell follows them,
// an existing file keeps its mode, a new one gets 0666 minus the umask, a
// failed write leaves the old file byte for byte, and a FIFO never blocks
// for ever.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "litmuslab/results_file.hpp"
#include "scratch_files.hpp"

namespace litmuslab::report {
namespace {

using testing::contains;
using testing::read_text;
using testing::ScratchDir;
using testing::write_text;

const std::string kEarlier = "{\"earlier\": \"results, byte for byte\"}\n";

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

std::string refusal(const std::filesystem::path& target, OutputOptions options = {}) {
  try {
    ResultsFile file(target, std::move(options));
  } catch (const ResultsFileError& error) {
    return error.what();
  }
  return "";
}

// umask for a scope: the process's own, restored however the test ends.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(umask(mask)) {}
  ~Umask() { umask(old_); }
  Umask(const Umask&) = delete;
  Umask& operator=(const Umask&) = delete;

 private:
  mode_t old_;
};

TEST(ResultsFilePromises, TheInputIsNeverTheOutput) {
  ScratchDir scratch;
  const auto input = scratch / "SB.litmus";
  write_text(input, kEarlier);
  std::filesystem::create_symlink("SB.litmus", scratch / "link.json");
  std::filesystem::create_hard_link(input, scratch / "hard.json");
  for (const char* name : {"SB.litmus", "link.json", "hard.json"}) {
    SCOPED_TRACE(name);
    const std::string message = refusal(scratch / name, {{input}});
    EXPECT_TRUE(contains(message, "is also an input (" + input.string() + ")")) << message;
  }
  // Named through a link itself, the input is still the same file.
  EXPECT_TRUE(contains(refusal(input, {{scratch / "link.json"}}), "is also an input"));
  EXPECT_EQ(read_text(input), kEarlier);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"SB.litmus", "hard.json", "link.json"}));

  // Inputs found later (the files under a folder) are refused before the commit.
  ResultsFile file(scratch / "other.json");
  write_text(scratch / "other.json", kEarlier);
  EXPECT_THROW(file.refuse_inputs({scratch / "other.json"}), ResultsFileError);
  EXPECT_NO_THROW(file.refuse_inputs({input}));
}

TEST(ResultsFilePromises, AChainOfLinksLeadsToTheFileWritten) {
  ScratchDir scratch;
  std::filesystem::create_directory(scratch / "sub");
  write_text(scratch / "sub" / "real.json", kEarlier);
  std::filesystem::create_symlink("real.json", scratch / "sub" / "inner");  // relative to sub/
  std::filesystem::create_symlink("sub/inner", scratch / "outer");
  ResultsFile(scratch / "outer").commit("new");
  EXPECT_EQ(read_text(scratch / "sub" / "real.json"), "new");
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "outer"));
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "sub" / "inner"));
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"outer", "sub"}));
}

TEST(ResultsFilePromises, ADanglingLinkCreatesItsTargetAndStaysALink) {
  ScratchDir scratch;
  std::filesystem::create_directory(scratch / "sub");
  std::filesystem::create_symlink("sub/made.json", scratch / "link.json");
  ResultsFile(scratch / "link.json").commit("made");
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "link.json"));
  EXPECT_EQ(read_text(scratch / "sub" / "made.json"), "made");
  // A link into a folder that does not exist fails as the shell's `>` does.
  std::filesystem::create_symlink("nowhere/x.json", scratch / "lost.json");
  EXPECT_TRUE(contains(refusal(scratch / "lost.json"), "No such file or directory"));
}

TEST(ResultsFilePromises, ALinkLoopIsELOOP) {
  ScratchDir scratch;
  std::filesystem::create_symlink("b", scratch / "a");
  std::filesystem::create_symlink("a", scratch / "b");
  std::filesystem::create_symlink("self", scratch / "self");
  for (const char* name : {"a", "self"}) {
    const std::string message = refusal(scratch / name);
    EXPECT_TRUE(contains(
        message, (scratch / name).string() + ": cannot open for writing: " + std::strerror(ELOOP)))
        << message;
  }
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"a", "b", "self"}));
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "a"));
}

TEST(ResultsFilePromises, AnExistingFileKeepsItsMode) {
  ScratchDir scratch;
  const Umask mask(022);
  for (mode_t mode : {0600, 0640, 0444, 0755}) {
    if (mode == 0444 && geteuid() != 0) continue;  // refused below, as the shell refuses it
    const auto target = scratch / "out.json";
    std::filesystem::remove(target);
    write_text(target, kEarlier);
    ASSERT_EQ(chmod(target.c_str(), mode), 0);
    ResultsFile(target).commit("new");
    EXPECT_EQ(mode_of(target), mode);
    EXPECT_EQ(read_text(target), "new");
  }
}

TEST(ResultsFilePromises, ANewFileGets0666MinusTheUmask) {
  ScratchDir scratch;
  for (mode_t mask : {022, 077, 027, 0}) {
    const Umask scoped(mask);
    const auto target = scratch / ("new-" + std::to_string(mask) + ".json");
    ResultsFile(target).commit("new");
    EXPECT_EQ(mode_of(target), 0666 & ~mask) << "umask " << mask;
  }
}

TEST(ResultsFilePromises, AFileTheShellMayNotWriteIsRefused) {
  if (geteuid() == 0) GTEST_SKIP() << "root may write any file";
  ScratchDir scratch;
  const auto target = scratch / "locked.json";
  write_text(target, kEarlier);
  ASSERT_EQ(chmod(target.c_str(), 0444), 0);
  EXPECT_TRUE(contains(refusal(target), "Permission denied"));
  EXPECT_EQ(read_text(target), kEarlier);
}

TEST(ResultsFilePromises, AFailedWriteLeavesTheOldFileByteForByte) {
  ScratchDir scratch;
  const auto target = scratch / "out.json";
  write_text(target, kEarlier);
  // A file-size limit makes the write itself fail (EFBIG), as a full disk would.
  struct sigaction ignore {
  }, old_action{};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGXFSZ, &ignore, &old_action);
  rlimit old_limit{};
  getrlimit(RLIMIT_FSIZE, &old_limit);
  {
    ResultsFile file(target);
    rlimit small = old_limit;
    small.rlim_cur = 16;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    try {
      file.commit(std::string(4096, 'x'));
      ADD_FAILURE() << "the write past the limit succeeded";
    } catch (const ResultsFileError& error) {
      EXPECT_TRUE(contains(error.what(), "write failed: " + std::string(std::strerror(EFBIG))))
          << error.what();
      EXPECT_TRUE(contains(error.what(), "untouched")) << error.what();
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
  }
  sigaction(SIGXFSZ, &old_action, nullptr);
  EXPECT_EQ(read_text(target), kEarlier);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json"})) << "a temporary file is left";
}

TEST(ResultsFilePromises, AFifoWithNoReaderTimesOut) {
  ScratchDir scratch;
  const auto fifo = scratch / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  ResultsFile file(fifo, {{}, std::chrono::milliseconds(100)});
  EXPECT_TRUE(file.waits_for_reader());
  try {
    file.commit("{}");
    ADD_FAILURE() << "no reader, yet the commit returned";
  } catch (const ResultsFileError& error) {
    EXPECT_TRUE(contains(error.what(), "no reader opened the FIFO within 0.1 s")) << error.what();
  }
  // A stop request (Ctrl-C) ends the wait as well.
  ResultsFile stopped(fifo, {{}, std::chrono::hours(1)});
  EXPECT_THROW(stopped.commit("{}", [] { return true; }), ResultsFileError);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"fifo"}));
}

TEST(ResultsFilePromises, AFifoIsWrittenToItsReader) {
  ScratchDir scratch;
  const auto fifo = scratch / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string text(200'000, 'r');  // more than a pipe holds
  std::string received;
  std::thread reader([&] { received = read_text(fifo); });
  ResultsFile(fifo).commit(text);
  reader.join();
  EXPECT_EQ(received, text);
}

TEST(ResultsFilePromises, AReaderThatLeavesIsAnErrorNotADeath) {
  ScratchDir scratch;
  const auto fifo = scratch / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::thread reader([&] {
    const int fd = open(fifo.c_str(), O_RDONLY);
    if (fd >= 0) close(fd);
  });
  try {
    // SIGPIPE would kill this test binary: the write must report EPIPE instead.
    ResultsFile(fifo).commit(std::string(1 << 20, 'x'));
    ADD_FAILURE() << "a megabyte went into a FIFO nobody reads";
  } catch (const ResultsFileError& error) {
    EXPECT_TRUE(contains(error.what(), std::strerror(EPIPE))) << error.what();
  }
  reader.join();
}

TEST(ResultsFilePromises, ADeviceIsWrittenInPlace) {
  ScratchDir scratch;
  std::filesystem::create_symlink("/dev/null", scratch / "null");
  ResultsFile(scratch / "null").commit("gone");
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "null"));
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"null"}));
}

TEST(ResultsFilePromises, AnOpenFileNamedThroughProcIsAppendedTo) {
  // /dev/stdout of a process whose output goes to a file is such a path.
  ScratchDir scratch;
  const auto file = scratch / "stdout.txt";
  write_text(file, "tables\n");
  const int fd = open(file.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  struct stat before {};
  ASSERT_EQ(stat(file.c_str(), &before), 0);
  ResultsFile("/proc/self/fd/" + std::to_string(fd)).commit("{}\n");
  close(fd);
  struct stat after {};
  ASSERT_EQ(stat(file.c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino) << "the file was replaced, not written";
  EXPECT_EQ(read_text(file), "tables\n{}\n");
}

TEST(ResultsFilePromises, TwoOutputsOfOneFileAreTheSameTarget) {
  ScratchDir scratch;
  std::filesystem::create_symlink("page.html", scratch / "link.html");
  const ResultsFile page(scratch / "page.html");
  const ResultsFile link(scratch / "link.html");
  const ResultsFile other(scratch / "other.html");
  EXPECT_TRUE(page.same_target(link));
  EXPECT_FALSE(page.same_target(other));
}

}  // namespace
}  // namespace litmuslab::report
