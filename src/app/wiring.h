// The wiring of a running Fiado: one object that owns the database, the repositories over
// it, the services and the API's view of them, built from a database URL. `fiado serve`,
// the CLI commands and the API tests all build the program the same way through it.
#pragma once

#include <memory>
#include <string>

#include "access/service.h"
#include "app/slip_attachments.h"
#include "core/clock.h"
#include "core/id.h"
#include "credit/service/service.h"
#include "customers/registry.h"
#include "documents/service.h"
#include "http/api.h"
#include "messaging/service.h"
#include "messaging/worker.h"
#include "payments/service.h"
#include "storage/access_repository.h"
#include "storage/audit_log.h"
#include "storage/collection_repository.h"
#include "storage/credit_repository.h"
#include "storage/customer_repository.h"
#include "storage/database.h"
#include "storage/ledger_repository.h"
#include "storage/message_repository.h"
#include "storage/migrations.h"
#include "storage/payment_code_repository.h"
#include "storage/reconciliation_repository.h"
#include "storage/store_repository.h"
#include "stores/store_cache.h"

namespace fiado::app {

class Wiring {
 public:
  // Opens the database (throws storage::StorageError) and applies pending migrations.
  // `outbox` tunes the outbox worker (its public URL makes the e-mails' opt-out links).
  Wiring(const std::string& db_url, std::size_t pool_size, const core::Clock& clock,
         messaging::WorkerOptions outbox = {});

  storage::Database& db() { return *db_; }
  storage::Migrator& migrator() { return migrator_; }
  const core::Clock& clock() const { return clock_; }
  core::IdGenerator& ids() { return ids_; }
  stores::StoreRepository& stores() { return store_cache_; }
  access::AccessService& access() { return access_; }
  customers::Registry& customers() { return customers_; }
  payments::LedgerService& ledger() { return ledger_; }
  documents::DocumentService& documents() { return documents_; }
  reconciliation::ReconciliationService& reconciliation() { return reconciliation_; }
  collection::CollectionService& collection() { return collection_; }
  messaging::OutboxWorker& outbox() { return outbox_; }
  messaging::MessagingService& messaging() { return messaging_; }
  credit::CreditService& credit() { return credit_; }
  core::AuditLog& audit() { return audit_; }
  http::ApiServices& api() { return api_; }

 private:
  const core::Clock& clock_;
  std::unique_ptr<storage::Database> db_;
  storage::Migrator migrator_;
  core::IdGenerator ids_;
  storage::SqlStoreRepository stores_;
  stores::StoreCache store_cache_;  // every reader goes through it
  storage::SqlAuditLog audit_;
  storage::SqlUserRepository users_;
  storage::SqlSessionRepository sessions_;
  storage::SqlApiKeyRepository api_keys_;
  storage::SqlLoginAttemptRepository login_attempts_;
  storage::SqlCustomerRepository customer_repository_;
  access::AccessService access_;
  storage::SqlLedgerRepository ledger_repository_;
  customers::Registry customers_;
  payments::LedgerService ledger_;
  storage::SqlPaymentCodeRepository payment_codes_;
  documents::DocumentService documents_;
  storage::SqlReconciliationRepository reconciliation_repository_;
  reconciliation::ReconciliationService reconciliation_;
  storage::SqlCollectionRepository collection_repository_;
  collection::CollectionService collection_;
  storage::SqlMessageRepository message_repository_;
  std::unique_ptr<messaging::SenderFactory> senders_;
  collection::CollectionSendCheck send_check_;
  SlipAttachingCheck slips_;
  messaging::OutboxWorker outbox_;
  messaging::MessagingService messaging_;
  storage::SqlCreditRepository credit_repository_;
  credit::CreditService credit_;
  http::ApiServices api_;
};

// Registers a store with its audit entry; the actor is the CLI or the demo seeding.
core::Result<stores::Store> CreateStore(Wiring& wiring, const stores::StoreDraft& draft,
                                        const std::string& actor);

// Finds a store by id or by legal id (CNPJ or CPF, with or without punctuation).
std::optional<stores::Store> FindStore(Wiring& wiring, const std::string& id_or_legal_id);

}  // namespace fiado::app
