// Messaging as a service for the API: the shop's channel settings (checked; secrets kept
// when a form leaves them empty), the messages with their timelines (per customer, the
// dead-letter list), resend, the collector's click-to-chat, the owner's test message, and
// what providers and customers send back — delivery receipts and "PARAR" replies (WhatsApp
// and SMS) and the e-mail's one-click opt-out — each applied at once and recorded.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "customers/registry.h"
#include "messaging/repository.h"
#include "messaging/webhook.h"
#include "messaging/worker.h"
#include "stores/store.h"

namespace fiado::messaging {

struct MessageDetail {
  Message message{};
  std::vector<MessageEvent> events{};
  std::string click_to_chat_url{};  // a manual WhatsApp message: https://wa.me/55…?text=…
};

// What a batch of provider reports did.
struct ReportOutcome {
  int applied = 0;   // statuses that moved a message forward
  int unknown = 0;   // statuses for a message id we do not know (recorded)
  int opt_outs = 0;  // replies that withdrew consent
  int replies = 0;   // other replies (recorded)
};

// https://wa.me/5511987654321?text=… (the text percent-encoded as UTF-8).
std::string ClickToChatUrl(const std::string& phone_e164, const std::string& text);

class MessagingService {
 public:
  MessagingService(MessageRepository& repository, OutboxWorker& worker,
                   customers::Registry& customers, stores::StoreRepository& stores,
                   core::IdGenerator& ids, const core::Clock& clock);

  MessagingSettings Settings(const core::StoreId& store_id) const;
  // kInvalidArgument naming every field at fault; kConflict when settings.version is not
  // the stored one (someone saved meanwhile). Returns the saved settings (version + 1).
  core::Result<MessagingSettings> SaveSettings(const core::Actor& actor,
                                               MessagingSettings settings);

  std::vector<Message> List(const core::StoreId& store_id, const MessageFilter& filter) const;
  core::Result<MessageDetail> Get(const core::StoreId& store_id, const std::string& id) const;
  // The customer's messages, newest first, each with its timeline.
  std::vector<MessageDetail> HistoryOf(const core::StoreId& store_id,
                                       const customers::CustomerId& customer_id, int limit) const;
  std::vector<std::pair<Status, std::int64_t>> Counts(const core::StoreId& store_id) const;

  // `who` names the person in the timeline ("Ana Souza").
  // A failed or uncertain message queued again now (a collection message is still
  // checked before it goes). kFailedPrecondition for any other status.
  core::Result<MessageDetail> Resend(const core::Actor& actor, const std::string& who,
                                     const std::string& id);
  // A manual WhatsApp message the collector sent by click-to-chat.
  core::Result<MessageDetail> MarkSentByHand(const core::Actor& actor, const std::string& who,
                                             const std::string& id);
  // Sends a test message at once to `to` through the shop's channel: the result (sent with
  // the provider's id, or failed with the reason) is in the returned message.
  core::Result<MessageDetail> SendTest(const core::Actor& actor, Channel channel,
                                       const std::string& to);

  // Delivery statuses and replies from the WhatsApp webhook or the SMS provider.
  ReportOutcome ApplyReport(const core::StoreId& store_id, Channel channel,
                            const ProviderReport& report);
  // A provider call refused (bad signature or token, unreadable body), kept with the reason.
  void RecordRejected(const core::StoreId& store_id, Channel channel, const std::string& reason);
  // The e-mail's opt-out link. kNotFound for an unknown token. Returns the shop's name.
  core::Result<std::string> Unsubscribe(const std::string& token);
  // What the shop's customers and providers sent back, newest first.
  std::vector<InboundRecord> Inbound(const core::StoreId& store_id, int limit) const;

 private:
  MessageDetail DetailOf(const Message& message) const;
  void ApplyStatus(const core::StoreId& store_id, Channel channel, const StatusUpdate& update,
                   ReportOutcome& outcome);
  void ApplyReply(const core::StoreId& store_id, Channel channel, const InboundText& reply,
                  ReportOutcome& outcome);
  void Record(const core::StoreId& store_id, Channel channel, std::string kind, std::string sender,
              std::string provider_id, std::string text, std::string outcome);
  std::string ShopName(const core::StoreId& store_id) const;

  MessageRepository& repository_;
  OutboxWorker& worker_;
  customers::Registry& customers_;
  stores::StoreRepository& stores_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
};

}  // namespace fiado::messaging
