#include "credit/behaviour.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <fmt/format.h>

namespace fiado::credit {
namespace {

// The points model (docs/credit.md has the table). Every factor costs at most its cap.
constexpr int kBase = 900;
constexpr int kNeutral = 500;                                  // no installment due yet
constexpr int kTenureHalfPointsPerMonth = 5, kTenureCap = 60;  // +2.5 points a month
constexpr int kPromiseKeptEach = 10, kPromiseKeptCap = 40;
constexpr int kOnTimeShareCap = 300;  // × the share paid late
constexpr int kLateRecentEach = 30, kLateRecentCap = 150;
constexpr int kAvgDaysEach = 4, kAvgDaysCap = 120;
constexpr int kMaxDaysFree = 5, kMaxDaysCap = 100;  // 1 point a day beyond 5
constexpr int kCurrentDaysEach = 8, kCurrentDaysCap = 400;
constexpr int kPromiseBrokenEach = 40, kPromiseBrokenCap = 160;
constexpr int kAgreementEach = 20, kAgreementCap = 60;
constexpr int kAgreementBrokenEach = 100, kAgreementBrokenCap = 200;
constexpr int kUtilisationFreeBps = 5000, kUtilisationBpsPerPoint = 50, kUtilisationCap = 100;
constexpr int kShortHistoryUnder = 6, kShortHistoryEach = 40;
constexpr int kRecencyBuckets = 4;  // weights 16, 8, 4, 2, 1 by 6-month age
constexpr std::size_t kMaxReasons = 4;

// Whole 6-month periods between `due` and `today`, at most kRecencyBuckets: 0 when the
// installment fell due in the last 6 months (on or after today − 6 months).
int AgeBucket(core::Date due, core::Date today) {
  for (int bucket = 0; bucket < kRecencyBuckets; ++bucket) {
    if (due >= core::AddMonthsClamped(today, -6 * (bucket + 1))) return bucket;
  }
  return kRecencyBuckets;
}

// Days late of an installment due on or before today; nullopt while it is open and due
// today (it can still be paid on time). Renegotiated ones are late settlements: at least
// one day, counted to the date they were closed (1 when that date is unknown).
std::optional<int> DaysLate(const InstallmentRecord& record, core::Date today) {
  if (record.renegotiated) {
    if (!record.paid_on) return 1;
    return std::max(1, core::DaysBetween(record.due_date, *record.paid_on));
  }
  if (record.paid_on) return std::max(0, core::DaysBetween(record.due_date, *record.paid_on));
  if (record.due_date == today) return std::nullopt;
  return core::DaysBetween(record.due_date, today);
}

// Whole months from `from` to `to` (a month is reached on the same day, clamped).
int MonthsBetween(core::Date from, core::Date to) {
  if (to <= from) return 0;
  int months = (static_cast<int>(to.year()) - static_cast<int>(from.year())) * 12 +
               static_cast<int>(static_cast<unsigned>(to.month())) -
               static_cast<int>(static_cast<unsigned>(from.month()));
  if (core::AddMonthsClamped(from, months) > to) --months;
  return std::max(0, months);
}

struct Tally {
  BehaviourFeatures features{};
  int judged = 0;  // due installments whose outcome is known (not open and due today)
};

// Phase 1: the features of the installments due on or before today.
Tally TallyInstallments(const BehaviourHistory& history) {
  Tally tally;
  BehaviourFeatures& f = tally.features;
  std::int64_t weighted_days = 0;
  std::int64_t weight_sum = 0;
  for (const InstallmentRecord& record : history.installments) {
    if (record.due_date > history.today) continue;
    ++f.installments_due;
    const std::optional<int> days = DaysLate(record, history.today);
    if (!days) continue;
    ++tally.judged;
    const int bucket = AgeBucket(record.due_date, history.today);
    const std::int64_t weight = std::int64_t{16} >> bucket;
    weight_sum += weight;
    weighted_days += weight * *days;
    f.max_days_late = std::max(f.max_days_late, *days);
    if (!record.paid_on && !record.renegotiated) {
      f.current_days_late = std::max(f.current_days_late, *days);
    } else if (*days == 0) {
      ++f.paid_on_time;
    } else if (bucket == 0) {
      ++f.paid_late_recent;
    }
  }
  if (tally.judged > 0) f.on_time_share_bps = f.paid_on_time * 10000 / tally.judged;
  if (weight_sum > 0) f.weighted_avg_days_late = static_cast<int>(weighted_days / weight_sum);
  return tally;
}

// Phase 2: the features that do not come from the installments.
void AddAccountFeatures(const BehaviourHistory& history, BehaviourFeatures& f) {
  if (history.first_sale_on) f.tenure_months = MonthsBetween(*history.first_sale_on, history.today);
  f.promises_kept = std::max(0, history.promises_kept);
  f.promises_broken = std::max(0, history.promises_broken);
  f.agreements = std::max(0, history.agreements);
  f.agreements_broken = std::max(0, history.agreements_broken);
  const std::int64_t limit = history.credit_limit.cents();
  const std::int64_t open = history.open_principal.cents();
  if (limit > 0 && open > 0) {
    // open × 10000 / limit without overflow for any realistic amount; capped at 100×.
    const std::int64_t bps = open / limit >= 100 ? 1'000'000 : open * 10000 / limit;
    f.utilisation_bps = static_cast<int>(std::min<std::int64_t>(bps, 1'000'000));
  }
}

int Capped(std::int64_t count, int each, int cap) {
  return static_cast<int>(std::clamp<std::int64_t>(count * each, 0, cap));
}

std::string Counted(int n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string OnTimeText(const BehaviourFeatures& f, int judged) {
  if (f.paid_on_time == 0) {
    if (judged == 1) return "a parcela vencida não foi paga em dia";
    return fmt::format("nenhuma das {} parcelas vencidas foi paga em dia", judged);
  }
  if (f.paid_on_time == 1)
    return fmt::format("só 1 de {} parcelas vencidas foi paga em dia", judged);
  return fmt::format("só {} de {} parcelas vencidas foram pagas em dia", f.paid_on_time, judged);
}

// Phase 3a: the penalties of the payment record.
void AddPaymentPenalties(const Tally& tally, std::vector<ScoreReason>& out) {
  const BehaviourFeatures& f = tally.features;
  if (tally.judged > 0) {
    const int points = (10000 - f.on_time_share_bps) * kOnTimeShareCap / 10000;
    out.push_back({"on_time_share", points, OnTimeText(f, tally.judged)});
  }
  out.push_back({"paid_late_recent", Capped(f.paid_late_recent, kLateRecentEach, kLateRecentCap),
                 Counted(f.paid_late_recent, "parcela paga com atraso nos últimos 6 meses",
                         "parcelas pagas com atraso nos últimos 6 meses")});
  out.push_back(
      {"avg_days_late", Capped(f.weighted_avg_days_late, kAvgDaysEach, kAvgDaysCap),
       "atraso médio de " + Counted(f.weighted_avg_days_late, "dia", "dias") + " por parcela"});
  out.push_back({"max_days_late", Capped(f.max_days_late - kMaxDaysFree, 1, kMaxDaysCap),
                 "maior atraso: " + Counted(f.max_days_late, "dia", "dias")});
  out.push_back({"current_days_late",
                 Capped(f.current_days_late, kCurrentDaysEach, kCurrentDaysCap),
                 "parcela em atraso há " + Counted(f.current_days_late, "dia", "dias")});
  if (f.installments_due < kShortHistoryUnder) {
    out.push_back({"short_history", (kShortHistoryUnder - f.installments_due) * kShortHistoryEach,
                   "só " + Counted(f.installments_due, "parcela vencida na loja até agora",
                                   "parcelas vencidas na loja até agora")});
  }
}

// Phase 3b: the penalties of promises, agreements and the use of the limit.
void AddAccountPenalties(const BehaviourFeatures& f, std::vector<ScoreReason>& out) {
  out.push_back({"promises_broken",
                 Capped(f.promises_broken, kPromiseBrokenEach, kPromiseBrokenCap),
                 Counted(f.promises_broken, "promessa de pagamento não cumprida",
                         "promessas de pagamento não cumpridas")});
  out.push_back(
      {"agreements", Capped(f.agreements, kAgreementEach, kAgreementCap),
       Counted(f.agreements, "acordo de renegociação feito", "acordos de renegociação feitos")});
  out.push_back({"agreements_broken",
                 Capped(f.agreements_broken, kAgreementBrokenEach, kAgreementBrokenCap),
                 Counted(f.agreements_broken, "acordo de renegociação quebrado",
                         "acordos de renegociação quebrados")});
  const int over_bps = f.utilisation_bps - kUtilisationFreeBps;
  out.push_back({"utilisation", Capped(over_bps / kUtilisationBpsPerPoint, 1, kUtilisationCap),
                 fmt::format("{}% do limite em uso", f.utilisation_bps / 100)});
}

int Bonus(const BehaviourFeatures& f) {
  return Capped(f.tenure_months, kTenureHalfPointsPerMonth, 2 * kTenureCap) / 2 +
         Capped(f.promises_kept, kPromiseKeptEach, kPromiseKeptCap);
}

// Phase 4: the reasons that cost points, most first (ties by code), at most four.
std::vector<ScoreReason> TopReasons(std::vector<ScoreReason> all) {
  std::erase_if(all, [](const ScoreReason& r) { return r.points_lost <= 0; });
  std::sort(all.begin(), all.end(), [](const ScoreReason& a, const ScoreReason& b) {
    if (a.points_lost != b.points_lost) return a.points_lost > b.points_lost;
    return a.code < b.code;
  });
  if (all.size() > kMaxReasons) all.resize(kMaxReasons);
  return all;
}

}  // namespace

Band BandOf(int score) {
  if (score >= 800) return Band::kA;
  if (score >= 650) return Band::kB;
  if (score >= 500) return Band::kC;
  if (score >= 350) return Band::kD;
  return Band::kE;
}

char BandLetter(Band band) {
  switch (band) {
    case Band::kA:
      return 'A';
    case Band::kB:
      return 'B';
    case Band::kC:
      return 'C';
    case Band::kD:
      return 'D';
    case Band::kE:
      return 'E';
  }
  return 'E';
}

BehaviourScore ScoreBehaviour(const BehaviourHistory& history) {
  Tally tally = TallyInstallments(history);
  AddAccountFeatures(history, tally.features);
  BehaviourScore result;
  result.features = tally.features;
  result.has_history = tally.features.installments_due > 0;
  if (!result.has_history) {
    result.score = kNeutral;
    result.band = BandOf(kNeutral);
    result.reasons = {
        {"no_history", kBase - kNeutral, "cliente sem parcelas vencidas na loja ainda"}};
    return result;
  }
  std::vector<ScoreReason> penalties;
  AddPaymentPenalties(tally, penalties);
  AddAccountPenalties(tally.features, penalties);
  int lost = 0;
  for (const ScoreReason& reason : penalties) lost += std::max(0, reason.points_lost);
  result.score = std::clamp(kBase + Bonus(tally.features) - lost, 0, 1000);
  result.band = BandOf(result.score);
  result.reasons = TopReasons(std::move(penalties));
  return result;
}

}  // namespace fiado::credit
