#include "app/wiring.h"

#include "credit/providers/http_bureau.h"
#include "json/store_json.h"
#include "messaging/providers/providers.h"

namespace fiado::app {
namespace {

std::unique_ptr<storage::Database> OpenDatabase(const std::string& db_url, std::size_t pool_size) {
  auto url = storage::DatabaseUrl::Parse(db_url);
  if (!url) throw storage::StorageError(url.error().message_pt);
  return storage::Database::Open(*url, pool_size);
}

}  // namespace

Wiring::Wiring(const std::string& db_url, std::size_t pool_size, const core::Clock& clock,
               messaging::WorkerOptions outbox)
    : clock_(clock),
      db_(OpenDatabase(db_url, pool_size)),
      migrator_(*db_, clock_),
      ids_(clock_),
      stores_(*db_),
      store_cache_(stores_, clock_),
      audit_(*db_),
      users_(*db_),
      sessions_(*db_),
      api_keys_(*db_),
      login_attempts_(*db_, ids_),
      customer_repository_(*db_),
      access_(users_, sessions_, api_keys_, login_attempts_, ids_, clock_),
      ledger_repository_(*db_),
      customers_(customer_repository_, ids_, clock_),
      ledger_(ledger_repository_, store_cache_, customer_repository_, ids_, clock_),
      payment_codes_(*db_, clock_),
      documents_(ledger_, store_cache_, customer_repository_, payment_codes_),
      reconciliation_repository_(*db_),
      reconciliation_(reconciliation_repository_, ledger_, store_cache_, ids_, clock_),
      collection_repository_(*db_),
      collection_(collection_repository_, store_cache_, customer_repository_, ids_, clock_),
      message_repository_(*db_),
      senders_(messaging::providers::MakeSenderFactory()),
      send_check_(collection_),
      slips_(send_check_, collection_repository_, documents_, message_repository_, store_cache_),
      outbox_(message_repository_, slips_, *senders_, clock_, std::move(outbox)),
      messaging_(message_repository_, outbox_, customers_, store_cache_, ids_, clock_),
      credit_repository_(*db_),
      credit_(credit_repository_, ledger_, ledger_repository_, customer_repository_, customers_,
              credit::providers::MakeHttpBureau, ids_, clock_),
      api_{access_, customers_,   ledger_, documents_, reconciliation_, collection_, messaging_,
           credit_, store_cache_, audit_,  ids_,       clock_} {
  migrator_.Migrate();
  ledger_.SetCreditAdvisor(&credit_);
}

core::Result<stores::Store> CreateStore(Wiring& wiring, const stores::StoreDraft& draft,
                                        const std::string& actor) {
  auto store = stores::MakeStore(draft, wiring.ids().Next<core::StoreTag>(), wiring.clock().Now());
  if (!store) return store;
  const core::AuditEntry audit{wiring.ids().NextText(),
                               store->id,
                               store->created_at,
                               actor,
                               "store",
                               store->id.str(),
                               "create",
                               std::nullopt,
                               json::StoreJson(*store).dump(),
                               ""};
  if (auto created = wiring.stores().Create(*store, audit); !created) {
    return core::Fail(created.error());
  }
  return store;
}

std::optional<stores::Store> FindStore(Wiring& wiring, const std::string& id_or_legal_id) {
  if (auto id = core::StoreId::Parse(id_or_legal_id)) {
    if (auto store = wiring.stores().Find(*id)) return store;
  }
  auto legal_id = core::TaxId::Parse(id_or_legal_id);
  if (!legal_id) return std::nullopt;
  for (auto& store : wiring.stores().List()) {
    if (store.legal_id.value() == legal_id->value()) return store;
  }
  return std::nullopt;
}

}  // namespace fiado::app
