#include "ondemand/cache.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "ondemand/sha256.hpp"

namespace litmuslab::ondemand {
namespace {

namespace fs = std::filesystem;

// The entry format's folder: a new footer or naming scheme takes a new one.
constexpr std::string_view kFormat = "kernels-v1";
constexpr std::string_view kMagic = "litmuslab-so-v1\n";  // 16 bytes
constexpr std::size_t kFooterSize = 16 + 8 + 32;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Writes `bytes` to `path` whole or throws: a short write leaves no file.
void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) {
    std::error_code ignored;
    fs::remove(path, ignored);
    throw std::system_error(errno ? errno : EIO, std::generic_category(),
                            "cannot write " + path.string());
  }
}

void rename_into_place(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    const int error = errno;
    std::error_code ignored;
    fs::remove(from, ignored);
    throw std::system_error(error, std::generic_category(), "cannot rename into " + to.string());
  }
}

// Creates `folder` and checks that a file can be made in it; "" or why not.
std::string unwritable_reason(const fs::path& folder) {
  std::error_code error;
  fs::create_directories(folder, error);
  if (error) return error.message();
  const std::string probe = (folder / ".write-test-XXXXXX").string();
  std::string name = probe;
  const int fd = mkstemp(name.data());
  if (fd < 0) return std::strerror(errno);
  close(fd);
  fs::remove(name, error);
  return {};
}

// Unique among processes (the pid) and within one (the counter).
std::string unique_suffix() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

}  // namespace

bool sealed(std::string_view bytes) {
  if (bytes.size() < kFooterSize) return false;
  const std::string_view payload = bytes.substr(0, bytes.size() - kFooterSize);
  const std::string_view footer = bytes.substr(payload.size());
  if (footer.substr(0, kMagic.size()) != kMagic) return false;
  std::uint64_t length = 0;
  for (int i = 0; i < 8; ++i)
    length |= std::uint64_t{static_cast<unsigned char>(footer[kMagic.size() + i])} << (8 * i);
  if (length != payload.size()) return false;
  const Sha256::Digest digest = Sha256::of(payload);
  return footer.substr(kMagic.size() + 8) ==
         std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string seal(std::string bytes) {
  const Sha256::Digest digest = Sha256::of(bytes);
  const std::uint64_t length = bytes.size();
  bytes += kMagic;
  for (int i = 0; i < 8; ++i) bytes += static_cast<char>((length >> (8 * i)) & 0xff);
  bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return bytes;
}

Cache::Cache(fs::path folder, bool temporary) : folder_(std::move(folder)), temporary_(temporary) {}

Cache::~Cache() {
  if (!temporary_) return;
  std::error_code ignored;
  fs::remove_all(folder_, ignored);
}

fs::path Cache::default_root() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg && fs::path(xdg).is_absolute()) return fs::path(xdg) / "litmuslab";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : "/") / ".cache" / "litmuslab";
}

std::shared_ptr<const Cache> Cache::open(const std::optional<fs::path>& root, std::string& note) {
  const fs::path folder = root.value_or(default_root()) / kFormat;
  const std::string reason = unwritable_reason(folder);
  if (reason.empty()) return std::shared_ptr<const Cache>(new Cache(folder, false));
  std::error_code error;
  fs::path base = fs::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string name = (base / "litmuslab-cache-XXXXXX").string();
  if (!mkdtemp(name.data()))
    throw std::system_error(errno, std::generic_category(),
                            "cannot write the cache folder " + folder.string() + " (" + reason +
                                ") nor make a temporary one in " + base.string());
  note = "cannot write the cache folder " + folder.string() + " (" + reason +
         "); compiling into the temporary folder " + name + ", removed at exit";
  return std::shared_ptr<const Cache>(new Cache(name, true));
}

fs::path Cache::object_path(std::string_view key) const {
  return folder_ / (std::string(key) + ".so");
}

fs::path Cache::source_path(std::string_view key) const {
  return folder_ / (std::string(key) + ".cpp");
}

bool Cache::valid(std::string_view key, bool& damaged) const {
  damaged = false;
  const fs::path path = object_path(key);
  std::error_code error;
  if (!fs::exists(path, error)) return false;
  if (sealed(read_file(path))) return true;
  damaged = true;
  fs::remove(path, error);
  return false;
}

fs::path Cache::temporary_path(std::string_view key, std::string_view suffix) const {
  return folder_ / ("." + std::string(key) + "." + unique_suffix() + std::string(suffix));
}

void Cache::write_source(std::string_view key, std::string_view text) const {
  const fs::path target = source_path(key);
  const fs::path temporary = temporary_path(key, ".cpp");
  write_file(temporary, text);
  rename_into_place(temporary, target);
}

void Cache::publish(std::string_view key, const fs::path& compiled) const {
  const fs::path temporary = temporary_path(key, ".so");
  write_file(temporary, seal(read_file(compiled)));
  std::error_code ignored;
  fs::remove(compiled, ignored);
  rename_into_place(temporary, object_path(key));
}

}  // namespace litmuslab::ondemand
