// The results files of the real binary (run --json, model --json, compare -o
// and --html): the input is never the output, links are followed as the
// shell follows them, an existing file keeps its mode and a new one gets
// 0666 minus the umask.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <thread>

#include "cli_process.hpp"
#include "litmuslab/results.hpp"

namespace litmuslab::testing {
namespace {

const std::string kEarlier = "{\"earlier\": \"results, byte for byte\"}\n";
const std::string kSource = std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus";

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A results file of a short run, for compare to read.
void write_results(const std::filesystem::path& path, const std::filesystem::path& scratch) {
  const Finished done =
      run_cli({"run", "SB+rlx", "-q", "--iterations", "1000", "--json", path.string()}, scratch);
  ASSERT_EQ(done.exit_status, 0) << done.err;
}

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(CliOutput, TheInputIsNeverTheOutput) {
  ScratchDir scratch;
  const auto test = scratch / "SB.litmus";
  write_text(test, read_text(kSource));
  std::filesystem::create_symlink("SB.litmus", scratch / "link.json");
  const std::set<std::string> before = scratch.entries();
  // 10^12 iterations would take hours: exit 2 at once shows nothing ran.
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"run", test.string(), "-q", "-n", "1e12", "--json", test.string()},
           {"run", test.string(), "-q", "-n", "1e12", "--json", (scratch / "link.json").string()},
           {"model", test.string(), "--json", test.string()},
           {"model", "SB+rlx", test.string(), "--json", (scratch / "link.json").string()},
       }) {
    SCOPED_TRACE(args[0] + " ... --json " + args.back());
    const Finished done = run_cli(args, scratch.path());
    EXPECT_EQ(done.exit_status, 2) << done.err;
    EXPECT_EQ(lines(done.err), 1u) << done.err;
    EXPECT_TRUE(contains(done.err, "is also an input (" + test.string() + ")")) << done.err;
    EXPECT_EQ(read_text(test), read_text(kSource));
    EXPECT_EQ(scratch.entries(), before);
  }
}

TEST(CliOutput, CompareNeverWritesOverAFileItCompares) {
  ScratchDir scratch;
  std::filesystem::create_directory(scratch / "results");
  const auto results = scratch / "results" / "a.json";
  write_results(results, scratch.path());
  const std::string earlier = read_text(results);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"compare", results.string(), "-o", results.string()},
           {"compare", (scratch / "results").string(), "--json", "-o", results.string()},
           {"compare", (scratch / "results").string(), "--html", results.string()},
       }) {
    SCOPED_TRACE(args[1] + " " + args[2] + " " + args[3]);
    const Finished done = run_cli(args, scratch.path());
    EXPECT_EQ(done.exit_status, 2) << done.err;
    EXPECT_TRUE(contains(done.err, "is also an input")) << done.err;
    EXPECT_EQ(read_text(results), earlier);
  }
  // The table and the page in one file: the page would replace the table.
  std::filesystem::create_symlink("page.html", scratch / "link.html");
  const Finished done =
      run_cli({"compare", results.string(), "-o", (scratch / "link.html").string(), "--html",
               (scratch / "page.html").string()},
              scratch.path());
  EXPECT_EQ(done.exit_status, 2) << done.err;
  EXPECT_TRUE(contains(done.err, "--output and --html name the same file")) << done.err;
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"link.html", "results"}));
}

TEST(CliOutput, ALinkLoopIsRefusedAsTheShellRefusesIt) {
  ScratchDir scratch;
  std::filesystem::create_symlink("loop.json", scratch / "loop.json");
  const Finished done =
      run_cli({"run", "SB+rlx", "-q", "-n", "1e12", "--json", (scratch / "loop.json").string()},
              scratch.path());
  EXPECT_EQ(done.exit_status, 2) << done.err;
  EXPECT_TRUE(contains(done.err,
                       "loop.json: cannot open for writing: Too many levels of "
                       "symbolic links"))
      << done.err;
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "loop.json"));
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"loop.json"}));
}

TEST(CliOutput, ADanglingLinkGetsItsTargetCreated) {
  ScratchDir scratch;
  std::filesystem::create_symlink("made.json", scratch / "link.json");
  write_results(scratch / "link.json", scratch.path());
  EXPECT_TRUE(std::filesystem::is_symlink(scratch / "link.json"));
  const auto doc = report::parse_results(read_text(scratch / "made.json"), "made.json");
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_EQ(doc.runs[0].iterations, 1000u);
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"link.json", "made.json"}));
}

TEST(CliOutput, AnExistingFileKeepsItsModeAndANewOneFollowsTheUmask) {
  ScratchDir scratch;
  const auto private_file = scratch / "private.json";
  write_text(private_file, kEarlier);
  ASSERT_EQ(chmod(private_file.c_str(), 0600), 0);
  write_results(private_file, scratch.path());
  EXPECT_EQ(mode_of(private_file), 0600u) << "a private results file became readable";
  EXPECT_NE(read_text(private_file), kEarlier);

  const mode_t old_mask = umask(027);  // the CLI inherits it
  write_results(scratch / "new.json", scratch.path());
  const Finished page =
      run_cli({"compare", private_file.string(), "--html", (scratch / "page.html").string()},
              scratch.path());
  umask(old_mask);
  EXPECT_EQ(page.exit_status, 0) << page.err;
  EXPECT_EQ(mode_of(scratch / "new.json"), 0640u);
  EXPECT_EQ(mode_of(scratch / "page.html"), 0640u);
}

}  // namespace
}  // namespace litmuslab::testing
