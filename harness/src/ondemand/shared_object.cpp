#include "ondemand/shared_object.hpp"

#include <dlfcn.h>

namespace litmuslab::ondemand {

SharedObject::SharedObject(const std::filesystem::path& path, std::shared_ptr<const Cache> cache)
    : path_(path), cache_(std::move(cache)) {
  handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle_) {
    const char* error = dlerror();
    throw LoadError("cannot load " + path.string() + ": " + (error ? error : "dlopen failed"));
  }
}

SharedObject::~SharedObject() {
  if (handle_) dlclose(handle_);
}

void* SharedObject::symbol(const char* name) const {
  dlerror();
  void* address = dlsym(handle_, name);
  if (!address)
    throw LoadError(path_.string() + " exports no " + name + " (not a litmuslab kernels object)");
  return address;
}

}  // namespace litmuslab::ondemand
