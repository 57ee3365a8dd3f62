// The limit ladder: a small first limit chosen by score band and declared income, raised
// by a set percentage after a set number of installments paid on time, up to a cap;
// frozen while an installment is late and lowered after a long delay. The clerk sees the
// next step ("mais 2 parcelas em dia para subir para R$ 800,00").
#pragma once

#include <array>
#include <optional>
#include <string>

#include "core/error.h"
#include "core/money.h"
#include "credit/behaviour.h"

namespace fiado::credit {

struct LadderPolicy {
  // First limit for bands A..E (E is 0 by default: the owner decides).
  std::array<core::Money, 5> first_limit_by_band = {
      core::Money::FromCents(50000), core::Money::FromCents(40000), core::Money::FromCents(30000),
      core::Money::FromCents(15000), core::Money::FromCents(0)};
  int first_limit_max_income_bps = 3000;  // the first limit is at most 30 % of declared income
  int raise_after_on_time = 3;            // installments paid on time since the last change
  int raise_bps = 2500;                   // + 25 % per step
  core::Money cap = core::Money::FromCents(500000);  // R$ 5.000,00
  int freeze_days_late = 1;                          // any installment this late today: no raise
  int lower_days_late = 30;                          // this late today: lower the limit
  int lower_bps = 5000;                              // to 50 % of itself (never below what is open)
  friend bool operator==(const LadderPolicy&, const LadderPolicy&) = default;
};

// Field errors under "ladder.<field>" ("ladder.raise_bps", "ladder.first_limit_by_band_cents[2]").
core::Status CheckLadderPolicy(const LadderPolicy& policy);

// The first limit: the band's amount, at most the income share when income is declared.
core::Money FirstLimit(const LadderPolicy& policy, Band band,
                       std::optional<core::Money> monthly_income);

struct LadderInputs {
  core::Money current_limit{};
  core::Money open_principal{};
  int paid_on_time_since_change = 0;  // installments paid on time after the limit was set
  int current_days_late = 0;
  // The limit was already lowered during the current delay: freeze instead of lowering it
  // again every night while the same installment stays late.
  bool lowered_during_delay = false;
};

enum class LadderMove { kRaise, kHold, kFrozen, kLower, kAtCap };

struct LadderStep {
  LadderMove move = LadderMove::kHold;
  core::Money current_limit{};
  core::Money new_limit{};       // what to set now (kRaise / kLower); else current_limit
  core::Money next_limit{};      // the next rung (kHold): current + raise, capped
  int installments_to_next = 0;  // kHold: how many more on time
  std::string text_pt;           // "mais 2 parcelas em dia para subir para R$ 800,00"
};

// kLower when current_days_late ≥ lower_days_late; kFrozen when ≥ freeze_days_late;
// kAtCap when current_limit ≥ cap; kRaise when paid_on_time_since_change ≥ raise_after;
// else kHold. Amounts are rounded down to whole reais. A lowered limit is never below the
// open principal rounded up to whole reais; when that leaves nothing to lower (or the
// limit was already lowered during this delay) the move is kFrozen. A raise adds at least
// R$ 1,00; a zero limit is never raised (the owner sets the first one): kHold.
LadderStep NextStep(const LadderPolicy& policy, const LadderInputs& inputs);

}  // namespace fiado::credit
