// The litmuslab binary as users call it: exit statuses and messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_shell.hpp"
#include "litmuslab/host.hpp"
#include "litmuslab/results.hpp"

namespace {

using litmuslab::testing::contains;
using Outcome = litmuslab::testing::ShellOutcome;
using litmuslab::testing::cli;

TEST(Cli, HelpOnEveryCommand) {
  for (const char* command : {"", "list", "show", "check", "run", "model", "compare"}) {
    const Outcome o = cli(std::string(command) + " --help");
    EXPECT_EQ(o.status, 0) << command << o.err;
    EXPECT_TRUE(contains(o.out, "usage: litmuslab")) << command;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(cli("").status, 2);
  EXPECT_EQ(cli("frobnicate").status, 2);
  const Outcome unknown_option = cli("run --frobnicate");
  EXPECT_EQ(unknown_option.status, 2);
  EXPECT_TRUE(contains(unknown_option.err, "frobnicate")) << unknown_option.err;
  EXPECT_EQ(cli("run SB+nothing").status, 2);
  const Outcome glob = cli("run 'ZZ+*'");
  EXPECT_EQ(glob.status, 2);
  EXPECT_TRUE(contains(glob.err, "matches no catalogue test")) << glob.err;
  EXPECT_EQ(cli("run SB+rlx --iterations 0").status, 2);
  EXPECT_EQ(cli("run SB+rlx --iterations -5").status, 2);
  EXPECT_EQ(cli("run SB+rlx --iterations 99999999999999999999999").status, 2);
  EXPECT_EQ(cli("run SB+rlx --cpus 0,0").status, 2);
  EXPECT_EQ(cli("run SB+rlx --cpus 1-0").status, 2);
  EXPECT_EQ(cli("run SB+rlx --cpus x").status, 2);
  EXPECT_EQ(cli("run SB+rlx --cpus 4000").status, 2);
  EXPECT_EQ(cli("run SB+rlx --iterations 10 --seconds 1").status, 2);
  EXPECT_EQ(cli("run SB+rlx --mode warp").status, 2);
  EXPECT_EQ(cli("show NoSuchTest").status, 2);
}

TEST(Cli, UnwritableOutputFailsBeforeTheRun) {
  // 10^12 iterations would take hours: exit 2 at once proves nothing ran.
  const Outcome o = cli("run SB+rlx --iterations 1000000000000 --json /nonexistent-dir/out.json");
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(contains(o.err, "/nonexistent-dir/out.json")) << o.err;
}

TEST(Cli, RunPrintsAHistogramAndWritesJson) {
  const litmuslab::testing::ScratchDir scratch;
  const auto path = scratch / "results.json";
  const Outcome o = cli("run SB+rlx MP+rlx --iterations 20000 --json " + path.string());
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "Test SB+rlx")) << o.out;
  EXPECT_TRUE(contains(o.out, "Histogram (")) << o.out;
  EXPECT_TRUE(contains(o.out, "Iterations 20000")) << o.out;
  const auto doc =
      litmuslab::report::parse_results(litmuslab::testing::read_text(path), path.string());
  ASSERT_EQ(doc.runs.size(), 2u);
  EXPECT_EQ(doc.runs[0].test, "SB+rlx");
  EXPECT_EQ(doc.runs[1].test, "MP+rlx");
  std::uint64_t sum = 0;
  for (const auto& outcome : doc.runs[0].outcomes) sum += outcome.count;
  EXPECT_EQ(sum, 20000u);
  EXPECT_FALSE(doc.interrupted);
}

TEST(Cli, JsonToStdoutKeepsStdoutParseable) {
  // MP+sc, not SB+sc: qemu-user on x86 lets SB+sc's forbidden state through
  // (exit 1), and this test also runs under it in the aarch64 build.
  const Outcome o = cli("run MP+sc --iterations 1000 --json -");
  EXPECT_EQ(o.status, 0) << o.err;
  const auto doc = litmuslab::report::parse_results(o.out, "stdout");
  ASSERT_EQ(doc.runs.size(), 1u);
  EXPECT_TRUE(contains(o.err, "Test MP+sc"));
}

TEST(Cli, CheckReportsFileLineColumn) {
  const litmuslab::testing::ScratchDir scratch;
  const auto path = scratch / "bad.litmus";
  {
    std::ofstream out(path);
    out << "C bad\n{ }\nP0(atomic_int* x) {\n  atomic_store_explicit(x, 1, "
           "memory_order_acquire);\n}\n"
           "exists (0:r0=0)\n";
  }
  const Outcome o = cli("check " + path.string());
  EXPECT_EQ(o.status, 2);
  EXPECT_TRUE(contains(o.err, path.string() + ":4:")) << o.err;
  EXPECT_TRUE(contains(o.err, "error:")) << o.err;
  const Outcome good = cli(std::string("check ") + LITMUSLAB_CATALOGUE_DIR + "/SB+rlx.litmus");
  EXPECT_EQ(good.status, 0) << good.err;
  const Outcome run_bad = cli("run " + path.string());
  EXPECT_EQ(run_bad.status, 2);
  EXPECT_TRUE(contains(run_bad.err, path.string() + ":4:")) << run_bad.err;
}

TEST(Cli, SelectionByPathAndGlob) {
  const Outcome by_path = cli(std::string("run -q --iterations 1000 ") + LITMUSLAB_CATALOGUE_DIR +
                              "/LB+rlx.litmus --json -");
  EXPECT_EQ(by_path.status, 0) << by_path.err;
  EXPECT_EQ(litmuslab::report::parse_results(by_path.out, "stdout").runs.at(0).test, "LB+rlx");
  const Outcome by_glob = cli("run -q --iterations 1000 'MP+rlx*' --json -");
  EXPECT_EQ(by_glob.status, 0) << by_glob.err;
  EXPECT_GE(litmuslab::report::parse_results(by_glob.out, "stdout").runs.size(), 2u);
}

TEST(Cli, ModelPrintsHerdBlocksAndJson) {
  const Outcome text = cli("model SB+rlx");
  EXPECT_EQ(text.status, 0) << text.err;
  for (const char* model : {"sc", "x86-tso", "armv8", "cpp", "rc11"})
    EXPECT_TRUE(contains(text.out, std::string("Model ") + model + "\n")) << model;
  EXPECT_TRUE(contains(text.out, "Observation SB+rlx Never 0 3"));
  const Outcome one = cli("model MP+rlx --model armv8 --json -");
  EXPECT_EQ(one.status, 0) << one.err;
  EXPECT_TRUE(contains(one.out, "\"armv8\""));
  EXPECT_FALSE(contains(one.out, "\"rc11\""));
  EXPECT_EQ(cli("model MP+rlx --model tso").status, 2);
  EXPECT_EQ(cli("model MP+rlx --arm-acquire ldx").status, 2);
  EXPECT_EQ(cli("model NoSuchTest").status, 2);
  const Outcome file =
      cli(std::string("model ") + LITMUSLAB_CATALOGUE_DIR + "/SB+sc.litmus --model cpp");
  EXPECT_EQ(file.status, 0) << file.err;
  EXPECT_TRUE(contains(file.out, "Observation SB+sc Never"));
  const Outcome glob = cli("model 'MP+*' --model sc");
  EXPECT_EQ(glob.status, 0) << glob.err;
  EXPECT_TRUE(contains(glob.out, "Test MP+rlx ") && contains(glob.out, "Test MP+sc "));
  EXPECT_FALSE(contains(glob.out, "Test SB+"));
  EXPECT_EQ(cli("model 'ZZ*'").status, 2);
}

TEST(Cli, RunGradesEveryState) {
  const Outcome o = cli("run MP+relacq --iterations 20000 --json -");
  EXPECT_EQ(o.status, 0) << o.err;
  const auto doc = litmuslab::report::parse_results(o.out, "stdout");
  const auto& run = doc.runs.at(0);
  ASSERT_TRUE(run.forbidden_observed.has_value());
  EXPECT_FALSE(*run.forbidden_observed);
  for (const auto& outcome : run.outcomes) EXPECT_EQ(outcome.allowed.count("cpp"), 1u);
  EXPECT_TRUE(run.condition_rate.has_value());
}

TEST(Cli, ListAndShow) {
  const Outcome list = cli("list 'SB+*'");
  EXPECT_EQ(list.status, 0);
  EXPECT_TRUE(contains(list.out, "SB+rlx"));
  EXPECT_FALSE(contains(list.out, "MP+rlx"));
  const Outcome show = cli("show SB+sc");
  EXPECT_EQ(show.status, 0);
  EXPECT_TRUE(contains(show.out, "std::memory_order_seq_cst"));
  EXPECT_TRUE(contains(show.out, "exists (0:r0=0 /\\ 1:r0=0)"));
  EXPECT_TRUE(contains(show.out, "Allowed states per model"));
}

TEST(Cli, ShowAndModelTakeTheWholeDialect) {
  const std::string herd7 = std::string(LITMUSLAB_TEST_FIXTURES) + "/herd7/";
  const std::string branches = herd7 + "diy-c/LB/LB+addrrlxrlx+ctrlrlxrlx.litmus";
  const Outcome show = cli("show " + branches);
  EXPECT_EQ(show.status, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "  Generator=diycross.exe (version 7.57)\n"));
  EXPECT_TRUE(
      contains(show.out, "  atomic_store_explicit(y + (r0 & 128), 1, memory_order_relaxed);\n"));
  EXPECT_TRUE(contains(show.out,
                       "  if (r0 == 1) {\n    atomic_store_explicit(x, 1, "
                       "memory_order_relaxed);\n  }\n"));
  // Neither the address nor the control dependency orders anything in cpp.
  EXPECT_TRUE(contains(show.out, " * 0:r0=1; 1:r0=1;  no  no       no     yes  no\n")) << show.out;
  const std::string pointers = herd7 + "dialect/MP+ptr+relacq.litmus";
  const Outcome ptr = cli("show " + pointers);
  EXPECT_EQ(ptr.status, 0) << ptr.err;
  EXPECT_TRUE(contains(ptr.out, "p=z (pointer) (non-atomic);"));
  EXPECT_TRUE(contains(ptr.out, "P1 registers: int* r0; int r1;\n"));
  EXPECT_TRUE(contains(ptr.out, "  r1 = *r0;\n"));
  const Outcome model = cli("model --model cpp " + pointers);
  EXPECT_EQ(model.status, 0) << model.err;
  EXPECT_TRUE(contains(model.out, "States 2\n1:r0=x; 1:r1=1;\n1:r0=z; 1:r1=0;\nNo\n")) << model.out;
}

TEST(Cli, ModelRejectsAnAddressOffsetThatIsNotZero) {
  const litmuslab::testing::ScratchDir scratch;
  const std::string path = (scratch / "offset.litmus").string();
  {
    std::ofstream out(path);
    out << "C offset\n{ x = 1; }\n"
           "P0 (atomic_int* x, atomic_int* y) {\n"
           "  int r0 = atomic_load_explicit(x, memory_order_relaxed);\n"
           "  atomic_store_explicit(y + r0, 1, memory_order_relaxed);\n"
           "}\nexists (0:r0=1)\n";
  }
  const Outcome model = cli("model " + path);
  EXPECT_EQ(model.status, 2);
  EXPECT_TRUE(contains(model.err, path + ":5:25: error: unsupported: an address offset that is "
                                         "not 0 in some execution"))
      << model.err;
}

TEST(Cli, ShowAsmPrintsEachThreadsMachineCode) {
  const Outcome o = cli("show SB+sc --asm");
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_TRUE(contains(o.out, "Machine code (")) << o.out;
  EXPECT_TRUE(contains(o.out, "P0 (litmuslab_kernel_SB_2bsc_P0):\n")) << o.out;
  EXPECT_TRUE(contains(o.out, "P1 (litmuslab_kernel_SB_2bsc_P1):\n")) << o.out;
  EXPECT_FALSE(contains(cli("show SB+sc").out, "Machine code ("));
}

// The CLI runs as this test does (natively, or under the same emulator).
TEST(Cli, RunRecordsTheArchitectureAndEmulation) {
  const auto here = litmuslab::report::describe_host();
  const Outcome detected = cli("run SB+rlx --iterations 1000 --json -");
  ASSERT_EQ(detected.status, 0) << detected.err;
  const auto doc = litmuslab::report::parse_results(detected.out, "stdout");
  EXPECT_EQ(doc.host.arch, here.arch);
  EXPECT_EQ(doc.host.emulated, here.emulated);
  EXPECT_EQ(contains(detected.err, "Note: emulated CPU"), here.emulated) << detected.err;

  const Outcome forced = cli("run SB+rlx --iterations 1000 --emulated yes --json -");
  EXPECT_TRUE(litmuslab::report::parse_results(forced.out, "stdout").host.emulated);
  EXPECT_TRUE(contains(forced.err, "Note: emulated CPU")) << forced.err;
  // -q prints no histograms, so the note that heads them goes to stderr.
  const Outcome quiet = cli("run SB+rlx --iterations 1000 --emulated yes -q");
  EXPECT_EQ(quiet.status, 0) << quiet.err;
  EXPECT_FALSE(contains(quiet.out, "emulated")) << quiet.out;
  EXPECT_TRUE(contains(quiet.err, "Note: emulated CPU")) << quiet.err;
  const Outcome native = cli("run SB+rlx --iterations 1000 --emulated no --json -");
  EXPECT_FALSE(litmuslab::report::parse_results(native.out, "stdout").host.emulated);
  EXPECT_FALSE(contains(native.err, "Note: emulated CPU")) << native.err;
}

}  // namespace
