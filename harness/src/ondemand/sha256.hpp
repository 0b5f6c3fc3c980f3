// SHA-256 (FIPS 180-4): the cache's keys and the checksum that seals each
// entry. Collisions must not load the wrong kernels, so FNV-1a will not do.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace litmuslab::ondemand {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256& update(std::string_view bytes);
  // The digest of everything updated so far; the object is spent after it.
  Digest finish();

  static Digest of(std::string_view bytes) { return Sha256().update(bytes).finish(); }
  static std::string hex(const Digest& digest);

 private:
  void block(const std::uint8_t* data);

  std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> pending_{};
  std::size_t pending_size_ = 0;
  std::uint64_t length_ = 0;  // bytes
};

}  // namespace litmuslab::ondemand
