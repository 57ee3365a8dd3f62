// The customer registry: registering, revising, blocking and finding the customers of a
// store. CustomerRepository is the storage contract (implemented in storage/); every
// method takes the store id and never reaches another store's rows. Registry is the
// service the API and the CLI call: it validates, stamps time and ids, and writes each
// change together with its audit entry. Nothing that holds history is ever deleted.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"
#include "customers/customer.h"

namespace fiado::customers {

enum class CustomerSort { kNameAsc, kNameDesc, kCreatedAsc, kCreatedDesc };
// API names: "name", "-name", "created_at", "-created_at".
std::optional<CustomerSort> ParseSort(std::string_view name);

struct CustomerQuery {
  core::StoreId store_id;
  // Free text: digits match the start of the CPF or of a phone (DDD + number); words match
  // the start of words of the name, accent- and case-insensitively, all words required.
  std::string text{};
  std::optional<CustomerStatus> status{};
  CustomerSort sort = CustomerSort::kNameAsc;
  std::string cursor{};  // opaque, from a previous page's next_cursor; empty = first page
  int limit = 50;        // 1..200
};

struct CustomerPage {
  std::vector<Customer> items;
  std::string next_cursor;  // empty on the last page
};

class CustomerRepository {
 public:
  virtual ~CustomerRepository() = default;
  // Inserts the customer and its audit entry in one transaction. The repository fills the
  // entry's `after` snapshot (it owns the serialisation). kConflict, with related_id set to
  // the existing customer's id and field "cpf", when the CPF is taken in this store.
  virtual core::Status Create(const Customer& customer, const core::AuditEntry& audit) = 0;
  // Replaces the customer whose stored version is customer.version - 1; fills the audit
  // entry's `before` and `after`. kConflict when the stored version differs (someone else
  // saved first) or the CPF is taken; kNotFound when the id is not in this store.
  virtual core::Status Update(const Customer& customer, const core::AuditEntry& audit) = 0;
  virtual std::optional<Customer> Find(const core::StoreId& store_id,
                                       const CustomerId& id) const = 0;
  virtual std::optional<Customer> FindByCpf(const core::StoreId& store_id,
                                            const core::Cpf& cpf) const = 0;
  // kInvalidArgument ("cursor") for a cursor that this query did not produce.
  virtual core::Result<CustomerPage> Search(const CustomerQuery& query) const = 0;
};

class Registry {
 public:
  Registry(CustomerRepository& repository, core::IdGenerator& ids, const core::Clock& clock)
      : repository_(repository), ids_(ids), clock_(clock) {}

  core::Result<Customer> Register(const core::Actor& actor, const CustomerDraft& draft);
  // expected_version: the version the person edited; kConflict when it is stale.
  core::Result<Customer> Revise(const core::Actor& actor, const CustomerId& id,
                                const CustomerDraft& draft, int expected_version);
  // reason is required (field "reason"); blocking a blocked customer is kFailedPrecondition.
  core::Result<Customer> Block(const core::Actor& actor, const CustomerId& id,
                               const std::string& reason);
  core::Result<Customer> Unblock(const core::Actor& actor, const CustomerId& id);
  // The owner's decision on how much the customer may owe at once (0 to 10 million
  // reais, field "credit_limit_cents"); the reason (field "reason") is required and goes
  // to the audit entry, whose action is "credit_limit".
  core::Result<Customer> SetCreditLimit(const core::Actor& actor, const CustomerId& id,
                                        core::Money limit, const std::string& reason);
  // The customer says no to a channel (a "PARAR" reply, an e-mail's opt-out link): the
  // consent is withdrawn at once, recorded with its source ("whatsapp_reply", ...) and
  // audited as "consent_withdrawn". A consent already withdrawn is left as it is.
  core::Result<Customer> WithdrawConsent(const core::Actor& actor, const CustomerId& id,
                                         Channel channel, const std::string& source);
  core::Result<Customer> Get(const core::StoreId& store_id, const CustomerId& id) const;
  core::Result<CustomerPage> Search(const CustomerQuery& query) const;

 private:
  core::AuditEntry EntryFor(const core::Actor& actor, const Customer& customer, std::string action);

  CustomerRepository& repository_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
};

}  // namespace fiado::customers
