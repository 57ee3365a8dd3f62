// `fiado worker` survives being killed: 2,000 test SMS are queued for a local SMS stub,
// the worker is SIGKILLed four times at random moments while it sends them, then run with
// --once to the end. No message reaches the provider twice; every message ends `sent` (the
// provider got it exactly once, under the id recorded) or `uncertain` (it was on the wire
// at a kill: the provider got it at most once); at most four per kill are uncertain (one per
// sending thread). And a provider that answers 500 leaves the messages queued for a retry
// 30 s later, each sent once. FIADO_CRASH_MESSAGES sets the size (the sanitizer build sends
// a few hundred a second, so the four kills land while it still has messages to send).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "app/wiring.h"
#include "storage/message_repository.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace fiado::testing {
namespace {

using messaging::Message;
using messaging::Status;
using namespace std::chrono_literals;

constexpr int kKills = 4;
constexpr int kThreads = 4;
constexpr auto kLease = 1s;  // `--lease 1`; leases have whole seconds, so they end 1–2 s later

int MessageCount() {
  const char* text = std::getenv("FIADO_CRASH_MESSAGES");
  return text != nullptr ? std::stoi(text) : 2'000;
}

// The SMS provider's stand-in on 127.0.0.1: each POST is counted under its "reference" (the
// Fiado message id the default body template sends) as it arrives, and answered 1–2 ms
// later with {"id":"sms-<n>"} (n counts the requests) or, when `status` is not 200, with
// that status and an error.
class SmsStub {
 public:
  explicit SmsStub(int status) : status_(status) {
    server_.new_task_queue = [] { return new httplib::ThreadPool(16); };
    server_.set_tcp_nodelay(true);  // else each answer waits for a delayed ACK (40 ms)
    server_.set_keep_alive_max_count(1'000'000);
    server_.Post("/sms", [this](const httplib::Request& request, httplib::Response& response) {
      Answer(request, response);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(1ms);
  }
  ~SmsStub() {
    server_.stop();
    thread_.join();
  }
  SmsStub(const SmsStub&) = delete;
  SmsStub& operator=(const SmsStub&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  std::int64_t requests() const { return requests_.load(); }
  // Reference → the ids answered to it (empty strings for error answers), in order.
  std::map<std::string, std::vector<std::string>> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  void Answer(const httplib::Request& request, httplib::Response& response) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    const std::string reference =
        body.is_object() ? body.value("reference", std::string("?")) : std::string("?");
    const std::int64_t n = ++requests_;
    const std::string id = status_ == 200 ? "sms-" + std::to_string(n) : "";
    {
      std::lock_guard lock(mutex_);
      received_[reference].push_back(id);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(1'000 + (n % 2) * 1'000));
    if (status_ != 200) {
      response.status = status_;
      response.set_content(R"({"error":"serviço indisponível"})", "application/json");
      return;
    }
    response.set_content(nlohmann::json{{"id", id}}.dump(), "application/json");
  }

  const int status_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::atomic<std::int64_t> requests_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> received_;
};

template <typename T>
T Check(core::Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().message_pt);
  return std::move(*result);
}

// A store whose SMS channel is the stub (the rate limit at its maximum, so it does not
// pace the worker), with `count` test SMS due now. The setup's only connection commits
// without waiting for the disk (PRAGMA synchronous = OFF), else each Enqueue waits for one
// fsync; the workers open their own connections with the usual settings.
core::StoreId Seed(const std::string& url, const core::Clock& clock, const std::string& sms_url,
                   int count) {
  app::Wiring wiring(url, 1, clock);
  {
    soci::session session(wiring.db().pool());
    session << "PRAGMA synchronous = OFF";
  }
  stores::StoreDraft draft;
  draft.name = "Loja do Teste";
  draft.legal_id = "11.222.333/0001-81";
  draft.address = {"Rua Direita", "10", "", "Centro", "São Paulo", "SP", "01001-000"};
  const stores::Store store = Check(app::CreateStore(wiring, draft, "cli"), "loja");
  messaging::MessagingSettings settings = wiring.messaging().Settings(store.id);
  settings.sms.enabled = true;
  settings.sms.url = sms_url;
  settings.limits.sms_per_second = 10'000;
  Check(wiring.messaging().SaveSettings(core::Actor{store.id, "cli"}, settings), "canais");
  storage::SqlMessageRepository repository(wiring.db());
  const core::Instant now = clock.Now();
  for (int i = 0; i < count; ++i) {
    Message message;
    message.id = wiring.ids().NextText();
    message.store_id = store.id;
    message.source = messaging::Source::kTest;
    message.channel = messaging::Channel::kSms;
    message.recipient = "+55119" + std::to_string(80'000'000 + i * 7);
    message.template_key = "teste";
    message.body = "Mensagem de teste " + std::to_string(i + 1) + " da Loja do Teste.";
    message.status = Status::kQueued;
    message.next_attempt_at = now;
    message.created_at = message.updated_at = now;
    const messaging::MessageEvent first{message.id, now, Status::kQueued, "mensagem de teste",
                                        "cli"};
    const core::Status queued = repository.Enqueue(message, first);
    if (!queued) throw std::runtime_error("fila: " + queued.error().message_pt);
  }
  return store.id;
}

std::vector<Message> Messages(const std::string& url, const core::Clock& clock,
                              const core::StoreId& store_id, int count) {
  app::Wiring wiring(url, 1, clock);
  storage::SqlMessageRepository repository(wiring.db());
  messaging::MessageFilter all;
  all.limit = count + 1;
  return repository.List(store_id, all);
}

std::vector<std::string> Worker(const std::string& url, bool once) {
  std::vector<std::string> args = {FIADO_BINARY, "worker",
                                   "--db",       url,
                                   "--lease",    std::to_string(kLease.count()),
                                   "--threads",  std::to_string(kThreads),
                                   "--batch",    "50"};
  if (once) args.emplace_back("--once");
  return args;
}

// Waits until the stub has received more than `seen` requests (the worker is sending).
void AwaitSending(const SmsStub& stub, std::int64_t seen) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (stub.requests() <= seen && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
}

TEST(OutboxCrash, KilledWorkersSendEachMessageAtMostOnce) {
  const int count = MessageCount();
  TempDir dir;
  const std::string url = "sqlite:" + dir.File("fiado.db");
  const core::SystemClock clock;
  SmsStub stub(200);
  const core::StoreId store_id = Seed(url, clock, stub.url(), count);

  // Each worker is killed a random 100–600 ms after its first message reached the stub
  // (counting from then, not from its start, keeps the kills inside the sending however
  // slowly a sanitizer build starts), or sooner once the stub has (kill + 1) fifths of the
  // messages (so that a fast build still has messages left at the last kill). Killed
  // through Wait(0): only if still running.
  std::mt19937 random(20261123);
  std::uniform_int_distribution<int> delay_ms(100, 600);
  std::vector<std::int64_t> before_kill;
  std::int64_t after_last_kill = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    const std::int64_t seen = stub.requests();
    Process worker(Worker(url, false));
    AwaitSending(stub, seen);
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(random));
    const std::int64_t quota = std::int64_t{count} * (kill + 1) / (kKills + 1);
    while (std::chrono::steady_clock::now() < deadline && stub.requests() < quota) {
      std::this_thread::sleep_for(200us);
    }
    before_kill.push_back(stub.requests());
    const ProcessResult killed = worker.Wait(0ms);
    ASSERT_EQ(killed.exit_code, 128 + SIGKILL) << "the worker stopped by itself\n" << killed.err;
    std::this_thread::sleep_for(50ms);  // requests already on their way are counted
    after_last_kill = stub.requests();
  }
  std::this_thread::sleep_for(kLease + 1500ms);  // every lease has ended
  const ProcessResult finished = Process(Worker(url, true)).Wait(5min);
  ASSERT_EQ(finished.exit_code, 0) << finished.out << finished.err;

  // Some messages went out before the last kill and some after it: the kills landed
  // mid-run (else the test proves nothing: raise FIADO_CRASH_MESSAGES).
  const std::int64_t total = stub.requests();
  EXPECT_GT(before_kill.back(), 0);
  EXPECT_GT(total, after_last_kill) << "the last kill came after everything was sent";
  std::string progress;
  for (const std::int64_t requests : before_kill) progress += " " + std::to_string(requests);
  RecordProperty("sent_before_each_kill", progress);

  const std::vector<Message> messages = Messages(url, clock, store_id, count);
  ASSERT_EQ(messages.size(), static_cast<std::size_t>(count));
  std::set<std::string> ids;
  for (const Message& message : messages) ids.insert(message.id);
  const auto received = stub.received();
  for (const auto& [reference, answers] : received) {
    EXPECT_EQ(answers.size(), 1U) << "the provider received " << reference << " twice";
    EXPECT_TRUE(ids.contains(reference)) << "the provider received an unknown " << reference;
  }
  int sent = 0;
  int uncertain = 0;
  for (const Message& message : messages) {
    const auto found = received.find(message.id);
    const std::size_t times = found == received.end() ? 0 : found->second.size();
    if (message.status == Status::kSent) {
      ++sent;
      ASSERT_EQ(times, 1U) << message.id << " is sent but reached the provider " << times;
      EXPECT_EQ(message.provider_id, found->second.front()) << message.id;
    } else if (message.status == Status::kUncertain) {
      ++uncertain;
      EXPECT_LE(times, 1U) << message.id;
    } else {
      ADD_FAILURE() << message.id << " ended " << messaging::StatusName(message.status);
    }
  }
  EXPECT_LE(uncertain, kKills * kThreads);
  EXPECT_EQ(sent + uncertain, count);
  RecordProperty("uncertain", uncertain);
}

TEST(OutboxCrash, ProviderDownLeavesMessagesQueuedForALaterRetry) {
  constexpr int kCount = 20;
  TempDir dir;
  const std::string url = "sqlite:" + dir.File("fiado.db");
  const core::SystemClock clock;
  SmsStub stub(500);
  const core::StoreId store_id = Seed(url, clock, stub.url(), kCount);
  const core::Instant before = clock.Now();

  const ProcessResult run = RunProcess(Worker(url, true));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("novas tentativas agendadas: 20\n"), std::string::npos) << run.out;

  const auto received = stub.received();
  EXPECT_EQ(stub.requests(), kCount);  // no retry storm
  for (const Message& message : Messages(url, clock, store_id, kCount)) {
    EXPECT_EQ(message.status, Status::kQueued) << message.id;
    EXPECT_EQ(message.attempts, 1) << message.id;
    EXPECT_GE(message.next_attempt_at, before + 30s) << message.id;
    EXPECT_NE(message.last_error.find("HTTP 500"), std::string::npos) << message.last_error;
    const auto found = received.find(message.id);
    ASSERT_NE(found, received.end()) << message.id << " never reached the provider";
    EXPECT_EQ(found->second.size(), 1U) << message.id;
  }
}

}  // namespace
}  // namespace fiado::testing
