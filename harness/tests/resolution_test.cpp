// Choosing tests: names, globs with a literal '+', catalogue paths, and refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "litmuslab/frontend.hpp"
#include "litmuslab/parse.hpp"
#include "scratch_files.hpp"

namespace litmuslab::frontend {
namespace {

std::vector<std::string> names(const std::vector<TestHandle>& tests) {
  std::vector<std::string> out;
  for (const auto& t : tests) out.push_back(t->test.name);
  return out;
}

TEST(Selection, NoArgumentsMeansTheDefaultSuite) {
  EXPECT_EQ(names(resolve_tests({}, Purpose::run)), default_suite());
}

TEST(Selection, ExactNamesInOrderWithoutRepeats) {
  EXPECT_EQ(names(resolve_tests({"MP+sc", "SB+rlx", "MP+sc"}, Purpose::run)),
            (std::vector<std::string>{"MP+sc", "SB+rlx"}));
}

TEST(Selection, GlobsTreatPlusLiterally) {
  const auto sb = names(resolve_tests({"SB+*"}, Purpose::run));
  ASSERT_FALSE(sb.empty());
  for (const auto& n : sb) EXPECT_EQ(n.rfind("SB+", 0), 0u) << n;
  EXPECT_NE(std::find(sb.begin(), sb.end(), "SB+rlx+scfences"), sb.end());
  const auto sc = names(resolve_tests({"*+sc"}, Purpose::run));
  EXPECT_NE(std::find(sc.begin(), sc.end(), "SB+sc"), sc.end());
  EXPECT_NE(std::find(sc.begin(), sc.end(), "MP+sc"), sc.end());
  for (const auto& n : sc) EXPECT_TRUE(n.ends_with("+sc")) << n;
  EXPECT_EQ(names(resolve_tests({"SB+rl?"}, Purpose::run)), (std::vector<std::string>{"SB+rlx"}));
}

TEST(Selection, UnknownNamesAndEmptyGlobsAreErrors) {
  EXPECT_THROW(resolve_tests({"SB+nothing"}, Purpose::run), SelectionError);
  EXPECT_THROW(resolve_tests({"ZZ*"}, Purpose::run), SelectionError);
  try {
    resolve_tests({"SB+rlxx"}, Purpose::run);
  } catch (const SelectionError& e) {
    EXPECT_NE(std::string(e.what()).find("SB+rlx"), std::string::npos) << "suggests a name";
  }
}

TEST(Selection, CataloguePathsRunTheirTest) {
  const std::string path = std::string(LITMUSLAB_CATALOGUE_DIR) + "/MP+relacq.litmus";
  EXPECT_EQ(names(resolve_tests({path}, Purpose::run)), (std::vector<std::string>{"MP+relacq"}));
}

TEST(Selection, OtherFilesAreNotCatalogueTests) {
  // An edited copy is a test of its own: inspected without kernels here (a
  // run compiles it on demand: ondemand_tests).
  const litmuslab::testing::ScratchDir dir;
  const auto edited = dir / "edited.litmus";
  {
    std::ifstream in(std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus");
    std::ofstream out(edited);
    out << in.rdbuf() << "\n(* edited *)\n";
  }
  const auto inspected = resolve_tests({edited.string()}, Purpose::inspect);
  ASSERT_EQ(inspected.size(), 1u);
  EXPECT_EQ(inspected.front()->kernels, nullptr);
  EXPECT_EQ(inspected.front()->test.name, "SB+rlx");
  // A file that cannot be read is a diagnostic at 0:0, as `check` gives it.
  try {
    resolve_tests({"/no/such/file.litmus"}, Purpose::run);
    ADD_FAILURE() << "a missing file resolved";
  } catch (const format::ParseFailure& e) {
    EXPECT_EQ(e.error().to_string().rfind("/no/such/file.litmus:0:0: error: cannot read file", 0),
              0u)
        << e.error().to_string();
  }
  EXPECT_THROW(resolve_tests({"missing.litmus"}, Purpose::inspect), format::ParseFailure);
  const auto broken = dir / "broken.litmus";
  { std::ofstream(broken) << "C broken\n{}\nP0(atomic_int* x) { if }\nexists (0:r0=0)\n"; }
  EXPECT_THROW(resolve_tests({broken.string()}, Purpose::run), format::ParseFailure);
}

TEST(Selection, ExactlyOneForCommandsThatTakeOne) {
  EXPECT_EQ(resolve_test("SB+rl?", Purpose::run, "tune")->test.name, "SB+rlx");
  try {
    resolve_test("MP+*", Purpose::run, "tune");
    ADD_FAILURE() << "a glob of several tests was taken as one";
  } catch (const SelectionError& e) {
    const std::string expected = "'MP+*' names " +
                                 std::to_string(resolve_tests({"MP+*"}, Purpose::run).size()) +
                                 " tests; tune takes one";
    EXPECT_EQ(e.what(), expected);
  }
}

TEST(Selection, InspectingTakesAnyFileThatParses) {
  const litmuslab::testing::ScratchDir dir;
  const auto mine = dir / "mine.litmus";
  litmuslab::testing::write_text(
      mine, litmuslab::testing::read_text(std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus") +
                "\n(* mine *)\n");
  const TestHandle parsed = resolve_test(mine.string(), Purpose::inspect, "show");
  EXPECT_EQ(parsed->test.name, "SB+rlx");
  EXPECT_EQ(parsed->kernels, nullptr);  // not compiled: nothing to run
  // A catalogue file is the catalogue's test, kernels and all.
  const TestHandle catalogued = resolve_test(
      std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus", Purpose::inspect, "show");
  EXPECT_EQ(catalogued.get(), catalogue::Catalogue::compiled().find("SB+rlx"));
  ASSERT_NE(catalogued->kernels, nullptr);
}

}  // namespace
}  // namespace litmuslab::frontend
