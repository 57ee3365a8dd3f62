#include "app/outbox.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>

#include <spdlog/spdlog.h>

#include "core/clock.h"
#include "storage/database.h"

namespace fiado::app {
namespace {

void PrintCounts(const messaging::TickCounts& counts) {
  std::cout << "enviadas: " << counts.sent << "\nnovas tentativas agendadas: " << counts.retried
            << "\nfalharam: " << counts.failed << "\ncanceladas: " << counts.cancelled
            << "\nadiadas: " << counts.deferred << "\npara envio manual: " << counts.manual
            << "\nenvio incerto: " << counts.uncertain << '\n';
}

std::string CheckOptions(const WorkerCommandOptions& options) {
  if (options.threads < 1 || options.threads > 64) return "--threads deve ser de 1 a 64";
  if (options.batch < 1 || options.batch > 10'000) return "--batch deve ser de 1 a 10000";
  if (options.lease_seconds < 1) return "--lease deve ser de pelo menos 1 segundo";
  if (options.public_url.rfind("http://", 0) != 0 && options.public_url.rfind("https://", 0) != 0) {
    return "--public-url deve começar com http:// ou https://";
  }
  return "";
}

}  // namespace

OutboxThread::OutboxThread(Wiring& wiring)
    : thread_([&wiring](std::stop_token stop) { wiring.outbox().Run(stop); }) {}

int RunWorker(const WorkerCommandOptions& options) {
  if (const std::string problem = CheckOptions(options); !problem.empty()) {
    std::cerr << "erro: " << problem << '\n';
    return 1;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  core::SystemClock clock;
  messaging::WorkerOptions worker{options.batch, options.threads,
                                  std::chrono::seconds{options.lease_seconds},
                                  std::chrono::milliseconds{1000}, options.public_url};
  try {
    Wiring wiring(options.db_url, static_cast<std::size_t>(options.threads) + 2, clock, worker);
    messaging::TickCounts total;
    if (options.once) {
      for (messaging::TickCounts tick = wiring.outbox().RunOnce(); tick.claimed > 0;
           tick = wiring.outbox().RunOnce()) {
        total += tick;
      }
      PrintCounts(total);
      return 0;
    }
    std::jthread loop([&wiring](std::stop_token stop) { wiring.outbox().Run(stop); });
    std::cout << "Fiado worker: enviando mensagens (Ctrl+C para parar)" << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("sinal recebido: terminando o lote e encerrando");
    loop.request_stop();
    loop.join();
    return 0;
  } catch (const storage::StorageError& error) {
    std::cerr << "erro: " << error.what() << '\n';
    return 1;
  }
}

}  // namespace fiado::app
