// The régua's daily run from the command line (`fiado daily-run`) and inside `fiado
// serve` (a scheduler thread that runs each shop's day once its configured hour comes).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/wiring.h"

namespace fiado::app {

struct DailyRunOptions {
  std::string db_url;
  std::string store;  // id or CNPJ/CPF; empty = every store
  std::string date;   // AAAA-MM-DD; empty = each store's local today
  bool dry_run = false;
};

// Runs the day of one store or of all, with a progress line on stderr and the counts on
// stdout. Exit 1 when the store or the date is wrong.
int RunDailyRun(const DailyRunOptions& options);

// Calls CollectionService::RunDueShops every `period` until destroyed; failures are
// logged and retried on the next tick.
class CollectionScheduler {
 public:
  CollectionScheduler(Wiring& wiring, std::chrono::seconds period);
  ~CollectionScheduler();
  CollectionScheduler(const CollectionScheduler&) = delete;
  CollectionScheduler& operator=(const CollectionScheduler&) = delete;

 private:
  void Loop();
  void RefreshCredit(const core::StoreId& store_id);

  Wiring& wiring_;
  std::chrono::seconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fiado::app
