// The outbox worker: every tick it takes a batch of due messages (next_attempt_at
// reached), checks each again just before sending (a collection message: its installments
// still open, no pause, consent, contact hours — cancelled or deferred with the reason
// otherwise), sends it through the shop's channel, and records the provider's id; a
// transient failure is retried with exponential backoff up to the shop's maximum, a
// permanent one is failed with the provider's reason (the dead-letter list). Each channel
// of each shop is held to its rate limit. WhatsApp without an API account becomes a
// manual message for a collector (click-to-chat).
//
// Exactly once: a claimed message is marked "attempt began" just before it goes out and
// its result is recorded right after (both without waiting for the disk); a worker killed
// mid-batch leaves the messages it had not started queued again when their lease ends,
// and only those that were on the wire `uncertain`, for a person to decide: never resent
// by itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "messaging/channel.h"
#include "messaging/message.h"
#include "messaging/repository.h"

namespace fiado::messaging {

// What a message becomes once checked again just before sending.
struct Prepared {
  enum class Kind { kSend, kCancel, kDefer };
  Kind kind = Kind::kSend;
  std::string recipient{};  // kSend: E.164 phone or e-mail
  std::string recipient_name{};
  std::string subject{};
  std::string text{};
  std::vector<std::pair<std::string, std::string>> values{};  // template variables
  std::vector<Attachment> attachments{};
  std::string reason{};      // kCancel / kDefer: Portuguese
  core::Instant defer_to{};  // kDefer
};

// Checks a collection message again and renders it with today's values (implemented by
// the collection module). Called from several worker threads at once.
class SendCheck {
 public:
  virtual ~SendCheck() = default;
  virtual Prepared Prepare(const Message& message, core::Instant now) = 0;
};

// The wait before retry n (1 = after the first failure): 30 s doubled each time, at most
// 6 hours, plus up to 10 % spread taken from the message id (so retries of a burst do not
// return together, and a test can predict it).
std::chrono::seconds Backoff(int attempt, const std::string& message_id);

// The text part as HTML (escaped, paragraphs at blank lines, line breaks kept) with a
// footer naming the opt-out link when there is one.
std::string HtmlOf(const std::string& text, const std::string& unsubscribe_url);

// Token buckets per (shop, channel): Acquire blocks until the channel may send one more.
class RateLimiter {
 public:
  void Acquire(const core::StoreId& store_id, Channel channel, int per_second);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled{};
    bool started = false;
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, Channel>, Bucket> buckets_;
};

struct WorkerOptions {
  int batch_size = 100;
  int threads = 4;
  std::chrono::seconds lease{60};
  std::chrono::milliseconds idle_wait{1000};         // between ticks when nothing was due
  std::string public_url = "http://127.0.0.1:8080";  // for opt-out links
};

struct TickCounts {
  std::int64_t claimed = 0;
  std::int64_t sent = 0;
  std::int64_t retried = 0;
  std::int64_t failed = 0;
  std::int64_t cancelled = 0;
  std::int64_t deferred = 0;
  std::int64_t manual = 0;
  std::int64_t uncertain = 0;  // in doubt: expired leases, answers lost after sending
  TickCounts& operator+=(const TickCounts& other);
};

class OutboxWorker {
 public:
  OutboxWorker(MessageRepository& repository, SendCheck& check, SenderFactory& senders,
               const core::Clock& clock, WorkerOptions options);
  ~OutboxWorker();

  // Before Run starts: the address the e-mails' opt-out links point to.
  void SetPublicUrl(std::string url) { options_.public_url = std::move(url); }

  // One batch: expire leases, claim, check, send, record. Thread-safe against other
  // workers (the repository's claim), not against itself.
  TickCounts RunOnce();
  // Ticks until stopped; sleeps idle_wait when a tick found less than a full batch.
  void Run(std::stop_token stop);

  // Sends one message now, outside the queue (the owner's "send a test"): the same
  // preparation and channel, the result recorded on the message. The message must be in
  // the repository already as `sending` (with attempts counting this one and a lease), so
  // that no tick claims it meanwhile.
  Message SendNow(const Message& message);

 private:
  struct Slot;  // one sending thread's senders (kept between ticks: connections stay open)
  struct Done;
  Done Process(Slot& slot, const Message& message, Status expected);
  Prepared PrepareOf(const Message& message, core::Instant now);
  // nullopt when another worker took the message meanwhile (nothing was sent).
  std::optional<Transition> Deliver(Slot& slot, const Message& message, const Prepared& prepared,
                                    const MessagingSettings& settings);
  std::shared_ptr<const MessagingSettings> SettingsOf(const core::StoreId& store_id);
  static void Count(const Done& done, TickCounts& counts);

  MessageRepository& repository_;
  SendCheck& check_;
  SenderFactory& senders_;
  const core::Clock& clock_;
  WorkerOptions options_;
  RateLimiter limiter_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex settings_mutex_;
  // Per store, reloaded every tick.
  std::map<std::string, std::shared_ptr<const MessagingSettings>> settings_;
};

}  // namespace fiado::messaging
