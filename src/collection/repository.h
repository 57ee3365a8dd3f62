// What the régua keeps, implemented by the storage module: the shop's collection settings,
// policies and templates (configuration, audited); pauses and exemptions (append-only,
// ended by a later row); the outbox of actions with the unique (installment, step) keys
// that make each step happen once; and the log of runs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "collection/contact.h"
#include "collection/engine.h"
#include "collection/message_template.h"
#include "collection/policy.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/id.h"

namespace fiado::collection {

struct CollectionSettings {
  int run_minute = 9 * 60;  // local time of the daily run, minutes after midnight
  ContactRules rules{};
  std::string payment_link{};  // URL shown by {link_pagamento}; may be empty
  friend bool operator==(const CollectionSettings&, const CollectionSettings&) = default;
};

struct Exemption {
  std::string id{};
  customers::CustomerId customer_id{};
  std::optional<payments::InstallmentRef> installment{};  // nullopt = the whole customer
  std::string reason{};
  core::Instant created_at{};
  std::string created_by{};
  std::optional<core::Instant> ended_at{};
  std::string end_reason{};
};

// A pause as stored, with who made and ended it.
struct PauseRecord {
  Pause pause{};
  core::Instant created_at{};
  std::string created_by{};
  std::optional<core::Instant> ended_at{};
  std::string end_reason{};
};

// An action in the outbox.
struct StoredAction {
  std::string id{};
  std::string run_id{};
  Action action{};
  std::string customer_name{};
  core::Instant created_at{};
};

struct RunRecord {
  std::string id{};
  core::StoreId store_id{};
  core::Date run_date{};
  std::string trigger{};  // "scheduler", "cli", "api"
  bool dry_run = false;
  core::Instant started_at{};
  core::Instant finished_at{};
  std::int64_t customers = 0;     // accounts decided
  std::int64_t installments = 0;  // open installments looked at
  std::int64_t actions = 0;       // actions written (or that would be, in a dry run)
  std::int64_t deferred = 0;      // of which sent later (outside hours today)
  std::map<std::string, std::int64_t> skipped{};  // ReasonName → installments
  std::string actor{};
};

struct ActionFilter {
  std::optional<customers::CustomerId> customer_id{};
  std::optional<StepAction> action{};
  std::optional<core::Instant> send_from{};  // send_at ≥
  std::optional<core::Instant> send_to{};    // send_at <
  int limit = 200;
};

class CollectionRepository {
 public:
  virtual ~CollectionRepository() = default;

  // nullopt = the shop never saved settings (the defaults apply).
  virtual std::optional<CollectionSettings> Settings(const core::StoreId& store_id) const = 0;
  virtual void SaveSettings(const core::StoreId& store_id, const CollectionSettings& settings,
                            const core::AuditEntry& audit) = 0;

  virtual std::vector<Policy> Policies(const core::StoreId& store_id) const = 0;
  // Inserts a new policy or replaces the stored one of the same id when its version is
  // policy.version − 1 (kConflict otherwise: someone saved it meanwhile).
  virtual core::Status SavePolicy(const Policy& policy, const core::AuditEntry& audit) = 0;

  virtual std::vector<MessageTemplate> Templates(const core::StoreId& store_id) const = 0;
  // Inserts or replaces the template of that key.
  virtual void SaveTemplate(const core::StoreId& store_id, const MessageTemplate& message_template,
                            const core::AuditEntry& audit) = 0;

  // The accounts of the store that have installments due in [due_from, due_to], not
  // closed and with face still open (payments reversed by `today` not counted), in
  // customer order, handed over in batches of about `batch_customers`. Each account
  // carries its open installments of that range with their sale's terms and the
  // settlements effective on `today`, its customer's facts, pauses and exemptions in
  // force (active or not: the engine decides), the steps already done for those
  // installments and the contacts whose send_at falls in the 7 local days around today
  // (history, with `zone` giving local dates).
  virtual void ForEachAccount(const core::StoreId& store_id, core::Date due_from, core::Date due_to,
                              core::Date today, const core::TimeZone& zone, int batch_customers,
                              const std::function<void(std::vector<Account>&)>& batch) const = 0;
  // One customer's account, on the same terms; nullopt when he has nothing open there.
  virtual std::optional<Account> AccountOf(const core::StoreId& store_id,
                                           const customers::CustomerId& customer_id,
                                           core::Date due_from, core::Date due_to, core::Date today,
                                           const core::TimeZone& zone) const = 0;

  // Writes the actions of one batch in one transaction, each with its (installment, step)
  // keys; an e-mail, WhatsApp or SMS action also becomes a queued message of the outbox
  // (messaging::Message with the action's id, send_at as next_attempt_at). An action any of whose
  // keys is already stored (another run wrote it) is skipped whole. Returns how many were written.
  virtual std::int64_t RecordActions(const core::StoreId& store_id, const std::string& run_id,
                                     std::span<const Action> actions, core::Instant created_at) = 0;
  virtual std::vector<StoredAction> Actions(const core::StoreId& store_id,
                                            const ActionFilter& filter) const = 0;
  // One action by id (the outbox worker checks it again before sending).
  virtual std::optional<StoredAction> FindAction(const core::StoreId& store_id,
                                                 const std::string& action_id) const = 0;

  virtual void SaveRun(const RunRecord& run) = 0;  // once, when the run ends
  virtual std::vector<RunRecord> Runs(const core::StoreId& store_id, int limit) const = 0;
  // The latest run (dry runs excluded) of that local date, if any.
  virtual std::optional<RunRecord> RunOn(const core::StoreId& store_id, core::Date day) const = 0;

  virtual void AddPause(const core::StoreId& store_id, const PauseRecord& pause,
                        const core::AuditEntry& audit) = 0;
  // kNotFound for an unknown pause; kConflict when it was already ended.
  virtual core::Status EndPause(const core::StoreId& store_id, const std::string& pause_id,
                                core::Instant at, const std::string& reason,
                                const core::AuditEntry& audit) = 0;
  virtual std::vector<PauseRecord> PausesOf(const core::StoreId& store_id,
                                            const customers::CustomerId& customer_id) const = 0;

  virtual void AddExemption(const core::StoreId& store_id, const Exemption& exemption,
                            const core::AuditEntry& audit) = 0;
  virtual core::Status EndExemption(const core::StoreId& store_id, const std::string& exemption_id,
                                    core::Instant at, const std::string& reason,
                                    const core::AuditEntry& audit) = 0;
  virtual std::vector<Exemption> ExemptionsOf(const core::StoreId& store_id,
                                              const customers::CustomerId& customer_id) const = 0;
};

}  // namespace fiado::collection
