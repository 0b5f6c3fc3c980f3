// A shared object loaded with dlopen and closed with dlclose, once nothing
// holds it: every test whose kernels live in it holds a shared pointer.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "ondemand/cache.hpp"

namespace litmuslab::ondemand {

class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SharedObject {
 public:
  // Loads `path` with every symbol bound now and kept local to it. `cache`
  // is held so a temporary cache folder outlives its objects.
  SharedObject(const std::filesystem::path& path, std::shared_ptr<const Cache> cache);
  ~SharedObject();
  SharedObject(const SharedObject&) = delete;
  SharedObject& operator=(const SharedObject&) = delete;

  // The address of an exported symbol; throws LoadError when there is none.
  void* symbol(const char* name) const;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::shared_ptr<const Cache> cache_;
  void* handle_ = nullptr;
};

}  // namespace litmuslab::ondemand
