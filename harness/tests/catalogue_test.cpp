// Choosing tests: names, globs with a literal '+', catalogue paths, and refusals.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "litmuslab/catalogue.hpp"
#include "litmuslab/parse.hpp"
#include "scratch_files.hpp"

namespace litmuslab::catalogue {
namespace {

std::vector<std::string> names(const std::vector<const RunnableTest*>& tests) {
  std::vector<std::string> out;
  for (const auto* t : tests) out.push_back(t->test.name);
  return out;
}

const Catalogue& catalogue() { return Catalogue::compiled(); }

TEST(Selection, NoArgumentsMeansTheDefaultSuite) {
  EXPECT_EQ(names(select_tests(catalogue(), {})), default_suite());
}

TEST(Selection, ExactNamesInOrderWithoutRepeats) {
  EXPECT_EQ(names(select_tests(catalogue(), {"MP+sc", "SB+rlx", "MP+sc"})),
            (std::vector<std::string>{"MP+sc", "SB+rlx"}));
}

TEST(Selection, GlobsTreatPlusLiterally) {
  const auto sb = names(select_tests(catalogue(), {"SB+*"}));
  ASSERT_FALSE(sb.empty());
  for (const auto& n : sb) EXPECT_EQ(n.rfind("SB+", 0), 0u) << n;
  EXPECT_NE(std::find(sb.begin(), sb.end(), "SB+rlx+scfences"), sb.end());
  const auto sc = names(select_tests(catalogue(), {"*+sc"}));
  EXPECT_NE(std::find(sc.begin(), sc.end(), "SB+sc"), sc.end());
  EXPECT_NE(std::find(sc.begin(), sc.end(), "MP+sc"), sc.end());
  for (const auto& n : sc) EXPECT_TRUE(n.ends_with("+sc")) << n;
  EXPECT_EQ(names(select_tests(catalogue(), {"SB+rl?"})), (std::vector<std::string>{"SB+rlx"}));
}

TEST(Selection, UnknownNamesAndEmptyGlobsAreErrors) {
  EXPECT_THROW(select_tests(catalogue(), {"SB+nothing"}), SelectionError);
  EXPECT_THROW(select_tests(catalogue(), {"ZZ*"}), SelectionError);
  try {
    select_tests(catalogue(), {"SB+rlxx"});
  } catch (const SelectionError& e) {
    EXPECT_NE(std::string(e.what()).find("SB+rlx"), std::string::npos) << "suggests a name";
  }
}

TEST(Selection, CataloguePathsRunTheirTest) {
  const std::string path = std::string(LITMUSLAB_CATALOGUE_DIR) + "/MP+relacq.litmus";
  EXPECT_EQ(names(select_tests(catalogue(), {path})), (std::vector<std::string>{"MP+relacq"}));
}

TEST(Selection, OtherFilesAreRefusedClearly) {
  const litmuslab::testing::ScratchDir dir;
  const auto edited = dir / "edited.litmus";
  {
    std::ifstream in(std::string(LITMUSLAB_CATALOGUE_DIR) + "/SB+rlx.litmus");
    std::ofstream out(edited);
    out << in.rdbuf() << "\n(* edited *)\n";
  }
  try {
    select_tests(catalogue(), {edited.string()});
    ADD_FAILURE() << "an edited copy ran";
  } catch (const SelectionError& e) {
    EXPECT_NE(std::string(e.what()).find("compile-on-demand is not available yet"),
              std::string::npos);
  }
  EXPECT_THROW(select_tests(catalogue(), {"/no/such/file.litmus"}), SelectionError);
  EXPECT_THROW(select_tests(catalogue(), {"missing.litmus"}), SelectionError);
  const auto broken = dir / "broken.litmus";
  { std::ofstream(broken) << "C broken\n{}\nP0(atomic_int* x) { if }\nexists (0:r0=0)\n"; }
  EXPECT_THROW(select_tests(catalogue(), {broken.string()}), format::ParseFailure);
}

TEST(Catalogue, EveryEntryIsParsedFromItsOwnSource) {
  ASSERT_FALSE(catalogue().tests().empty());
  for (const auto& e : catalogue().tests()) {
    EXPECT_EQ(e.test.name, e.kernels->name);
    EXPECT_EQ(e.test.source_text, e.kernels->source);
    EXPECT_EQ(e.test.threads.size(), e.kernels->threads.size());
    EXPECT_EQ(catalogue().find_by_source(e.kernels->source), &e);
  }
}

}  // namespace
}  // namespace litmuslab::catalogue
