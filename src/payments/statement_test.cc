#include "payments/statement.h"

#include <gtest/gtest.h>

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Money R(std::int64_t cents) { return Money::FromCents(cents); }

Book TwoInstallmentBook() {
  Book book{customers::CustomerId::FromTrusted("0190a000-0000-7000-8000-0000000000c1")};
  sales::Sale sale;
  sale.id = sales::SaleId::FromTrusted("0190a000-0000-7000-8000-000000000001");
  sale.description = "Geladeira";
  sale.sale_date = D(2025, 2, 8);
  sale.disclosure.financed = R(20000);
  sale.disclosure.late_fee_rate = core::Rate::FromBps(200);
  sale.disclosure.moratory_monthly_rate = core::Rate::FromBps(100);
  sale.installments = {{1, D(2025, 3, 10), R(10000), Money(), R(10000)},
                       {2, D(2025, 4, 10), R(10000), Money(), R(10000)}};
  book.sales.push_back(sale);
  Payment payment;
  payment.id = PaymentId::FromTrusted("0190a000-0000-7000-8000-0000000000f1");
  payment.paid_on = D(2025, 3, 10);
  payment.amount = R(10000);
  payment.lines = {{{sale.id, 1}, Money(), Money(), R(10000), Money()}};
  book.payments.push_back(payment);
  return book;
}

TEST(StatementTest, OpenAndUpdatedValuesOnADate) {
  const core::BusinessCalendar calendar;
  const Statement statement = BuildStatement(TwoInstallmentBook(), calendar, D(2025, 5, 10));
  ASSERT_EQ(statement.events.size(), 2u);
  EXPECT_EQ(statement.events[0].kind, EventKind::kSale);
  EXPECT_EQ(statement.events[1].kind, EventKind::kPayment);
  EXPECT_EQ(statement.installments[0].position.status, InstallmentStatus::kPaid);
  EXPECT_EQ(statement.totals.principal_open, R(10000));
  EXPECT_EQ(statement.totals.late_fee_open, R(200));
  EXPECT_EQ(statement.totals.interest_open, R(100));
  EXPECT_EQ(statement.totals.updated_value, R(10300));
  EXPECT_EQ(statement.totals.overdue_installments, 1);
}

TEST(StatementTest, AReversedPaymentCountsAsNeverMadeFromItsDate) {
  const core::BusinessCalendar calendar;
  Book book = TwoInstallmentBook();
  book.payments[0].reversal = Reversal{D(2025, 3, 20), "cheque devolvido"};
  const Statement before = BuildStatement(book, calendar, D(2025, 3, 19));
  EXPECT_EQ(before.installments[0].position.status, InstallmentStatus::kPaid);
  const Statement after = BuildStatement(book, calendar, D(2025, 4, 9));
  ASSERT_EQ(after.events.size(), 3u);
  EXPECT_EQ(after.events[2].kind, EventKind::kReversal);
  EXPECT_EQ(after.events[2].amount, R(-10000));
  // Open again with charges from the original due date (30 days): 2,00 + 1,00.
  EXPECT_EQ(after.installments[0].position.UpdatedValue(), R(10300));
}

TEST(StatementTest, LaterSalesAreNotInAnEarlierStatement) {
  const core::BusinessCalendar calendar;
  const Statement statement = BuildStatement(TwoInstallmentBook(), calendar, D(2025, 2, 1));
  EXPECT_TRUE(statement.events.empty());
  EXPECT_TRUE(statement.installments.empty());
  EXPECT_EQ(statement.totals.updated_value, Money());
}

}  // namespace
}  // namespace fiado::payments
