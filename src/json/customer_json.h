// The JSON shape of a customer (docs/api.md), for the API and for audit snapshots.
#pragma once

#include <nlohmann/json.hpp>

#include "customers/customer.h"

namespace fiado::json {

nlohmann::json CustomerJson(const customers::Customer& customer);
nlohmann::json AddressJson(const stores::Address& address);

}  // namespace fiado::json
