#include "payments/ledger.h"

#include <gtest/gtest.h>

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;
using core::Rate;
using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }
Money R(std::int64_t cents) { return Money::FromCents(cents); }

InstallmentTerms Terms(Money amount, Date due, Money contract_interest = Money(),
                       Rate contract_rate = Rate()) {
  InstallmentTerms terms;
  terms.ref = {sales::SaleId::FromTrusted("0190a000-0000-7000-8000-000000000001"), 1};
  terms.sale_date = core::AddDays(due, -30);
  terms.due_date = due;
  terms.amount = amount;
  terms.contract_interest = contract_interest;
  terms.contract_monthly_rate = contract_rate;
  terms.late_fee_rate = Rate::FromBps(200);
  terms.moratory_monthly_rate = Rate::FromBps(100);
  return terms;
}

// STANDARDS §7.4: rate 1 % a.m., multa 2 %, the charges on the payment date.
struct LateVector {
  std::int64_t amount_cents;
  Date due;
  Date paid;
  int days_late;
  std::int64_t late_fee_cents;
  std::int64_t interest_cents;
};

TEST(PositionTest, LateChargeVectorsOfStandards) {
  const core::BusinessCalendar calendar;
  const LateVector vectors[] = {
      {20000, D(2025, 3, 10), D(2025, 4, 9), 30, 400, 200},
      {20000, D(2025, 3, 15), D(2025, 3, 17), 0, 0, 0},
      {20000, D(2025, 3, 15), D(2025, 3, 18), 3, 400, 20},
      {9456, D(2025, 2, 15), D(2025, 3, 6), 19, 189, 60},
  };
  for (const LateVector& v : vectors) {
    SCOPED_TRACE(core::FormatIso(v.paid));
    const Position position = PositionAt(Terms(R(v.amount_cents), v.due), {}, calendar, v.paid);
    EXPECT_EQ(position.days_late, v.days_late);
    EXPECT_EQ(position.late_fee_open, R(v.late_fee_cents));
    EXPECT_EQ(position.interest_open, R(v.interest_cents));
    EXPECT_EQ(position.UpdatedValue(), R(v.amount_cents + v.late_fee_cents + v.interest_cents));
  }
}

TEST(PositionTest, GraceRunsOverCarnivalToTheNextBusinessDay) {
  // Due Sunday 02/03/2025; Monday and Tuesday are Carnaval: charge-free until Wednesday.
  const core::BusinessCalendar calendar;
  const InstallmentTerms terms = Terms(R(10000), D(2025, 3, 2));
  EXPECT_EQ(PositionAt(terms, {}, calendar, D(2025, 3, 5)).charge_free_until, D(2025, 3, 5));
  EXPECT_EQ(PositionAt(terms, {}, calendar, D(2025, 3, 5)).UpdatedValue(), R(10000));
  const Position late = PositionAt(terms, {}, calendar, D(2025, 3, 6));
  EXPECT_EQ(late.days_late, 4);
  EXPECT_EQ(late.late_fee_open, R(200));
  EXPECT_EQ(late.interest_open, R(13));  // 100,00 × 1 % × 4/30 = 0,1333
}

TEST(PositionTest, LocalHolidayExtendsTheGrace) {
  const core::BusinessCalendar calendar({*core::LocalHoliday::Make(1, 25, std::nullopt, "SP")});
  const InstallmentTerms terms = Terms(R(10000), D(2027, 1, 25));  // a Monday
  EXPECT_EQ(PositionAt(terms, {}, calendar, D(2027, 1, 26)).UpdatedValue(), R(10000));
}

TEST(PositionTest, PartialLatePaymentKeepsChargingInterestOnWhatIsLeft) {
  const core::BusinessCalendar calendar;
  const InstallmentTerms terms = Terms(R(20000), D(2025, 3, 10));
  // On 09/04 (30 days): fee 4,00 + interest 2,00 paid, and 100,00 of the face.
  const Settlement first{D(2025, 4, 9), R(400), R(200), R(10000), Money()};
  const Position after = PositionAt(terms, {&first, 1}, calendar, D(2025, 4, 9));
  EXPECT_EQ(after.principal_open, R(10000));
  EXPECT_EQ(after.late_fee_open, Money());
  EXPECT_EQ(after.interest_open, Money());
  EXPECT_EQ(after.status, InstallmentStatus::kPartiallyPaid);
  // 30 days later: 100,00 × 1 % × 30/30 = 1,00 more; the fee is not charged again.
  const Position later = PositionAt(terms, {&first, 1}, calendar, D(2025, 5, 9));
  EXPECT_EQ(later.interest_open, R(100));
  EXPECT_EQ(later.late_fee_open, Money());
  EXPECT_EQ(later.UpdatedValue(), R(10100));
}

TEST(PositionTest, PartPaidWithinGraceBearsNoCharges) {
  const core::BusinessCalendar calendar;
  const InstallmentTerms terms = Terms(R(20000), D(2025, 3, 15));  // Saturday
  const Settlement in_grace{D(2025, 3, 17), Money(), Money(), R(15000), Money()};
  const Position position = PositionAt(terms, {&in_grace, 1}, calendar, D(2025, 3, 18));
  EXPECT_EQ(position.late_fee_open, R(100));  // 2 % of the 50,00 open at the deadline
  EXPECT_EQ(position.interest_open, R(5));    // 50,00 × 1 % × 3/30
}

TEST(PositionTest, PaidInFullStopsAccruing) {
  const core::BusinessCalendar calendar;
  const InstallmentTerms terms = Terms(R(20000), D(2025, 3, 10));
  const Settlement full{D(2025, 4, 9), R(400), R(200), R(20000), Money()};
  const Position position = PositionAt(terms, {&full, 1}, calendar, D(2026, 1, 1));
  EXPECT_EQ(position.status, InstallmentStatus::kPaid);
  EXPECT_EQ(position.UpdatedValue(), Money());
  EXPECT_EQ(position.days_late, 0);
  EXPECT_EQ(position.paid, R(20600));
}

TEST(PositionTest, SettlementsAfterTheDateAreIgnored) {
  const core::BusinessCalendar calendar;
  const InstallmentTerms terms = Terms(R(20000), D(2025, 3, 10));
  const Settlement future{D(2025, 3, 20), R(400), R(7), R(20000), Money()};
  EXPECT_EQ(PositionAt(terms, {&future, 1}, calendar, D(2025, 3, 10)).status,
            InstallmentStatus::kOpen);
}

TEST(EarlySettlementTest, DiscountsAtTheContractRate) {
  // 94,56 due in 60 days at 2 % a.m.: present value 94,56 / 1,02² = 90,89.
  const InstallmentTerms terms = Terms(R(9456), D(2025, 5, 15), R(1851), Rate::FromBps(200));
  const EarlySettlement settled = SettleEarly(terms, R(9456), R(100000), D(2025, 3, 16));
  EXPECT_EQ(settled.principal, R(9456));
  EXPECT_EQ(settled.cash, R(9089));
  EXPECT_EQ(settled.discount, R(367));
  EXPECT_EQ(settled.cash + settled.discount, settled.principal);
}

TEST(EarlySettlementTest, DiscountNeverExceedsTheContractInterest) {
  // Only 1,00 of interest inside: the discount stops there.
  const InstallmentTerms terms = Terms(R(9456), D(2026, 3, 15), R(100), Rate::FromBps(500));
  const EarlySettlement settled = SettleEarly(terms, R(9456), R(100000), D(2025, 3, 15));
  EXPECT_EQ(settled.discount, R(100));
  EXPECT_EQ(settled.cash, R(9356));
}

TEST(EarlySettlementTest, PartialEarlyPaymentSettlesMoreFace) {
  const InstallmentTerms terms = Terms(R(9456), D(2025, 5, 15), R(1851), Rate::FromBps(200));
  const EarlySettlement settled = SettleEarly(terms, R(9456), R(5000), D(2025, 3, 16));
  EXPECT_EQ(settled.cash, R(5000));
  EXPECT_EQ(settled.principal, R(5202));  // 50,00 × 1,02² = 52,02
  EXPECT_EQ(settled.discount, R(202));
}

TEST(EarlySettlementTest, PartsNeverDiscountMoreOrLessThanTheWhole) {
  // #12 of §7.1 (94,54 with 1,85 of interest), 349 days early: the cap binds.
  const InstallmentTerms terms = Terms(R(9454), D(2026, 1, 15), R(185), Rate::FromBps(200));
  const EarlySettlement whole = SettleEarly(terms, R(9454), R(100000), D(2025, 1, 31));
  EXPECT_EQ(whole.discount, R(185));
  const EarlySettlement first = SettleEarly(terms, R(9454), R(5000), D(2025, 1, 31));
  const EarlySettlement rest =
      SettleEarly(terms, R(9454) - first.principal, R(100000), D(2025, 1, 31), first.discount);
  EXPECT_EQ(first.principal + rest.principal, R(9454));
  EXPECT_EQ(first.discount + rest.discount, whole.discount);
  EXPECT_EQ(first.cash + rest.cash, whole.cash);
}

TEST(EarlySettlementTest, NoDiscountWhenDueOrAtZeroRate) {
  const InstallmentTerms due = Terms(R(9456), D(2025, 3, 16), R(1851), Rate::FromBps(200));
  EXPECT_EQ(SettleEarly(due, R(9456), R(100000), D(2025, 3, 16)).discount, Money());
  const InstallmentTerms zero = Terms(R(9456), D(2025, 5, 16));
  EXPECT_EQ(SettleEarly(zero, R(9456), R(100000), D(2025, 3, 16)).cash, R(9456));
}

}  // namespace
}  // namespace fiado::payments
