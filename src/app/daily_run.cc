#include "app/daily_run.h"

#include <spdlog/spdlog.h>

#include <iostream>

#include "core/time_zone.h"

namespace fiado::app {

namespace {

void ShowDecided(std::int64_t done) { std::cerr << "\rclientes decididos: " << done << std::flush; }

void PrintRun(const stores::Store& store, const collection::RunRecord& run) {
  std::cerr << '\n';
  std::cout << "loja: " << store.name << " (" << store.id.str()
            << ")\ndia: " << core::FormatIso(run.run_date)
            << (run.dry_run ? " (simulação: nada gravado)" : "") << "\nclientes: " << run.customers
            << "\nparcelas em aberto na régua: " << run.installments << "\nações: " << run.actions
            << " (" << run.deferred << " adiadas para o próximo horário permitido)\n";
  for (const auto& [reason, count] : run.skipped) {
    const auto parsed = collection::ParseReason(reason);
    std::cout << "  sem ação (" << (parsed ? collection::ReasonPt(*parsed) : reason)
              << "): " << count << '\n';
  }
}

int RunOne(Wiring& wiring, const stores::Store& store, const DailyRunOptions& options) {
  std::optional<core::Date> date;
  if (!options.date.empty()) {
    auto parsed = core::ParseIsoDate(options.date, "--date");
    if (!parsed) {
      std::cerr << "erro: " << parsed.error().Describe() << '\n';
      return 1;
    }
    date = *parsed;
  }
  auto run =
      wiring.collection().Run(core::Actor{store.id, "cli:daily-run"},
                              collection::RunRequest{date, options.dry_run, "cli"}, ShowDecided);
  if (!run) {
    std::cerr << "\nerro: " << run.error().Describe() << '\n';
    return 1;
  }
  PrintRun(store, *run);
  if (options.dry_run) return 0;
  auto refreshed = wiring.credit().RefreshAll(core::Actor{store.id, "cli:daily-run"});
  if (!refreshed) {
    std::cerr << "\nerro no crédito: " << refreshed.error().Describe() << '\n';
    return 1;
  }
  std::cout << "  crédito: " << refreshed->scored << " scores recalculados, " << refreshed->raised
            << " limites subiram, " << refreshed->lowered << " baixaram\n";
  return 0;
}

}  // namespace

int RunDailyRun(const DailyRunOptions& options) {
  core::SystemClock clock;
  Wiring wiring(options.db_url, 2, clock);
  if (!options.store.empty()) {
    const auto store = FindStore(wiring, options.store);
    if (!store) {
      std::cerr << "erro: loja não encontrada: " << options.store << '\n';
      return 1;
    }
    return RunOne(wiring, *store, options);
  }
  int exit_code = 0;
  for (const stores::Store& store : wiring.stores().List()) {
    exit_code = std::max(exit_code, RunOne(wiring, store, options));
  }
  return exit_code;
}

CollectionScheduler::CollectionScheduler(Wiring& wiring, std::chrono::seconds period)
    : wiring_(wiring), period_(period), thread_([this] { Loop(); }) {}

CollectionScheduler::~CollectionScheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

// The nightly recomputation of scores and limits, right after the shop's collection day.
void CollectionScheduler::RefreshCredit(const core::StoreId& store_id) {
  auto refreshed = wiring_.credit().RefreshAll(core::Actor{store_id, "system:credit"});
  if (!refreshed) {
    spdlog::error("crédito: loja {}: {}", store_id.str(), refreshed.error().message_pt);
    return;
  }
  spdlog::info("crédito: loja {}: {} scores, {} limites subiram, {} baixaram", store_id.str(),
               refreshed->scored, refreshed->raised, refreshed->lowered);
}

void CollectionScheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      for (const auto& run : wiring_.collection().RunDueShops()) {
        spdlog::info("régua: loja {} dia {}: {} ações ({} adiadas), {} clientes",
                     run.store_id.str(), core::FormatIso(run.run_date), run.actions, run.deferred,
                     run.customers);
        RefreshCredit(run.store_id);
      }
    } catch (const std::exception& error) {
      spdlog::error("régua: a execução diária falhou: {}", error.what());
    }
    lock.lock();
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

}  // namespace fiado::app
