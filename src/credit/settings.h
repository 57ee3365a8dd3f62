// A shop's credit settings (Configurações › Crédito): the decision rules, the limit
// ladder and the HTTP bureaus. Versioned like the other settings (optimistic concurrency).
#pragma once

#include <vector>

#include "core/error.h"
#include "credit/bureau.h"
#include "credit/decision.h"
#include "credit/ladder.h"

namespace fiado::credit {

struct CreditSettings {
  DecisionRules rules{};
  LadderPolicy ladder{};
  bool ladder_automatic = true;  // the nightly run applies raises and cuts by itself
  std::vector<HttpBureauSettings> bureaus{};
  int version = 0;  // 0: never saved (defaults)
  friend bool operator==(const CreditSettings&, const CreditSettings&) = default;
};

// Every faulty field at once: "rules.min_score", "ladder.raise_bps", "bureaus[1].url", ...
core::Status CheckCreditSettings(const CreditSettings& settings);

// Secrets (auth headers) left empty in `incoming` keep the value of `stored` for the bureau
// of the same name.
void KeepSecrets(CreditSettings& incoming, const CreditSettings& stored);

}  // namespace fiado::credit
