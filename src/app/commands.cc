#include "app/commands.h"

#include <filesystem>

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <iomanip>
#include <iostream>
#include <thread>

#include "access/secrets.h"
#include "app/daily_run.h"
#include "app/demo.h"
#include "app/generator.h"
#include "app/outbox.h"
#include "app/return_file.h"
#include "app/version.h"
#include "app/wiring.h"
#include "core/clock.h"
#include "core/time_zone.h"
#include "http/server.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace fiado::app {
namespace {

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

void PrintLogin(const std::optional<DemoLogin>& login, bool demo) {
  if (login) {
    std::cout << "Loja de demonstração criada. Entre com:\n"
              << "  e-mail: " << login->email << '\n'
              << "  senha: " << login->password << '\n'
              << "(a senha aparece só agora; para outra, use fiado user add)\n";
  } else if (demo) {
    std::cout << "Entre com " << kDemoOwnerEmail
              << " e a senha mostrada na primeira execução (ou apague fiado.db para recomeçar)\n";
  }
}

}  // namespace

int RunMigrate(const std::string& db_url) {
  core::SystemClock clock;
  auto url = storage::DatabaseUrl::Parse(db_url);
  if (!url) throw storage::StorageError(url.error().message_pt);
  auto db = storage::Database::Open(*url, 1);
  storage::Migrator migrator(*db, clock);
  const auto applied = migrator.Migrate();
  std::cout << "banco " << db->url().Redacted() << ": " << applied.size()
            << " migração(ões) aplicada(s), versão do esquema " << migrator.CurrentVersion()
            << '\n';
  return 0;
}

int RunUserAdd(const UserAddOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 1, clock);
  auto store = FindStore(wiring, options.store);
  if (!store) {
    std::cerr << "erro: loja não encontrada: " << options.store << '\n';
    return 1;
  }
  const std::string password =
      options.password.empty() ? access::NewToken().substr(0, 14) : options.password;
  const core::Actor actor{store->id, "cli", ""};
  auto user = wiring.access().CreateUser(
      actor, access::NewUser{options.email, options.name.empty() ? options.email : options.name,
                             options.role, password});
  if (!user) {
    std::cerr << "erro: " << user.error().Describe() << '\n';
    return 1;
  }
  std::cout << "usuário " << user->email << " (" << access::RoleName(user->role)
            << ") criado na loja " << store->name << '\n';
  if (options.password.empty()) std::cout << "  senha: " << password << '\n';
  return 0;
}

int RunStoreAdd(const StoreAddOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 1, clock);
  auto store = CreateStore(wiring, options.draft, "cli");
  if (!store) {
    std::cerr << "erro: " << store.error().Describe() << '\n';
    return 1;
  }
  std::cout << store->id.str() << '\n';
  return 0;
}

int RunDemoGenerate(const DemoGenerateOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 2, clock);  // the generator keeps one session for the run
  std::optional<core::Date> today;
  if (!options.today.empty()) {
    auto parsed = core::ParseIsoDate(options.today, "--today");
    if (!parsed) {
      std::cerr << "erro: " << parsed.error().Describe() << '\n';
      return 1;
    }
    today = *parsed;
  }
  std::optional<stores::Store> store;
  if (!options.store.empty()) {
    store = FindStore(wiring, options.store);
    if (!store) {
      std::cerr << "erro: loja não encontrada: " << options.store << '\n';
      return 1;
    }
  }
  const std::string zone_name = store ? store->time_zone : std::string(core::kDefaultTimeZone);
  if (!today) today = core::TimeZone::Named(zone_name).value().LocalDate(clock.Now());
  if (!store) {
    auto synthetic = FindOrCreateSyntheticStore(wiring.stores(), options.seed, *today);
    if (!synthetic) {
      std::cerr << "erro: " << synthetic.error().Describe() << '\n';
      return 1;
    }
    store = std::move(*synthetic);
  }
  std::cout << "loja " << store->name << " (" << store->id.str() << "), hoje "
            << core::FormatIso(*today) << '\n';
  std::cout.flush();
  const PortfolioSummary summary =
      GeneratePortfolio(wiring.db(), *store,
                        PortfolioOptions{options.customers, options.seed, *today,
                                         options.batch_customers, &std::cerr});
  std::cout << "clientes: " << summary.customers << " gerados";
  if (summary.skipped > 0) std::cout << " (" << summary.skipped << " já existiam)";
  std::cout << "\nvendas: " << summary.sales << "\nparcelas: " << summary.installments
            << "\npagamentos: " << summary.payments << " (" << summary.payment_lines
            << " linhas de alocação)\ntempo: " << std::fixed << std::setprecision(1)
            << summary.elapsed_seconds << " s\n";
  return 0;
}

int RunServe(const ServeOptions& options) {
  const sigset_t stop_signals = BlockStopSignals();
  core::SystemClock clock;
  Wiring wiring(options.db_url, options.threads, clock);
  spdlog::info("banco {} na versão {}", wiring.db().url().Redacted(),
               wiring.migrator().CurrentVersion());
  const auto demo_login = options.demo ? SeedDemo(wiring) : std::nullopt;
  wiring.api().secure_cookies = options.secure_cookies;

  http::Server server(
      http::ServerOptions{options.address, options.port, options.threads},
      http::ServerDependencies{[&wiring] { return CheckHealth(wiring.migrator(), wiring.db()); },
                               &wiring.api(), options.web_dir});
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
  std::optional<CollectionScheduler> scheduler;
  if (options.collection_scheduler) scheduler.emplace(wiring, std::chrono::seconds{60});
  wiring.outbox().SetPublicUrl(options.public_url.empty() ? "http://" + options.address + ":" +
                                                                std::to_string(server.port())
                                                          : options.public_url);
  std::optional<OutboxThread> outbox;
  if (options.outbox_worker) outbox.emplace(wiring);
  std::cout << "Fiado " << kVersion << " em http://" << options.address << ":" << server.port()
            << '\n';
  PrintLogin(demo_login, options.demo);
  std::cout.flush();
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

namespace fiado::app {
namespace {

// "[##########..........]  50% 500/1000" rewritten in place on stderr.
void ShowProgress(std::int64_t done, std::int64_t total) {
  constexpr int kWidth = 30;
  const int filled = total > 0 ? static_cast<int>(done * kWidth / total) : kWidth;
  const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
  std::cerr << '\r' << '[' << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(kWidth - filled), '.') << "] " << std::setw(3)
            << percent << "% " << done << '/' << total << std::flush;
  if (done >= total) std::cerr << '\n';
}

void PrintReport(const reconciliation::ImportReport& report) {
  std::cout << "arquivo: " << report.file_name << " (" << report.kind << ", banco "
            << report.bank_code << ")\n";
  if (!report.duplicate_of.empty()) {
    std::cout << "este arquivo já foi importado antes (importação " << report.duplicate_of
              << "); nada é lançado duas vezes\n";
  }
  if (report.refused) {
    std::cout << "arquivo recusado; nada foi importado:\n";
    for (const auto& problem : report.problems) {
      std::cout << "  linha " << problem.line << ", campo " << problem.field << ": "
                << problem.message << '\n';
    }
    return;
  }
  std::cout << "títulos: " << report.records << "\nlançados: " << report.posted << " ("
            << report.posted_total.Format() << ")\njá importados: " << report.already_imported
            << " (" << report.already_imported_total.Format()
            << ")\nna fila de conciliação: " << report.queued << " ("
            << report.queued_total.Format() << ")\nregistros "
            << "confirmados: " << report.registered
            << "\nregistros rejeitados: " << report.registration_rejected
            << "\nestornos (cheque devolvido): " << report.reversed
            << "\noutras ocorrências: " << report.informational
            << "\ntarifas: " << report.fee_total.Format() << '\n';
}

}  // namespace

namespace {

// The store named on the command line, or nullopt after saying so on stderr.
std::optional<stores::Store> StoreOrComplain(Wiring& wiring, const std::string& id_or_legal_id) {
  auto store = FindStore(wiring, id_or_legal_id);
  if (!store) std::cerr << "erro: loja não encontrada: " << id_or_legal_id << '\n';
  return store;
}

}  // namespace

int RunImportCnab(const ImportOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 2, clock);
  const auto store = StoreOrComplain(wiring, options.store);
  if (!store) return 1;
  const std::string name = std::filesystem::path(options.file).filename().string();
  auto report = wiring.reconciliation().ImportCnab(core::Actor{store->id, "cli:import"},
                                                   options.file, name, ShowProgress);
  if (!report) {
    std::cerr << "erro: " << report.error().Describe() << '\n';
    return 1;
  }
  PrintReport(*report);
  return report->refused ? 1 : 0;
}

}  // namespace fiado::app

namespace fiado::app {

int RunDemoReturnFile(const ReturnFileCommand& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 2, clock);
  const auto store = StoreOrComplain(wiring, options.store);
  if (!store) return 1;
  auto paid_on = options.paid_on.empty()
                     ? core::TimeZone::Named(store->time_zone).value().LocalDate(clock.Now())
                     : core::ParseIsoDate(options.paid_on, "--paid-on");
  if (!paid_on) {
    std::cerr << "erro: " << paid_on.error().Describe() << '\n';
    return 1;
  }
  auto summary = WriteReturnFile(wiring.db(), *store,
                                 ReturnFileOptions{options.titles, *paid_on, options.out});
  if (!summary) {
    std::cerr << "erro: " << summary.error().Describe() << '\n';
    return 1;
  }
  std::cout << "títulos: " << summary->titles << "\ntotal pago: " << summary->paid_total.Format()
            << '\n';
  return 0;
}

}  // namespace fiado::app
