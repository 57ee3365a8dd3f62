#include "credit/ladder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace fiado::credit {
namespace {

using core::Money;
using ::testing::ElementsAre;

Money Reais(std::int64_t reais) { return Money::FromCents(reais * 100); }

std::vector<std::string> FieldsOf(const core::Status& status) {
  std::vector<std::string> fields;
  if (status) return fields;
  for (const core::FieldError& each : status.error().fields) fields.push_back(each.field);
  return fields;
}

LadderStep Step(Money current, int paid_on_time, int days_late = 0, Money open = Money{}) {
  return NextStep(LadderPolicy{}, LadderInputs{current, open, paid_on_time, days_late});
}

TEST(LadderPolicyTest, DefaultsAreValid) { EXPECT_TRUE(CheckLadderPolicy(LadderPolicy{})); }

TEST(LadderPolicyTest, ReportsEveryFaultyField) {
  LadderPolicy policy;
  policy.first_limit_by_band[2] = Money::FromCents(-1);
  policy.first_limit_max_income_bps = 10001;
  policy.raise_after_on_time = 49;
  policy.raise_bps = 0;
  policy.freeze_days_late = 0;
  policy.lower_days_late = -1;
  policy.lower_bps = -5;
  policy.cap = Money{};
  const core::Status status = CheckLadderPolicy(policy);
  ASSERT_FALSE(status);
  EXPECT_THAT(FieldsOf(status),
              ElementsAre("ladder.first_limit_by_band_cents[2]", "ladder.cap_cents",
                          "ladder.first_limit_max_income_bps", "ladder.raise_after_on_time",
                          "ladder.raise_bps", "ladder.freeze_days_late", "ladder.lower_days_late",
                          "ladder.lower_bps"));
}

TEST(LadderPolicyTest, CapMustCoverEveryFirstLimitAndStayUnderTenMillion) {
  LadderPolicy policy;
  policy.cap = Reais(400);
  core::Status status = CheckLadderPolicy(policy);
  ASSERT_FALSE(status);
  EXPECT_THAT(
      status.error().fields,
      ElementsAre(core::FieldError{
          "ladder.cap_cents", "o teto deve ser pelo menos o maior limite inicial (R$ 500,00)"}));
  policy.cap = Money::FromCents(1'000'000'001);
  EXPECT_THAT(FieldsOf(CheckLadderPolicy(policy)), ElementsAre("ladder.cap_cents"));
  policy.cap = Money::FromCents(1'000'000'000);
  EXPECT_TRUE(CheckLadderPolicy(policy));
}

TEST(LadderPolicyTest, LowerDaysMustNotComeBeforeFreezeDays) {
  LadderPolicy policy;
  policy.freeze_days_late = 10;
  policy.lower_days_late = 9;
  const core::Status status = CheckLadderPolicy(policy);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().field, "ladder.lower_days_late");
  EXPECT_EQ(status.error().message_pt,
            "deve estar entre o atraso que congela o limite (10 dias) e 3650 dias");
  policy.lower_days_late = 10;
  EXPECT_TRUE(CheckLadderPolicy(policy));
}

TEST(FirstLimitTest, BandAmountCappedByIncomeShare) {
  const LadderPolicy policy;
  EXPECT_EQ(FirstLimit(policy, Band::kA, std::nullopt), Reais(500));
  EXPECT_EQ(FirstLimit(policy, Band::kD, std::nullopt), Reais(150));
  EXPECT_EQ(FirstLimit(policy, Band::kE, std::nullopt), Reais(0));
  // 30 % of R$ 1.000,00 = R$ 300,00 < R$ 500,00.
  EXPECT_EQ(FirstLimit(policy, Band::kA, Reais(1000)), Reais(300));
  // 30 % of R$ 1.234,56 = R$ 370,368 → rounded down to R$ 370,00.
  EXPECT_EQ(FirstLimit(policy, Band::kA, Money::FromCents(123456)), Reais(370));
  // The band amount when it is the smaller one.
  EXPECT_EQ(FirstLimit(policy, Band::kC, Reais(5000)), Reais(300));
  EXPECT_EQ(FirstLimit(policy, Band::kB, Reais(0)), Reais(0));
}

TEST(NextStepTest, HoldShowsTheNextRung) {
  // R$ 640,00 + 25 % = R$ 800,00, after 3 on time; 1 done.
  LadderStep step = Step(Reais(640), 1);
  EXPECT_EQ(step.move, LadderMove::kHold);
  EXPECT_EQ(step.new_limit, Reais(640));
  EXPECT_EQ(step.next_limit, Reais(800));
  EXPECT_EQ(step.installments_to_next, 2);
  EXPECT_EQ(step.text_pt, "mais 2 parcelas em dia para subir para R$ 800,00");
  step = Step(Reais(640), 2);
  EXPECT_EQ(step.installments_to_next, 1);
  EXPECT_EQ(step.text_pt, "mais 1 parcela em dia para subir para R$ 800,00");
}

TEST(NextStepTest, RaiseAfterEnoughOnTime) {
  LadderStep step = Step(Reais(500), 3);
  EXPECT_EQ(step.move, LadderMove::kRaise);
  EXPECT_EQ(step.current_limit, Reais(500));
  EXPECT_EQ(step.new_limit, Reais(625));
  EXPECT_EQ(step.text_pt, "3 parcelas pagas em dia: limite sobe de R$ 500,00 para R$ 625,00");
  // R$ 333,33 × 1,25 = R$ 416,6625 → R$ 416,00.
  EXPECT_EQ(Step(Money::FromCents(33333), 4).new_limit, Reais(416));
  // Capped at R$ 5.000,00.
  EXPECT_EQ(Step(Reais(4500), 3).new_limit, Reais(5000));
  // A raise is at least R$ 1,00: R$ 2,00 × 1,25 = R$ 2,50 → R$ 2,00 → R$ 3,00.
  EXPECT_EQ(Step(Reais(2), 3).new_limit, Reais(3));
}

TEST(NextStepTest, RaiseTextInTheSingular) {
  LadderPolicy policy;
  policy.raise_after_on_time = 1;
  const LadderStep step = NextStep(policy, LadderInputs{Reais(800), Money{}, 1, 0});
  EXPECT_EQ(step.text_pt, "1 parcela paga em dia: limite sobe de R$ 800,00 para R$ 1.000,00");
}

TEST(NextStepTest, AtCap) {
  for (const Money current : {Reais(5000), Reais(6000)}) {
    const LadderStep step = Step(current, 10);
    EXPECT_EQ(step.move, LadderMove::kAtCap);
    EXPECT_EQ(step.new_limit, current);  // a limit above the cap is not cut
    EXPECT_EQ(step.text_pt, "limite no teto da loja (R$ 5.000,00)");
  }
}

TEST(NextStepTest, FrozenWhileLate) {
  const LadderStep step = Step(Reais(500), 5, 1);
  EXPECT_EQ(step.move, LadderMove::kFrozen);
  EXPECT_EQ(step.new_limit, Reais(500));
  EXPECT_EQ(step.text_pt, "limite congelado: há parcela em atraso");
  EXPECT_EQ(Step(Reais(5000), 0, 29).move, LadderMove::kFrozen);
}

TEST(NextStepTest, LowerAfterLongDelay) {
  LadderStep step = Step(Reais(800), 0, 30, Reais(300));
  EXPECT_EQ(step.move, LadderMove::kLower);
  EXPECT_EQ(step.new_limit, Reais(400));
  EXPECT_EQ(step.text_pt,
            "limite reduzido de R$ 800,00 para R$ 400,00: parcela com 30 dias de atraso");
  // Never below what is open, rounded up to whole reais.
  step = Step(Reais(800), 0, 45, Money::FromCents(55010));
  EXPECT_EQ(step.new_limit, Reais(551));
  EXPECT_EQ(step.text_pt,
            "limite reduzido de R$ 800,00 para R$ 551,00: parcela com 45 dias de atraso");
  // Above the cap too.
  EXPECT_EQ(Step(Reais(6000), 0, 30).new_limit, Reais(3000));
}

TEST(NextStepTest, NothingToLowerFreezes) {
  // Everything is open: the limit stays.
  EXPECT_EQ(Step(Reais(800), 0, 30, Reais(800)).move, LadderMove::kFrozen);
  // Already lowered during this delay.
  LadderInputs inputs{Reais(400), Money{}, 0, 60};
  inputs.lowered_during_delay = true;
  const LadderStep step = NextStep(LadderPolicy{}, inputs);
  EXPECT_EQ(step.move, LadderMove::kFrozen);
  EXPECT_EQ(step.new_limit, Reais(400));
}

TEST(NextStepTest, LowerTextInTheSingular) {
  LadderPolicy policy;
  policy.lower_days_late = 1;
  const LadderStep step = NextStep(policy, LadderInputs{Reais(1000), Money{}, 0, 1});
  EXPECT_EQ(step.text_pt,
            "limite reduzido de R$ 1.000,00 para R$ 500,00: parcela com 1 dia de atraso");
}

TEST(NextStepTest, ZeroLimitIsNeverRaised) {
  const LadderStep step = Step(Money{}, 5);
  EXPECT_EQ(step.move, LadderMove::kHold);
  EXPECT_EQ(step.new_limit, Money{});
  EXPECT_EQ(step.next_limit, Money{});
  EXPECT_EQ(step.installments_to_next, 0);
  EXPECT_EQ(step.text_pt, "sem limite definido: o primeiro limite é decidido pelo dono");
}

}  // namespace
}  // namespace fiado::credit
