// The outbox worker from the command line (`fiado worker`) and inside `fiado serve` (a
// thread that sends due messages until the server stops).
#pragma once

#include <string>
#include <thread>

#include "app/wiring.h"

namespace fiado::app {

struct WorkerCommandOptions {
  std::string db_url;
  std::string public_url = "http://127.0.0.1:8080";  // the e-mails' opt-out links
  int threads = 4;                                   // messages sent at once
  int batch = 100;                                   // messages claimed per tick
  int lease_seconds = 60;  // a message claimed by a worker that died is looked at after it
  bool once = false;       // send what is due now, then exit
};

// Runs the worker until SIGINT/SIGTERM (or, with --once, until nothing is due), printing
// the counts on stdout. Exit 1 on a bad option or database.
int RunWorker(const WorkerCommandOptions& options);

// The worker on a thread of `fiado serve`; stops (finishing its batch) when destroyed.
class OutboxThread {
 public:
  explicit OutboxThread(Wiring& wiring);

 private:
  std::jthread thread_;
};

}  // namespace fiado::app
