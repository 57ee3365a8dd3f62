#include "credit/decision.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fiado::credit {
namespace {

using core::Money;
using ::testing::ElementsAre;

Money Reais(std::int64_t reais) { return Money::FromCents(reais * 100); }
core::Date Iso(std::string_view text) { return core::ParseIsoDate(text).value(); }

// A band-B customer asking for R$ 500,00 in 5 × R$ 100,00, with room everywhere:
// limit R$ 1.000,00, nothing open, income R$ 3.000,00 (30 % = R$ 900,00 a month), a clean
// SPC lookup ten days ago.
DecisionInputs Sale() {
  DecisionInputs in;
  in.today = Iso("2026-11-20");
  in.credit_limit = Reais(1000);
  in.monthly_income = Reais(3000);
  in.behaviour.score = 700;
  in.behaviour.band = Band::kB;
  in.behaviour.has_history = true;
  in.bureau = BureauFinding{"SPC", Iso("2026-11-10"), false, 0, Money{}};
  in.requested = Reais(500);
  in.installment_amount = Reais(100);
  in.installment_count = 5;
  return in;
}

// The rules these cases were written for: a bureau lookup is required (off by default).
DecisionRules StrictRules() {
  DecisionRules rules;
  rules.bureau_required = true;
  return rules;
}

Decision DecideIt(const DecisionInputs& in, const DecisionRules& rules = StrictRules()) {
  return Decide(rules, in, "", false);
}

std::vector<std::string> Codes(const Decision& decision) {
  std::vector<std::string> codes;
  for (const DecisionReason& each : decision.reasons) codes.push_back(each.code);
  return codes;
}

TEST(DecisionTest, ApprovedWhenEverythingFits) {
  const Decision decision = DecideIt(Sale());
  EXPECT_EQ(decision.outcome, Outcome::kApproved);
  EXPECT_TRUE(decision.reasons.empty());
  EXPECT_FALSE(decision.max_amount);
  EXPECT_FALSE(decision.max_installments);
  EXPECT_EQ(decision.override_reason, "");
}

TEST(DecisionTest, BlockedIsRefusedEvenWithAnOverride) {
  DecisionInputs in = Sale();
  in.customer_status = customers::CustomerStatus::kBlocked;
  const Decision decision = Decide(StrictRules(), in, "cliente antigo", true);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "blocked");
  EXPECT_EQ(decision.reasons[0].text_pt, "cliente bloqueado");
  EXPECT_EQ(decision.override_reason, "");
}

TEST(DecisionTest, ScoreBelowMinimum) {
  DecisionInputs in = Sale();
  in.behaviour.score = 280;
  in.behaviour.band = Band::kE;
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  // Band E also allows at most 3 installments: every reason found is kept.
  EXPECT_THAT(Codes(decision), ElementsAre("score", "installments"));
  EXPECT_EQ(decision.reasons[0].text_pt,
            "score de comportamento 280 abaixo do mínimo da loja (300)");
}

TEST(DecisionTest, BureauLookupMustBeRecent) {
  DecisionInputs in = Sale();
  in.bureau->consulted_on = Iso("2026-10-21");  // 30 days ago: still valid
  EXPECT_EQ(DecideIt(in).outcome, Outcome::kApproved);
  in.bureau->consulted_on = Iso("2026-10-20");  // 31 days ago
  Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "bureau_missing");
  EXPECT_EQ(decision.reasons[0].text_pt, "sem consulta ao SPC/Serasa nos últimos 30 dias");
  in.bureau.reset();
  EXPECT_EQ(DecideIt(in).reasons[0].code, "bureau_missing");
  DecisionRules rules = StrictRules();
  rules.bureau_required = false;
  EXPECT_EQ(DecideIt(in, rules).outcome, Outcome::kApproved);
}

TEST(DecisionTest, RestrictionRefuses) {
  DecisionInputs in = Sale();
  in.bureau = BureauFinding{"SPC", Iso("2026-11-10"), true, 2, Money::FromCents(123456)};
  Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "bureau_restricted");
  EXPECT_EQ(decision.reasons[0].text_pt,
            "restrição encontrada no SPC em 10/11/2026 (2 registros, R$ 1.234,56)");
  in.bureau = BureauFinding{"Serasa", Iso("2026-11-19"), true, 1, Money{}};
  EXPECT_EQ(DecideIt(in).reasons[0].text_pt,
            "restrição encontrada no Serasa em 19/11/2026 (1 registro)");
  in.bureau->restrictions = 0;  // a protest, with no list
  EXPECT_EQ(DecideIt(in).reasons[0].text_pt, "restrição encontrada no Serasa em 19/11/2026");
  DecisionRules rules = StrictRules();
  rules.refuse_on_restriction = false;
  EXPECT_EQ(DecideIt(in, rules).outcome, Outcome::kApproved);
}

TEST(DecisionTest, IncomeRequired) {
  DecisionInputs in = Sale();
  in.monthly_income.reset();
  EXPECT_EQ(DecideIt(in).outcome, Outcome::kApproved);  // not required: not checked
  DecisionRules rules = StrictRules();
  rules.income_required = true;
  const Decision decision = DecideIt(in, rules);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "income_missing");
  EXPECT_EQ(decision.reasons[0].text_pt, "renda não informada");
}

TEST(DecisionTest, OverLimitGivesCounterOffer) {
  DecisionInputs in = Sale();
  in.credit_limit = Reais(600);
  in.open_principal = Reais(300);
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kCounterOffer);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "limit");
  EXPECT_EQ(decision.reasons[0].text_pt,
            "em aberto R$ 300,00 + esta venda R$ 500,00 passam do limite de R$ 600,00");
  EXPECT_EQ(decision.max_amount, Reais(300));
  EXPECT_FALSE(decision.max_installments);
}

TEST(DecisionTest, LimitFullyUsedRefuses) {
  DecisionInputs in = Sale();
  in.credit_limit = Reais(600);
  in.open_principal = Reais(600);
  Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  EXPECT_THAT(Codes(decision), ElementsAre("limit"));
  EXPECT_FALSE(decision.max_amount);
  in.credit_limit = Money{};
  in.open_principal = Money{};
  decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  EXPECT_EQ(decision.reasons[0].text_pt, "cliente sem limite de crédito definido");
}

TEST(DecisionTest, AffordabilityScalesTheAmount) {
  // Income R$ 2.000,00: 30 % = R$ 600,00. R$ 400,00 already committed + R$ 350,00 = R$ 750,00.
  // Room R$ 200,00: R$ 1.000,00 × 200 / 350 = R$ 571,43 → R$ 571,00.
  DecisionInputs in = Sale();
  in.credit_limit = Reais(5000);
  in.monthly_income = Reais(2000);
  in.monthly_commitment = Reais(400);
  in.requested = Reais(1000);
  in.installment_amount = Reais(350);
  in.installment_count = 3;
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kCounterOffer);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "affordability");
  EXPECT_EQ(decision.reasons[0].text_pt,
            "parcelas de R$ 750,00 por mês passam de 30% da renda declarada (R$ 2.000,00)");
  EXPECT_EQ(decision.max_amount, Reais(571));
}

TEST(DecisionTest, AffordabilityWithNoRoomRefuses) {
  DecisionInputs in = Sale();
  in.monthly_income = Reais(2000);
  in.monthly_commitment = Reais(600);
  DecisionRules rules = StrictRules();
  rules.max_commitment_income_bps = 2550;  // R$ 510,00
  const Decision decision = DecideIt(in, rules);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].text_pt,
            "parcelas de R$ 700,00 por mês passam de 25,5% da renda declarada (R$ 2.000,00)");
}

TEST(DecisionTest, TooManyInstallmentsForTheBand) {
  DecisionInputs in = Sale();
  in.behaviour.score = 550;
  in.behaviour.band = Band::kC;
  in.installment_count = 15;
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kCounterOffer);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "installments");
  EXPECT_EQ(decision.reasons[0].text_pt, "até 12 parcelas para a faixa C");
  EXPECT_EQ(decision.max_installments, 12);
  EXPECT_FALSE(decision.max_amount);
}

TEST(DecisionTest, InstallmentsTextsAndBandWithoutInstallments) {
  DecisionInputs in = Sale();
  in.behaviour.score = 320;
  in.behaviour.band = Band::kE;
  DecisionRules rules = StrictRules();
  rules.max_installments_by_band[4] = 1;
  EXPECT_EQ(DecideIt(in, rules).reasons[0].text_pt, "até 1 parcela para a faixa E");
  rules.max_installments_by_band[4] = 0;
  const Decision decision = DecideIt(in, rules);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  EXPECT_EQ(decision.reasons[0].text_pt, "a faixa E não permite venda parcelada");
}

TEST(DecisionTest, CounterOfferTakesTheTightestCaps) {
  // Limit leaves R$ 300,00; income leaves R$ 200,00 of R$ 350,00: R$ 571,00; band C: 12.
  DecisionInputs in = Sale();
  in.credit_limit = Reais(1300);
  in.open_principal = Reais(1000);
  in.monthly_income = Reais(2000);
  in.monthly_commitment = Reais(400);
  in.requested = Reais(1000);
  in.installment_amount = Reais(350);
  in.installment_count = 15;
  in.behaviour.score = 550;
  in.behaviour.band = Band::kC;
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kCounterOffer);
  EXPECT_THAT(Codes(decision), ElementsAre("limit", "affordability", "installments"));
  EXPECT_EQ(decision.max_amount, Reais(300));
  EXPECT_EQ(decision.max_installments, 12);
}

TEST(DecisionTest, AnyHardReasonRefusesAndKeepsEveryReason) {
  DecisionInputs in = Sale();
  in.behaviour.score = 280;
  in.behaviour.band = Band::kE;
  in.bureau.reset();
  in.credit_limit = Reais(600);
  in.open_principal = Reais(300);
  const Decision decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  EXPECT_THAT(Codes(decision), ElementsAre("score", "bureau_missing", "limit", "installments"));
  EXPECT_FALSE(decision.max_amount);
  EXPECT_FALSE(decision.max_installments);
}

TEST(DecisionTest, OwnerOverride) {
  DecisionInputs in = Sale();
  in.behaviour.score = 280;
  in.behaviour.band = Band::kE;
  Decision decision = Decide(StrictRules(), in, "  cliente antigo da loja ", true);
  EXPECT_EQ(decision.outcome, Outcome::kOverridden);
  EXPECT_EQ(decision.override_reason, "cliente antigo da loja");
  EXPECT_THAT(Codes(decision), ElementsAre("score", "installments"));
  // Without the permission, or without a reason: no override.
  EXPECT_EQ(Decide(StrictRules(), in, "cliente antigo", false).outcome, Outcome::kRefused);
  EXPECT_EQ(Decide(StrictRules(), in, "   ", true).outcome, Outcome::kRefused);
  // Nothing to override on an approval.
  decision = Decide(StrictRules(), Sale(), "cliente antigo", true);
  EXPECT_EQ(decision.outcome, Outcome::kApproved);
  EXPECT_EQ(decision.override_reason, "");
}

// On demand: no sale; band B (18 installments); limit R$ 1.000,00 with R$ 300,00 open;
// income R$ 1.000,00 (30 % = R$ 300,00 a month).
DecisionInputs OnDemand(Money requested, Money commitment) {
  DecisionInputs in = Sale();
  in.open_principal = Reais(300);
  in.monthly_income = Reais(1000);
  in.monthly_commitment = commitment;
  in.requested = requested;
  in.installment_amount = Money{};
  in.installment_count = 0;
  return in;
}

TEST(DecisionTest, OnDemandHowMuchCanBeApproved) {
  // Room R$ 50,00 × 18 = R$ 900,00 > R$ 700,00 available: R$ 700,00.
  Decision decision = DecideIt(OnDemand(Money{}, Reais(250)));
  EXPECT_EQ(decision.outcome, Outcome::kApproved);
  EXPECT_TRUE(decision.reasons.empty());
  EXPECT_EQ(decision.max_amount, Reais(700));
  // Room R$ 20,00 × 18 = R$ 360,00.
  decision = DecideIt(OnDemand(Money{}, Reais(280)));
  EXPECT_EQ(decision.outcome, Outcome::kApproved);
  EXPECT_EQ(decision.max_amount, Reais(360));
  // No income declared: only the limit.
  DecisionInputs in = OnDemand(Money{}, Reais(280));
  in.monthly_income.reset();
  EXPECT_EQ(DecideIt(in).max_amount, Reais(700));
}

TEST(DecisionTest, OnDemandWithNothingLeft) {
  Decision decision = DecideIt(OnDemand(Money{}, Reais(300)));
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].code, "affordability");
  EXPECT_EQ(decision.reasons[0].text_pt,
            "parcelas de R$ 300,00 por mês já ocupam 30% da renda declarada (R$ 1.000,00)");
  DecisionInputs in = OnDemand(Money{}, Money{});
  in.open_principal = Reais(1000);
  decision = DecideIt(in);
  EXPECT_EQ(decision.outcome, Outcome::kRefused);
  EXPECT_EQ(decision.reasons[0].text_pt,
            "em aberto R$ 1.000,00 já ocupa todo o limite de R$ 1.000,00");
}

TEST(DecisionTest, OnDemandAmount) {
  // R$ 200,00 fits (R$ 11,12 a month over 18); the answer still says how much would.
  Decision decision = DecideIt(OnDemand(Reais(200), Reais(280)));
  EXPECT_EQ(decision.outcome, Outcome::kApproved);
  EXPECT_EQ(decision.max_amount, Reais(360));
  // R$ 500,00 / 18 = R$ 27,78 (rounded up); R$ 280,00 + R$ 27,78 > R$ 300,00.
  decision = DecideIt(OnDemand(Reais(500), Reais(280)));
  EXPECT_EQ(decision.outcome, Outcome::kCounterOffer);
  ASSERT_EQ(decision.reasons.size(), 1u);
  EXPECT_EQ(decision.reasons[0].text_pt,
            "parcelas de R$ 307,78 por mês passam de 30% da renda declarada (R$ 1.000,00)");
  EXPECT_EQ(decision.max_amount, Reais(360));
  // Over the limit as well: R$ 700,00 available, R$ 360,00 affordable.
  decision = DecideIt(OnDemand(Reais(800), Reais(280)));
  EXPECT_THAT(Codes(decision), ElementsAre("limit", "affordability"));
  EXPECT_EQ(decision.reasons[0].text_pt,
            "em aberto R$ 300,00 + o valor pedido R$ 800,00 passam do limite de R$ 1.000,00");
  EXPECT_EQ(decision.max_amount, Reais(360));
}

TEST(OutcomeTest, NamesRoundTrip) {
  for (Outcome outcome :
       {Outcome::kApproved, Outcome::kCounterOffer, Outcome::kRefused, Outcome::kOverridden}) {
    EXPECT_EQ(ParseOutcome(OutcomeName(outcome)), outcome);
  }
  EXPECT_EQ(OutcomeName(Outcome::kCounterOffer), "counter_offer");
  EXPECT_FALSE(ParseOutcome("Approved"));
  EXPECT_FALSE(ParseOutcome(""));
}

TEST(DecisionRulesTest, DefaultsAreValid) { EXPECT_TRUE(CheckDecisionRules(DecisionRules{})); }

TEST(DecisionRulesTest, ReportsEveryFaultyField) {
  DecisionRules rules = StrictRules();
  rules.min_score = 1001;
  rules.bureau_valid_days = 0;
  rules.max_commitment_income_bps = 0;
  rules.max_installments_by_band[1] = -1;
  rules.max_installments_by_band[4] = 121;
  const core::Status status = CheckDecisionRules(rules);
  ASSERT_FALSE(status);
  std::vector<std::string> fields;
  for (const core::FieldError& each : status.error().fields) fields.push_back(each.field);
  EXPECT_THAT(
      fields,
      ElementsAre("rules.min_score", "rules.bureau_valid_days", "rules.max_commitment_income_bps",
                  "rules.max_installments_by_band[1]", "rules.max_installments_by_band[4]"));
}

}  // namespace
}  // namespace fiado::credit
