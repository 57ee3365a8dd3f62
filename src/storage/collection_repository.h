// The régua's storage over SOCI (collection/repository.h), on SQLite and PostgreSQL
// (migration 0008). Settings, policies and templates are configuration rows written with
// their audit entry; actions, their (installment, step) keys, runs, pauses and exemptions
// are append-only (a pause or an exemption ends by a later row). RecordActions also queues
// each e-mail, WhatsApp or SMS action it writes as a message of the outbox (migration 0009,
// storage/message_repository.h), in the same transaction.
//
// ForEachAccount streams the open installments of the due range in customer order (one
// query; a server-side cursor on PostgreSQL), and for each batch of customers loads what
// the engine needs with one query per kind of fact, joined to temporary tables holding the
// batch's installments and customers.
//
// History handed to the engine (Account::history): one entry per (installment, step) done
// for the account's installments, with the step's key, installment, action and the local
// date of its action's send_at; and one entry per contact (message or call task) of the
// customer whose send_at falls in [today − 7 days, today + 8 days) local, with neither
// step key nor installment. The two kinds never mix: caps count the second kind only.
#pragma once

#include "collection/repository.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlCollectionRepository final : public collection::CollectionRepository {
 public:
  explicit SqlCollectionRepository(Database& db) : db_(db) {}

  std::optional<collection::CollectionSettings> Settings(
      const core::StoreId& store_id) const override;
  void SaveSettings(const core::StoreId& store_id, const collection::CollectionSettings& settings,
                    const core::AuditEntry& audit) override;

  std::vector<collection::Policy> Policies(const core::StoreId& store_id) const override;
  core::Status SavePolicy(const collection::Policy& policy, const core::AuditEntry& audit) override;

  std::vector<collection::MessageTemplate> Templates(const core::StoreId& store_id) const override;
  void SaveTemplate(const core::StoreId& store_id,
                    const collection::MessageTemplate& message_template,
                    const core::AuditEntry& audit) override;

  void ForEachAccount(
      const core::StoreId& store_id, core::Date due_from, core::Date due_to, core::Date today,
      const core::TimeZone& zone, int batch_customers,
      const std::function<void(std::vector<collection::Account>&)>& batch) const override;
  std::optional<collection::Account> AccountOf(const core::StoreId& store_id,
                                               const customers::CustomerId& customer_id,
                                               core::Date due_from, core::Date due_to,
                                               core::Date today,
                                               const core::TimeZone& zone) const override;

  std::int64_t RecordActions(const core::StoreId& store_id, const std::string& run_id,
                             std::span<const collection::Action> actions,
                             core::Instant created_at) override;
  std::vector<collection::StoredAction> Actions(
      const core::StoreId& store_id, const collection::ActionFilter& filter) const override;
  std::optional<collection::StoredAction> FindAction(const core::StoreId& store_id,
                                                     const std::string& action_id) const override;

  void SaveRun(const collection::RunRecord& run) override;
  std::vector<collection::RunRecord> Runs(const core::StoreId& store_id, int limit) const override;
  std::optional<collection::RunRecord> RunOn(const core::StoreId& store_id,
                                             core::Date day) const override;

  void AddPause(const core::StoreId& store_id, const collection::PauseRecord& pause,
                const core::AuditEntry& audit) override;
  core::Status EndPause(const core::StoreId& store_id, const std::string& pause_id,
                        core::Instant at, const std::string& reason,
                        const core::AuditEntry& audit) override;
  std::vector<collection::PauseRecord> PausesOf(
      const core::StoreId& store_id, const customers::CustomerId& customer_id) const override;

  void AddExemption(const core::StoreId& store_id, const collection::Exemption& exemption,
                    const core::AuditEntry& audit) override;
  core::Status EndExemption(const core::StoreId& store_id, const std::string& exemption_id,
                            core::Instant at, const std::string& reason,
                            const core::AuditEntry& audit) override;
  std::vector<collection::Exemption> ExemptionsOf(
      const core::StoreId& store_id, const customers::CustomerId& customer_id) const override;

 private:
  // ForEachAccount, or AccountOf when `only` names a customer.
  void Scan(const core::StoreId& store_id, const std::string* only, core::Date due_from,
            core::Date due_to, core::Date today, const core::TimeZone& zone, int batch_customers,
            const std::function<void(std::vector<collection::Account>&)>& batch) const;
  // Ends a pause or an exemption: kNotFound, kConflict when already ended.
  core::Status End(const char* table, const char* ends_table, const char* key_column,
                   const core::StoreId& store_id, const std::string& id, core::Instant at,
                   const std::string& reason, const core::AuditEntry& audit);

  Database& db_;
};

}  // namespace fiado::storage
