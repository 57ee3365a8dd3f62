// The behavioural score: how a customer has paid this shop, from the shop's own history,
// as a number 0–1000 (higher is safer) with the reasons that cost the most points, in
// plain Portuguese. A pure function of the history and today: recomputed nightly and
// after each payment by the credit service, which stores the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/money.h"

namespace fiado::credit {

// One installment of the customer's crediário (down payments excluded). `paid_on` is the
// date the installment became fully paid; nullopt while something is open.
struct InstallmentRecord {
  core::Date due_date{};
  core::Money amount{};
  std::optional<core::Date> paid_on{};
  bool renegotiated = false;  // closed by an agreement: counts as a late settlement
};

struct BehaviourHistory {
  core::Date today{};
  std::optional<core::Date> first_sale_on{};  // tenure starts here; nullopt: never bought
  std::vector<InstallmentRecord> installments{};
  int promises_kept = 0;
  int promises_broken = 0;
  int agreements = 0;         // agreements made
  int agreements_broken = 0;  // of them, broken
  core::Money credit_limit{};
  core::Money open_principal{};  // principal still open today
};

// What the score was made from (shown on the customer page, stored with decisions).
struct BehaviourFeatures {
  int installments_due = 0;        // due on or before today (paid or not)
  int paid_on_time = 0;            // paid on or before the due date (a grace of 0 days)
  int paid_late_recent = 0;        // paid late, due in the last 6 months
  int on_time_share_bps = 0;       // paid_on_time / installments_due, in basis points
  int weighted_avg_days_late = 0;  // over due installments, recent months weigh more
  int max_days_late = 0;           // over the whole history (open ones count to today)
  int current_days_late = 0;       // the oldest installment open and overdue today
  int tenure_months = 0;
  int promises_kept = 0;
  int promises_broken = 0;
  int agreements = 0;
  int agreements_broken = 0;
  int utilisation_bps = 0;  // open principal / limit (10000 = 100 %); 0 when no limit
};

// A reason: a stable code (for tests and the API), the points it cost (> 0) and the text.
struct ScoreReason {
  std::string code;  // "paid_late_recent", "current_days_late", "no_history", ...
  int points_lost = 0;
  std::string text_pt;  // "3 parcelas pagas com atraso nos últimos 6 meses"
};

// Risk bands by score: A ≥ 800, B ≥ 650, C ≥ 500, D ≥ 350, E below.
enum class Band { kA, kB, kC, kD, kE };
Band BandOf(int score);
char BandLetter(Band band);  // 'A'..'E'

struct BehaviourScore {
  int score = 0;  // 0..1000
  Band band = Band::kE;
  bool has_history = false;  // false: no installment due yet (a neutral score is given)
  BehaviourFeatures features{};
  std::vector<ScoreReason> reasons{};  // at most 4, most points lost first, ties by code
};

BehaviourScore ScoreBehaviour(const BehaviourHistory& history);

}  // namespace fiado::credit
