#include "payments/credit_history.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace fiado::payments {
namespace {

using core::Date;
using core::Money;

const Closure* ClosureOf(const Book& book, const InstallmentRef& ref) {
  for (const auto& closure : book.closures) {
    if (closure.installment == ref) return &closure;
  }
  return nullptr;
}

// The date the face became fully settled (principal + discount), when it did by `today`.
std::optional<Date> PaidOn(const Book& book, const InstallmentTerms& terms, Date today) {
  std::vector<Settlement> settlements = SettlementsOf(book, terms.ref, today);
  std::sort(settlements.begin(), settlements.end(),
            [](const Settlement& a, const Settlement& b) { return a.on < b.on; });
  Money settled;
  for (const auto& settlement : settlements) {
    settled += settlement.principal + settlement.discount;
    if (settled >= terms.amount) return settlement.on;
  }
  return std::nullopt;
}

}  // namespace

credit::BehaviourHistory BehaviourHistoryOf(const Book& book, Date today) {
  credit::BehaviourHistory history;
  history.today = today;
  for (const auto& sale : book.sales) {
    if (sale.sale_date > today) continue;
    if (!history.first_sale_on || sale.sale_date < *history.first_sale_on) {
      history.first_sale_on = sale.sale_date;
    }
  }
  for (const auto& terms : TermsOf(book)) {
    if (terms.sale_date > today) continue;
    credit::InstallmentRecord record{terms.due_date, terms.amount, PaidOn(book, terms, today)};
    if (const Closure* closure = ClosureOf(book, terms.ref); closure && closure->on <= today) {
      record.renegotiated = closure->kind == InstallmentStatus::kRenegotiated;
      if (!record.paid_on) record.paid_on = closure->on;
    }
    if (!record.paid_on) {
      Money settled;
      for (const auto& s : SettlementsOf(book, terms.ref, today))
        settled += s.principal + s.discount;
      history.open_principal += terms.amount - std::min(settled, terms.amount);
    }
    history.installments.push_back(record);
  }
  return history;
}

Money MonthlyCommitment(const Book& book, Date today) {
  std::map<sales::SaleId, Money> per_sale;
  for (const auto& terms : TermsOf(book)) {
    if (terms.sale_date > today || ClosureOf(book, terms.ref) != nullptr) continue;
    if (PaidOn(book, terms, today)) continue;
    Money& amount = per_sale[terms.ref.sale_id];
    amount = std::max(amount, terms.amount);
  }
  Money total;
  for (const auto& [sale_id, amount] : per_sale) total += amount;
  return total;
}

int PaidOnTimeSince(const Book& book, Date since, Date today) {
  int count = 0;
  for (const auto& terms : TermsOf(book)) {
    const std::optional<Date> paid_on = PaidOn(book, terms, today);
    if (paid_on && *paid_on >= since && *paid_on <= terms.due_date) ++count;
  }
  return count;
}

credit::CustomerFigures FiguresOf(const Book& book, const core::BusinessCalendar& calendar,
                                  Date today, int loss_after_days) {
  credit::CustomerFigures figures;
  for (const auto& sale : book.sales) {
    if (sale.sale_date <= today) figures.financed += sale.disclosure.financed;
  }
  for (const auto& view : PositionsOn(book, calendar, today)) {
    const InstallmentTerms& terms = view.terms;
    Money principal_paid;
    for (const auto& s : SettlementsOf(book, terms.ref, today)) {
      figures.charges_received += s.late_fee + s.interest;
      figures.discounts_given += s.discount;
      principal_paid += s.principal;
    }
    // The contract interest rides inside the face: received in proportion to the face paid.
    if (terms.amount.IsPositive()) {
      figures.interest_received +=
          Money::FromCents(terms.contract_interest.cents() *
                           std::min(principal_paid, terms.amount).cents() / terms.amount.cents());
    }
    const Position& position = view.position;
    if (position.status == InstallmentStatus::kWrittenOff ||
        (IsOpen(position.status) && position.days_late > loss_after_days)) {
      figures.loss += position.principal_open;
    }
  }
  return figures;
}

}  // namespace fiado::payments
