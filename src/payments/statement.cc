#include "payments/statement.h"

#include <algorithm>

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

std::vector<AllocationLine> Negated(const std::vector<AllocationLine>& lines) {
  std::vector<AllocationLine> negated = lines;
  for (AllocationLine& line : negated) {
    line.late_fee = -line.late_fee;
    line.interest = -line.interest;
    line.principal = -line.principal;
    line.discount = -line.discount;
  }
  return negated;
}

void AddSaleEvents(const Book& book, Date as_of, std::vector<StatementEvent>& events) {
  for (const sales::Sale& sale : book.sales) {
    if (sale.sale_date > as_of) continue;
    events.push_back({sale.sale_date, EventKind::kSale, sale.id.str(), sale.disclosure.financed,
                      sale.description});
  }
}

void AddPaymentEvents(const Book& book, Date as_of, std::vector<StatementEvent>& events) {
  for (const Payment& payment : book.payments) {
    if (payment.paid_on > as_of) continue;
    const EventKind kind = payment.down_payment_of ? EventKind::kDownPayment : EventKind::kPayment;
    events.push_back({payment.paid_on, kind, payment.id.str(), payment.amount,
                      std::string(sales::MethodName(payment.method)), payment.lines,
                      payment.credit_change});
    if (payment.reversal && payment.reversal->on <= as_of) {
      events.push_back({payment.reversal->on, EventKind::kReversal, payment.id.str(),
                        -payment.amount, payment.reversal->reason, Negated(payment.lines),
                        -payment.credit_change});
    }
  }
}

void AddClosureEvents(const Book& book, Date as_of, std::vector<StatementEvent>& events) {
  for (const Closure& closure : book.closures) {
    if (closure.on > as_of) continue;
    events.push_back({closure.on, EventKind::kClosure, closure.installment.sale_id.str(), Money(),
                      closure.reason});
  }
}

StatementTotals TotalsOf(const std::vector<InstallmentView>& installments, Date as_of) {
  StatementTotals totals;
  for (const InstallmentView& view : installments) {
    const Position& position = view.position;
    if (!IsOpen(position.status) || position.UpdatedValue().IsZero()) continue;
    totals.principal_open += position.principal_open;
    totals.late_fee_open += position.late_fee_open;
    totals.interest_open += position.interest_open;
    totals.open_installments += 1;
    if (as_of > position.charge_free_until) {
      totals.overdue_value += position.UpdatedValue();
      totals.overdue_installments += 1;
    }
  }
  totals.updated_value = totals.principal_open + totals.late_fee_open + totals.interest_open;
  return totals;
}

}  // namespace

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kSale:
      return "sale";
    case EventKind::kDownPayment:
      return "down_payment";
    case EventKind::kPayment:
      return "payment";
    case EventKind::kReversal:
      return "reversal";
    case EventKind::kClosure:
      return "closure";
  }
  return "sale";
}

Statement BuildStatement(const Book& book, const core::BusinessCalendar& calendar, Date as_of) {
  Statement statement{book.customer_id, as_of};
  AddSaleEvents(book, as_of, statement.events);
  AddPaymentEvents(book, as_of, statement.events);
  AddClosureEvents(book, as_of, statement.events);
  // By date; on one day a sale comes before what was paid on it.
  std::stable_sort(statement.events.begin(), statement.events.end(),
                   [](const StatementEvent& a, const StatementEvent& b) {
                     if (a.on != b.on) return a.on < b.on;
                     return (a.kind == EventKind::kSale) > (b.kind == EventKind::kSale);
                   });
  statement.installments = PositionsOn(book, calendar, as_of);
  statement.totals = TotalsOf(statement.installments, as_of);
  statement.totals.credit = CreditOn(book, as_of);
  return statement;
}

}  // namespace fiado::payments
