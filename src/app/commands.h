// The commands that touch the database: `fiado migrate` and `fiado serve`. The wiring of
// the program lives here: the clock, the database, the services and the HTTP server are
// built and owned by these functions. Infrastructure failures surface as exceptions
// (storage::StorageError) for main to print as one line.
#pragma once

#include <string>

namespace fiado::app {

struct ServeOptions {
  std::string db_url;
  std::string address = "127.0.0.1";
  int port = 8080;
  std::size_t threads = 8;
};

// Applies pending migrations and prints the resulting level. Returns the exit code.
int RunMigrate(const std::string& db_url);

// Opens (creating and migrating) the database and serves HTTP until SIGINT or SIGTERM.
int RunServe(const ServeOptions& options);

}  // namespace fiado::app
