// The régua as a service: the shop's collection settings, policies and templates (checked
// before they are stored, so a refused change leaves the previous one in force), the
// preview of what goes out on a date ("o que sai hoje") with the reason for every
// installment not acted on, the daily run that writes the actions to the outbox exactly
// once per (installment, step), pauses and exemptions.
//
// A run looks at the installments due in the régua's window — from the latest step's
// offset plus kCatchUpDays before today to the earliest reminder's offset after it — in
// batches of customers; each batch is decided by the pure engine (Decide) and written in
// one transaction. A step that could not be done within kCatchUpDays of its day lapses.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "collection/engine.h"
#include "collection/repository.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "customers/registry.h"  // CustomerRepository
#include "messaging/worker.h"    // Prepared
#include "stores/store.h"

namespace fiado::collection {

inline constexpr int kCatchUpDays = 60;
inline constexpr int kRunBatchCustomers = 2'000;

// done, total (accounts decided so far; total is unknown, 0, until the scan ends).
using RunProgress = std::function<void(std::int64_t)>;

struct RunRequest {
  std::optional<core::Date> date{};  // nullopt = the shop's today
  bool dry_run = false;              // decide and count; only the run's log is written
  std::string trigger = "api";       // "scheduler", "cli", "api"
};

// What the preview shows: the actions and, for every installment not acted on, why.
struct Preview {
  core::Date date{};
  std::vector<Action> actions{};
  std::vector<std::pair<customers::CustomerId, Skip>> skips{};
  std::map<std::string, std::string> customer_names{};  // id → full name
  RunRecord counts{};
};

class CollectionService {
 public:
  CollectionService(CollectionRepository& repository, stores::StoreRepository& stores,
                    customers::CustomerRepository& customers, core::IdGenerator& ids,
                    const core::Clock& clock);

  // The saved settings, or the defaults.
  core::Result<CollectionSettings> Settings(const core::StoreId& store_id) const;
  core::Result<CollectionSettings> SaveSettings(const core::Actor& actor,
                                                const CollectionSettings& settings);

  // The shop's policies by priority; the presets are installed the first time (with the
  // preset templates) when the shop has none.
  std::vector<Policy> Policies(const core::StoreId& store_id);
  std::vector<MessageTemplate> Templates(const core::StoreId& store_id);
  // A new policy (id and version 1 assigned) or a change of an existing one (its version
  // must be the stored one + 1... the caller passes the version it read).
  core::Result<Policy> SavePolicy(const core::Actor& actor, Policy policy);
  core::Result<MessageTemplate> SaveTemplate(const core::Actor& actor,
                                             const MessageTemplate& message_template);
  // The template rendered with a real customer's open installments (the given one, or the
  // first with something open); fields of a bad template are reported.
  struct Rendered {
    std::string subject{};
    std::string body{};
    std::optional<customers::CustomerId> customer_id{};
    std::string customer_name{};
  };
  core::Result<Rendered> PreviewTemplate(const core::StoreId& store_id,
                                         const MessageTemplate& message_template,
                                         const std::optional<customers::CustomerId>& customer);

  core::Result<Preview> PreviewDay(const core::StoreId& store_id, std::optional<core::Date> date);
  core::Result<RunRecord> Run(const core::Actor& actor, const RunRequest& request,
                              const RunProgress& progress = {});
  std::vector<RunRecord> Runs(const core::StoreId& store_id) const;
  std::vector<StoredAction> Actions(const core::StoreId& store_id,
                                    const ActionFilter& filter) const;

  // Runs every shop whose run time has come today and that has not run today (the
  // scheduler inside `fiado serve` calls it every minute). Returns the runs made.
  std::vector<RunRecord> RunDueShops();

  core::Result<PauseRecord> AddPause(const core::Actor& actor,
                                     const customers::CustomerId& customer_id, PauseKind kind,
                                     std::optional<core::Date> until, const std::string& reason);
  core::Result<PauseRecord> EndPause(const core::Actor& actor,
                                     const customers::CustomerId& customer_id,
                                     const std::string& pause_id, const std::string& reason);
  std::vector<PauseRecord> Pauses(const core::StoreId& store_id,
                                  const customers::CustomerId& customer_id) const;
  core::Result<Exemption> AddExemption(const core::Actor& actor,
                                       const customers::CustomerId& customer_id,
                                       const std::optional<payments::InstallmentRef>& installment,
                                       const std::string& reason);
  core::Result<Exemption> EndExemption(const core::Actor& actor,
                                       const customers::CustomerId& customer_id,
                                       const std::string& exemption_id, const std::string& reason);
  std::vector<Exemption> Exemptions(const core::StoreId& store_id,
                                    const customers::CustomerId& customer_id) const;

  // The outbox worker's check just before a collection message goes out (send_check.cc):
  // cancelled when none of its installments is still open (paid meanwhile), the customer
  // or installment became exempt, a pause holds the customer, consent was withdrawn or the
  // contact is gone; deferred to the next allowed moment outside the contact hours;
  // otherwise rendered again with today's values, naming only what is still open.
  messaging::Prepared PrepareMessage(const messaging::Message& message, core::Instant now);

 private:
  struct Shop;
  core::AuditEntry EntryFor(const core::Actor& actor, std::string entity_type,
                            std::string entity_id, std::string action) const;
  core::Result<std::unique_ptr<Shop>> ShopOf(const core::StoreId& store_id,
                                             std::optional<core::Date> date);
  // Decides every account of the window, batch by batch; `each` gets the batch's decisions.
  void DecideAll(const Shop& shop,
                 const std::function<void(std::vector<Account>&, std::vector<Decision>&)>& each,
                 const RunProgress& progress) const;

  std::shared_ptr<const Shop> CachedShop(const core::StoreId& store_id, core::Instant now);

  CollectionRepository& repository_;
  stores::StoreRepository& stores_;
  customers::CustomerRepository& customers_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
  std::mutex shops_mutex_;  // the send check's shops, kept a minute
  std::map<std::string, std::pair<core::Instant, std::shared_ptr<const Shop>>> shops_;
};

// The outbox worker's SendCheck: the service's PrepareMessage.
class CollectionSendCheck final : public messaging::SendCheck {
 public:
  explicit CollectionSendCheck(CollectionService& service) : service_(service) {}
  messaging::Prepared Prepare(const messaging::Message& message, core::Instant now) override {
    return service_.PrepareMessage(message, now);
  }

 private:
  CollectionService& service_;
};

}  // namespace fiado::collection
