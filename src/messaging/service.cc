#include "messaging/service.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/email.h"
#include "core/phone.h"
#include "messaging/opt_out.h"

namespace fiado::messaging {
namespace {

constexpr int kMaxInboundText = 1'000;
constexpr std::chrono::seconds kTestLease{120};

core::Error NotFoundMessage() {
  return core::Error{core::ErrorCode::kNotFound, "mensagem não encontrada", "id"};
}

// How far a status is along sent → delivered → read; a report never moves a message back.
int Rank(Status status) {
  switch (status) {
    case Status::kSent:
      return 1;
    case Status::kDelivered:
      return 2;
    case Status::kRead:
      return 3;
    default:
      return 0;
  }
}

std::string PercentEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::string ChannelWord(Channel channel) {
  return channel == Channel::kEmail ? "e-mail" : channel == Channel::kSms ? "SMS" : "WhatsApp";
}

std::string ReplySource(Channel channel) {
  return channel == Channel::kSms ? "sms_reply" : "whatsapp_reply";
}

core::AuditEntry AuditOf(core::IdGenerator& ids, const core::Actor& actor, core::Instant now,
                         std::string action) {
  return core::AuditEntry{
      ids.NextText(),       actor.store_id,    now,          actor.actor,  "messaging_settings",
      actor.store_id.str(), std::move(action), std::nullopt, std::nullopt, actor.request_id};
}

}  // namespace

std::string ClickToChatUrl(const std::string& phone_e164, const std::string& text) {
  std::string digits;
  for (char c : phone_e164) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return "https://wa.me/" + digits + "?text=" + PercentEncode(text);
}

MessagingService::MessagingService(MessageRepository& repository, OutboxWorker& worker,
                                   customers::Registry& customers, stores::StoreRepository& stores,
                                   core::IdGenerator& ids, const core::Clock& clock)
    : repository_(repository),
      worker_(worker),
      customers_(customers),
      stores_(stores),
      ids_(ids),
      clock_(clock) {}

MessagingSettings MessagingService::Settings(const core::StoreId& store_id) const {
  return repository_.Settings(store_id).value_or(MessagingSettings{});
}

core::Result<MessagingSettings> MessagingService::SaveSettings(const core::Actor& actor,
                                                               MessagingSettings settings) {
  const MessagingSettings previous = Settings(actor.store_id);
  if (settings.version != previous.version) {
    return core::Fail(core::Error{core::ErrorCode::kConflict,
                                  "os canais foram alterados por outra pessoa; recarregue",
                                  "version"});
  }
  settings = KeepSecrets(std::move(settings), previous);
  if (auto checked = CheckSettings(settings); !checked) return core::Fail(checked.error());
  settings.version = previous.version + 1;
  const core::Status saved = repository_.SaveSettings(actor.store_id, settings,
                                                      AuditOf(ids_, actor, clock_.Now(), "update"));
  if (!saved) return core::Fail(saved.error());
  return settings;
}

MessageDetail MessagingService::DetailOf(const Message& message) const {
  MessageDetail detail{message, repository_.Events(message.store_id, message.id), ""};
  if (message.status == Status::kManual && message.channel == Channel::kWhatsapp) {
    detail.click_to_chat_url = ClickToChatUrl(message.recipient, message.body);
  }
  return detail;
}

std::vector<Message> MessagingService::List(const core::StoreId& store_id,
                                            const MessageFilter& filter) const {
  return repository_.List(store_id, filter);
}

core::Result<MessageDetail> MessagingService::Get(const core::StoreId& store_id,
                                                  const std::string& id) const {
  auto message = repository_.Find(store_id, id);
  if (!message) return core::Fail(NotFoundMessage());
  return DetailOf(*message);
}

std::vector<MessageDetail> MessagingService::HistoryOf(const core::StoreId& store_id,
                                                       const customers::CustomerId& customer_id,
                                                       int limit) const {
  MessageFilter filter;
  filter.customer_id = customer_id;
  filter.limit = limit;
  std::vector<MessageDetail> history;
  for (const Message& message : repository_.List(store_id, filter)) {
    history.push_back(DetailOf(message));
  }
  return history;
}

std::vector<std::pair<Status, std::int64_t>> MessagingService::Counts(
    const core::StoreId& store_id) const {
  return repository_.CountByStatus(store_id);
}

core::Result<MessageDetail> MessagingService::Resend(const core::Actor& actor,
                                                     const std::string& who,
                                                     const std::string& id) {
  auto message = repository_.Find(actor.store_id, id);
  if (!message) return core::Fail(NotFoundMessage());
  if (!IsDeadLetter(message->status)) {
    return core::Fail(core::Error{core::ErrorCode::kFailedPrecondition,
                                  fmt::format("só se reenvia uma mensagem que falhou ou ficou "
                                              "incerta; esta está {}",
                                              StatusPt(message->status)),
                                  "status"});
  }
  const core::Instant now = clock_.Now();
  Transition t{*message, message->status, {id, now, Status::kQueued, "", actor.actor}};
  t.message.status = Status::kQueued;
  t.message.attempts = 0;
  t.message.next_attempt_at = now;
  t.message.updated_at = now;
  t.message.last_error.clear();
  t.event.detail = fmt::format("reenviada por {}", who);
  if (!repository_.Apply(std::span(&t, 1)).front()) {
    return core::Fail(core::Error{core::ErrorCode::kConflict,
                                  "a mensagem mudou enquanto você a reenviava; recarregue", "id"});
  }
  return Get(actor.store_id, id);
}

core::Result<MessageDetail> MessagingService::MarkSentByHand(const core::Actor& actor,
                                                             const std::string& who,
                                                             const std::string& id) {
  auto message = repository_.Find(actor.store_id, id);
  if (!message) return core::Fail(NotFoundMessage());
  if (message->status != Status::kManual) {
    return core::Fail(core::Error{core::ErrorCode::kFailedPrecondition,
                                  fmt::format("esta mensagem não espera envio manual; ela está {}",
                                              StatusPt(message->status)),
                                  "status"});
  }
  const core::Instant now = clock_.Now();
  Transition t{*message, Status::kManual, {id, now, Status::kSent, "", actor.actor}};
  t.message.status = Status::kSent;
  t.message.sent_at = now;
  t.message.sent_by = who;
  t.message.updated_at = now;
  t.event.detail = fmt::format("enviada por {} pelo link do WhatsApp", who);
  if (!repository_.Apply(std::span(&t, 1)).front()) {
    return core::Fail(core::Error{core::ErrorCode::kConflict,
                                  "a mensagem mudou enquanto você a marcava; recarregue", "id"});
  }
  return Get(actor.store_id, id);
}

core::Result<MessageDetail> MessagingService::SendTest(const core::Actor& actor, Channel channel,
                                                       const std::string& to) {
  std::string recipient = to;
  if (channel == Channel::kEmail) {
    auto email = core::Email::Parse(to, "to");
    if (!email) return core::Fail(email.error());
    recipient = email->value();
  } else {
    auto phone = core::Phone::ParseBrazilian(to, "to");
    if (!phone) return core::Fail(phone.error());
    recipient = phone->e164();
  }
  const core::Instant now = clock_.Now();
  const std::string shop = ShopName(actor.store_id);
  Message message;
  message.id = ids_.NextText();
  message.store_id = actor.store_id;
  message.source = Source::kTest;
  message.channel = channel;
  message.recipient = recipient;
  message.template_key = "teste";
  message.subject = fmt::format("Teste de envio — {}", shop);
  message.body = fmt::format(
      "Olá! Esta é uma mensagem de teste da {} enviada pelo Fiado. Se você a recebeu, o canal "
      "{} está funcionando.",
      shop, ChannelWord(channel));
  message.status = Status::kSending;  // the tick never claims it: SendNow sends it
  message.attempts = 1;
  message.next_attempt_at = now;
  message.lease_until = now + kTestLease;
  message.created_at = message.updated_at = now;
  const MessageEvent first{message.id, now, Status::kSending, "mensagem de teste pedida pelo dono",
                           actor.actor};
  if (auto queued = repository_.Enqueue(message, first); !queued) {
    return core::Fail(queued.error());
  }
  return DetailOf(worker_.SendNow(message));
}

std::string MessagingService::ShopName(const core::StoreId& store_id) const {
  auto store = stores_.Find(store_id);
  return store ? store->name : "loja";
}

void MessagingService::Record(const core::StoreId& store_id, Channel channel, std::string kind,
                              std::string sender, std::string provider_id, std::string text,
                              std::string outcome) {
  if (text.size() > kMaxInboundText) text.resize(kMaxInboundText);
  repository_.RecordInbound(InboundRecord{
      ids_.NextText(), store_id, channel, clock_.Now(), std::move(kind), std::move(sender),
      std::move(provider_id), std::move(text), std::move(outcome)});
}

void MessagingService::ApplyStatus(const core::StoreId& store_id, Channel channel,
                                   const StatusUpdate& update, ReportOutcome& outcome) {
  const std::string status_name(StatusName(update.status));
  auto message = repository_.FindByProviderId(store_id, channel, update.provider_id);
  if (!message) {
    ++outcome.unknown;
    Record(store_id, channel, "status", "", update.provider_id, status_name, "unknown_message");
    return;
  }
  const bool forward = update.status == Status::kFailed
                           ? Rank(message->status) > 0 && message->status != Status::kRead
                           : Rank(update.status) > Rank(message->status);
  if (!forward) {
    Record(store_id, channel, "status", "", update.provider_id, status_name, "ignored");
    return;
  }
  const core::Instant now = clock_.Now();
  Transition t{*message,
               message->status,
               {message->id, update.at.value_or(now), update.status, "", ChannelWord(channel)}};
  t.message.status = update.status;
  t.message.updated_at = now;
  if (update.status == Status::kFailed) {
    t.message.last_error = fmt::format("o provedor informou falha na entrega: {}", update.error);
    t.event.detail = t.message.last_error;
  } else {
    t.event.detail = fmt::format("{} informou: {}", ChannelWord(channel), StatusPt(update.status));
  }
  const bool applied = repository_.Apply(std::span(&t, 1)).front();
  if (applied) ++outcome.applied;
  Record(store_id, channel, "status", "", update.provider_id, status_name,
         applied ? "applied" : "ignored");
}

void MessagingService::ApplyReply(const core::StoreId& store_id, Channel channel,
                                  const InboundText& reply, ReportOutcome& outcome) {
  if (!IsOptOutReply(reply.text)) {
    ++outcome.replies;
    Record(store_id, channel, "reply", reply.from_e164, reply.provider_id, reply.text, "reply");
    return;
  }
  auto phone = core::Phone::ParseBrazilian(reply.from_e164);
  std::vector<customers::Customer> matches;
  if (phone) {
    customers::CustomerQuery query{store_id, std::string(phone->e164().substr(3))};
    query.limit = 20;
    if (auto page = customers_.Search(query)) {
      for (const customers::Customer& customer : page->items) {
        if (std::find(customer.phones_e164.begin(), customer.phones_e164.end(), phone->e164()) !=
            customer.phones_e164.end()) {
          matches.push_back(customer);
        }
      }
    }
  }
  const core::Actor system{store_id, std::string("system:") + ReplySource(channel), ""};
  for (const customers::Customer& customer : matches) {
    (void)customers_.WithdrawConsent(system, customer.id, channel, ReplySource(channel));
  }
  ++outcome.opt_outs;
  Record(store_id, channel, "reply", reply.from_e164, reply.provider_id, reply.text,
         matches.empty() ? "opt_out_unknown_sender" : "opt_out");
  if (!phone) return;
  const core::Instant now = clock_.Now();
  Message confirmation;
  confirmation.id = ids_.NextText();
  confirmation.store_id = store_id;
  if (!matches.empty()) confirmation.customer_id = matches.front().id;
  confirmation.source = Source::kOptOutConfirmation;
  confirmation.channel = channel;
  confirmation.recipient = phone->e164();
  confirmation.template_key = "confirmacao_descadastro";
  confirmation.body = OptOutConfirmation(ShopName(store_id), ChannelWord(channel));
  confirmation.next_attempt_at = now;
  confirmation.created_at = confirmation.updated_at = now;
  (void)repository_.Enqueue(
      confirmation,
      {confirmation.id, now, Status::kQueued,
       fmt::format("o cliente respondeu \"{}\"", reply.text.substr(0, 80)), ChannelWord(channel)});
}

ReportOutcome MessagingService::ApplyReport(const core::StoreId& store_id, Channel channel,
                                            const ProviderReport& report) {
  ReportOutcome outcome;
  for (const StatusUpdate& update : report.statuses)
    ApplyStatus(store_id, channel, update, outcome);
  for (const InboundText& reply : report.replies) ApplyReply(store_id, channel, reply, outcome);
  return outcome;
}

void MessagingService::RecordRejected(const core::StoreId& store_id, Channel channel,
                                      const std::string& reason) {
  Record(store_id, channel, "rejected", "", "", reason, "rejected");
}

core::Result<std::string> MessagingService::Unsubscribe(const std::string& token) {
  auto message = token.empty() ? std::nullopt : repository_.FindByUnsubscribeToken(token);
  if (!message) {
    return core::Fail(
        core::Error{core::ErrorCode::kNotFound, "link de descadastro inválido", "token"});
  }
  if (message->customer_id) {
    const core::Actor system{message->store_id, "system:email_unsubscribe", ""};
    auto withdrawn = customers_.WithdrawConsent(system, *message->customer_id, Channel::kEmail,
                                                "email_unsubscribe");
    if (!withdrawn && withdrawn.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(withdrawn.error());
    }
  }
  Record(message->store_id, Channel::kEmail, "unsubscribe", message->recipient, message->id, "",
         "opt_out");
  return ShopName(message->store_id);
}

std::vector<InboundRecord> MessagingService::Inbound(const core::StoreId& store_id,
                                                     int limit) const {
  return repository_.Inbound(store_id, limit);
}

}  // namespace fiado::messaging
