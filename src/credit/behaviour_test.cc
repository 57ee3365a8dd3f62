#include "credit/behaviour.h"

#include <gtest/gtest.h>

#include <string_view>

// Golden histories: the expected scores are worked out by hand in the comments from the
// points model of docs/credit.md (base 900, bonuses, capped penalties), so any change to
// a weight, a cap or a rule makes one of these fail. Today is 20/11/2026 throughout: the
// last 6 months start on 20/05/2026 (weight 16), then 20/11/2025 (8), 20/05/2025 (4).

namespace fiado::credit {
namespace {

using core::Money;

core::Date Iso(std::string_view text) { return core::ParseIsoDate(text).value(); }

const core::Date kToday = Iso("2026-11-20");

// `count` monthly installments of R$ 100,00 from `first_due`, each paid `days_late` days
// after its due date (0: on the due date).
std::vector<InstallmentRecord> Monthly(core::Date first_due, int count, int days_late) {
  std::vector<InstallmentRecord> out;
  for (int i = 0; i < count; ++i) {
    const core::Date due = core::AddMonthsClamped(first_due, i);
    out.push_back({due, Money::FromCents(10000), core::AddDays(due, days_late), false});
  }
  return out;
}

BehaviourHistory Base(std::string_view first_sale_on) {
  BehaviourHistory history;
  history.today = kToday;
  history.first_sale_on = Iso(first_sale_on);
  history.credit_limit = Money::FromCents(100000);
  return history;
}

void ExpectReasons(const BehaviourScore& score,
                   const std::vector<std::pair<std::string, int>>& expected) {
  ASSERT_EQ(score.reasons.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(score.reasons[i].code, expected[i].first) << i;
    EXPECT_EQ(score.reasons[i].points_lost, expected[i].second) << i;
  }
}

TEST(BehaviourTest, PerfectPayerOfTwoYearsIsBandA) {
  // 24 installments 10/12/2024..10/11/2026, all paid on the due date; 24 months of tenure
  // (+60, the cap); R$ 200,00 open of R$ 1.000,00 = 20 % (free up to 50 %).
  // 900 + 60 = 960, nothing lost.
  BehaviourHistory history = Base("2024-11-10");
  history.installments = Monthly(Iso("2024-12-10"), 24, 0);
  history.open_principal = Money::FromCents(20000);
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 960);
  EXPECT_EQ(score.band, Band::kA);
  EXPECT_TRUE(score.has_history);
  EXPECT_TRUE(score.reasons.empty());
  EXPECT_EQ(score.features.installments_due, 24);
  EXPECT_EQ(score.features.paid_on_time, 24);
  EXPECT_EQ(score.features.on_time_share_bps, 10000);
  EXPECT_EQ(score.features.tenure_months, 24);
  EXPECT_EQ(score.features.utilisation_bps, 2000);
}

TEST(BehaviourTest, NewCustomerGetsTheNeutralScore) {
  // First sale this month; the first installment falls due after today.
  BehaviourHistory history = Base("2026-11-01");
  history.installments = Monthly(Iso("2026-12-01"), 3, 0);
  for (InstallmentRecord& each : history.installments) each.paid_on.reset();
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 500);
  EXPECT_EQ(score.band, Band::kC);
  EXPECT_FALSE(score.has_history);
  ASSERT_EQ(score.reasons.size(), 1u);
  EXPECT_EQ(score.reasons[0].code, "no_history");
  EXPECT_EQ(score.reasons[0].points_lost, 400);  // 900 − 500
  EXPECT_EQ(score.reasons[0].text_pt, "cliente sem parcelas vencidas na loja ainda");
  EXPECT_EQ(score.features.installments_due, 0);
}

TEST(BehaviourTest, ThreeRecentLatePayments) {
  // 12 installments 10/12/2025..10/11/2026; the last three paid 10, 5 and 3 days late.
  // Tenure 12 months: +30. Weights: six due since 20/05/2026 × 16, six before × 8 = 144.
  //  on_time_share: 9/12 = 7500 bps → 2500 × 300 / 10000 = 75
  //  paid_late_recent: 3 × 30 = 90
  //  avg_days_late: 16 × (10 + 5 + 3) / 144 = 288 / 144 = 2 → 2 × 4 = 8
  //  max_days_late: 10 − 5 = 5
  // 900 + 30 − 178 = 752 → B.
  BehaviourHistory history = Base("2025-11-10");
  history.installments = Monthly(Iso("2025-12-10"), 12, 0);
  history.installments[9].paid_on = Iso("2026-09-20");
  history.installments[10].paid_on = Iso("2026-10-15");
  history.installments[11].paid_on = Iso("2026-11-13");
  history.open_principal = Money::FromCents(30000);
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 752);
  EXPECT_EQ(score.band, Band::kB);
  ExpectReasons(score, {{"paid_late_recent", 90},
                        {"on_time_share", 75},
                        {"avg_days_late", 8},
                        {"max_days_late", 5}});
  EXPECT_EQ(score.reasons[0].text_pt, "3 parcelas pagas com atraso nos últimos 6 meses");
  EXPECT_EQ(score.reasons[1].text_pt, "só 9 de 12 parcelas vencidas foram pagas em dia");
  EXPECT_EQ(score.reasons[2].text_pt, "atraso médio de 2 dias por parcela");
  EXPECT_EQ(score.reasons[3].text_pt, "maior atraso: 10 dias");
  EXPECT_EQ(score.features.paid_late_recent, 3);
  EXPECT_EQ(score.features.weighted_avg_days_late, 2);
}

TEST(BehaviourTest, CurrentlyFortyFiveDaysLate) {
  // 12 installments 06/12/2025..06/11/2026: ten paid on time, 06/10 open (45 days late),
  // 06/11 open (14 days). Tenure 12 months: +30.
  //  current_days_late: 45 × 8 = 360
  //  on_time_share: 10/12 = 8333 bps → 1667 × 300 / 10000 = 50
  //  max_days_late: 45 − 5 = 40
  //  avg_days_late: 16 × (45 + 14) / 144 = 944 / 144 = 6 → 24
  // 900 + 30 − 474 = 456 → D.
  BehaviourHistory history = Base("2025-11-06");
  history.installments = Monthly(Iso("2025-12-06"), 12, 0);
  history.installments[10].paid_on.reset();
  history.installments[11].paid_on.reset();
  history.open_principal = Money::FromCents(40000);
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 456);
  EXPECT_EQ(score.band, Band::kD);
  ExpectReasons(score, {{"current_days_late", 360},
                        {"on_time_share", 50},
                        {"max_days_late", 40},
                        {"avg_days_late", 24}});
  EXPECT_EQ(score.reasons[0].text_pt, "parcela em atraso há 45 dias");
  EXPECT_EQ(score.reasons[1].text_pt, "só 10 de 12 parcelas vencidas foram pagas em dia");
  EXPECT_EQ(score.features.current_days_late, 45);
  EXPECT_EQ(score.features.paid_late_recent, 0);  // open ones are not "paid late"
}

TEST(BehaviourTest, BrokenAgreement) {
  // Since 20/05/2025 (18 months: +45), one promise kept (+10).
  //  20/06, 20/07, 20/08/2025 on time (weight 4 each)
  //  20/09/2025 (86 days, weight 4), 20/10/2025 (56, weight 4), 20/11/2025 (25, weight 8):
  //    renegotiated, closed by the agreement on 15/12/2025
  //  agreement: 15/01/2026 on time, 15/02/2026 paid 01/04 (45), 15/03/2026 paid 01/04 (17)
  //    (weight 8 each); the agreement counts as broken.
  //  on_time_share: 4/9 = 4444 bps → 5556 × 300 / 10000 = 166
  //  agreements_broken: 100; promises_broken: 40; agreements: 20
  //  avg_days_late: (4 × 142 + 8 × 87) / 52 = 1264 / 52 = 24 → 96
  //  max_days_late: 86 − 5 = 81
  // 900 + 55 − 503 = 452 → D; the four biggest are shown.
  BehaviourHistory history = Base("2025-05-20");
  history.installments = Monthly(Iso("2025-06-20"), 6, 0);
  for (std::size_t i = 3; i < 6; ++i) {
    history.installments[i].renegotiated = true;
    history.installments[i].paid_on = Iso("2025-12-15");
  }
  history.installments.push_back({Iso("2026-01-15"), Money::FromCents(5000), Iso("2026-01-15")});
  history.installments.push_back({Iso("2026-02-15"), Money::FromCents(5000), Iso("2026-04-01")});
  history.installments.push_back({Iso("2026-03-15"), Money::FromCents(5000), Iso("2026-04-01")});
  history.promises_kept = 1;
  history.promises_broken = 1;
  history.agreements = 1;
  history.agreements_broken = 1;
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 452);
  EXPECT_EQ(score.band, Band::kD);
  ExpectReasons(score, {{"on_time_share", 166},
                        {"agreements_broken", 100},
                        {"avg_days_late", 96},
                        {"max_days_late", 81}});
  EXPECT_EQ(score.reasons[0].text_pt, "só 4 de 9 parcelas vencidas foram pagas em dia");
  EXPECT_EQ(score.reasons[1].text_pt, "1 acordo de renegociação quebrado");
  EXPECT_EQ(score.reasons[2].text_pt, "atraso médio de 24 dias por parcela");
  EXPECT_EQ(score.reasons[3].text_pt, "maior atraso: 86 dias");
  EXPECT_EQ(score.features.max_days_late, 86);
}

TEST(BehaviourTest, HighUtilisationAndShortHistory) {
  // Since 20/07/2026 (4 months: +10). 20/08, 20/09, 20/10 paid on time; 20/11 is due today
  // and still open: due (4 due), but not judged yet. R$ 570,00 open of R$ 600,00 = 9500 bps.
  //  utilisation: (9500 − 5000) / 50 = 90
  //  short_history: (6 − 4) × 40 = 80
  // 900 + 10 − 170 = 740 → B.
  BehaviourHistory history = Base("2026-07-20");
  history.installments = Monthly(Iso("2026-08-20"), 4, 0);
  history.installments[3].paid_on.reset();
  history.credit_limit = Money::FromCents(60000);
  history.open_principal = Money::FromCents(57000);
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 740);
  EXPECT_EQ(score.band, Band::kB);
  ExpectReasons(score, {{"utilisation", 90}, {"short_history", 80}});
  EXPECT_EQ(score.reasons[0].text_pt, "95% do limite em uso");
  EXPECT_EQ(score.reasons[1].text_pt, "só 4 parcelas vencidas na loja até agora");
  EXPECT_EQ(score.features.installments_due, 4);
  EXPECT_EQ(score.features.paid_on_time, 3);
  EXPECT_EQ(score.features.on_time_share_bps, 10000);
  EXPECT_EQ(score.features.current_days_late, 0);
}

TEST(BehaviourTest, SingularTexts) {
  // Since 20/10/2026 (1 month: +2). 20/10 paid one day late (recent), 19/11 open: 1 day.
  //  short_history: (6 − 2) × 40 = 160; on_time_share: 0/2 → 300; paid_late_recent: 30;
  //  current_days_late: 8; avg_days_late: (1 + 1) / 2 = 1 → 4; max 1: nothing.
  // 900 + 2 − 502 = 400 → D.
  BehaviourHistory history = Base("2026-10-20");
  history.installments = {{Iso("2026-10-20"), Money::FromCents(10000), Iso("2026-10-21")},
                          {Iso("2026-11-19"), Money::FromCents(10000), std::nullopt}};
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 400);
  ExpectReasons(score, {{"on_time_share", 300},
                        {"short_history", 160},
                        {"paid_late_recent", 30},
                        {"current_days_late", 8}});
  EXPECT_EQ(score.reasons[0].text_pt, "nenhuma das 2 parcelas vencidas foi paga em dia");
  EXPECT_EQ(score.reasons[1].text_pt, "só 2 parcelas vencidas na loja até agora");
  EXPECT_EQ(score.reasons[2].text_pt, "1 parcela paga com atraso nos últimos 6 meses");
  EXPECT_EQ(score.reasons[3].text_pt, "parcela em atraso há 1 dia");
}

TEST(BehaviourTest, OneInstallmentTexts) {
  // Since 20/10/2026 (+2): one installment 10/11 paid 14/11 (4 days, recent).
  //  on_time_share 300 ("a parcela"), short_history 200 ("só 1 parcela"), paid_late_recent
  //  30, avg 4 → 16. 900 + 2 − 546 = 356 → D.
  BehaviourHistory history = Base("2026-10-20");
  history.installments = {{Iso("2026-11-10"), Money::FromCents(10000), Iso("2026-11-14")}};
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 356);
  ASSERT_EQ(score.reasons.size(), 4u);
  EXPECT_EQ(score.reasons[0].text_pt, "a parcela vencida não foi paga em dia");
  EXPECT_EQ(score.reasons[1].text_pt, "só 1 parcela vencida na loja até agora");
  EXPECT_EQ(score.reasons[3].text_pt, "atraso médio de 4 dias por parcela");
}

TEST(BehaviourTest, TiesAreOrderedByCode) {
  // The perfect payer (960) with two agreements (2 × 20 = 40) and one broken promise (40).
  BehaviourHistory history = Base("2024-11-10");
  history.installments = Monthly(Iso("2024-12-10"), 24, 0);
  history.agreements = 2;
  history.promises_broken = 1;
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 880);
  ExpectReasons(score, {{"agreements", 40}, {"promises_broken", 40}});
  EXPECT_EQ(score.reasons[0].text_pt, "2 acordos de renegociação feitos");
  EXPECT_EQ(score.reasons[1].text_pt, "1 promessa de pagamento não cumprida");
}

TEST(BehaviourTest, EverythingWrongClampsToZero) {
  // Six installments 25/05..25/10/2026, none paid: 179 days late at most.
  //  on_time 300 + current 400 (cap) + max 100 (cap) + avg 120 (cap) = 920; plus broken
  //  promises 4 × 40 = 160, broken agreements 2 × 100 = 200, agreements 60 (cap), 100 %
  //  of the limit: 100. 900 + 15 (6 months) − 1440 < 0 → 0.
  BehaviourHistory history = Base("2026-05-01");
  history.installments = Monthly(Iso("2026-05-25"), 6, 0);
  for (InstallmentRecord& each : history.installments) each.paid_on.reset();
  history.promises_broken = 4;
  history.agreements = 3;
  history.agreements_broken = 2;
  history.open_principal = history.credit_limit;
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.score, 0);
  EXPECT_EQ(score.band, Band::kE);
  ExpectReasons(score, {{"current_days_late", 400},
                        {"on_time_share", 300},
                        {"agreements_broken", 200},
                        {"promises_broken", 160}});
  EXPECT_EQ(score.features.current_days_late, 179);
}

TEST(BehaviourTest, OldDelaysWeighLessThanRecentOnes) {
  // The same 20-day delay, two years ago (weight 1) or last month (weight 16), among 24
  // installments on time otherwise (weights 6 × 16 + 6 × 8 + 6 × 4 + 6 × 2 = 180).
  BehaviourHistory old_delay = Base("2024-11-10");
  old_delay.installments = Monthly(Iso("2024-12-10"), 24, 0);
  BehaviourHistory recent_delay = old_delay;
  old_delay.installments[0].paid_on = Iso("2024-12-30");
  recent_delay.installments[22].paid_on = Iso("2026-10-30");
  const BehaviourScore old_score = ScoreBehaviour(old_delay);
  const BehaviourScore recent_score = ScoreBehaviour(recent_delay);
  EXPECT_EQ(old_score.features.weighted_avg_days_late, 0);     // 2 × 20 / 180
  EXPECT_EQ(recent_score.features.weighted_avg_days_late, 1);  // 16 × 20 / 180
  EXPECT_EQ(old_score.features.paid_late_recent, 0);
  EXPECT_EQ(recent_score.features.paid_late_recent, 1);
  EXPECT_GT(old_score.score, recent_score.score);
}

TEST(BehaviourTest, FutureInstallmentsDoNotCountAndRenegotiatedIsLate) {
  BehaviourHistory history = Base("2024-11-10");
  history.installments = Monthly(Iso("2024-12-10"), 24, 0);
  // Paid in advance but due next month: not due, not counted.
  history.installments.push_back({Iso("2026-12-10"), Money::FromCents(10000), kToday});
  EXPECT_EQ(ScoreBehaviour(history).features.installments_due, 24);
  // Renegotiated before its due date still counts as a late settlement (1 day).
  history.installments[23].renegotiated = true;
  const BehaviourScore score = ScoreBehaviour(history);
  EXPECT_EQ(score.features.paid_on_time, 23);
  EXPECT_EQ(score.features.paid_late_recent, 1);
  EXPECT_EQ(score.features.max_days_late, 1);
}

TEST(BehaviourTest, Bands) {
  EXPECT_EQ(BandOf(1000), Band::kA);
  EXPECT_EQ(BandOf(800), Band::kA);
  EXPECT_EQ(BandOf(799), Band::kB);
  EXPECT_EQ(BandOf(650), Band::kB);
  EXPECT_EQ(BandOf(649), Band::kC);
  EXPECT_EQ(BandOf(500), Band::kC);
  EXPECT_EQ(BandOf(499), Band::kD);
  EXPECT_EQ(BandOf(350), Band::kD);
  EXPECT_EQ(BandOf(349), Band::kE);
  EXPECT_EQ(BandOf(0), Band::kE);
  EXPECT_EQ(BandLetter(Band::kA), 'A');
  EXPECT_EQ(BandLetter(Band::kE), 'E');
}

}  // namespace
}  // namespace fiado::credit
