// The commands that touch the database: `fiado migrate` and `fiado serve`. The wiring of
// the program lives here: the clock, the database, the services and the HTTP server are
// built and owned by these functions. Infrastructure failures surface as exceptions
// (storage::StorageError) for main to print as one line.
#pragma once

#include <cstdint>
#include <string>

#include "stores/store.h"

namespace fiado::app {

struct ServeOptions {
  std::string db_url;
  std::string address = "127.0.0.1";
  int port = 8080;
  std::size_t threads = 8;
  std::string web_dir;               // the built UI; empty = none
  bool demo = false;                 // seed a demo store on an empty database
  bool secure_cookies = false;       // behind HTTPS
  bool collection_scheduler = true;  // run each shop's régua at its hour
  bool outbox_worker = true;         // send the outbox's due messages
  std::string public_url{};          // the e-mails' opt-out links; empty = http://address:port
};

struct UserAddOptions {
  std::string db_url;
  std::string store;  // id or CNPJ/CPF
  std::string email;
  std::string name;
  std::string role;
  std::string password;  // empty = generate and print one
};

struct StoreAddOptions {
  std::string db_url;
  stores::StoreDraft draft;
};

struct DemoGenerateOptions {
  std::string db_url;
  std::int64_t customers = 0;
  std::uint64_t seed = 0;
  std::string store;  // id or CNPJ/CPF; empty = the seed's synthetic store
  std::string today;  // AAAA-MM-DD; empty = the store's local date now
  std::int64_t batch_customers = 2'500;
};

struct ImportOptions {
  std::string db_url;
  std::string store;  // id or CNPJ/CPF
  std::string file;
};

// `fiado import cnab FILE --store S`: imports a bank return file with a progress bar on
// stderr and prints the report; exit 1 when the file is refused (nothing was imported).
int RunImportCnab(const ImportOptions& options);

struct ReturnFileCommand {
  std::string db_url;
  std::string store;
  std::string out;
  std::int64_t titles = 100;
  std::string paid_on;  // AAAA-MM-DD; empty = the store's local date now
};

// `fiado demo cnab-return`: a CNAB 240 return file paying open installments of the store
// (app/return_file.h), to try the import. Prints how many titles and the total.
int RunDemoReturnFile(const ReturnFileCommand& options);

// Applies pending migrations and prints the resulting level. Returns the exit code.
int RunMigrate(const std::string& db_url);

// Opens (creating and migrating) the database and serves HTTP until SIGINT or SIGTERM.
int RunServe(const ServeOptions& options);

// `fiado user add`: a staff user of a store. Prints the password when it generated one.
int RunUserAdd(const UserAddOptions& options);

// `fiado store add`: a new store (tenant). Prints its id.
int RunStoreAdd(const StoreAddOptions& options);

// `fiado demo generate`: a synthetic portfolio (app/generator.h), progress on stderr and a
// summary on stdout. Writes no audit entries for the generated rows.
int RunDemoGenerate(const DemoGenerateOptions& options);

}  // namespace fiado::app
