// Pix notifications: the providers' webhooks, their secrets, and the payments they post.
#include <utility>

#include <fmt/format.h>

#include "core/text.h"
#include "core/time_zone.h"
#include "payments/codes.h"
#include "reconciliation/digest.h"
#include "reconciliation/service.h"

namespace fiado::reconciliation {
namespace {

constexpr std::size_t kMaxProviderChars = 60;

core::Error Unauthenticated() {
  return core::Error{core::ErrorCode::kUnauthenticated, "notificação não autenticada", "", {}};
}

PendingEvent PendingOf(const PixNotification& pix, core::Date paid_on) {
  PendingEvent pending;
  BankEvent& event = pending.event;
  event.key = "pix|" + pix.end_to_end_id;
  event.source = Source::kPix;
  event.reference = pix.txid;
  event.occurrence = "pix";
  event.occurred_on = paid_on;
  event.paid = pix.amount;
  event.payer_name = pix.payer_info;
  event.detail = pix.end_to_end_id;
  pending.action = TitleAction::kPayment;
  pending.sequence = payments::SequenceOfTxid(pix.txid);
  return pending;
}

}  // namespace

core::Result<std::vector<EventRecord>> ReconciliationService::ReceivePix(
    const PixWebhook& webhook, std::span<const PixNotification> pix) {
  auto store = StoreOf(webhook.store_id);
  if (!store) return core::Fail(std::move(store.error()));
  auto zone = core::TimeZone::Named(store->time_zone);
  if (!zone) return core::Fail(std::move(zone.error()));
  std::vector<PendingEvent> pending;
  for (const PixNotification& one : pix) {
    pending.push_back(PendingOf(one, zone->LocalDate(one.paid_at)));
  }
  const core::Actor actor{webhook.store_id, "pix:" + webhook.provider};
  return Settle(actor, "", pending);
}

core::Result<PixWebhook> ReconciliationService::Authenticate(const std::string& webhook_id,
                                                             std::string_view body,
                                                             std::string_view token,
                                                             std::string_view signature) const {
  auto webhook = repository_.FindWebhook(webhook_id);
  if (!webhook || webhook->revoked) return core::Fail(Unauthenticated());
  const bool proven = webhook->auth == WebhookAuth::kToken
                          ? SameSecret(webhook->secret, token)
                          : VerifyHmacSha256(webhook->secret, body, signature);
  if (!proven) return core::Fail(Unauthenticated());
  return std::move(*webhook);
}

core::Result<PixWebhook> ReconciliationService::CreateWebhook(const core::Actor& actor,
                                                              const std::string& provider,
                                                              WebhookAuth auth) {
  std::string name = core::Trim(provider);
  if (name.empty()) return core::Invalid("provider", "informe o nome do provedor");
  if (name.size() > kMaxProviderChars) {
    return core::Invalid("provider", "nome muito longo (máximo de 60 caracteres)");
  }
  PixWebhook webhook{ids_.NextText(), actor.store_id, std::move(name), auth,
                     NewSecret(),     clock_.Now(),   actor.actor,     false};
  repository_.SaveWebhook(webhook);
  return webhook;
}

std::vector<PixWebhook> ReconciliationService::WebhooksOf(const core::StoreId& store_id) const {
  return repository_.WebhooksOf(store_id);
}

core::Status ReconciliationService::RevokeWebhook(const core::Actor& actor,
                                                  const std::string& webhook_id) {
  auto webhook = repository_.FindWebhook(webhook_id);
  if (!webhook || webhook->store_id != actor.store_id) {
    return core::Fail(core::Error::NotFound("webhook não encontrado"));
  }
  repository_.RevokeWebhook(actor.store_id, webhook_id, clock_.Now());
  return {};
}

}  // namespace fiado::reconciliation
