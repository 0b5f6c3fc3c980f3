// The folder of compiled kernels, shared by every litmuslab process of a
// user: one sealed shared object per key, written through a temporary file
// and a rename, so a reader sees a whole entry or none.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace litmuslab::ondemand {

// An entry is `<folder>/<key>.so`: the compiler's output followed by a
// footer (a magic string, the output's length and its SHA-256), so a
// truncated or altered file is recognised and rebuilt, never loaded. The
// generated source it came from is kept beside it as `<key>.cpp`.
class Cache {
 public:
  // The cache under `root` (by default $XDG_CACHE_HOME/litmuslab, or
  // ~/.cache/litmuslab), in a folder per entry format. When that cannot be
  // written, a temporary folder instead, removed when the last Cache
  // pointer (each loaded object holds one) goes, and `note` says so.
  static std::shared_ptr<const Cache> open(const std::optional<std::filesystem::path>& root,
                                           std::string& note);
  ~Cache();
  Cache(const Cache&) = delete;
  Cache& operator=(const Cache&) = delete;

  // $XDG_CACHE_HOME/litmuslab, or ~/.cache/litmuslab.
  static std::filesystem::path default_root();

  const std::filesystem::path& folder() const { return folder_; }
  bool temporary() const { return temporary_; }

  std::filesystem::path object_path(std::string_view key) const;
  std::filesystem::path source_path(std::string_view key) const;

  // Whether the entry is whole. A damaged one is removed and `damaged` set.
  bool valid(std::string_view key, bool& damaged) const;

  // Writes the generated source beside the entry (temporary file, rename).
  void write_source(std::string_view key, std::string_view text) const;

  // A fresh path in the cache folder for a compiler to write its output to.
  std::filesystem::path temporary_path(std::string_view key, std::string_view suffix) const;

  // Seals the compiler's output at `compiled` with its footer and renames it
  // into place as the entry for `key`, replacing any entry there.
  void publish(std::string_view key, const std::filesystem::path& compiled) const;

 private:
  Cache(std::filesystem::path folder, bool temporary);

  std::filesystem::path folder_;
  bool temporary_ = false;
};

// Whether `bytes` end in a footer that matches the rest; the sealing itself.
bool sealed(std::string_view bytes);
std::string seal(std::string bytes);

}  // namespace litmuslab::ondemand
