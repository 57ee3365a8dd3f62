#include "app/commands.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "app/version.h"
#include "core/clock.h"
#include "http/server.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace fiado::app {
namespace {

std::unique_ptr<storage::Database> OpenDatabase(const std::string& db_url, std::size_t pool_size) {
  auto url = storage::DatabaseUrl::Parse(db_url);
  if (!url) throw storage::StorageError(url.error().message_pt);
  return storage::Database::Open(*url, pool_size);
}

http::HealthReport CheckHealth(storage::Migrator& migrator, const storage::Database& db) {
  http::HealthReport report;
  report.version = kVersion;
  report.database_engine = std::string(storage::EngineName(db.engine()));
  report.latest_migration_level = migrator.LatestVersion();
  try {
    report.migration_level = migrator.CurrentVersion();
    report.database_ok = report.migration_level == report.latest_migration_level;
    if (!report.database_ok) report.problem = "esquema do banco desatualizado";
  } catch (const std::exception& error) {
    report.problem = error.what();
  }
  return report;
}

// Blocks SIGINT and SIGTERM in this thread and every thread started after it, so that
// only the watcher thread receives them (with sigwait) and can stop the server cleanly.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int RunMigrate(const std::string& db_url) {
  core::SystemClock clock;
  auto db = OpenDatabase(db_url, 1);
  storage::Migrator migrator(*db, clock);
  const auto applied = migrator.Migrate();
  std::cout << "banco " << db->url().Redacted() << ": " << applied.size()
            << " migração(ões) aplicada(s), versão do esquema " << migrator.CurrentVersion()
            << '\n';
  return 0;
}

int RunServe(const ServeOptions& options) {
  const sigset_t stop_signals = BlockStopSignals();
  core::SystemClock clock;
  auto db = OpenDatabase(options.db_url, options.threads);
  storage::Migrator migrator(*db, clock);
  const auto applied = migrator.Migrate();
  spdlog::info("banco {} na versão {} ({} migração(ões) aplicada(s) agora)", db->url().Redacted(),
               migrator.CurrentVersion(), applied.size());

  http::Server server(
      http::ServerOptions{options.address, options.port, options.threads},
      http::ServerDependencies{[&migrator, &db] { return CheckHealth(migrator, *db); }});
  if (auto bound = server.Bind(); !bound) {
    std::cerr << "erro: " << bound.error().message_pt << '\n';
    return 1;
  }
  std::atomic<bool> stopping{false};
  std::thread watcher([&server, &stopping, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    if (!stopping.exchange(true)) {
      spdlog::info("sinal {} recebido: encerrando", received == SIGINT ? "SIGINT" : "SIGTERM");
    }
    server.Stop();
  });
  std::cout << "Fiado " << kVersion << " em http://" << options.address << ":" << server.port()
            << std::endl;
  server.Run();
  // The server may also end on its own (a socket error): wake the watcher to finish.
  // The signal is blocked in every thread, so it does not terminate anything: the
  // watcher's sigwait takes it. NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
  if (!stopping.exchange(true)) pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  spdlog::info("servidor encerrado");
  return 0;
}

}  // namespace fiado::app
