#include "reconciliation/service.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "core/text.h"
#include "reconciliation/digest.h"

namespace fiado::reconciliation {
namespace {

constexpr std::size_t kMaxReasonChars = 500;
constexpr int kListLimit = 500;

core::Result<std::string> CheckReason(const std::string& reason) {
  std::string trimmed = core::Trim(reason);
  if (trimmed.empty()) return core::Invalid("reason", "informe o motivo");
  if (trimmed.size() > kMaxReasonChars) {
    return core::Invalid("reason", "motivo muito longo (máximo de 500 caracteres)");
  }
  return trimmed;
}

}  // namespace

ReconciliationService::ReconciliationService(ReconciliationRepository& repository,
                                             payments::LedgerService& ledger,
                                             stores::StoreRepository& stores,
                                             core::IdGenerator& ids, const core::Clock& clock)
    : repository_(repository), ledger_(ledger), stores_(stores), ids_(ids), clock_(clock) {}

core::Result<stores::Store> ReconciliationService::StoreOf(const core::StoreId& store_id) const {
  auto store = stores_.Find(store_id);
  if (!store) return core::Fail(core::Error::NotFound("loja não encontrada"));
  return std::move(*store);
}

std::vector<QueueItem> ReconciliationService::Queue(const core::StoreId& store_id,
                                                    bool open_only) const {
  return repository_.Queue(store_id, open_only, kListLimit);
}

core::Result<QueueItem> ReconciliationService::OpenItem(const core::StoreId& store_id,
                                                        const std::string& item_id) const {
  auto item = repository_.FindItem(store_id, item_id);
  if (!item) return core::Fail(core::Error::NotFound("pendência não encontrada"));
  if (item->resolution) {
    return core::Fail(core::Error::Conflict("esta pendência já foi resolvida"));
  }
  return std::move(*item);
}

core::Result<QueueItem> ReconciliationService::Assign(const core::Actor& actor,
                                                      const std::string& item_id,
                                                      const payments::InstallmentRef& installment,
                                                      const std::string& reason) {
  auto why = CheckReason(reason);
  if (!why) return core::Fail(std::move(why.error()));
  auto item = OpenItem(actor.store_id, item_id);
  if (!item) return item;
  if (!item->event.paid.IsPositive()) {
    return core::Fail(core::Error{core::ErrorCode::kFailedPrecondition,
                                  "esta pendência não tem valor a lançar; descarte-a",
                                  "",
                                  {}});
  }
  auto sale = ledger_.FindSale(actor.store_id, installment.sale_id);
  if (!sale) return core::Invalid("installment.sale_id", "venda não encontrada");
  if (installment.number < 1 || installment.number > static_cast<int>(sale->installments.size())) {
    return core::Invalid("installment.number", "parcela inexistente nesta venda");
  }
  payments::PaymentDraft draft;
  draft.customer_id = sale->customer_id;
  draft.amount = item->event.paid;
  draft.method = MethodOf(item->event.source);
  draft.paid_on = item->event.occurred_on;
  draft.installments = {installment};
  draft.memo = fmt::format("conciliação: {} ({})", item->event.reference, *why);
  auto posted = ledger_.PostPayment(actor, draft, item->event.key, item->event.key);
  if (!posted) return core::Fail(std::move(posted.error()));
  QueueResolution resolution{Resolution::kAssigned, installment, posted->value.id, *why,
                             clock_.Now(),          actor.actor};
  if (auto resolved = repository_.Resolve(actor.store_id, item_id, resolution); !resolved) {
    return core::Fail(std::move(resolved.error()));
  }
  item->resolution = std::move(resolution);
  return item;
}

core::Result<QueueItem> ReconciliationService::Dismiss(const core::Actor& actor,
                                                       const std::string& item_id,
                                                       const std::string& reason) {
  auto why = CheckReason(reason);
  if (!why) return core::Fail(std::move(why.error()));
  auto item = OpenItem(actor.store_id, item_id);
  if (!item) return item;
  QueueResolution resolution{Resolution::kDismissed, std::nullopt, std::nullopt, *why,
                             clock_.Now(),           actor.actor};
  if (auto resolved = repository_.Resolve(actor.store_id, item_id, resolution); !resolved) {
    return core::Fail(std::move(resolved.error()));
  }
  item->resolution = std::move(resolution);
  return item;
}

std::vector<ImportReport> ReconciliationService::Imports(const core::StoreId& store_id) const {
  return repository_.Imports(store_id, kListLimit);
}

core::Result<ImportReport> ReconciliationService::FindImport(const core::StoreId& store_id,
                                                             const std::string& import_id) const {
  auto report = repository_.FindImport(store_id, import_id);
  if (!report) return core::Fail(core::Error::NotFound("importação não encontrada"));
  return std::move(*report);
}

std::vector<EventRecord> ReconciliationService::EventsOf(const core::StoreId& store_id,
                                                         const std::string& import_id) const {
  return repository_.EventsOf(store_id, import_id, 100000);
}

}  // namespace fiado::reconciliation
