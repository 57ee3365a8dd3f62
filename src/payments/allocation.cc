#include "payments/allocation.h"

#include <algorithm>
#include <string>

namespace fiado::payments {
namespace {

using core::Money;

// Takes what `funds` can pay of one installment: late fee, interest, then the face
// (at its discounted value when it is not yet due). Returns a line, maybe all zero.
AllocationLine TakeFrom(const InstallmentView& view, Money& funds, core::Date paid_on) {
  AllocationLine line{view.terms.ref, Money(), Money(), Money(), Money()};
  line.late_fee = std::min(funds, view.position.late_fee_open);
  funds -= line.late_fee;
  line.interest = std::min(funds, view.position.interest_open);
  funds -= line.interest;
  if (!funds.IsPositive() || !view.position.principal_open.IsPositive()) return line;
  const EarlySettlement settled =
      SettleEarly(view.terms, view.position.principal_open, funds, paid_on, view.position.discount);
  line.principal = settled.cash;
  line.discount = settled.discount;
  funds -= settled.cash;
  return line;
}

bool Owes(const InstallmentView& view) {
  return IsOpen(view.position.status) && view.position.UpdatedValue().IsPositive();
}

core::Result<std::vector<const InstallmentView*>> Targets(std::span<const InstallmentView> open,
                                                          std::span<const InstallmentRef> chosen) {
  std::vector<const InstallmentView*> targets;
  if (chosen.empty()) {
    for (const InstallmentView& view : open) {
      if (Owes(view)) targets.push_back(&view);
    }
    return targets;
  }
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const std::string field = "installments[" + std::to_string(i) + "]";
    auto found = std::find_if(open.begin(), open.end(), [&](const InstallmentView& view) {
      return view.terms.ref == chosen[i];
    });
    if (found == open.end())
      return core::Invalid(field, "parcela não encontrada para este cliente");
    if (!Owes(*found)) return core::Invalid(field, "esta parcela não está em aberto");
    if (std::find(targets.begin(), targets.end(), &*found) != targets.end()) {
      return core::Invalid(field, "parcela escolhida mais de uma vez");
    }
    targets.push_back(&*found);
  }
  return targets;
}

}  // namespace

core::Result<AllocationPlan> Allocate(Money cash, Money credit,
                                      std::span<const InstallmentView> open,
                                      std::span<const InstallmentRef> chosen, core::Date paid_on) {
  FIADO_CHECK(!cash.IsNegative() && !credit.IsNegative());
  auto targets = Targets(open, chosen);
  if (!targets) return core::Fail(std::move(targets.error()));
  if (targets->empty()) {
    return core::Fail(core::Error{core::ErrorCode::kFailedPrecondition,
                                  "o cliente não tem valor em aberto para receber",
                                  "amount_cents"});
  }
  Money funds = cash + credit;
  AllocationPlan plan;
  Money allocated;
  for (const InstallmentView* view : *targets) {
    if (!funds.IsPositive()) break;
    AllocationLine line = TakeFrom(*view, funds, paid_on);
    if (line.Cash().IsZero() && line.discount.IsZero()) continue;
    allocated += line.Cash();
    plan.lines.push_back(line);
  }
  plan.credit_change = cash - allocated;
  FIADO_CHECK(cash == allocated + plan.credit_change);
  FIADO_CHECK(plan.credit_change + credit >= Money());
  return plan;
}

}  // namespace fiado::payments
