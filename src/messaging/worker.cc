#include "messaging/worker.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/email.h"
#include "core/phone.h"

namespace fiado::messaging {
namespace {

constexpr std::chrono::seconds kFirstRetry{30};
constexpr std::chrono::seconds kLongestRetry{6 * 3600};
constexpr std::string_view kWorkerActor = "fiado";
constexpr std::string_view kInterrupted =
    "o envio foi interrompido (o programa parou durante o envio): a mensagem pode ter saído; "
    "confira com o cliente antes de reenviar";

std::string RandomToken() {
  std::random_device random;
  std::string token;
  for (int i = 0; i < 4; ++i) token += fmt::format("{:08x}", random());
  return token;
}

std::string ChannelPt(Channel channel) {
  switch (channel) {
    case Channel::kWhatsapp:
      return "WhatsApp";
    case Channel::kSms:
      return "SMS";
    case Channel::kEmail:
      return "e-mail";
  }
  return "e-mail";
}

int PerSecond(const MessagingSettings& settings, Channel channel) {
  switch (channel) {
    case Channel::kWhatsapp:
      return settings.limits.whatsapp_per_second;
    case Channel::kSms:
      return settings.limits.sms_per_second;
    case Channel::kEmail:
      return settings.limits.email_per_second;
  }
  return 1;
}

void AppendEscaped(std::string& html, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        html += "&amp;";
        break;
      case '<':
        html += "&lt;";
        break;
      case '>':
        html += "&gt;";
        break;
      case '"':
        html += "&quot;";
        break;
      case '\'':
        html += "&#39;";
        break;
      default:
        html += c;
    }
  }
}

// Why the recipient cannot receive on the channel; empty when it can.
std::string RecipientProblem(Channel channel, const std::string& recipient) {
  if (recipient.empty()) return "o cliente não tem contato para este canal";
  if (channel == Channel::kEmail) {
    return core::Email::Parse(recipient) ? "" : fmt::format("e-mail inválido: {}", recipient);
  }
  auto phone = core::Phone::ParseBrazilian(recipient);
  if (!phone) return fmt::format("telefone inválido: {}", recipient);
  if (!phone->is_mobile()) {
    return fmt::format("o número {} não é de celular: não recebe {}", phone->Formatted(),
                       ChannelPt(channel));
  }
  return "";
}

}  // namespace

std::chrono::seconds Backoff(int attempt, const std::string& message_id) {
  std::chrono::seconds wait = kFirstRetry;
  for (int i = 1; i < attempt && wait < kLongestRetry; ++i) wait *= 2;
  wait = std::min(wait, kLongestRetry);
  const auto spread = static_cast<std::int64_t>(std::hash<std::string>{}(message_id) %
                                                static_cast<std::size_t>(wait.count() / 10 + 1));
  return wait + std::chrono::seconds(spread);
}

std::string HtmlOf(const std::string& text, const std::string& unsubscribe_url) {
  std::string html =
      "<!DOCTYPE html><html lang=\"pt-BR\"><head><meta charset=\"utf-8\"></head>"
      "<body style=\"font-family:Arial,sans-serif;font-size:15px;color:#222\"><p>";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      html += "</p><p>";
      while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (text[i] == '\n') {
      html += "<br>";
    } else {
      AppendEscaped(html, std::string_view(&text[i], 1));
    }
  }
  html += "</p>";
  if (!unsubscribe_url.empty()) {
    html +=
        "<p style=\"color:#666;font-size:12px\">Não quer mais receber estes e-mails? <a href=\"";
    AppendEscaped(html, unsubscribe_url);
    html += "\">Descadastrar</a></p>";
  }
  html += "</body></html>";
  return html;
}

void RateLimiter::Acquire(const core::StoreId& store_id, Channel channel, int per_second) {
  const double rate = std::max(per_second, 1);
  for (;;) {
    std::chrono::duration<double> wait{};
    {
      std::lock_guard lock(mutex_);
      Bucket& bucket = buckets_[{store_id.str(), channel}];
      const auto now = std::chrono::steady_clock::now();
      if (!bucket.started) {
        bucket = {rate, now, true};
      } else {
        const std::chrono::duration<double> elapsed = now - bucket.refilled;
        bucket.tokens = std::min(rate, bucket.tokens + elapsed.count() * rate);
        bucket.refilled = now;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      wait = std::chrono::duration<double>((1 - bucket.tokens) / rate);
    }
    std::this_thread::sleep_for(wait);
  }
}

TickCounts& TickCounts::operator+=(const TickCounts& other) {
  claimed += other.claimed;
  sent += other.sent;
  retried += other.retried;
  failed += other.failed;
  cancelled += other.cancelled;
  deferred += other.deferred;
  manual += other.manual;
  uncertain += other.uncertain;
  return *this;
}

struct OutboxWorker::Slot {
  struct Cached {
    int version = -1;
    std::unique_ptr<Sender> sender{};
  };
  std::mutex mutex;  // SendNow may borrow a slot while a tick runs
  std::map<std::pair<std::string, Channel>, Cached> senders;

  Sender* SenderFor(SenderFactory& factory, const core::StoreId& store_id, Channel channel,
                    const MessagingSettings& settings) {
    Cached& cached = senders[{store_id.str(), channel}];
    if (cached.version != settings.version) {
      cached.sender = factory.Make(channel, settings);
      cached.version = settings.version;
    }
    return cached.sender.get();
  }
};

struct OutboxWorker::Done {
  Status status = Status::kQueued;
  bool retry = false;
};

OutboxWorker::OutboxWorker(MessageRepository& repository, SendCheck& check, SenderFactory& senders,
                           const core::Clock& clock, WorkerOptions options)
    : repository_(repository),
      check_(check),
      senders_(senders),
      clock_(clock),
      options_(std::move(options)) {
  options_.threads = std::max(options_.threads, 1);
  options_.batch_size = std::max(options_.batch_size, 1);
  for (int i = 0; i <= options_.threads; ++i) slots_.push_back(std::make_unique<Slot>());
}

OutboxWorker::~OutboxWorker() = default;

std::shared_ptr<const MessagingSettings> OutboxWorker::SettingsOf(const core::StoreId& store_id) {
  std::lock_guard lock(settings_mutex_);
  auto found = settings_.find(store_id.str());
  if (found != settings_.end()) return found->second;
  auto settings = std::make_shared<const MessagingSettings>(
      repository_.Settings(store_id).value_or(MessagingSettings{}));
  settings_.emplace(store_id.str(), settings);
  return settings;
}

Prepared OutboxWorker::PrepareOf(const Message& message, core::Instant now) {
  if (message.source == Source::kCollection) return check_.Prepare(message, now);
  Prepared prepared;
  prepared.recipient = message.recipient;
  prepared.subject = message.subject;
  prepared.text = message.body;
  return prepared;
}

namespace {

Transition Begin(const Message& message, Status expected, core::Instant now) {
  Transition t;
  t.message = message;
  t.expected = expected;
  t.message.lease_until.reset();
  t.message.updated_at = now;
  t.event.message_id = message.id;
  t.event.at = now;
  t.event.actor = std::string(kWorkerActor);
  return t;
}

void Finish(Transition& t, Status status, std::string detail) {
  t.message.status = status;
  t.event.status = status;
  if (status == Status::kFailed || status == Status::kCancelled || status == Status::kQueued) {
    t.message.last_error = detail;
  }
  t.event.detail = std::move(detail);
}

// The message was not sent (cancelled, deferred, refused before the channel): the claim's
// attempt does not count.
void Unattempted(Transition& t) { t.message.attempts = std::max(t.message.attempts - 1, 0); }

}  // namespace

std::optional<Transition> OutboxWorker::Deliver(Slot& slot, const Message& message,
                                                const Prepared& prepared,
                                                const MessagingSettings& settings) {
  const core::Instant now = clock_.Now();
  Transition t = Begin(message, Status::kSending, now);
  t.message.recipient = prepared.recipient;
  t.message.subject = prepared.subject;
  t.message.body = prepared.text;
  if (std::string problem = RecipientProblem(message.channel, prepared.recipient);
      !problem.empty()) {
    Unattempted(t);
    Finish(t, Status::kFailed, std::move(problem));
    return t;
  }
  if (message.channel == Channel::kWhatsapp && !settings.whatsapp.enabled) {
    Unattempted(t);
    Finish(t, Status::kManual,
           "a loja não tem conta da API do WhatsApp: um cobrador envia pelo link do WhatsApp");
    return t;
  }
  Sender* sender = slot.SenderFor(senders_, message.store_id, message.channel, settings);
  if (sender == nullptr) {
    Unattempted(t);
    Finish(t, Status::kFailed,
           fmt::format(
               "o canal {} não está configurado: configure em Configurações › Canais de mensagem",
               ChannelPt(message.channel)));
    return t;
  }
  Outgoing out{message.id,
               message.channel,
               prepared.recipient,
               prepared.recipient_name,
               prepared.subject,
               prepared.text,
               "",
               message.template_key,
               prepared.values,
               prepared.attachments,
               "",
               false};
  out.free_text = message.source == Source::kOptOutConfirmation;
  if (message.channel == Channel::kEmail) {
    if (t.message.unsubscribe_token.empty()) t.message.unsubscribe_token = RandomToken();
    out.unsubscribe_url = options_.public_url + "/u/" + t.message.unsubscribe_token;
    out.html = HtmlOf(prepared.text, out.unsubscribe_url);
  }
  limiter_.Acquire(message.store_id, message.channel, PerSecond(settings, message.channel));
  if (!repository_.MarkAttempt(message.id, now)) return std::nullopt;  // another worker has it
  const SendResult result = sender->Send(out);
  const core::Instant done = clock_.Now();
  t.message.updated_at = done;
  t.event.at = done;
  switch (result.outcome) {
    case Outcome::kSent:
      t.message.provider_id = result.provider_id;
      t.message.sent_at = done;
      t.message.sent_by = std::string(kWorkerActor);
      t.message.last_error.clear();
      Finish(t, Status::kSent, fmt::format("aceita pelo provedor (id {})", result.provider_id));
      break;
    case Outcome::kTransient:
      if (message.attempts >= settings.max_attempts) {
        Finish(t, Status::kFailed,
               fmt::format("tentativas esgotadas ({}): {}", message.attempts, result.reason));
      } else {
        t.message.next_attempt_at = done + Backoff(message.attempts, message.id);
        Finish(t, Status::kQueued,
               fmt::format("falha temporária (tentativa {} de {}): {}; nova tentativa em {}",
                           message.attempts, settings.max_attempts, result.reason,
                           core::FormatRfc3339(t.message.next_attempt_at)));
      }
      break;
    case Outcome::kPermanent:
      Finish(t, Status::kFailed, result.reason);
      break;
    case Outcome::kUncertain:
      Finish(t, Status::kUncertain, result.reason);
      t.message.last_error = result.reason;
      break;
  }
  return t;
}

OutboxWorker::Done OutboxWorker::Process(Slot& slot, const Message& message, Status expected) {
  const core::Instant now = clock_.Now();
  Transition t = Begin(message, expected, now);
  bool sent_to_channel = false;
  try {
    const auto settings = SettingsOf(message.store_id);
    const Prepared prepared = PrepareOf(message, now);
    switch (prepared.kind) {
      case Prepared::Kind::kCancel:
        Unattempted(t);
        Finish(t, Status::kCancelled, prepared.reason);
        break;
      case Prepared::Kind::kDefer:
        Unattempted(t);
        t.message.next_attempt_at = prepared.defer_to;
        Finish(t, Status::kQueued,
               fmt::format("adiada para {}: {}", core::FormatRfc3339(prepared.defer_to),
                           prepared.reason));
        break;
      case Prepared::Kind::kSend: {
        auto delivered = Deliver(slot, message, prepared, *settings);
        if (!delivered) {
          spdlog::warn("outbox: message {} was taken by another worker; not sent here", message.id);
          return {Status::kSending, false};
        }
        t = std::move(*delivered);
        t.expected = expected;
        sent_to_channel = true;
        break;
      }
    }
  } catch (const std::exception& error) {
    // A bug or a storage failure while preparing: retried like a transient failure, so a
    // message is never lost to it.
    spdlog::error("outbox: message {} could not be prepared: {}", message.id, error.what());
    t.message.next_attempt_at = now + Backoff(std::max(message.attempts, 1), message.id);
    Finish(t, Status::kQueued, fmt::format("erro interno ao preparar: {}", error.what()));
    sent_to_channel = true;
  }
  const Transition applied[] = {t};
  if (!repository_.Apply(applied, false).front()) {
    spdlog::warn("outbox: message {} changed while it was being sent", message.id);
  }
  return {t.message.status, sent_to_channel && t.message.status == Status::kQueued};
}

void OutboxWorker::Count(const Done& done, TickCounts& counts) {
  switch (done.status) {
    case Status::kSent:
      ++counts.sent;
      break;
    case Status::kQueued:
      ++(done.retry ? counts.retried : counts.deferred);
      break;
    case Status::kFailed:
      ++counts.failed;
      break;
    case Status::kCancelled:
      ++counts.cancelled;
      break;
    case Status::kManual:
      ++counts.manual;
      break;
    case Status::kUncertain:
      ++counts.uncertain;
      break;
    default:
      break;
  }
}

TickCounts OutboxWorker::RunOnce() {
  TickCounts counts;
  const core::Instant now = clock_.Now();
  counts.uncertain = repository_.ExpireLeases(now, std::string(kInterrupted));
  {
    std::lock_guard lock(settings_mutex_);
    settings_.clear();
  }
  const std::vector<Message> batch =
      repository_.ClaimDue(now, options_.batch_size, now + options_.lease);
  counts.claimed = static_cast<std::int64_t>(batch.size());
  if (batch.empty()) return counts;
  std::atomic<std::size_t> next{0};
  std::mutex counts_mutex;
  auto work = [&](Slot& slot) {
    std::lock_guard slot_lock(slot.mutex);
    for (std::size_t i = next++; i < batch.size(); i = next++) {
      try {
        const Done done = Process(slot, batch[i], Status::kSending);
        std::lock_guard lock(counts_mutex);
        Count(done, counts);
      } catch (const std::exception& error) {
        // Its result could not be recorded (storage down): the lease will end, and the
        // message is queued again or left uncertain as its attempt mark says.
        spdlog::error("outbox: message {} not recorded: {}", batch[i].id, error.what());
      }
    }
  };
  const int threads = std::min<int>(options_.threads, static_cast<int>(batch.size()));
  {
    std::vector<std::jthread> helpers;
    for (int i = 1; i < threads; ++i) helpers.emplace_back(work, std::ref(*slots_[i]));
    work(*slots_[0]);
  }
  return counts;
}

void OutboxWorker::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    TickCounts counts;
    try {
      counts = RunOnce();
    } catch (const std::exception& error) {
      spdlog::error("outbox: tick failed: {}", error.what());
    }
    if (counts.claimed > 0 || counts.uncertain > 0) {
      spdlog::info(
          "fila: {} enviadas, {} novas tentativas, {} falharam, {} canceladas, {} adiadas, "
          "{} para envio manual, {} incertas",
          counts.sent, counts.retried, counts.failed, counts.cancelled, counts.deferred,
          counts.manual, counts.uncertain);
    }
    if (counts.claimed >= options_.batch_size) continue;
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    wake.wait_for(lock, stop, options_.idle_wait, [] { return false; });
  }
}

Message OutboxWorker::SendNow(const Message& message) {
  Slot& slot = *slots_.back();  // kept for SendNow: ticks use the others
  std::lock_guard lock(slot.mutex);
  Process(slot, message, message.status);
  return repository_.Find(message.store_id, message.id).value_or(message);
}

}  // namespace fiado::messaging
