// Group commit for the embedded engine. SQLite lets one writer in at a time and a durable
// COMMIT waits for the disk (an fsync: milliseconds), so writers that arrive while one
// commits queue up and the next of them commits the whole queue at once: each unit of
// work runs inside its own SAVEPOINT of the shared transaction, so one that fails is
// rolled back alone, and the rest share one fsync. A caller returns only after the
// transaction that holds its work has committed, so "returned" still means "durable".
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>

#include <soci/session.h>

#include "storage/database.h"

namespace fiado::storage {

class GroupCommit {
 public:
  // The work writes through the session it is given; true keeps its writes, false (or an
  // exception) rolls back to its savepoint.
  using Work = std::function<bool(soci::session&)>;

  explicit GroupCommit(Database& db, std::size_t max_batch = 64);

  // Runs `work` in the next shared write transaction and waits for its commit. Rethrows
  // the work's exception; throws when the commit itself fails (then nothing of the
  // batch was written).
  void Run(const Work& work);

 private:
  struct Job {
    const Work* work = nullptr;
    std::exception_ptr error{};
    bool done = false;
  };
  void Lead(std::unique_lock<std::mutex>& lock);
  static void RunOne(soci::session& session, Job& job);

  Database& db_;
  const std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::deque<Job*> queue_;
  bool leading_ = false;
};

}  // namespace fiado::storage
