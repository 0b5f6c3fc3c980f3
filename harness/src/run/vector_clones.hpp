// Counting loops that run over whole logs are built once per x86-64 vector
// level, and the loader picks the widest the CPU has (target_clones): one
// binary uses AVX-512 where it exists and still runs on any x86-64. The
// results are the same in every clone; only the width of the loop differs.
#pragma once

#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define LITMUSLAB_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define LITMUSLAB_SANITIZED 1
#endif

// Sanitized builds keep one version: the loader picks a clone before the
// sanitizer runtimes start, which they do not promise to support. Clang 14
// clones no templates, so clang builds keep one version too.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(LITMUSLAB_SANITIZED)
#define LITMUSLAB_VECTOR_CLONES __attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#else
#define LITMUSLAB_VECTOR_CLONES
#endif
