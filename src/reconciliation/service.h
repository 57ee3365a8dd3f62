// Reconciliation: payments that arrive through the bank post themselves exactly once, and
// whatever does not match waits in a queue for a person.
//
//  - CNAB return files are read whole and checked first (bankfiles::ReadReturn); a file with
//    any problem, of another bank or of another agreement is refused and nothing is written.
//    Then its titles are imported in batches, in the order of their payment dates: each
//    batch's payments share one transaction and every event is recorded under its key
//    (bank, agreement, nosso número, movement, date, amount paid), so importing the file
//    again — or after a crash — posts nothing twice.
//  - Liquidations (240: 06, 17; 400: the bank's equivalents) post a boleto payment on the
//    installment the nosso número names: more than open becomes the customer's credit, less
//    leaves the rest open. 02/03 record the registration, 44 (cheque returned) reverses the
//    payment, anything else is kept for the record. The bank's fee is kept with each event.
//  - Pix notifications (endToEndId unique) post on the installment of their txid.
//  - A title or a Pix that names no installment, or whose payment the ledger refuses, goes
//    to the queue with the reason; a person assigns it to an installment or dismisses it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "bankfiles/ofx.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "payments/service.h"
#include "reconciliation/model.h"
#include "reconciliation/repository.h"
#include "stores/store.h"

namespace fiado::reconciliation {

// done, total (records of the file).
using Progress = std::function<void(std::int64_t, std::int64_t)>;

class ReconciliationService {
 public:
  ReconciliationService(ReconciliationRepository& repository, payments::LedgerService& ledger,
                        stores::StoreRepository& stores, core::IdGenerator& ids,
                        const core::Clock& clock);

  // Imports the CNAB return file at `path` (`file_name` is what the shop called it). A
  // refused file is a report with `refused` and its problems (also stored).
  core::Result<ImportReport> ImportCnab(const core::Actor& actor, const std::string& path,
                                        const std::string& file_name,
                                        const Progress& progress = {});

  // Imports an OFX bank statement: credits matched with certainty (txid and amount) are
  // posted as transfers, the others queued with the reason and the candidates. Debits are
  // ignored. Keyed by (account, FITID, date, amount).
  core::Result<ImportReport> ImportStatement(const core::Actor& actor, const std::string& path,
                                             const std::string& file_name);

  // Posts (or queues) the notified Pix payments; already known end-to-end ids change
  // nothing. One record for each notification, in order.
  core::Result<std::vector<EventRecord>> ReceivePix(const PixWebhook& webhook,
                                                    std::span<const PixNotification> pix);

  // The webhook `webhook_id` when the request proves it: kToken — `token` equals the
  // secret; kHmacSha256 — `signature` is the hex HMAC-SHA256 of `body` with the secret
  // (an optional "sha256=" prefix). kUnauthenticated otherwise, the same for an unknown id.
  core::Result<PixWebhook> Authenticate(const std::string& webhook_id, std::string_view body,
                                        std::string_view token, std::string_view signature) const;
  // A new webhook with a random secret (returned once, in the result).
  core::Result<PixWebhook> CreateWebhook(const core::Actor& actor, const std::string& provider,
                                         WebhookAuth auth);
  std::vector<PixWebhook> WebhooksOf(const core::StoreId& store_id) const;
  core::Status RevokeWebhook(const core::Actor& actor, const std::string& webhook_id);

  std::vector<QueueItem> Queue(const core::StoreId& store_id, bool open_only) const;
  // Posts the item's money on the installment (as of the item's date) and resolves it.
  core::Result<QueueItem> Assign(const core::Actor& actor, const std::string& item_id,
                                 const payments::InstallmentRef& installment,
                                 const std::string& reason);
  core::Result<QueueItem> Dismiss(const core::Actor& actor, const std::string& item_id,
                                  const std::string& reason);

  std::vector<ImportReport> Imports(const core::StoreId& store_id) const;
  core::Result<ImportReport> FindImport(const core::StoreId& store_id,
                                        const std::string& import_id) const;
  std::vector<EventRecord> EventsOf(const core::StoreId& store_id,
                                    const std::string& import_id) const;

 private:
  core::Result<stores::Store> StoreOf(const core::StoreId& store_id) const;
  // A report for the file at `path`: id, who and when, its SHA-256 and the earlier import
  // of the same bytes, if any.
  core::Result<ImportReport> OpenReport(const core::Actor& actor, const std::string& path,
                                        const std::string& file_name) const;
  core::Result<QueueItem> OpenItem(const core::StoreId& store_id, const std::string& item_id) const;
  // Posts, reverses, records and queues one batch of events; one record each, in order.
  std::vector<EventRecord> Settle(const core::Actor& actor, const std::string& import_id,
                                  std::span<const PendingEvent> events);
  struct Settling;
  void PostPayments(const core::Actor& actor, Settling& settling);
  void ReverseReturned(const core::Actor& actor, Settling& settling);
  void SettleStatement(const core::Actor& actor, const bankfiles::Statement& statement,
                       ImportReport& report);
  core::Result<ImportReport> ImportTitles(const core::Actor& actor, ImportReport report,
                                          const std::string& path, const stores::Store& store,
                                          const Progress& progress);

  ReconciliationRepository& repository_;
  payments::LedgerService& ledger_;
  stores::StoreRepository& stores_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
};

}  // namespace fiado::reconciliation
