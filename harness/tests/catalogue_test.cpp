// The compiled-in catalogue: exactly the files of litmus/, each parsed from
// its own bytes, sorted by name.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "litmuslab/catalogue.hpp"
#include "scratch_files.hpp"

namespace litmuslab::catalogue {
namespace {

const Catalogue& catalogue() { return Catalogue::compiled(); }

TEST(Catalogue, HoldsEveryFileOfTheCatalogueFolderByteForByte) {
  std::map<std::string, std::string> files;  // file name -> text
  for (const auto& file : std::filesystem::directory_iterator(LITMUSLAB_CATALOGUE_DIR))
    if (file.path().extension() == ".litmus")
      files.emplace(file.path().filename().string(), litmuslab::testing::read_text(file.path()));
  ASSERT_FALSE(files.empty());
  ASSERT_EQ(catalogue().tests().size(), files.size());
  for (const RunnableTest& entry : catalogue().tests()) {
    const auto file = files.find(std::string(entry.kernels->file_name));
    ASSERT_NE(file, files.end()) << entry.kernels->file_name << " is not in litmus/";
    EXPECT_EQ(entry.kernels->source, file->second) << file->first;
    // Each file is named after its test.
    EXPECT_EQ(file->first, entry.test.name + ".litmus");
  }
}

TEST(Catalogue, IsSortedByNameAndHashesItsSources) {
  const auto& tests = catalogue().tests();
  for (std::size_t i = 1; i < tests.size(); ++i)
    EXPECT_LT(tests[i - 1].test.name, tests[i].test.name);
  for (const RunnableTest& entry : tests)
    EXPECT_EQ(entry.kernels->source_hash, kernel::fnv1a(entry.kernels->source)) << entry.test.name;
}

TEST(Catalogue, EveryEntryIsParsedFromItsOwnSource) {
  for (const auto& e : catalogue().tests()) {
    EXPECT_EQ(e.test.name, e.kernels->name);
    EXPECT_EQ(e.test.source_text, e.kernels->source);
    EXPECT_EQ(e.test.threads.size(), e.kernels->threads.size());
    EXPECT_EQ(catalogue().find_by_source(e.kernels->source), &e);
  }
}

TEST(Catalogue, FindsByNameAndGlob) {
  ASSERT_NE(catalogue().find("SB+rlx"), nullptr);
  EXPECT_EQ(catalogue().find("SB+rlx")->test.name, "SB+rlx");
  EXPECT_EQ(catalogue().find("SB+nothing"), nullptr);
  const auto sb = catalogue().matching("SB+*");
  ASSERT_FALSE(sb.empty());
  for (const RunnableTest* entry : sb) EXPECT_TRUE(entry->test.name.starts_with("SB+"));
  EXPECT_TRUE(catalogue().matching("ZZ*").empty());
}

}  // namespace
}  // namespace litmuslab::catalogue
