#include "payments/allocation.h"

#include <random>

#include <gtest/gtest.h>

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;
using core::Rate;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Money R(std::int64_t cents) { return Money::FromCents(cents); }
const sales::SaleId kSale = sales::SaleId::FromTrusted("0190a000-0000-7000-8000-000000000001");

// Three installments of 100,00 at 2 % a.m. (20,00 of contract interest each), the first
// two overdue on `today` and the third due later.
std::vector<InstallmentView> Views(Date today) {
  const core::BusinessCalendar calendar;
  std::vector<InstallmentView> views;
  const Date dues[] = {D(2025, 3, 10), D(2025, 4, 10), D(2025, 6, 10)};
  for (int n = 1; n <= 3; ++n) {
    InstallmentTerms terms{{kSale, n}, D(2025, 2, 8),      dues[n - 1],        R(10000),
                           R(2000),    Rate::FromBps(200), Rate::FromBps(200), Rate::FromBps(100)};
    views.push_back({terms, PositionAt(terms, {}, calendar, today)});
  }
  return views;
}

TEST(AllocateTest, OldestFirstChargesBeforePrincipal) {
  const Date today = D(2025, 5, 10);  // 61 and 30 days late
  const auto views = Views(today);
  auto plan = Allocate(R(15000), Money(), views, {}, today);
  ASSERT_TRUE(plan) << plan.error().Describe();
  ASSERT_EQ(plan->lines.size(), 2u);
  // First: fee 2,00, interest 100,00 × 1 % × 61/30 = 2,03, principal 100,00.
  EXPECT_EQ(plan->lines[0].late_fee, R(200));
  EXPECT_EQ(plan->lines[0].interest, R(203));
  EXPECT_EQ(plan->lines[0].principal, R(10000));
  // Second: fee 2,00, interest 1,00, then the 42,97 left on the face.
  EXPECT_EQ(plan->lines[1].late_fee, R(200));
  EXPECT_EQ(plan->lines[1].interest, R(100));
  EXPECT_EQ(plan->lines[1].principal, R(4297));
  EXPECT_EQ(plan->credit_change, Money());
}

TEST(AllocateTest, ChosenInstallmentsOnlyAndOverpaymentToCredit) {
  const Date today = D(2025, 5, 10);
  const auto views = Views(today);
  const InstallmentRef second{kSale, 2};
  auto plan = Allocate(R(20000), Money(), views, {&second, 1}, today);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->lines.size(), 1u);
  EXPECT_EQ(plan->lines[0].installment, second);
  EXPECT_EQ(plan->lines[0].Cash(), R(10300));
  EXPECT_EQ(plan->credit_change, R(9700));
}

TEST(AllocateTest, CreditIsUsedBeforeCash) {
  const Date today = D(2025, 3, 10);  // the first is due today, no charges
  const auto views = Views(today);
  auto plan = Allocate(R(6000), R(4000), views, {}, today);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->lines[0].principal, R(10000));
  EXPECT_EQ(plan->credit_change, R(-4000));
}

TEST(AllocateTest, FutureInstallmentsGetTheEarlyDiscount) {
  const Date today = D(2025, 3, 10);
  const auto views = Views(today);
  const InstallmentRef third{kSale, 3};
  auto plan = Allocate(R(20000), Money(), views, {&third, 1}, today);
  ASSERT_TRUE(plan);
  // 92 days early at 2 % a.m.: 100,00 / 1,02^(92/30) = 100,00 / 1,062610 = 94,11.
  EXPECT_EQ(plan->lines[0].principal, R(9411));
  EXPECT_EQ(plan->lines[0].discount, R(589));
  EXPECT_EQ(plan->credit_change, R(20000 - 9411));
}

TEST(AllocateTest, RefusesWhatIsNotOpen) {
  const Date today = D(2025, 3, 10);
  const auto views = Views(today);
  const InstallmentRef missing{kSale, 9};
  auto plan = Allocate(R(100), Money(), views, {&missing, 1}, today);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().field, "installments[0]");
  EXPECT_FALSE(Allocate(R(100), Money(), {}, {}, today));
}

// No allocation loses or invents a centavo: cash = allocated + credit change, and no
// component exceeds what was open.
TEST(AllocateTest, PropertyMoneyInEqualsMoneyAllocatedPlusCredit) {
  std::mt19937_64 random(20261122);
  for (int round = 0; round < 2000; ++round) {
    const Date today = core::AddDays(D(2025, 2, 20), static_cast<int>(random() % 200));
    const auto views = Views(today);
    const Money cash = R(1 + static_cast<std::int64_t>(random() % 50000));
    const Money credit = R(static_cast<std::int64_t>(random() % 3) * 1000);
    auto plan = Allocate(cash, credit, views, {}, today);
    ASSERT_TRUE(plan);
    Money allocated;
    for (const AllocationLine& line : plan->lines) {
      const auto& view = *std::find_if(views.begin(), views.end(), [&](const auto& v) {
        return v.terms.ref == line.installment;
      });
      EXPECT_LE(line.late_fee, view.position.late_fee_open);
      EXPECT_LE(line.interest, view.position.interest_open);
      EXPECT_LE(line.principal + line.discount, view.position.principal_open);
      allocated += line.Cash();
    }
    ASSERT_EQ(cash, allocated + plan->credit_change);
    ASSERT_GE(credit + plan->credit_change, Money());
  }
}

}  // namespace
}  // namespace fiado::payments
