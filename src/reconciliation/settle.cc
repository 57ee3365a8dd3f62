// Settling a batch of bank events: known keys change nothing; payments of located
// installments go to the ledger in one transaction; returned cheques reverse the payment
// their title posted; the rest is recorded, and what a person must see is queued.
#include <algorithm>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "reconciliation/service.h"

namespace fiado::reconciliation {

struct ReconciliationService::Settling {
  std::span<const PendingEvent> events;
  std::vector<EventRecord> records{};
  std::vector<std::optional<Located>> located{};
  std::vector<std::string> queue_reasons{};  // empty = not queued
  std::vector<bool> known{};
  std::vector<bool> replayed{};  // posted before, by a run that stopped before recording it
  void Queue(std::size_t i, std::string reason) {
    records[i].outcome = Outcome::kQueued;
    records[i].note = reason;
    queue_reasons[i] = std::move(reason);
  }
};

namespace {

std::string NoInstallment(const BankEvent& event) {
  if (event.source == Source::kPix) {
    return fmt::format("txid {} não corresponde a nenhuma parcela desta loja",
                       event.reference.empty() ? "(vazio)" : event.reference);
  }
  return fmt::format("nosso número {} não corresponde a nenhuma parcela desta loja",
                     event.reference);
}

std::string MemoOf(const BankEvent& event) {
  if (event.source == Source::kPix) return "Pix " + event.detail;
  if (event.source == Source::kStatement) return "extrato bancário: " + event.detail;
  return fmt::format("boleto, nosso número {} (retorno CNAB, linha {})", event.reference,
                     event.line);
}

}  // namespace

std::vector<EventRecord> ReconciliationService::Settle(const core::Actor& actor,
                                                       const std::string& import_id,
                                                       std::span<const PendingEvent> events) {
  Settling settling{events};
  const std::size_t n = events.size();
  settling.records.resize(n);
  settling.located.resize(n);
  settling.queue_reasons.resize(n);
  std::vector<std::string> keys;
  std::vector<std::int64_t> sequences;
  for (std::size_t i = 0; i < n; ++i) {
    EventRecord& record = settling.records[i];
    record.event = events[i].event;
    record.import_id = import_id;
    record.recorded_at = clock_.Now();
    record.outcome = events[i].action == TitleAction::kRegistered ? Outcome::kRegistered
                     : events[i].action == TitleAction::kRegistrationRejected
                         ? Outcome::kRegistrationRejected
                         : Outcome::kInformational;
    keys.push_back(events[i].event.key);
    if (events[i].sequence) sequences.push_back(*events[i].sequence);
  }
  const std::set<std::string> known = repository_.Known(actor.store_id, keys);
  const auto located = repository_.Locate(actor.store_id, sequences);
  settling.known.resize(n);
  settling.replayed.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    settling.known[i] = known.contains(events[i].event.key);
    if (settling.known[i]) settling.records[i].outcome = Outcome::kAlreadyImported;
    if (events[i].located) {
      settling.located[i] = events[i].located;
      settling.records[i].installment = events[i].located->installment;
      continue;
    }
    if (!events[i].sequence) continue;
    if (auto found = located.find(*events[i].sequence); found != located.end()) {
      settling.located[i] = found->second;
      settling.records[i].installment = found->second.installment;
    }
  }
  PostPayments(actor, settling);
  ReverseReturned(actor, settling);
  std::vector<EventRecord> fresh;
  std::vector<QueueItem> queue;
  for (std::size_t i = 0; i < n; ++i) {
    if (settling.known[i]) continue;
    fresh.push_back(settling.records[i]);
    if (settling.replayed[i]) fresh.back().outcome = Outcome::kPosted;
    if (settling.queue_reasons[i].empty()) continue;
    queue.push_back(QueueItem{ids_.NextText(), actor.store_id, events[i].event,
                              settling.queue_reasons[i], import_id, clock_.Now(), std::nullopt});
  }
  repository_.Record(actor.store_id, fresh, queue);
  return std::move(settling.records);
}

void ReconciliationService::PostPayments(const core::Actor& actor, Settling& settling) {
  std::vector<payments::LedgerService::BatchItem> items;
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < settling.events.size(); ++i) {
    const PendingEvent& pending = settling.events[i];
    if (settling.known[i] || pending.action != TitleAction::kPayment) continue;
    if (!settling.located[i]) {
      settling.Queue(i, pending.unmatched_reason.empty() ? NoInstallment(pending.event)
                                                         : pending.unmatched_reason);
    } else if (!pending.event.paid.IsPositive()) {
      settling.Queue(i, "liquidação sem valor pago");
    } else {
      payments::PaymentDraft draft;
      draft.customer_id = settling.located[i]->customer_id;
      draft.amount = pending.event.paid;
      draft.method = MethodOf(pending.event.source);
      draft.paid_on = pending.event.occurred_on;
      draft.installments = {settling.located[i]->installment};
      draft.memo = MemoOf(pending.event);
      items.push_back({std::move(draft), pending.event.key, pending.event.key});
      positions.push_back(i);
    }
  }
  if (items.empty()) return;
  auto results = ledger_.PostPayments(actor, items);
  for (std::size_t j = 0; j < positions.size(); ++j) {
    const std::size_t i = positions[j];
    if (!results) {
      settling.Queue(i, "pagamento recusado: " + results.error().message_pt);
      continue;
    }
    auto& result = (*results)[j];
    if (!result) {
      settling.Queue(i, "pagamento recusado: " + result.error().message_pt);
      continue;
    }
    settling.records[i].outcome = result->replayed ? Outcome::kAlreadyImported : Outcome::kPosted;
    settling.replayed[i] = result->replayed;
    settling.records[i].payment_id = result->value.id;
  }
}

// A returned cheque (CNAB 44) reverses the latest payment its title posted.
void ReconciliationService::ReverseReturned(const core::Actor& actor, Settling& settling) {
  for (std::size_t i = 0; i < settling.events.size(); ++i) {
    const BankEvent& event = settling.events[i].event;
    if (settling.known[i] || settling.events[i].action != TitleAction::kReturnedCheque) continue;
    const auto posted = repository_.PostedFor(actor.store_id, event.reference);
    if (posted.empty() || !posted.back().payment_id) {
      settling.Queue(i, "cheque devolvido de um título sem pagamento lançado pelo banco");
      continue;
    }
    const payments::PaymentId payment_id = *posted.back().payment_id;
    settling.records[i].payment_id = payment_id;
    auto reversed = ledger_.ReversePayment(
        actor, payment_id, event.occurred_on,
        "cheque devolvido (retorno CNAB, nosso número " + event.reference + ")");
    const bool done_before = !reversed && ledger_.FindPayment(actor.store_id, payment_id) &&
                             ledger_.FindPayment(actor.store_id, payment_id)->reversal;
    if (reversed || done_before) {
      settling.records[i].outcome = Outcome::kReversed;
    } else {
      settling.Queue(i, "estorno recusado: " + reversed.error().message_pt);
    }
  }
}

}  // namespace fiado::reconciliation
