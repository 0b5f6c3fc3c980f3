// The pieces under compile on demand: the seal on cache entries, the cache
// key, the compiler's flags as a shell splits them, the Debian package a
// missing compiler names, and resolution of files and folders.
#include <gtest/gtest.h>

#include "litmuslab/frontend.hpp"
#include "litmuslab/parse.hpp"
#include "litmuslab/toolchain.hpp"
#include "ondemand/cache.hpp"
#include "ondemand/kernel_compiler.hpp"
#include "ondemand/sha256.hpp"
#include "ondemand/toolchain.hpp"
#include "scratch_files.hpp"

namespace litmuslab::ondemand {
namespace {

TEST(Sha256, KnownDigests) {
  // FIPS 180-4's examples: "abc", and the empty string.
  EXPECT_EQ(Sha256::hex(Sha256::of("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256::hex(Sha256::of("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Two blocks, fed in uneven pieces.
  const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  Sha256 pieces;
  pieces.update(text.substr(0, 5)).update(text.substr(5, 50)).update(text.substr(55));
  EXPECT_EQ(Sha256::hex(pieces.finish()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(CacheEntry, ASealedEntryIsWholeAndAnyDamageShows) {
  const std::string object = std::string(
                                 "\x7f"
                                 "ELF",
                                 4) +
                             std::string(1000, 'k');
  const std::string entry = seal(object);
  EXPECT_TRUE(sealed(entry));
  EXPECT_FALSE(sealed(object)) << "no footer";
  EXPECT_FALSE(sealed(entry.substr(0, entry.size() - 1))) << "truncated footer";
  EXPECT_FALSE(sealed(entry.substr(0, entry.size() / 2))) << "truncated";
  EXPECT_FALSE(sealed(""));
  std::string flipped = entry;
  flipped[100] ^= 1;
  EXPECT_FALSE(sealed(flipped)) << "one bit of the object";
  EXPECT_FALSE(sealed(object + entry.substr(object.size()) + "x")) << "bytes after the footer";
}

TEST(CacheFolder, EntriesAreWrittenWholeOrNotAtAll) {
  const testing::ScratchDir root;
  std::string note;
  const auto cache = Cache::open(root.path(), note);
  EXPECT_TRUE(note.empty()) << note;
  EXPECT_EQ(cache->folder(), root / "kernels-v1");
  const std::string key = "0123456789abcdef0123456789abcdef";
  bool damaged = true;
  EXPECT_FALSE(cache->valid(key, damaged));
  EXPECT_FALSE(damaged) << "absent is not damaged";
  const auto compiled = cache->temporary_path(key, ".so");
  testing::write_text(compiled, "object bytes");
  cache->publish(key, compiled);
  EXPECT_FALSE(std::filesystem::exists(compiled));
  EXPECT_TRUE(cache->valid(key, damaged));
  EXPECT_FALSE(damaged);
  testing::write_text(cache->object_path(key), "object bytes");  // the footer lost
  EXPECT_FALSE(cache->valid(key, damaged));
  EXPECT_TRUE(damaged);
  EXPECT_FALSE(std::filesystem::exists(cache->object_path(key))) << "a damaged entry is removed";
  // Nothing but entries is left behind: no temporary or probe file.
  const std::set<std::string> left = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(cache->folder()))
      names.insert(e.path().filename().string());
    return names;
  }();
  EXPECT_EQ(left, (std::set<std::string>{}));
}

TEST(CacheFolder, AnUnwritableRootFallsBackToATemporaryFolderRemovedAfterUse) {
  const testing::ScratchDir scratch;
  testing::write_text(scratch / "file", "");
  std::string note;
  std::filesystem::path folder;
  {
    const auto cache = Cache::open(scratch / "file", note);
    folder = cache->folder();
    EXPECT_TRUE(cache->temporary());
    EXPECT_TRUE(std::filesystem::is_directory(folder));
    EXPECT_NE(note.find("cannot write the cache folder " + (scratch / "file").string()),
              std::string::npos)
        << note;
  }
  EXPECT_FALSE(std::filesystem::exists(folder));
}

TEST(CacheKey, EveryInputOfTheObjectChangesIt) {
  const testing::ScratchDir root;
  std::string note;
  const auto cache = Cache::open(root.path(), note);
  const Toolchain build = default_toolchain();
  const KernelCompiler compiler(build, cache);
  const std::string key = compiler.key("source");
  EXPECT_EQ(key.size(), 32u);
  EXPECT_EQ(key, compiler.key("source")) << "stable";
  EXPECT_NE(key, compiler.key("source "));
  Toolchain other_flags = build;
  other_flags.flags.push_back("-O3");
  EXPECT_NE(key, KernelCompiler(other_flags, cache).key("source"));
  Toolchain other_version = build;
  other_version.version_text += " (patched)";
  EXPECT_NE(key, KernelCompiler(other_version, cache).key("source"));
  Toolchain other_path = build;
  other_path.path += "-12";
  EXPECT_NE(key, KernelCompiler(other_path, cache).key("source"));
}

TEST(Toolchain, TheBuildsCompilerIsRecordedAndFound) {
  const kernel::BuildToolchain& recorded = kernel::build_toolchain();
  EXPECT_FALSE(recorded.cxx.empty());
  EXPECT_FALSE(recorded.cxx_version.empty());
  const Toolchain build = default_toolchain();
  EXPECT_EQ(build.path, recorded.cxx);
  EXPECT_EQ(build.version, recorded.cxx_version);
  ASSERT_GE(build.flags.size(), 3u);
  EXPECT_EQ(build.flags[0], "-std=c++20");
  EXPECT_TRUE(build.flags_text().ends_with(std::string(recorded.ondemand_flags)))
      << build.flags_text();
  // Debug information leaves the machine code as it is and costs a fifth of each compile.
  for (const std::string& flag : split_words(recorded.ondemand_flags))
    EXPECT_FALSE(flag.starts_with("-g")) << recorded.ondemand_flags;
}

TEST(Toolchain, FlagsAreSplitAsAShellSplitsThem) {
  EXPECT_EQ(split_words("  -O2   -g "), (std::vector<std::string>{"-O2", "-g"}));
  EXPECT_EQ(split_words("-DNAME='a b' \"-DQ=\\\"x\\\"\" a\\ b"),
            (std::vector<std::string>{"-DNAME=a b", "-DQ=\"x\"", "a b"}));
  EXPECT_EQ(split_words(""), (std::vector<std::string>{}));
  EXPECT_EQ(split_words("''"), (std::vector<std::string>{""}));
  EXPECT_THROW(split_words("-D'open"), std::invalid_argument);
}

TEST(Toolchain, AMissingCompilerNamesItsDebianPackage) {
  EXPECT_EQ(debian_package_for("clang++-14"), "clang-14");
  EXPECT_EQ(debian_package_for("clang++"), "clang");
  EXPECT_EQ(debian_package_for("g++-12"), "g++-12");
  EXPECT_EQ(debian_package_for("c++"), "g++");
  EXPECT_EQ(debian_package_for("aarch64-linux-gnu-g++"), "g++-aarch64-linux-gnu");
  EXPECT_EQ(debian_package_for("aarch64-linux-gnu-g++-12"), "g++-12-aarch64-linux-gnu");
  try {
    probe_toolchain("/nonexistent/g++-12", "-O2", {"--cxx", ""});
    ADD_FAILURE() << "a missing compiler was accepted";
  } catch (const CompilerMissing& error) {
    EXPECT_NE(std::string(error.what()).find("apt-get install g++-12"), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(probe_toolchain("/bin/true", "", {}), NotACompiler);
  EXPECT_THROW(probe_toolchain("/", "", {}), NotACompiler);
}

TEST(Resolution, FoldersExpandToTheirLitmusFilesInPathOrder) {
  const testing::ScratchDir folder;
  std::filesystem::create_directories(folder / "z");
  const std::string catalogue(LITMUSLAB_CATALOGUE_DIR);
  std::filesystem::copy_file(catalogue + "/SB+rlx.litmus", folder / "z" / "1.litmus");
  std::filesystem::copy_file(catalogue + "/MP+sc.litmus", folder / "a.litmus");
  std::filesystem::copy_file(catalogue + "/LB+rlx.litmus", folder / "b.litmus.txt");
  EXPECT_TRUE(frontend::looks_like_path(folder.path().string()));
  const frontend::Resolution resolution =
      frontend::resolve({folder.path().string()}, frontend::Purpose::run, {});
  std::vector<std::string> names;
  for (const auto& test : resolution.tests) names.push_back(test->test.name);
  EXPECT_EQ(names, (std::vector<std::string>{"MP+sc", "SB+rlx"}));
  EXPECT_TRUE(resolution.failed.empty());
  const testing::ScratchDir empty;
  EXPECT_THROW(frontend::resolve({empty.path().string()}, frontend::Purpose::run, {}),
               frontend::SelectionError);
}

TEST(Resolution, OneFileThrowsWhatStopsItSeveralSetItAside) {
  const testing::ScratchDir folder;
  const std::string catalogue(LITMUSLAB_CATALOGUE_DIR);
  const auto broken = folder / "broken.litmus";
  testing::write_text(broken, "C broken\n{}\nP0(atomic_int* x) {\n  r0 = ;\n}\nexists (0:r0=0)\n");
  EXPECT_THROW(frontend::resolve({broken.string()}, frontend::Purpose::run, {}),
               format::ParseFailure);
  const frontend::Resolution several = frontend::resolve(
      {catalogue + "/SB+rlx.litmus", broken.string()}, frontend::Purpose::run, {});
  ASSERT_EQ(several.tests.size(), 1u);
  ASSERT_EQ(several.failed.size(), 1u);
  EXPECT_EQ(several.failed.front().file, broken.string());
  EXPECT_EQ(several.failed.front().error.rfind(broken.string() + ":4:", 0), 0u)
      << several.failed.front().error;
}

}  // namespace
}  // namespace litmuslab::ondemand
