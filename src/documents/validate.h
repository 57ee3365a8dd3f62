// The input checks the renderers run before any PDF is made. Each returns every field at
// fault at once (core::Error::InvalidFields, paths like "slips[2].amount" or
// "issuer.legal_id", messages in Portuguese), or success.
#pragma once

#include "core/error.h"
#include "documents/model.h"

namespace fiado::documents {

// Longest Pix payload accepted (EMV MPM cap, STANDARDS §1.1).
inline constexpr std::size_t kMaxPixPayloadBytes = 512;

core::Status ValidateCarne(const Carne& carne);
core::Status ValidateReceipt(const Receipt& receipt);
core::Status ValidateContract(const Contract& contract);

}  // namespace fiado::documents
