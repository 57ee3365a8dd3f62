// The outbox's throughput (target: ≥ 2,000 messages a second on a 2-core machine): 20,000
// test messages queued on SQLite for a local stub provider (the SMS generic format or the
// WhatsApp Cloud API's, answering at once), drained by OutboxWorker::RunOnce (batches of
// 200) until nothing is claimed. The rate limits are at their maximum (10,000/s), so the
// limiter does not cap the run.
//
// Where the time goes: the worker runs over a repository and a sender factory that time
// each call (summed over the sending threads, so with several threads they may add up to
// more than the wall time): claim_ms (ClaimDue), expire_ms (ExpireLeases), mark_ms
// (MarkAttempt), apply_ms (Apply), send_ms (the HTTP call). FIADO_BENCH_DB keeps the
// database in that file; FIADO_BENCH_MESSAGES sets the count.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "app/generator.h"
#include "app/wiring.h"
#include "messaging/providers/providers.h"
#include "support/temp_dir.h"

namespace fiado::testing {
namespace {

using messaging::Channel;
using messaging::Message;
using messaging::Status;
using SteadyClock = std::chrono::steady_clock;

const core::Date kToday{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
constexpr const char* kPhoneNumberId = "109876543210";

std::int64_t EnvInteger(const char* name, std::int64_t fallback) {
  const char* text = std::getenv(name);
  return text == nullptr ? fallback : std::atoll(text);
}

// Both providers' formats on 127.0.0.1, answering at once.
class StubProvider {
 public:
  StubProvider() {
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.set_tcp_nodelay(true);  // else each answer waits for a delayed ACK (40 ms)
    server_.set_keep_alive_max_count(1'000'000);
    server_.Post("/sms", [this](const httplib::Request&, httplib::Response& response) {
      response.set_content(nlohmann::json{{"id", "sms-" + std::to_string(++requests_)}}.dump(),
                           "application/json");
    });
    server_.Post(R"(/v20\.0/(\d+)/messages)",
                 [this](const httplib::Request& request, httplib::Response& response) {
                   const auto body = nlohmann::json::parse(request.body, nullptr, false);
                   const std::string to = body.is_object() ? body.value("to", "") : "";
                   const nlohmann::json answer = {
                       {"messaging_product", "whatsapp"},
                       {"contacts", {{{"input", to}, {"wa_id", to}}}},
                       {"messages", {{{"id", "wamid.X" + std::to_string(++requests_)}}}}};
                   response.set_content(answer.dump(), "application/json");
                 });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~StubProvider() {
    server_.stop();
    thread_.join();
  }
  StubProvider(const StubProvider&) = delete;
  StubProvider& operator=(const StubProvider&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::int64_t requests() const { return requests_.load(); }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<std::int64_t> requests_{0};
};

// Time spent in each phase, summed over the threads.
struct Phases {
  std::atomic<std::int64_t> claim_ns{0};
  std::atomic<std::int64_t> expire_ns{0};
  std::atomic<std::int64_t> mark_ns{0};
  std::atomic<std::int64_t> apply_ns{0};
  std::atomic<std::int64_t> send_ns{0};
};

class Timer {
 public:
  explicit Timer(std::atomic<std::int64_t>& total) : total_(total), start_(SteadyClock::now()) {}
  ~Timer() {
    total_ +=
        std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start_).count();
  }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

 private:
  std::atomic<std::int64_t>& total_;
  SteadyClock::time_point start_;
};

// The SQL repository with the worker's calls timed.
class TimedRepository final : public messaging::MessageRepository {
 public:
  TimedRepository(messaging::MessageRepository& inner, Phases& phases)
      : inner_(inner), phases_(phases) {}

  std::optional<messaging::MessagingSettings> Settings(
      const core::StoreId& store_id) const override {
    return inner_.Settings(store_id);
  }
  core::Status SaveSettings(const core::StoreId& store_id,
                            const messaging::MessagingSettings& settings,
                            const core::AuditEntry& audit) override {
    return inner_.SaveSettings(store_id, settings, audit);
  }
  core::Status Enqueue(const Message& message, const messaging::MessageEvent& event) override {
    return inner_.Enqueue(message, event);
  }
  std::vector<Message> ClaimDue(core::Instant now, int limit, core::Instant lease_until) override {
    const Timer timer(phases_.claim_ns);
    return inner_.ClaimDue(now, limit, lease_until);
  }
  bool MarkAttempt(const std::string& message_id, core::Instant at) override {
    const Timer timer(phases_.mark_ns);
    return inner_.MarkAttempt(message_id, at);
  }
  std::int64_t ExpireLeases(core::Instant now, const std::string& detail) override {
    const Timer timer(phases_.expire_ns);
    return inner_.ExpireLeases(now, detail);
  }
  std::vector<bool> Apply(std::span<const messaging::Transition> transitions,
                          bool durable) override {
    const Timer timer(phases_.apply_ns);
    return inner_.Apply(transitions, durable);
  }
  std::optional<Message> Find(const core::StoreId& store_id,
                              const std::string& message_id) const override {
    return inner_.Find(store_id, message_id);
  }
  std::optional<Message> FindByProviderId(const core::StoreId& store_id, Channel channel,
                                          const std::string& provider_id) const override {
    return inner_.FindByProviderId(store_id, channel, provider_id);
  }
  std::optional<Message> FindByUnsubscribeToken(const std::string& token) const override {
    return inner_.FindByUnsubscribeToken(token);
  }
  std::vector<Message> List(const core::StoreId& store_id,
                            const messaging::MessageFilter& filter) const override {
    return inner_.List(store_id, filter);
  }
  std::vector<messaging::MessageEvent> Events(const core::StoreId& store_id,
                                              const std::string& message_id) const override {
    return inner_.Events(store_id, message_id);
  }
  std::vector<std::pair<Status, std::int64_t>> CountByStatus(
      const core::StoreId& store_id) const override {
    return inner_.CountByStatus(store_id);
  }
  void RecordInbound(const messaging::InboundRecord& record) override {
    inner_.RecordInbound(record);
  }
  std::vector<messaging::InboundRecord> Inbound(const core::StoreId& store_id,
                                                int limit) const override {
    return inner_.Inbound(store_id, limit);
  }

 private:
  messaging::MessageRepository& inner_;
  Phases& phases_;
};

class TimedSender final : public messaging::Sender {
 public:
  TimedSender(std::unique_ptr<messaging::Sender> inner, Phases& phases)
      : inner_(std::move(inner)), phases_(phases) {}
  messaging::SendResult Send(const messaging::Outgoing& message) override {
    const Timer timer(phases_.send_ns);
    return inner_->Send(message);
  }

 private:
  std::unique_ptr<messaging::Sender> inner_;
  Phases& phases_;
};

class TimedSenders final : public messaging::SenderFactory {
 public:
  explicit TimedSenders(Phases& phases)
      : inner_(messaging::providers::MakeSenderFactory()), phases_(phases) {}
  std::unique_ptr<messaging::Sender> Make(Channel channel,
                                          const messaging::MessagingSettings& settings) override {
    auto sender = inner_->Make(channel, settings);
    if (!sender) return sender;
    return std::make_unique<TimedSender>(std::move(sender), phases_);
  }

 private:
  std::unique_ptr<messaging::SenderFactory> inner_;
  Phases& phases_;
};

// The synthetic store with `channel` pointing at the stub and the limits at the maximum,
// and `count` test messages due now. The setup's only connection commits without waiting
// for the disk (each Enqueue would otherwise wait for an fsync); the timed run opens its
// own connections with the usual settings.
void Seed(const std::string& url, const core::Clock& clock, Channel channel,
          const std::string& stub_url, std::int64_t count) {
  app::Wiring wiring(url, 1, clock);
  {
    soci::session session(wiring.db().pool());
    session << "PRAGMA synchronous = OFF";
  }
  auto store = app::FindOrCreateSyntheticStore(wiring.stores(), 11, kToday);
  if (!store) throw std::runtime_error(store.error().message_pt);
  messaging::MessagingSettings settings = wiring.messaging().Settings(store->id);
  settings.sms.enabled = channel == Channel::kSms;
  settings.sms.url = stub_url + "/sms";
  settings.whatsapp.enabled = channel == Channel::kWhatsapp;
  settings.whatsapp.api_base_url = stub_url + "/v20.0";
  settings.whatsapp.phone_number_id = kPhoneNumberId;
  settings.whatsapp.access_token = "token-de-teste";
  settings.whatsapp.app_secret = "segredo-de-teste";
  settings.limits = {10'000, 10'000, 10'000};
  auto saved = wiring.messaging().SaveSettings(core::Actor{store->id, "bench"}, settings);
  if (!saved) throw std::runtime_error(saved.error().message_pt);
  storage::SqlMessageRepository repository(wiring.db());
  const core::Instant now = clock.Now();
  for (std::int64_t i = 0; i < count; ++i) {
    Message message;
    message.id = wiring.ids().NextText();
    message.store_id = store->id;
    message.source = messaging::Source::kTest;
    message.channel = channel;
    message.recipient = "+55119" + std::to_string(80'000'000 + i % 10'000'000);
    message.template_key = "teste";
    message.body = "Olá! Esta é uma mensagem de teste da loja enviada pelo Fiado.";
    message.status = Status::kQueued;
    message.next_attempt_at = now;
    message.created_at = message.updated_at = now;
    const core::Status queued =
        repository.Enqueue(message, {message.id, now, Status::kQueued, "teste", "bench"});
    if (!queued) throw std::runtime_error(queued.error().message_pt);
  }
}

// The worker as `fiado worker --batch 200 --threads N` runs it.
messaging::WorkerOptions OptionsFor(int threads) {
  messaging::WorkerOptions options;
  options.batch_size = 200;
  options.threads = threads;
  return options;
}

// A worker over its own connections, with its calls timed.
struct Run {
  Run(const std::string& url, const core::Clock& clock, int threads, Phases& phases)
      : wiring(url, static_cast<std::size_t>(threads) + 2, clock),
        sql(wiring.db()),
        repository(sql, phases),
        senders(phases),
        check(wiring.collection()),
        worker(repository, check, senders, clock, OptionsFor(threads)) {}

  app::Wiring wiring;
  storage::SqlMessageRepository sql;
  TimedRepository repository;
  TimedSenders senders;
  collection::CollectionSendCheck check;
  messaging::OutboxWorker worker;
};

double Milliseconds(const std::atomic<std::int64_t>& ns) { return static_cast<double>(ns) / 1e6; }

// Args: the channel (0 SMS, 1 WhatsApp) and the sending threads.
void BM_OutboxThroughput(benchmark::State& state) {
  const Channel channel = state.range(0) == 0 ? Channel::kSms : Channel::kWhatsapp;
  const int threads = static_cast<int>(state.range(1));
  const std::int64_t count = EnvInteger("FIADO_BENCH_MESSAGES", 20'000);
  TempDir dir;
  const char* kept = std::getenv("FIADO_BENCH_DB");
  const std::string url = "sqlite:" + (kept != nullptr ? std::string(kept) : dir.File("outbox.db"));
  const core::SystemClock clock;
  StubProvider stub;
  messaging::TickCounts total;
  Phases phases;
  double seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Seed(url, clock, channel, stub.url(), count);
    auto run = std::make_unique<Run>(url, clock, threads, phases);
    state.ResumeTiming();
    const auto start = SteadyClock::now();
    for (messaging::TickCounts tick = run->worker.RunOnce(); tick.claimed > 0;
         tick = run->worker.RunOnce()) {
      total += tick;
    }
    seconds += std::chrono::duration<double>(SteadyClock::now() - start).count();
    state.PauseTiming();  // the worker and the database close outside the timing
    run.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(total.sent);
  state.counters["sent"] = static_cast<double>(total.sent);
  state.counters["failed"] = static_cast<double>(total.failed);
  state.counters["retried"] = static_cast<double>(total.retried);
  state.counters["provider_requests"] = static_cast<double>(stub.requests());
  state.counters["wall_ms"] = seconds * 1e3;
  state.counters["claim_ms"] = Milliseconds(phases.claim_ns);
  state.counters["expire_ms"] = Milliseconds(phases.expire_ns);
  state.counters["mark_ms"] = Milliseconds(phases.mark_ns);
  state.counters["send_ms"] = Milliseconds(phases.send_ns);
  state.counters["apply_ms"] = Milliseconds(phases.apply_ns);
}
BENCHMARK(BM_OutboxThroughput)
    ->ArgNames({"whatsapp", "threads"})
    ->Args({0, 1})
    ->Args({0, 4})
    ->Args({0, 8})
    ->Args({1, 4})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace
}  // namespace fiado::testing
