#include "storage/group_commit.h"

#include <vector>

namespace fiado::storage {

GroupCommit::GroupCommit(Database& db, std::size_t max_batch) : db_(db), max_batch_(max_batch) {}

void GroupCommit::Run(const Work& work) {
  Job job{&work};
  std::unique_lock lock(mutex_);
  queue_.push_back(&job);
  while (!job.done) {
    if (leading_) {
      finished_.wait(lock);
      continue;
    }
    leading_ = true;
    Lead(lock);
    leading_ = false;
    finished_.notify_all();
  }
  if (job.error) std::rethrow_exception(job.error);
}

void GroupCommit::RunOne(soci::session& session, Job& job) {
  session << "SAVEPOINT unit_of_work";
  bool keep = false;
  try {
    keep = (*job.work)(session);
  } catch (...) {
    job.error = std::current_exception();
  }
  if (!keep) session << "ROLLBACK TO unit_of_work";
  session << "RELEASE unit_of_work";
}

// Called with the lock held; releases it while the batch runs.
void GroupCommit::Lead(std::unique_lock<std::mutex>& lock) {
  std::vector<Job*> batch;
  while (!queue_.empty() && batch.size() < max_batch_) {
    batch.push_back(queue_.front());
    queue_.pop_front();
  }
  lock.unlock();
  std::exception_ptr failure;
  try {
    soci::session session(db_.pool());
    WriteTransaction transaction(session, db_.engine());
    for (Job* job : batch) RunOne(session, *job);
    transaction.Commit();
  } catch (...) {
    failure = std::current_exception();  // nothing of the batch was committed
  }
  lock.lock();
  for (Job* job : batch) {
    if (failure) job->error = failure;
    job->done = true;
  }
}

}  // namespace fiado::storage
