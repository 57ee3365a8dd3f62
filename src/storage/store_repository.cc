#include "storage/store_repository.h"

#include "storage/audit_log.h"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "json/store_json.h"

namespace fiado::storage {
namespace {

constexpr const char* kColumns =
    "id, name, legal_id, street, street_number, complement, district, city, state, "
    "postal_code, phone, email, time_zone, pix_key, settings, created_at, updated_at";

bool LegalIdTaken(soci::session& session, const stores::Store& store) {
  int taken = 0;
  session << "SELECT COUNT(*) FROM stores WHERE legal_id = :legal AND id <> :id",
      soci::use(store.legal_id.value()), soci::use(store.id.str()), soci::into(taken);
  return taken > 0;
}

core::Error LegalIdConflict(const stores::Store& store) {
  core::Error error = core::Error::Conflict(std::string(store.legal_id.is_cnpj() ? "CNPJ" : "CPF") +
                                            " já cadastrado em outra loja");
  error.field = "legal_id";
  return error;
}

// The column values a store's fields turn into, shared by INSERT and UPDATE.
struct StoreColumns {
  explicit StoreColumns(const stores::Store& store)
      : kind(store.legal_id.KindName()),
        settings(json::StoreSettingsJson(store.settings).dump()),
        created_at(core::FormatRfc3339(store.created_at)),
        updated_at(core::FormatRfc3339(store.updated_at)) {}
  std::string kind;
  std::string settings;
  std::string created_at;
  std::string updated_at;
};

stores::StoreSettings StoreSettingsFromText(const std::string& text) {
  auto settings = json::StoreSettingsFromJson(nlohmann::json::parse(text), "settings");
  if (!settings) {
    throw StorageError("configurações inválidas na tabela stores: " + settings.error().Describe());
  }
  return *settings;
}

stores::Store StoreFromRow(const soci::row& row) {
  // Written only after validation, so a failure here means the table was edited by hand.
  auto legal_id = core::TaxId::Parse(row.get<std::string>(2));
  if (!legal_id)
    throw StorageError("documento inválido na tabela stores: " + legal_id.error().Describe());
  stores::Store store{core::StoreId::FromTrusted(row.get<std::string>(0)), row.get<std::string>(1),
                      *legal_id};
  store.address = {row.get<std::string>(3), row.get<std::string>(4), row.get<std::string>(5),
                   row.get<std::string>(6), row.get<std::string>(7), row.get<std::string>(8),
                   row.get<std::string>(9)};
  store.phone_e164 = row.get<std::string>(10);
  store.email = row.get<std::string>(11);
  store.time_zone = row.get<std::string>(12);
  store.pix_key = row.get<std::string>(13);
  store.settings = StoreSettingsFromText(row.get<std::string>(14));
  store.created_at = core::ParseRfc3339(row.get<std::string>(15)).value();
  store.updated_at = core::ParseRfc3339(row.get<std::string>(16)).value();
  return store;
}

}  // namespace

std::string StoreToJson(const stores::Store& store) { return json::StoreJson(store).dump(); }

core::Status SqlStoreRepository::Create(const stores::Store& store, const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  if (LegalIdTaken(session, store)) return core::Fail(LegalIdConflict(store));
  const auto& a = store.address;
  const StoreColumns columns(store);
  session << "INSERT INTO stores (id, store_id, name, legal_id, legal_id_kind, street, "
             "street_number, complement, district, city, state, postal_code, phone, email, "
             "time_zone, pix_key, settings, created_at, updated_at) VALUES (:id, :id2, :name, "
             ":legal, :kind, :street, :number, :complement, :district, :city, :state, :cep, "
             ":phone, :email, :tz, :pix, :settings, :created, :updated)",
      soci::use(store.id.str()), soci::use(store.id.str()), soci::use(store.name),
      soci::use(store.legal_id.value()), soci::use(columns.kind), soci::use(a.street),
      soci::use(a.number), soci::use(a.complement), soci::use(a.district), soci::use(a.city),
      soci::use(a.state), soci::use(a.postal_code), soci::use(store.phone_e164),
      soci::use(store.email), soci::use(store.time_zone), soci::use(store.pix_key),
      soci::use(columns.settings), soci::use(columns.created_at), soci::use(columns.updated_at);
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

core::Status SqlStoreRepository::Update(const stores::Store& store, const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  if (LegalIdTaken(session, store)) return core::Fail(LegalIdConflict(store));
  const auto& a = store.address;
  const StoreColumns columns(store);
  soci::statement update =
      (session.prepare << "UPDATE stores SET name = :name, legal_id = :legal, legal_id_kind = "
                          ":kind, street = :street, street_number = :number, complement = "
                          ":complement, district = :district, city = :city, state = :state, "
                          "postal_code = :cep, phone = :phone, email = :email, time_zone = :tz, "
                          "pix_key = :pix, settings = :settings, updated_at = :updated "
                          "WHERE id = :id",
       soci::use(store.name), soci::use(store.legal_id.value()), soci::use(columns.kind),
       soci::use(a.street), soci::use(a.number), soci::use(a.complement), soci::use(a.district),
       soci::use(a.city), soci::use(a.state), soci::use(a.postal_code), soci::use(store.phone_e164),
       soci::use(store.email), soci::use(store.time_zone), soci::use(store.pix_key),
       soci::use(columns.settings), soci::use(columns.updated_at), soci::use(store.id.str()));
  update.execute(true);
  if (update.get_affected_rows() != 1)
    return core::Fail(core::Error::NotFound("loja não encontrada"));
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

std::optional<stores::Store> SqlStoreRepository::Find(const core::StoreId& id) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kColumns << " FROM stores WHERE id = :id",
       soci::use(id.str()));
  for (const soci::row& row : rows) return StoreFromRow(row);
  return std::nullopt;
}

std::vector<stores::Store> SqlStoreRepository::List() const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kColumns << " FROM stores ORDER BY name, id");
  std::vector<stores::Store> result;
  for (const soci::row& row : rows) result.push_back(StoreFromRow(row));
  return result;
}

}  // namespace fiado::storage
