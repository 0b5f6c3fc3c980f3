// SIGINT and SIGTERM sent to a real `litmuslab run`: the counts so far are
// saved as valid JSON marked interrupted, and the exit status is 128+N.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/syscall.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <ostream>
#include <string>
#include <thread>

#include "cli_process.hpp"
#include "litmuslab/results.hpp"

namespace litmuslab::testing {
namespace {

// The progress bar's rate ("... 0%  12.3 M/s") is non-zero once a batch has
// been counted; from then on an interrupted run must report iterations > 0.
bool counting_has_begun(const std::string& terminal) {
  const std::size_t at = terminal.rfind("%  ");
  return at != std::string::npos && std::strtod(terminal.c_str() + at + 3, nullptr) > 0;
}

struct Case {
  int signal;
  bool json_on_stdout;  // --json - instead of a file
};

// Names the case in test listings instead of printing its bytes.
std::string case_name(const Case& c) {
  return std::string(c.signal == SIGINT ? "SIGINT" : "SIGTERM") +
         (c.json_on_stdout ? "_JsonOnStdout" : "_JsonFile");
}
void PrintTo(const Case& c, std::ostream* out) { *out << case_name(c); }

class CliSignal : public ::testing::TestWithParam<Case> {};

TEST_P(CliSignal, SavesTheCountsSoFarMarkedInterrupted) {
  const Case c = GetParam();
  ScratchDir scratch;
  const auto json = scratch / "out.json";
  write_text(json, "earlier results\n");
  // 10^12 iterations take hours: only the signal ends this run. stderr is a
  // terminal, as for someone pressing Ctrl-C, so the progress bar shows.
  std::vector<std::string> args{"run", "SB+rlx", "--iterations", "1000000000000", "--json"};
  args.push_back(c.json_on_stdout ? "-" : json.string());
  const auto out = scratch / "stdout.txt";
  CliProcess cli(args, scratch.path(), out, /*stderr_terminal=*/true);
  ASSERT_TRUE(eventually([&] { return counting_has_begun(cli.err_so_far()); }))
      << "no progress shown: " << cli.err_so_far();
  cli.send(c.signal);
  const Finished done = cli.wait();

  EXPECT_EQ(done.signal, 0) << "killed by the signal instead of handling it";
  EXPECT_EQ(done.exit_status, 128 + c.signal) << done.err;
  EXPECT_NE(done.err.find("interrupted; kept the counts so far"), std::string::npos) << done.err;
  const std::string text = read_text(c.json_on_stdout ? out : json);
  const report::ResultsDocument doc = report::parse_results(text, "the results");
  EXPECT_TRUE(doc.interrupted);
  ASSERT_EQ(doc.runs.size(), 1u);
  const report::TestRun& run = doc.runs[0];
  EXPECT_EQ(run.test, "SB+rlx");
  EXPECT_GT(run.iterations, 0u);
  EXPECT_LT(run.iterations, 1'000'000'000'000ull);
  std::uint64_t sum = 0;
  for (const report::Outcome& outcome : run.outcomes) sum += outcome.count;
  EXPECT_EQ(sum, run.iterations);
  EXPECT_EQ(run.instances, run.iterations);
  ASSERT_FALSE(run.notes.empty());
  EXPECT_NE(run.notes.back().find("interrupted"), std::string::npos);
  if (c.json_on_stdout) {
    EXPECT_EQ(read_text(json), "earlier results\n");
  }
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json", "stdout.txt"}))
      << "a temporary file was left behind";
}

INSTANTIATE_TEST_SUITE_P(Cli, CliSignal,
                         ::testing::Values(Case{SIGINT, false}, Case{SIGTERM, false},
                                           Case{SIGINT, true}),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return case_name(info.param);
                         });

// A pipe for the CLI's stdout, already full: the CLI's first table blocks
// in write(2) after its test has run, until the test reads.
class FullPipe {
 public:
  FullPipe() {
    if (pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
    const std::string block(4096, 'f');
    while (write(fds_[1], block.data(), block.size()) > 0) {
    }
    while (write(fds_[1], block.data(), 1) > 0) {
    }
    // The CLI shares this end's flags: its writes must block, not fail with EAGAIN.
    fcntl(fds_[1], F_SETFL, fcntl(fds_[1], F_GETFL) & ~O_NONBLOCK);
  }
  ~FullPipe() {
    for (int fd : fds_)
      if (fd >= 0) close(fd);
  }
  FullPipe(const FullPipe&) = delete;
  FullPipe& operator=(const FullPipe&) = delete;

  int write_end() const { return fds_[1]; }
  void close_write_end() {
    close(fds_[1]);
    fds_[1] = -1;
  }
  // Reads until every writer has closed it.
  void drain() {
    fcntl(fds_[0], F_SETFL, fcntl(fds_[0], F_GETFL) & ~O_NONBLOCK);
    char buffer[4096];
    while (read(fds_[0], buffer, sizeof buffer) > 0) {
    }
  }

 private:
  int fds_[2] = {-1, -1};
};

// The system call a process's main thread is blocked in, as /proc shows it
// ("1 0x1 ..." is write(1, ...) on x86_64); empty when /proc does not say.
std::string blocked_call(pid_t pid) {
  std::string text = read_text("/proc/" + std::to_string(pid) + "/syscall");
  return text.substr(0, text.find('\n'));
}

bool blocked_writing_stdout(pid_t pid) {
  return blocked_call(pid).starts_with(std::to_string(SYS_write) + " 0x1 ");
}

// Whether SIGINT is still pending for the process (not yet handled).
bool sigint_pending(pid_t pid) {
  const std::string status = read_text("/proc/" + std::to_string(pid) + "/status");
  for (const char* field : {"SigPnd:", "ShdPnd:"}) {
    const std::size_t at = status.find(field);
    if (at == std::string::npos) continue;
    const unsigned long long mask = std::strtoull(status.c_str() + at + 7, nullptr, 16);
    if (mask & (1ull << (SIGINT - 1))) return true;
  }
  return false;
}

// Starts `run SB+rlx` (one test, so its table is the last thing before the
// results are written) with stdout on a full pipe, and waits until it blocks
// there: the test has run, the results are not written yet.
class BlockedAfterTheLastTest {
 public:
  explicit BlockedAfterTheLastTest(const ScratchDir& scratch)
      : json_(scratch / "out.json"),
        cli_({"run", "SB+rlx", "--iterations", "1000", "--json", json_.string()}, scratch.path(),
             {}, false, pipe_.write_end()) {
    pipe_.close_write_end();  // the CLI holds the only one now
  }
  bool blocked() {
    return eventually([&] { return blocked_writing_stdout(cli_.pid()); }, std::chrono::seconds(60));
  }
  CliProcess& cli() { return cli_; }
  FullPipe& pipe() { return pipe_; }
  const std::filesystem::path& json() const { return json_; }

 private:
  std::filesystem::path json_;
  FullPipe pipe_;
  CliProcess cli_;
};

TEST(CliSignal, ASignalAfterTheLastTestIsNotExitZero) {
  ScratchDir scratch;
  write_text(scratch / "out.json", "earlier results\n");
  BlockedAfterTheLastTest run(scratch);
  if (blocked_call(run.cli().pid()).empty()) GTEST_SKIP() << "/proc/PID/syscall is not readable";
  ASSERT_TRUE(run.blocked()) << blocked_call(run.cli().pid());
  run.cli().send(SIGINT);
  ASSERT_TRUE(eventually([&] { return !sigint_pending(run.cli().pid()); }));
  std::thread reader([&] { run.pipe().drain(); });
  const Finished done = run.cli().wait();
  reader.join();

  EXPECT_EQ(done.signal, 0) << done.err;
  EXPECT_EQ(done.exit_status, 128 + SIGINT) << done.err;
  const report::ResultsDocument doc = report::parse_results(read_text(run.json()), "out.json");
  EXPECT_TRUE(doc.interrupted);
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_EQ(doc.runs[0].iterations, 1000u) << "the test had finished: its counts are whole";
  ASSERT_FALSE(doc.runs[0].notes.empty());
  EXPECT_TRUE(contains(doc.runs[0].notes.back(), "interrupted after this test finished"));
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json"}));
}

TEST(CliSignal, ASecondSignalStopsAtOnceAndLeavesNoHalfFile) {
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer defers a handler until the next intercepted call, and the
  // blocked run makes none, so the forced exit never comes under it.
  GTEST_SKIP() << "ThreadSanitizer defers signal handlers past a blocked system call";
#endif
  ScratchDir scratch;
  write_text(scratch / "out.json", "earlier results\n");
  BlockedAfterTheLastTest run(scratch);
  if (blocked_call(run.cli().pid()).empty()) GTEST_SKIP() << "/proc/PID/syscall is not readable";
  ASSERT_TRUE(run.blocked()) << blocked_call(run.cli().pid());
  // The temporary results file exists while the run is blocked.
  const std::set<std::string> during = scratch.entries();
  EXPECT_EQ(std::count_if(during.begin(), during.end(),
                          [](const std::string& name) { return name.starts_with(".out.json."); }),
            1)
      << "no temporary results file while the run is blocked";
  run.cli().send(SIGINT);
  ASSERT_TRUE(eventually([&] { return !sigint_pending(run.cli().pid()); }));
  run.cli().send(SIGINT);  // still blocked: only a forced exit ends it now
  const Finished done = run.cli().wait();

  EXPECT_EQ(done.signal, SIGINT) << "status " << done.exit_status << ": " << done.err;
  EXPECT_TRUE(contains(done.err, "a second signal: stopped at once")) << done.err;
  EXPECT_EQ(read_text(run.json()), "earlier results\n");
  EXPECT_EQ(scratch.entries(), (std::set<std::string>{"out.json"}))
      << "the temporary file was left behind";
}

TEST(CliSignal, ASignalWhileWaitingForAFifoReaderEndsTheWait) {
  ScratchDir scratch;
  const auto fifo = scratch / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  CliProcess cli({"run", "SB+rlx", "-q", "--iterations", "1000", "--json", fifo.string()},
                 scratch.path());
  ASSERT_TRUE(eventually([&] { return contains(cli.err_so_far(), "for a reader of the FIFO"); }))
      << cli.err_so_far();
  EXPECT_TRUE(contains(cli.err_so_far(), "waiting up to 10 s")) << cli.err_so_far();
  cli.send(SIGINT);
  const Finished done = cli.wait();
  EXPECT_EQ(done.exit_status, 128 + SIGINT) << done.err;
  EXPECT_TRUE(contains(done.err,
                       "stopped while waiting for a reader of the FIFO; nothing was "
                       "written"))
      << done.err;
}

TEST(CliSignal, AFifoGetsTheResultsWhenItsReaderComes) {
  ScratchDir scratch;
  const auto fifo = scratch / "fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  CliProcess cli({"run", "SB+rlx", "-q", "--iterations", "1000", "--json", fifo.string()},
                 scratch.path());
  const std::string text = read_text(fifo);  // opens it as the reader, then reads to the end
  const Finished done = cli.wait();
  EXPECT_EQ(done.exit_status, 0) << done.err;
  const report::ResultsDocument doc = report::parse_results(text, "the FIFO");
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_EQ(doc.runs[0].iterations, 1000u);
  EXPECT_TRUE(std::filesystem::is_fifo(fifo));
}

}  // namespace
}  // namespace litmuslab::testing
