// Results that cannot be written: a full disk, a full device, a full stdout.
// Each gives a clear message and exit status 3, and an earlier results file
// stays as it was.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstring>

#include "cli_process.hpp"
#include "litmuslab/results.hpp"

namespace litmuslab::testing {
namespace {

const std::string kEarlierResults = "{\"earlier\": \"results, byte for byte\"}\n";
const std::vector<std::string> kRun{"run", "SB+rlx", "-q", "--iterations", "1000"};

std::vector<std::string> with_json(const std::string& path) {
  std::vector<std::string> args = kRun;
  args.insert(args.end(), {"--json", path});
  return args;
}

// A 64 KiB tmpfs, unmounted again however the test ends.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(std::filesystem::path where) : path_(std::move(where)) {
    std::filesystem::create_directory(path_);
    if (mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=64k") == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~SmallTmpfs() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path path_;
  bool mounted_ = false;
  std::string error_;
};

// Writes until the file system has no block left.
void fill_up(const std::filesystem::path& file) {
  const int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  const std::string block(4096, 'f');
  while (write(fd, block.data(), block.size()) > 0) {
  }
  EXPECT_EQ(errno, ENOSPC);
  close(fd);
}

TEST(CliWriteError, FullDiskKeepsTheEarlierFile) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to mount a small tmpfs";
  ScratchDir scratch;
  SmallTmpfs disk(scratch / "disk");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
  const auto results = scratch / "disk" / "results.json";
  write_text(results, kEarlierResults);
  fill_up(scratch / "disk" / "filler");

  const Finished done = run_cli(with_json(results.string()), scratch.path());
  EXPECT_EQ(done.exit_status, 3) << done.err;
  EXPECT_NE(done.err.find(results.string() + ": write failed: No space left on device"),
            std::string::npos)
      << done.err;
  EXPECT_NE(done.err.find("untouched"), std::string::npos) << done.err;
  EXPECT_EQ(read_text(results), kEarlierResults);
  std::set<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(scratch / "disk"))
    left.insert(entry.path().filename().string());
  EXPECT_EQ(left, (std::set<std::string>{"filler", "results.json"})) << "a temporary file is left";
}

// Renaming a file over a device would replace the device node itself.
TEST(CliWriteError, FullDeviceIsWrittenInPlaceAndReported) {
  ScratchDir scratch;
  std::filesystem::path device = "/dev/full";
  if (mknod((scratch / "full").c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0)
    device = scratch / "full";  // our own node, so /dev/full is safe whatever happens
  const Finished done = run_cli(with_json(device.string()), scratch.path());
  EXPECT_EQ(done.exit_status, 3) << done.err;
  EXPECT_NE(done.err.find("No space left on device"), std::string::npos) << done.err;
  struct stat info {};
  ASSERT_EQ(stat(device.c_str(), &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode)) << device << " is no longer a device";
  for (const std::string& name : scratch.entries())
    EXPECT_EQ(name, "full") << "left behind: " << name;
}

TEST(CliWriteError, FullStdoutIsAnError) {
  ScratchDir scratch;
  Finished done = run_cli(with_json("-"), scratch.path(), "/dev/full");
  EXPECT_EQ(done.exit_status, 3) << done.err;
  EXPECT_NE(done.err.find("cannot write to standard output"), std::string::npos) << done.err;
  done = run_cli({"list"}, scratch.path(), "/dev/full");
  EXPECT_EQ(done.exit_status, 3) << done.err;
}

TEST(CliOutput, ThroughASymlinkReplacesTheFileNotTheLink) {
  ScratchDir scratch;
  write_text(scratch / "real.json", kEarlierResults);
  std::filesystem::create_symlink("real.json", scratch / "link.json");
  const Finished done = run_cli(with_json((scratch / "link.json").string()), scratch.path());
  EXPECT_EQ(done.exit_status, 0) << done.err;
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "link.json"));
  const auto doc = report::parse_results(read_text(scratch / "real.json"), "real.json");
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_EQ(doc.runs[0].iterations, 1000u);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"link.json", "real.json"}));
}

}  // namespace
}  // namespace litmuslab::testing
