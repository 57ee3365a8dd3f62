// Allocation of a payment (DESIGN §4): oldest installment first unless the payer chose
// installments; within one installment late fee, then interest, then principal; a
// not-yet-due installment is settled at its discounted value (art. 52 §2); what is left
// becomes customer credit. Pure: the caller passes the positions on the payment date.
#pragma once

#include <span>
#include <vector>

#include "core/error.h"
#include "payments/ledger.h"

namespace fiado::payments {

struct AllocationPlan {
  std::vector<AllocationLine> lines{};
  core::Money credit_change;  // cash + credit used − allocated (signed)
};

// `funds` = the cash received; `credit` = the customer's credit balance (≥ 0), used
// before the cash. `open` = the installments on the payment date (as PositionsOn gives
// them); `chosen` empty = oldest first over every open one, else only those, in the
// order given. Invariant (checked): cash = Σ line.Cash() + credit_change.
// Errors: a chosen installment that is not in `open` or is not open ("installments[i]").
core::Result<AllocationPlan> Allocate(core::Money cash, core::Money credit,
                                      std::span<const InstallmentView> open,
                                      std::span<const InstallmentRef> chosen, core::Date paid_on);

}  // namespace fiado::payments
