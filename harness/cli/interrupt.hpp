// Ctrl-C and SIGTERM during a run: a flag the runner polls, so the run
// stops cleanly and keeps what it counted.
#pragma once

namespace litmuslab::cli {

// Installs SIGINT and SIGTERM handlers for its lifetime; restores the old ones.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  bool requested() const;
  int signal_number() const;  // 0 if none arrived
};

}  // namespace litmuslab::cli
