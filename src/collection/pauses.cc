// Pauses (promise to pay, agreement, dispute), exemptions, and the template preview.
#include <algorithm>

#include "collection/service.h"
#include "collection/shop.h"
#include "core/time_zone.h"

namespace fiado::collection {

namespace {

constexpr int kMaxPromiseDays = 90;
constexpr std::size_t kMaxReasonChars = 500;

core::Status CheckReason(const std::string& reason, bool required) {
  if (required && reason.find_first_not_of(" \t\n") == std::string::npos) {
    return core::Invalid("reason", "informe o motivo");
  }
  if (reason.size() > kMaxReasonChars) {
    return core::Invalid("reason", "motivo longo demais (até 500 caracteres)");
  }
  return {};
}

core::Status CheckPause(PauseKind kind, std::optional<core::Date> until, core::Date today) {
  if (kind != PauseKind::kPromise) return {};
  if (!until) return core::Invalid("until", "informe a data prometida para o pagamento");
  const auto days = (std::chrono::sys_days{*until} - std::chrono::sys_days{today}).count();
  if (days < 0) return core::Invalid("until", "a data prometida já passou");
  if (days > kMaxPromiseDays) {
    return core::Invalid("until", "a promessa pode pausar a cobrança por até 90 dias");
  }
  return {};
}

}  // namespace

core::Result<PauseRecord> CollectionService::AddPause(const core::Actor& actor,
                                                      const customers::CustomerId& customer_id,
                                                      PauseKind kind,
                                                      std::optional<core::Date> until,
                                                      const std::string& reason) {
  if (!customers_.Find(actor.store_id, customer_id)) {
    return core::Fail(core::Error::NotFound("cliente não encontrado"));
  }
  auto shop = ShopOf(actor.store_id, std::nullopt);
  if (!shop) return core::Fail(std::move(shop.error()));
  const core::Date today = (*shop)->context.today;
  if (auto checked = CheckPause(kind, until, today); !checked) return core::Fail(checked.error());
  if (auto checked = CheckReason(reason, false); !checked) return core::Fail(checked.error());
  PauseRecord record;
  record.pause = Pause{ids_.Next<PauseTag>(), customer_id, kind, today,
                       kind == PauseKind::kPromise ? until : std::nullopt};
  record.pause.reason = reason;
  record.created_at = clock_.Now();
  record.created_by = actor.actor;
  repository_.AddPause(actor.store_id, record,
                       EntryFor(actor, "collection_pause", record.pause.id.str(), "create"));
  return record;
}

core::Result<PauseRecord> CollectionService::EndPause(const core::Actor& actor,
                                                      const customers::CustomerId& customer_id,
                                                      const std::string& pause_id,
                                                      const std::string& reason) {
  if (auto checked = CheckReason(reason, true); !checked) return core::Fail(checked.error());
  const auto pauses = repository_.PausesOf(actor.store_id, customer_id);
  const auto it = std::find_if(pauses.begin(), pauses.end(),
                               [&](const PauseRecord& p) { return p.pause.id.str() == pause_id; });
  if (it == pauses.end()) return core::Fail(core::Error::NotFound("pausa não encontrada"));
  const core::Instant now = clock_.Now();
  if (auto ended = repository_.EndPause(actor.store_id, pause_id, now, reason,
                                        EntryFor(actor, "collection_pause", pause_id, "end"));
      !ended) {
    return core::Fail(ended.error());
  }
  PauseRecord record = *it;
  record.ended_at = now;
  record.end_reason = reason;
  return record;
}

std::vector<PauseRecord> CollectionService::Pauses(const core::StoreId& store_id,
                                                   const customers::CustomerId& customer_id) const {
  return repository_.PausesOf(store_id, customer_id);
}

core::Result<Exemption> CollectionService::AddExemption(
    const core::Actor& actor, const customers::CustomerId& customer_id,
    const std::optional<payments::InstallmentRef>& installment, const std::string& reason) {
  if (!customers_.Find(actor.store_id, customer_id)) {
    return core::Fail(core::Error::NotFound("cliente não encontrado"));
  }
  if (auto checked = CheckReason(reason, true); !checked) return core::Fail(checked.error());
  Exemption exemption{ids_.NextText(), customer_id, installment, reason, clock_.Now(), actor.actor};
  repository_.AddExemption(actor.store_id, exemption,
                           EntryFor(actor, "collection_exemption", exemption.id, "create"));
  return exemption;
}

core::Result<Exemption> CollectionService::EndExemption(const core::Actor& actor,
                                                        const customers::CustomerId& customer_id,
                                                        const std::string& exemption_id,
                                                        const std::string& reason) {
  if (auto checked = CheckReason(reason, true); !checked) return core::Fail(checked.error());
  const auto exemptions = repository_.ExemptionsOf(actor.store_id, customer_id);
  const auto it = std::find_if(exemptions.begin(), exemptions.end(),
                               [&](const Exemption& e) { return e.id == exemption_id; });
  if (it == exemptions.end()) return core::Fail(core::Error::NotFound("isenção não encontrada"));
  const core::Instant now = clock_.Now();
  if (auto ended =
          repository_.EndExemption(actor.store_id, exemption_id, now, reason,
                                   EntryFor(actor, "collection_exemption", exemption_id, "end"));
      !ended) {
    return core::Fail(ended.error());
  }
  Exemption ended = *it;
  ended.ended_at = now;
  ended.end_reason = reason;
  return ended;
}

std::vector<Exemption> CollectionService::Exemptions(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  return repository_.ExemptionsOf(store_id, customer_id);
}

namespace {

// What a template shows when no customer with something open is at hand.
TemplateValues ExampleValues(const TemplateValues& shop, core::Date today) {
  TemplateValues values = shop;
  values.full_name = "Maria da Silva (exemplo)";
  const core::Date due{std::chrono::sys_days{today} - std::chrono::days{5}};
  values.installments = {
      ListedInstallment{3, 10, "Geladeira", due, core::Money::FromCents(15'420), 5}};
  values.open_total = core::Money::FromCents(15'420);
  values.original_total = core::Money::FromCents(15'000);
  return values;
}

}  // namespace

core::Result<CollectionService::Rendered> CollectionService::PreviewTemplate(
    const core::StoreId& store_id, const MessageTemplate& message_template,
    const std::optional<customers::CustomerId>& customer) {
  if (auto checked = CheckTemplate(message_template); !checked) return core::Fail(checked.error());
  auto shop = ShopOf(store_id, std::nullopt);
  if (!shop) return core::Fail(std::move(shop.error()));
  const Shop& s = **shop;
  Rendered rendered;
  TemplateValues values = ExampleValues(s.context.shop_values, s.context.today);
  rendered.customer_name = values.full_name;
  if (customer) {
    const auto account =
        repository_.AccountOf(store_id, *customer, s.due_from, s.due_to, s.context.today, s.zone);
    if (!account) {
      return core::Invalid("customer_id", "este cliente não tem parcelas em aberto na régua");
    }
    values = ValuesFor(s.context, *account);
    rendered.customer_id = account->customer_id;
    rendered.customer_name = account->full_name;
  }
  rendered.subject = RenderTemplate(message_template.subject, values);
  rendered.body = RenderTemplate(message_template.body, values);
  return rendered;
}

}  // namespace fiado::collection
