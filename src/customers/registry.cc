#include "customers/registry.h"

#include <utility>

#include "core/text.h"

namespace fiado::customers {
namespace {

constexpr std::size_t kMaxBlockReasonChars = 200;
constexpr int kMinPageSize = 1;
constexpr int kMaxPageSize = 200;

core::Error NotFound() { return core::Error::NotFound("cliente não encontrado"); }

core::Error CpfTaken(const CustomerId& existing) {
  core::Error error = core::Error::Conflict("já existe um cliente com este CPF");
  error.field = "cpf";
  error.related_id = existing.str();
  return error;
}

core::Error StaleVersion() {
  return core::Error::Conflict("este cliente foi alterado por outra pessoa; recarregue a página");
}

core::Error FailedPrecondition(std::string message_pt) {
  return core::Error{core::ErrorCode::kFailedPrecondition, std::move(message_pt), {}};
}

std::size_t CharCount(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return count;
}

// The block reason as it will be kept: trimmed, required, at most 200 characters.
core::Result<std::string> CheckBlockReason(const std::string& raw) {
  std::string reason = core::Trim(raw);
  if (reason.empty()) return core::Invalid("reason", "informe o motivo do bloqueio");
  if (!core::IsValidUtf8(reason)) {
    return core::Invalid("reason", "texto com caracteres inválidos (codificação não é UTF-8)");
  }
  if (CharCount(reason) > kMaxBlockReasonChars) {
    return core::Invalid("reason", "motivo muito longo (máximo de 200 caracteres)");
  }
  return reason;
}

}  // namespace

std::optional<CustomerSort> ParseSort(std::string_view name) {
  if (name == "name") return CustomerSort::kNameAsc;
  if (name == "-name") return CustomerSort::kNameDesc;
  if (name == "created_at") return CustomerSort::kCreatedAsc;
  if (name == "-created_at") return CustomerSort::kCreatedDesc;
  return std::nullopt;
}

core::Result<Customer> Registry::Register(const core::Actor& actor, const CustomerDraft& draft) {
  auto customer = MakeCustomer(draft, ids_.Next<CustomerTag>(), actor.store_id, clock_.Now());
  if (!customer) return customer;
  if (auto existing = repository_.FindByCpf(actor.store_id, customer->cpf)) {
    return core::Fail(CpfTaken(existing->id));
  }
  // The repository checks the CPF again inside its transaction (two clerks at once).
  if (auto created = repository_.Create(*customer, EntryFor(actor, *customer, "create"));
      !created) {
    return core::Fail(std::move(created.error()));
  }
  return customer;
}

core::Result<Customer> Registry::Revise(const core::Actor& actor, const CustomerId& id,
                                        const CustomerDraft& draft, int expected_version) {
  auto current = Get(actor.store_id, id);
  if (!current) return current;
  if (current->version != expected_version) return core::Fail(StaleVersion());
  auto revised = ReviseCustomer(*current, draft, clock_.Now());
  if (!revised) return revised;
  if (revised->cpf != current->cpf) {
    auto existing = repository_.FindByCpf(actor.store_id, revised->cpf);
    if (existing && existing->id != id) return core::Fail(CpfTaken(existing->id));
  }
  if (auto updated = repository_.Update(*revised, EntryFor(actor, *revised, "update")); !updated) {
    return core::Fail(std::move(updated.error()));
  }
  return revised;
}

core::Result<Customer> Registry::Block(const core::Actor& actor, const CustomerId& id,
                                       const std::string& reason) {
  auto checked_reason = CheckBlockReason(reason);
  if (!checked_reason) return core::Fail(std::move(checked_reason.error()));
  auto customer = Get(actor.store_id, id);
  if (!customer) return customer;
  if (customer->status == CustomerStatus::kBlocked) {
    return core::Fail(FailedPrecondition("o cliente já está bloqueado"));
  }
  customer->status = CustomerStatus::kBlocked;
  customer->blocked_reason = std::move(*checked_reason);
  customer->version += 1;
  customer->updated_at = clock_.Now();
  if (auto updated = repository_.Update(*customer, EntryFor(actor, *customer, "block")); !updated) {
    return core::Fail(std::move(updated.error()));
  }
  return customer;
}

core::Result<Customer> Registry::WithdrawConsent(const core::Actor& actor, const CustomerId& id,
                                                 Channel channel, const std::string& source) {
  constexpr int kTries = 3;  // a concurrent edit bumps the version: read again and retry
  for (int attempt = 1;; ++attempt) {
    auto customer = Get(actor.store_id, id);
    if (!customer) return customer;
    Consent& consent = customer->consents[static_cast<std::size_t>(&customer->ConsentFor(channel) -
                                                                   customer->consents.data())];
    if (!consent.granted && consent.recorded_at) return customer;
    consent.granted = false;
    consent.recorded_at = clock_.Now();
    consent.source = source.substr(0, 80);
    customer->version += 1;
    customer->updated_at = clock_.Now();
    auto updated = repository_.Update(*customer, EntryFor(actor, *customer, "consent_withdrawn"));
    if (updated) return customer;
    if (updated.error().code != core::ErrorCode::kConflict || attempt == kTries) {
      return core::Fail(std::move(updated.error()));
    }
  }
}

core::Result<Customer> Registry::SetCreditLimit(const core::Actor& actor, const CustomerId& id,
                                                core::Money limit, const std::string& reason) {
  constexpr std::int64_t kMaxLimitCents = 1'000'000'000;  // R$ 10 milhões
  std::vector<core::FieldError> errors;
  if (limit.IsNegative() || limit.cents() > kMaxLimitCents) {
    errors.push_back({"credit_limit_cents", "o limite deve ficar entre R$ 0,00 e R$ 10 milhões"});
  }
  auto checked_reason = CheckBlockReason(reason);
  if (!checked_reason) {
    errors.push_back({"reason", core::Trim(reason).empty() ? "informe o motivo do novo limite"
                                                           : checked_reason.error().message_pt});
  }
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));
  auto customer = Get(actor.store_id, id);
  if (!customer) return customer;
  customer->credit_limit = limit;
  customer->credit_limit_reason = std::move(*checked_reason);
  customer->version += 1;
  customer->updated_at = clock_.Now();
  if (auto updated = repository_.Update(*customer, EntryFor(actor, *customer, "credit_limit"));
      !updated) {
    return core::Fail(std::move(updated.error()));
  }
  return customer;
}

core::Result<Customer> Registry::Unblock(const core::Actor& actor, const CustomerId& id) {
  auto customer = Get(actor.store_id, id);
  if (!customer) return customer;
  if (customer->status != CustomerStatus::kBlocked) {
    return core::Fail(FailedPrecondition("o cliente não está bloqueado"));
  }
  customer->status = CustomerStatus::kActive;
  customer->blocked_reason.clear();
  customer->version += 1;
  customer->updated_at = clock_.Now();
  if (auto updated = repository_.Update(*customer, EntryFor(actor, *customer, "unblock"));
      !updated) {
    return core::Fail(std::move(updated.error()));
  }
  return customer;
}

core::Result<Customer> Registry::Get(const core::StoreId& store_id, const CustomerId& id) const {
  auto customer = repository_.Find(store_id, id);
  if (!customer) return core::Fail(NotFound());
  return std::move(*customer);
}

core::Result<CustomerPage> Registry::Search(const CustomerQuery& query) const {
  if (query.limit < kMinPageSize || query.limit > kMaxPageSize) {
    return core::Invalid("limit", "o limite por página deve ser de 1 a 200");
  }
  return repository_.Search(query);
}

// The change's own instant (updated_at) is the entry's, so the history and the customer
// agree to the second. The repository fills `before` and `after`.
core::AuditEntry Registry::EntryFor(const core::Actor& actor, const Customer& customer,
                                    std::string action) {
  return core::AuditEntry{ids_.NextText(), actor.store_id,    customer.updated_at, actor.actor,
                          "customer",      customer.id.str(), std::move(action),   std::nullopt,
                          std::nullopt,    actor.request_id};
}

}  // namespace fiado::customers
