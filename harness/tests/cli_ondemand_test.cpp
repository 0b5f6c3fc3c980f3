// Compile on demand, end to end through the real binary: a file outside the
// catalogue runs, its object is cached and reused, a damaged entry is rebuilt,
// compile errors and missing compilers are one clear message with exit 2,
// concurrent runs share one entry, and another compiler can be chosen.
//
// Every case uses the one fixture test, and ctest gives them one cache folder
// (XDG_CACHE_HOME, harness/tests/CMakeLists.txt), so a fresh build compiles
// it once; the cases that need a cache of their own copy that entry or say
// why they compile again. Compiles are what these tests cost.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>

#include "cli_shell.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/toolchain.hpp"
#include "ondemand/cache.hpp"
#include "scratch_files.hpp"

namespace litmuslab {
namespace {

namespace fs = std::filesystem;
using testing::cli;
using testing::contains;
using testing::read_text;
using testing::ScratchDir;
using testing::write_text;

const std::string kFixture =
    std::string(LITMUSLAB_TEST_FIXTURES) + "/ondemand/SB+sc-store+ondemand.litmus";
constexpr std::string_view kTest = "SB+sc-store+ondemand";

// The cache folder of entries, under the root ctest gives the tests.
fs::path shared_cache() {
  const char* root = std::getenv("XDG_CACHE_HOME");
  return fs::path(root ? root : "") / "litmuslab" / "kernels-v1";
}

// XDG_CACHE_HOME for the runs of one case, put back after it.
class CacheRoot {
 public:
  explicit CacheRoot(const fs::path& root) {
    if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
    setenv("XDG_CACHE_HOME", root.c_str(), 1);
  }
  ~CacheRoot() {
    if (old_)
      setenv("XDG_CACHE_HOME", old_->c_str(), 1);
    else
      unsetenv("XDG_CACHE_HOME");
  }
  CacheRoot(const CacheRoot&) = delete;
  CacheRoot& operator=(const CacheRoot&) = delete;

 private:
  std::optional<std::string> old_;
};

// `litmuslab run ...` with the results as JSON on stdout.
report::ResultsDocument run_json(const std::string& arguments, testing::ShellOutcome& outcome) {
  outcome = cli("run " + arguments + " --json - --no-progress");
  if (outcome.out.empty()) return {};
  return report::parse_results(outcome.out, "stdout");
}

// Counts sum to the instances, and nothing the host's model forbids appears.
void expect_sound(const report::TestRun& run, std::uint64_t iterations) {
  std::uint64_t total = 0;
  for (const report::Outcome& outcome : run.outcomes) total += outcome.count;
  EXPECT_EQ(total, run.instances) << run.test;
  EXPECT_EQ(run.iterations, iterations) << run.test;
  EXPECT_FALSE(run.forbidden_observed.value_or(true)) << run.test;
}

// Entries (.so) of a cache folder whose generated source holds the fixture's kernels.
std::vector<fs::path> fixture_entries(const fs::path& folder) {
  std::vector<fs::path> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error))
    if (entry.path().extension() == ".so" &&
        contains(read_text(fs::path(entry.path()).replace_extension(".cpp")),
                 "litmuslab_kernel_SB_2bsc_2dstore_2bondemand_P0"))
      found.push_back(entry.path());
  return found;
}

TEST(OnDemand, AFileOutsideTheCatalogueRunsAndItsObjectIsCached) {
  testing::ShellOutcome first;
  const report::ResultsDocument document =
      run_json(kFixture + " --iterations 32768 --mode perpetual", first);
  ASSERT_EQ(first.status, 0) << first.err;
  ASSERT_EQ(document.runs.size(), 1u);
  const report::TestRun& run = document.runs.front();
  EXPECT_EQ(run.test, kTest);
  expect_sound(run, 32768);
  EXPECT_EQ(run.mode, "perpetual") << "its perpetual kernels were compiled and loaded too";
  EXPECT_EQ(run.graded_models.size(), 2u);
  EXPECT_EQ(run.compiler.kernels, "on-demand");
  EXPECT_EQ(run.compiler.path, kernel::build_toolchain().cxx);
  EXPECT_EQ(run.compiler.version, kernel::build_toolchain().cxx_version);
  EXPECT_TRUE(contains(run.compiler.flags, "-fPIC")) << run.compiler.flags;
  EXPECT_FALSE(fixture_entries(shared_cache()).empty()) << "no entry in " << shared_cache();

  // The second run finds the entry: no compiler runs.
  testing::ShellOutcome second;
  const report::ResultsDocument again = run_json(kFixture + " --iterations 20000", second);
  EXPECT_EQ(again.runs.at(0).mode, "batched");
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_FALSE(contains(second.err, "compiling")) << second.err;
  ASSERT_EQ(again.runs.size(), 1u);
  EXPECT_EQ(again.runs.front().compiler, run.compiler);
  EXPECT_EQ(again.runs.front().kernel_hash, run.kernel_hash);
}

TEST(OnDemand, CatalogueTestsRecordTheBuildsCompiler) {
  testing::ShellOutcome outcome;
  const report::ResultsDocument document = run_json("SB+rlx --iterations 1000", outcome);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  ASSERT_EQ(document.runs.size(), 1u);
  const report::CompilerRecord& compiler = document.runs.front().compiler;
  EXPECT_EQ(compiler.kernels, "built-in");
  EXPECT_EQ(compiler.path, kernel::build_toolchain().cxx);
  EXPECT_EQ(compiler.flags, kernel::build_toolchain().catalogue_flags);
  EXPECT_FALSE(compiler.version.empty());
}

TEST(OnDemand, ADamagedEntryIsRebuiltNeverLoaded) {
  // The shared entry, copied into a cache of this test's own and truncated.
  ASSERT_EQ(cli("run " + kFixture + " --iterations 1000 -q --no-progress").status, 0);
  const std::vector<fs::path> shared = fixture_entries(shared_cache());
  ASSERT_FALSE(shared.empty());
  const ScratchDir root;
  const fs::path folder = root / "litmuslab" / "kernels-v1";
  fs::create_directories(folder);
  for (const fs::path& entry : shared) {
    fs::copy_file(fs::path(entry).replace_extension(".cpp"),
                  folder / fs::path(entry).replace_extension(".cpp").filename());
    const std::string bytes = read_text(entry);
    write_text(folder / entry.filename(), bytes.substr(0, bytes.size() / 2));
  }
  const CacheRoot own(root.path());
  testing::ShellOutcome outcome;
  const report::ResultsDocument document = run_json(kFixture + " --iterations 1000", outcome);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  EXPECT_TRUE(contains(outcome.err, "was damaged (truncated or altered); compiled it again"))
      << outcome.err;
  ASSERT_EQ(document.runs.size(), 1u);
  expect_sound(document.runs.front(), 1000);
  // The build compiler's entry is whole again (the shared cache may hold
  // other compilers' entries for the same source: they stay truncated).
  int whole = 0;
  for (const fs::path& entry : fixture_entries(folder)) whole += ondemand::sealed(read_text(entry));
  EXPECT_EQ(whole, 1);
}

TEST(OnDemand, ACompileErrorShowsTheCompilerAndKeepsTheSource) {
  const ScratchDir scratch;
  // A macro that breaks the standard headers: the compiler refuses the unit.
  const testing::ShellOutcome o =
      cli("run " + kFixture + " --iterations 1000 --cxxflags '-O1 -Dstd=broken' --json " +
          (scratch / "out.json").string());
  EXPECT_EQ(o.status, 2) << o.err;
  const std::regex first_line(
      R"(.*SB\+sc-store\+ondemand\.litmus: error: the kernels did not compile \(\S+ exit status 1\); the generated source is kept at (\S+\.cpp)\n)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(o.err, m, first_line)) << o.err;
  EXPECT_TRUE(fs::exists(m[1].str())) << m[1];
  EXPECT_TRUE(contains(read_text(m[1].str()), "litmuslab_kernel_SB_2bsc_2dstore_2bondemand_P0"));
  EXPECT_TRUE(contains(o.err, "\n  ")) << "the compiler's lines follow, indented";
  EXPECT_TRUE(contains(o.err, "error:")) << o.err;
  EXPECT_FALSE(fs::exists(scratch / "out.json")) << "nothing half-written";
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{}));
}

TEST(OnDemand, MissingOrWrongCompilersAreOneLineWithExitTwo) {
  const ScratchDir scratch;
  const std::string json = " --json " + (scratch / "out.json").string();
  const testing::ShellOutcome missing =
      cli("run " + kFixture + " --cxx /nonexistent/bin/clang++-14" + json);
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.err,
            "litmuslab run: error: no C++ compiler at /nonexistent/bin/clang++-14 (--cxx "
            "/nonexistent/bin/clang++-14): install Debian's clang-14 package (apt-get install "
            "clang-14)\n");
  const testing::ShellOutcome on_path = cli("run " + kFixture + " --cxx g++-77" + json);
  EXPECT_EQ(on_path.status, 2);
  EXPECT_TRUE(contains(on_path.err, "no C++ compiler 'g++-77' on PATH")) << on_path.err;
  EXPECT_TRUE(contains(on_path.err, "apt-get install g++-77")) << on_path.err;

  const testing::ShellOutcome not_one = cli("run " + kFixture + " --cxx /bin/true" + json);
  EXPECT_EQ(not_one.status, 2);
  EXPECT_TRUE(contains(not_one.err, "--cxx /bin/true is not a C++ compiler")) << not_one.err;
  const testing::ShellOutcome folder = cli("run " + kFixture + " --cxx /usr" + json);
  EXPECT_EQ(folder.status, 2);
  EXPECT_TRUE(contains(folder.err, "is not a C++ compiler")) << folder.err;
  for (const auto* o : {&missing, &on_path, &not_one, &folder})
    EXPECT_EQ(std::count(o->err.begin(), o->err.end(), '\n'), 1) << o->err;
  EXPECT_FALSE(fs::exists(scratch / "out.json"));
}

TEST(OnDemand, AnUnwritableCacheFallsBackToATemporaryOne) {
  // A cache root under a regular file can never be created. The fallback
  // compiles (a temporary folder is empty), which is the point here.
  const ScratchDir scratch;
  write_text(scratch / "file", "");
  const CacheRoot unwritable(scratch / "file");
  testing::ShellOutcome outcome;
  const report::ResultsDocument document = run_json(kFixture + " --iterations 1000", outcome);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  const std::regex note(
      R"(note: cannot write the cache folder \S+ \(.*\); compiling into the temporary folder (\S+), removed at exit)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(outcome.err, m, note)) << outcome.err;
  EXPECT_FALSE(fs::exists(m[1].str())) << "removed at exit";
  ASSERT_EQ(document.runs.size(), 1u);
  expect_sound(document.runs.front(), 1000);
}

TEST(OnDemand, TwoConcurrentRunsOfANewFileShareOneEntry) {
  const ScratchDir root;
  const ScratchDir scratch;
  const std::string run =
      std::string(LITMUSLAB_CLI) + " run " + kFixture + " --iterations 1000 -q --no-progress";
  // Both start before either has an entry: both compile, one rename wins.
  // Their stdout is dropped (an emulated host prints a note even with -q):
  // the pipe carries the exit statuses only.
  const std::string script = "export XDG_CACHE_HOME='" + root.path().string() + "'; " + run +
                             " >/dev/null 2>'" + (scratch / "a.err").string() + "' & a=$!; " + run +
                             " >/dev/null 2>'" + (scratch / "b.err").string() +
                             "'; b=$?; wait $a; echo $? $b";
  FILE* pipe = popen(script.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::array<char, 256> buffer{};
  std::string statuses;
  while (std::fgets(buffer.data(), buffer.size(), pipe)) statuses += buffer.data();
  pclose(pipe);
  EXPECT_EQ(statuses, "0 0\n") << read_text(scratch / "a.err") << read_text(scratch / "b.err");
  std::set<std::string> entries;
  for (const auto& entry : fs::directory_iterator(root / "litmuslab" / "kernels-v1"))
    entries.insert(entry.path().extension().string() +
                   (entry.path().filename().string().starts_with(".") ? " (temporary)" : ""));
  EXPECT_EQ(entries, (std::set<std::string>{".so", ".cpp"})) << "one entry, no temporary file";
  EXPECT_EQ(fixture_entries(root / "litmuslab" / "kernels-v1").size(), 1u);
}

TEST(OnDemand, AnotherCompilerCompilesEveryTestOfTheRun) {
  // clang++-14 as the fuzz build installs it; it must compile for this
  // build's CPU (not so in the aarch64 cross build on an x86_64 host).
  std::string target;
  if (FILE* pipe = popen("clang++-14 -dumpmachine 2>/dev/null", "r")) {
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe)) target += buffer.data();
    pclose(pipe);
  }
  if (!target.starts_with(std::string(kernel::build_toolchain().arch) + "-"))
    GTEST_SKIP() << "no clang++-14 for " << kernel::build_toolchain().arch << " ("
                 << (target.empty() ? "none on PATH" : target) << ")";
  testing::ShellOutcome outcome;
  const report::ResultsDocument document =
      run_json(kFixture + " SB+rlx --iterations 2000 --cxx clang++-14 --cxxflags -O3", outcome);
  ASSERT_EQ(outcome.status, 0) << outcome.err;
  ASSERT_EQ(document.runs.size(), 2u);
  for (const report::TestRun& run : document.runs) {
    expect_sound(run, 2000);
    EXPECT_EQ(run.compiler.kernels, "on-demand") << run.test;
    EXPECT_TRUE(run.compiler.path.ends_with("/clang++-14")) << run.compiler.path;
    EXPECT_TRUE(contains(run.compiler.version, "clang version 14")) << run.compiler.version;
    EXPECT_TRUE(run.compiler.flags.ends_with(" -O3")) << run.compiler.flags;
  }
  EXPECT_EQ(document.runs[1].test, "SB+rlx") << "a catalogue test, compiled by clang too";
  EXPECT_TRUE(contains(outcome.err, "Summary: 2 tests ran"))
      << "the table goes to stderr with --json -";
}

TEST(OnDemand, AFolderRunsEveryFileInPathOrderAndReportsTheOnesThatCannotRun) {
  const ScratchDir folder;
  fs::create_directories(folder / "b");
  fs::copy_file(kFixture, folder / "b" / "own.litmus");
  fs::copy_file(std::string(LITMUSLAB_CATALOGUE_DIR) + "/MP+relacq.litmus", folder / "a.litmus");
  write_text(folder / "c.litmus",
             "C broken\n{}\nP0(atomic_int* x) {\n  r0 = ;\n}\nexists (0:r0=0)\n");
  write_text(folder / "notes.txt", "not a litmus file\n");
  const ScratchDir scratch;
  const std::string json = (scratch / "out.json").string();
  const testing::ShellOutcome o =
      cli("run " + folder.path().string() + " --iterations 2000 -q --no-progress --json " + json);
  EXPECT_EQ(o.status, 2) << "the worst of them: a file that does not parse\n" << o.err;
  EXPECT_TRUE(contains(o.err, (folder / "c.litmus").string() + ":4:")) << o.err;
  EXPECT_TRUE(contains(o.out, "Summary: 2 tests ran, 1 file could not run")) << o.out;
  const std::regex own_row("\\n" + std::string("SB\\+sc-store\\+ondemand") +
                           " +2000 +[0-9]+ +allowed +allowed +-\\n");
  EXPECT_TRUE(std::regex_search(o.out, own_row)) << o.out;
  EXPECT_TRUE(contains(o.out, "FAILED " + (folder / "c.litmus").string() + ":4:")) << o.out;
  const report::ResultsDocument document = report::parse_results(read_text(json), json);
  ASSERT_EQ(document.runs.size(), 2u);
  EXPECT_EQ(document.runs[0].test, "MP+relacq");  // a.litmus, the catalogue's bytes: built in
  EXPECT_EQ(document.runs[0].compiler.kernels, "built-in");
  EXPECT_EQ(document.runs[1].test, kTest);  // b/own.litmus
  EXPECT_EQ(document.runs[1].compiler.kernels, "on-demand");
  for (const report::TestRun& run : document.runs) expect_sound(run, 2000);
  ASSERT_EQ(document.failed.size(), 1u);
  EXPECT_EQ(document.failed.front().file, (folder / "c.litmus").string());
  EXPECT_TRUE(contains(document.failed.front().error, ":4:")) << document.failed.front().error;
}

TEST(OnDemand, ShowAsmPrintsTheMachineCodeCompiledOnDemand) {
  const testing::ShellOutcome o = cli("show " + kFixture + " --asm");
  ASSERT_EQ(o.status, 0) << o.err;
  const std::size_t p0 = o.out.find("\nP0 (litmuslab_kernel_SB_2bsc_2dstore_2bondemand_P0):\n");
  const std::size_t p1 = o.out.find("\nP1 (litmuslab_kernel_SB_2bsc_2dstore_2bondemand_P1):\n");
  ASSERT_NE(p0, std::string::npos) << o.out;
  ASSERT_NE(p1, std::string::npos) << o.out;
  EXPECT_TRUE(
      contains(o.out, "compiled on demand by " + std::string(kernel::build_toolchain().cxx)));
  // The mapping the catalogue's machine code follows: a seq_cst store is a
  // full barrier (x86: xchg, or mov then mfence; AArch64: stlr), a relaxed
  // one a plain store.
  const std::string p0_code = o.out.substr(p0, p1 - p0);
  const std::string p1_code = o.out.substr(p1, o.out.find("\nPerpetual kernel", p1) - p1);
  const std::regex sc_store(std::string(kernel::build_toolchain().arch) == "aarch64"
                                ? R"(\sstlr\s)"
                                : R"(\sxchg\s|\smfence)");
  EXPECT_TRUE(std::regex_search(p0_code, sc_store)) << p0_code;
  EXPECT_FALSE(std::regex_search(p1_code, sc_store)) << p1_code;
}

}  // namespace
}  // namespace litmuslab
