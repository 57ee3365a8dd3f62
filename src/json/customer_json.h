// The JSON shape of a customer (docs/api.md), for the API and for audit snapshots.
#pragma once

#include <nlohmann/json.hpp>

#include "customers/customer.h"

namespace fiado::json {

// Includes the credit limit: "credit_limit_cents" (a number) and "credit_limit_reason".
nlohmann::json CustomerJson(const customers::Customer& customer);
nlohmann::json AddressJson(const stores::Address& address);
// The parts, also the stored form of the customer's list columns.
nlohmann::json ReferencesJson(const std::vector<customers::Reference>& references);
nlohmann::json GuarantorJson(const std::optional<customers::Guarantor>& guarantor);
nlohmann::json ConsentsJson(const std::array<customers::Consent, 3>& consents);

}  // namespace fiado::json
