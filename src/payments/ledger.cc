#include "payments/ledger.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace fiado::payments {
namespace {

__extension__ typedef __int128 Int128;

using core::Date;
using core::Money;

// Settlements effective on `as_of`, by date (stable, so same-day ones keep their order).
std::vector<Settlement> EffectiveByDate(std::span<const Settlement> settlements, Date as_of) {
  std::vector<Settlement> effective;
  for (const Settlement& settlement : settlements) {
    if (settlement.on <= as_of) effective.push_back(settlement);
  }
  std::stable_sort(effective.begin(), effective.end(),
                   [](const Settlement& a, const Settlement& b) { return a.on < b.on; });
  return effective;
}

Money FaceSettledBy(std::span<const Settlement> settlements, Date until) {
  Money settled;
  for (const Settlement& settlement : settlements) {
    if (settlement.on <= until) settled += settlement.principal + settlement.discount;
  }
  return settled;
}

// Σ open face × days late, from the due date to `as_of`, over the face still open at the
// charge-free deadline (what was paid within the grace period bears no interest).
std::int64_t OpenCentDays(const InstallmentTerms& terms, std::span<const Settlement> effective,
                          Date deadline, Date as_of) {
  std::int64_t cent_days = 0;
  Money open = terms.amount - FaceSettledBy(effective, deadline);
  Date from = terms.due_date;
  for (const Settlement& settlement : effective) {
    if (settlement.on <= deadline) continue;
    if (!open.IsPositive()) break;
    cent_days += open.cents() * core::DaysBetween(from, settlement.on);
    open -= settlement.principal + settlement.discount;
    from = settlement.on;
  }
  if (open.IsPositive()) cent_days += open.cents() * core::DaysBetween(from, as_of);
  return cent_days;
}

Money NotBelowZero(Money amount) { return amount.IsNegative() ? Money() : amount; }

InstallmentStatus StatusOf(const Position& position) {
  if (position.UpdatedValue().IsZero()) return InstallmentStatus::kPaid;
  if (position.paid.IsPositive() || position.discount.IsPositive()) {
    return InstallmentStatus::kPartiallyPaid;
  }
  return InstallmentStatus::kOpen;
}

}  // namespace

std::string_view StatusName(InstallmentStatus status) {
  switch (status) {
    case InstallmentStatus::kOpen:
      return "open";
    case InstallmentStatus::kPartiallyPaid:
      return "partially_paid";
    case InstallmentStatus::kPaid:
      return "paid";
    case InstallmentStatus::kRenegotiated:
      return "renegotiated";
    case InstallmentStatus::kWrittenOff:
      return "written_off";
  }
  return "open";
}

Money Payment::Allocated() const {
  Money allocated;
  for (const AllocationLine& line : lines) allocated += line.Cash();
  return allocated;
}

Position PositionAt(const InstallmentTerms& terms, std::span<const Settlement> settlements,
                    const core::BusinessCalendar& calendar, Date as_of) {
  const std::vector<Settlement> effective = EffectiveByDate(settlements, as_of);
  Position position;
  position.charge_free_until = calendar.OnOrNextBusinessDay(terms.due_date);
  Money late_fee_paid;
  Money interest_paid;
  for (const Settlement& settlement : effective) {
    late_fee_paid += settlement.late_fee;
    interest_paid += settlement.interest;
    position.paid += settlement.late_fee + settlement.interest + settlement.principal;
    position.discount += settlement.discount;
  }
  position.principal_open = NotBelowZero(terms.amount - FaceSettledBy(effective, as_of));
  if (as_of > position.charge_free_until) {
    const Money open_at_deadline =
        terms.amount - FaceSettledBy(effective, position.charge_free_until);
    if (open_at_deadline.IsPositive()) {
      position.late_fee_total = terms.late_fee_rate.ApplyTo(open_at_deadline);
      const std::int64_t cent_days =
          OpenCentDays(terms, effective, position.charge_free_until, as_of);
      position.interest_total =
          terms.moratory_monthly_rate.ApplyProRata(Money::FromCents(cent_days), 1, 30);
    }
    if (position.principal_open.IsPositive()) {
      position.days_late = core::DaysBetween(terms.due_date, as_of);
    }
  }
  position.late_fee_open = NotBelowZero(position.late_fee_total - late_fee_paid);
  position.interest_open = NotBelowZero(position.interest_total - interest_paid);
  position.status = StatusOf(position);
  return position;
}

EarlySettlement SettleEarly(const InstallmentTerms& terms, Money open_face, Money cash_available,
                            Date paid_on, Money discounted_before) {
  const int days_early = core::DaysBetween(paid_on, terms.due_date);
  if (days_early <= 0 || terms.contract_monthly_rate.IsZero() || terms.contract_interest.IsZero()) {
    const Money principal = std::min(open_face, cash_available);
    return {principal, principal, Money()};
  }
  // Present value at the contract rate, compounded monthly over days/30 months.
  const long double factor = std::pow(1.0L + terms.contract_monthly_rate.ToLongDouble(),
                                      static_cast<long double>(days_early) / 30.0L);
  // Over the installment's life the discounts never exceed the contract interest carried
  // by the face settled so far (earlier partial settlements included).
  const Money settled_before = terms.amount - open_face;
  const auto max_discount = [&](Money principal) {
    const Money cap = Money::FromCents(core::MulDivRoundHalfUp(terms.contract_interest.cents(),
                                                               (settled_before + principal).cents(),
                                                               terms.amount.cents()));
    return std::max(Money(), cap - discounted_before);
  };
  const auto cash_for = [&](Money principal) {
    const Money present =
        Money::FromCents(std::llround(static_cast<long double>(principal.cents()) / factor));
    return std::max(present, principal - max_discount(principal));
  };
  const Money cash_for_all = cash_for(open_face);
  if (cash_available >= cash_for_all) {
    return {cash_for_all, open_face, open_face - cash_for_all};
  }
  // A partial early payment: the face it settles, bounded by the discount cap.
  Money principal =
      Money::FromCents(std::llround(static_cast<long double>(cash_available.cents()) * factor));
  principal = std::min(principal, open_face);
  // p − cap(p) ≤ cash  ⇔  p ≤ (cash·A + ci·S − D·A) / (A − ci), with S the face settled
  // and D the discounts given before this payment.
  const std::int64_t price_part = terms.amount.cents() - terms.contract_interest.cents();
  if (price_part > 0) {
    const Int128 numerator =
        static_cast<Int128>(cash_available.cents()) * terms.amount.cents() +
        static_cast<Int128>(terms.contract_interest.cents()) * settled_before.cents() -
        static_cast<Int128>(discounted_before.cents()) * terms.amount.cents();
    const Int128 capped = numerator > 0 ? numerator / price_part : 0;
    principal = std::min(principal, Money::FromCents(static_cast<std::int64_t>(capped)));
  }
  principal = std::max(principal, std::min(open_face, cash_available));
  while (principal > cash_available && cash_for(principal) > cash_available) {
    principal -= Money::FromCents(1);
  }
  return {cash_available, principal, principal - cash_available};
}

namespace {

bool IsEffective(const Payment& payment, Date as_of) {
  if (payment.paid_on > as_of) return false;
  return !payment.reversal || payment.reversal->on > as_of;
}

std::map<InstallmentRef, std::vector<Settlement>> SettlementsByInstallment(const Book& book,
                                                                           Date as_of) {
  std::map<InstallmentRef, std::vector<Settlement>> settlements;
  for (const Payment& payment : book.payments) {
    if (!IsEffective(payment, as_of)) continue;
    for (const AllocationLine& line : payment.lines) {
      settlements[line.installment].push_back(
          {payment.paid_on, line.late_fee, line.interest, line.principal, line.discount});
    }
  }
  return settlements;
}

const Closure* ClosureOf(const Book& book, const InstallmentRef& ref, Date as_of) {
  for (const Closure& closure : book.closures) {
    if (closure.installment == ref && closure.on <= as_of) return &closure;
  }
  return nullptr;
}

}  // namespace

std::vector<InstallmentTerms> TermsOf(const Book& book) {
  std::vector<InstallmentTerms> terms;
  for (const sales::Sale& sale : book.sales) {
    for (const sales::Installment& installment : sale.installments) {
      terms.push_back({{sale.id, installment.number},
                       sale.sale_date,
                       installment.due_date,
                       installment.amount,
                       installment.interest,
                       sale.disclosure.monthly_rate,
                       sale.disclosure.late_fee_rate,
                       sale.disclosure.moratory_monthly_rate});
    }
  }
  std::stable_sort(
      terms.begin(), terms.end(),
      [](const InstallmentTerms& a, const InstallmentTerms& b) { return a.due_date < b.due_date; });
  return terms;
}

std::vector<Settlement> SettlementsOf(const Book& book, const InstallmentRef& ref, Date as_of) {
  auto all = SettlementsByInstallment(book, as_of);
  auto found = all.find(ref);
  return found == all.end() ? std::vector<Settlement>{} : std::move(found->second);
}

Money CreditOn(const Book& book, Date as_of) {
  Money credit;
  for (const Payment& payment : book.payments) {
    if (IsEffective(payment, as_of)) credit += payment.credit_change;
  }
  return credit;
}

std::vector<InstallmentView> PositionsOn(const Book& book, const core::BusinessCalendar& calendar,
                                         Date as_of) {
  const auto settlements = SettlementsByInstallment(book, as_of);
  std::vector<InstallmentView> views;
  for (InstallmentTerms& terms : TermsOf(book)) {
    if (terms.sale_date > as_of) continue;
    const auto found = settlements.find(terms.ref);
    const std::span<const Settlement> own =
        found == settlements.end() ? std::span<const Settlement>() : found->second;
    const Closure* closure = ClosureOf(book, terms.ref, as_of);
    // A closed installment stops accruing on the day it was closed.
    Position position = PositionAt(terms, own, calendar, closure ? closure->on : as_of);
    if (closure) position.status = closure->kind;
    views.push_back({std::move(terms), position});
  }
  return views;
}

bool IsOpen(InstallmentStatus status) {
  return status == InstallmentStatus::kOpen || status == InstallmentStatus::kPartiallyPaid;
}

Money OpenPrincipal(const Book& book, const core::BusinessCalendar& calendar, Date as_of) {
  Money open;
  for (const InstallmentView& view : PositionsOn(book, calendar, as_of)) {
    if (IsOpen(view.position.status)) open += view.position.principal_open;
  }
  return open;
}

}  // namespace fiado::payments
