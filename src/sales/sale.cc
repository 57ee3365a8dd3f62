#include "sales/sale.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.h"
#include "sales/plan.h"

namespace fiado::sales {
namespace {

using core::Date;
using core::Money;
using core::Rate;

constexpr std::size_t kMaxDescriptionChars = 200;
constexpr Money kMaxPrice = Money::FromCents(1'000'000'000);  // R$ 10 milhões
constexpr int kMaxSaleAgeDays = 31;    // a sale may be typed in up to a month late
constexpr int kMaxFirstDueDays = 180;  // first installment at most ~6 months out
constexpr Money kMinInstallment = Money::FromCents(1);

constexpr std::array<std::pair<PaymentMethod, std::string_view>, 7> kMethodNames = {{
    {PaymentMethod::kCash, "cash"},
    {PaymentMethod::kDebitCard, "debit_card"},
    {PaymentMethod::kCreditCard, "credit_card"},
    {PaymentMethod::kPix, "pix"},
    {PaymentMethod::kBoleto, "boleto"},
    {PaymentMethod::kTransfer, "transfer"},
    {PaymentMethod::kCredit, "credit"},
}};

// Collects every field error of a draft, so the sale form can show all of them at once.
class FieldErrors {
 public:
  void Add(std::string field, std::string message_pt) {
    errors_.push_back(core::FieldError{std::move(field), std::move(message_pt)});
  }
  bool IsEmpty() const { return errors_.empty(); }
  core::Error ToError() { return core::Error::InvalidFields(std::move(errors_)); }

 private:
  std::vector<core::FieldError> errors_;
};

// Characters (code points) of valid UTF-8 text.
std::size_t CharCount(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0u) != 0x80u;
  }));
}

bool HasControlChars(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

// The goods sold: trimmed, valid UTF-8, one line, 1–200 characters. Returns it trimmed.
std::string CheckDescription(std::string_view raw, FieldErrors& errors) {
  std::string text = core::Trim(raw);
  if (text.empty()) {
    errors.Add("description", "informe a descrição do que foi vendido");
  } else if (!core::IsValidUtf8(text)) {
    errors.Add("description", "texto com caracteres inválidos (codificação não é UTF-8)");
  } else if (HasControlChars(text)) {
    errors.Add("description", "texto com caracteres de controle");
  } else if (CharCount(text) > kMaxDescriptionChars) {
    errors.Add("description", "a descrição deve ter no máximo " +
                                  std::to_string(kMaxDescriptionChars) + " caracteres");
  }
  return text;
}

void CheckAmounts(Money price, Money down_payment, FieldErrors& errors) {
  if (!price.IsPositive()) {
    errors.Add("price_cents", "o preço deve ser maior que zero");
  } else if (price > kMaxPrice) {
    errors.Add("price_cents", "o preço não pode passar de " + kMaxPrice.Format());
  }
  if (down_payment.IsNegative()) {
    errors.Add("down_payment_cents", "a entrada não pode ser negativa");
  } else if (price.IsPositive() && down_payment >= price) {
    errors.Add("down_payment_cents",
               "a entrada deve ser menor que o preço (o restante é que se parcela)");
  }
}

void CheckTerms(const SaleDraft& draft, Rate monthly_rate, const stores::CreditTerms& terms,
                FieldErrors& errors) {
  if (draft.installment_count < 1 || draft.installment_count > kMaxInstallments) {
    errors.Add("installment_count",
               "o número de parcelas deve ser de 1 a " + std::to_string(kMaxInstallments));
  }
  if (monthly_rate.units() < 0) {
    errors.Add("monthly_rate", "a taxa de juros não pode ser negativa");
  } else if (monthly_rate > terms.max_monthly_rate) {
    errors.Add("monthly_rate", "a taxa de juros passa do máximo da loja, de " +
                                   terms.max_monthly_rate.FormatPercent() + " ao mês");
  }
  if (draft.due_day && (*draft.due_day < 1 || *draft.due_day > 31)) {
    errors.Add("due_day", "o dia de vencimento deve ser de 1 a 31");
  }
  if (draft.down_payment_method == PaymentMethod::kCredit) {
    errors.Add("down_payment_method", "a entrada não pode ser paga no crediário");
  }
}

void CheckDates(const SaleDraft& draft, Date today, FieldErrors& errors) {
  if (!draft.sale_date.ok()) {
    errors.Add("sale_date", "data da venda inválida");
  } else if (draft.sale_date > today) {
    errors.Add("sale_date", "a data da venda não pode ser depois de hoje");
  } else if (core::DaysBetween(draft.sale_date, today) > kMaxSaleAgeDays) {
    errors.Add("sale_date", "a data da venda não pode ser mais de " +
                                std::to_string(kMaxSaleAgeDays) + " dias antes de hoje");
  }
  if (!draft.first_due_date) return;
  const Date first_due = *draft.first_due_date;
  if (!first_due.ok()) {
    errors.Add("first_due_date", "data do primeiro vencimento inválida");
  } else if (draft.sale_date.ok() && first_due < draft.sale_date) {
    errors.Add("first_due_date", "o primeiro vencimento não pode ser antes da data da venda");
  } else if (draft.sale_date.ok() &&
             core::DaysBetween(draft.sale_date, first_due) > kMaxFirstDueDays) {
    errors.Add("first_due_date", "o primeiro vencimento não pode ser mais de " +
                                     std::to_string(kMaxFirstDueDays) +
                                     " dias depois da data da venda");
  }
}

// The plan-level checks that need the schedule: every installment at least R$ 0,01, and
// the first due date (after the fixed day moved it) within 180 days of the sale.
core::Status CheckPlan(const std::vector<PriceRow>& rows, const std::vector<Date>& due_dates,
                       Date sale_date) {
  FieldErrors errors;
  const bool too_small = std::any_of(
      rows.begin(), rows.end(), [](const PriceRow& row) { return row.amount < kMinInstallment; });
  if (too_small) {
    errors.Add("installment_count",
               "com essas condições uma parcela ficaria pequena demais (menos de " +
                   kMinInstallment.Format() + "): diminua o número de parcelas");
  }
  if (core::DaysBetween(sale_date, due_dates.front()) > kMaxFirstDueDays) {
    errors.Add("first_due_date", "com o dia de vencimento escolhido, o primeiro vencimento (" +
                                     core::FormatBr(due_dates.front()) + ") passaria de " +
                                     std::to_string(kMaxFirstDueDays) +
                                     " dias depois da data da venda");
  }
  if (!errors.IsEmpty()) return core::Fail(errors.ToError());
  return {};
}

Disclosure MakeDisclosure(const SaleDraft& draft, Rate monthly_rate,
                          const stores::CreditTerms& terms,
                          const std::vector<Installment>& installments) {
  Disclosure disclosure{
      .price = draft.price,
      .down_payment = draft.down_payment,
      .financed = draft.price - draft.down_payment,
      .monthly_rate = monthly_rate,
      .annual_rate = AnnualEffectiveRate(monthly_rate),
      .late_fee_rate = terms.late_fee_rate,
      .moratory_monthly_rate = terms.moratory_monthly_rate,
      .installment_count = static_cast<int>(installments.size()),
      .installment_amount = installments.front().amount,
      .last_installment_amount = installments.back().amount,
      .total_with_financing = draft.down_payment,
      .total_without_financing = draft.price,
  };
  std::vector<CashFlow> flows;
  flows.reserve(installments.size());
  Money amortized;
  for (const Installment& installment : installments) {
    disclosure.total_with_financing += installment.amount;
    disclosure.total_interest += installment.interest;
    amortized += installment.amortization;
    flows.push_back({installment.due_date, installment.amount});
  }
  // The schedule repays exactly what was financed, and the totals agree with it.
  FIADO_CHECK(amortized == disclosure.financed);
  FIADO_CHECK(disclosure.total_with_financing ==
              disclosure.total_without_financing + disclosure.total_interest);
  disclosure.cet_annual = SolveCet(disclosure.financed, draft.sale_date, flows);
  return disclosure;
}

}  // namespace

std::string_view MethodName(PaymentMethod method) {
  for (const auto& [each, name] : kMethodNames) {
    if (each == method) return name;
  }
  return "unknown";
}

std::optional<PaymentMethod> ParseMethod(std::string_view name) {
  for (const auto& [method, each] : kMethodNames) {
    if (each == name && method != PaymentMethod::kCredit) return method;
  }
  return std::nullopt;
}

core::Result<Sale> MakeSale(const SaleDraft& draft, const stores::CreditTerms& terms, SaleId id,
                            Date today) {
  FIADO_CHECK(today.ok());
  // Phase 1: every field, every mistake at once.
  FieldErrors errors;
  std::string description = CheckDescription(draft.description, errors);
  const Rate monthly_rate = draft.monthly_rate.value_or(terms.default_monthly_rate);
  CheckAmounts(draft.price, draft.down_payment, errors);
  CheckTerms(draft, monthly_rate, terms, errors);
  CheckDates(draft, today, errors);
  if (!errors.IsEmpty()) return core::Fail(errors.ToError());

  // Phase 2: the schedule and its due dates, checked as a whole.
  const int count = draft.installment_count;
  const std::vector<PriceRow> rows =
      PriceSchedule(draft.price - draft.down_payment, monthly_rate, count);
  const std::vector<Date> due_dates =
      DueDates(draft.sale_date, count, draft.first_due_date, draft.due_day);
  if (core::Status plan = CheckPlan(rows, due_dates, draft.sale_date); !plan) {
    return core::Fail(plan.error());
  }

  // Phase 3: the sale, its installments and the disclosure.
  Sale sale{.id = std::move(id),
            .customer_id = draft.customer_id,
            .description = std::move(description),
            .sale_date = draft.sale_date,
            .down_payment_method = draft.down_payment_method,
            .due_day = draft.due_day};
  sale.installments.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    sale.installments.push_back(Installment{.number = static_cast<int>(k) + 1,
                                            .due_date = due_dates[k],
                                            .amount = rows[k].amount,
                                            .interest = rows[k].interest,
                                            .amortization = rows[k].amortization});
  }
  sale.disclosure = MakeDisclosure(draft, monthly_rate, terms, sale.installments);
  return sale;
}

std::string_view OutcomeName(CreditOutcome outcome) {
  switch (outcome) {
    case CreditOutcome::kApproved:
      return "approved";
    case CreditOutcome::kRefused:
      return "refused";
    case CreditOutcome::kOverridden:
      return "overridden";
  }
  return "unknown";
}

CreditDecision DecideCredit(const CreditInputs& inputs, std::string_view override_reason,
                            bool may_override) {
  CreditDecision decision;
  decision.inputs = inputs;
  const bool blocked = inputs.customer_status == customers::CustomerStatus::kBlocked;
  if (blocked) decision.reasons_pt.push_back("cliente bloqueado");
  // Overflow of open + requested counts as over the limit.
  const core::Result<Money> exposure = inputs.open_amount.TryAdd(inputs.requested);
  if (!exposure || *exposure > inputs.credit_limit) {
    decision.reasons_pt.push_back("limite de crédito insuficiente: em aberto " +
                                  inputs.open_amount.Format() + " + esta venda " +
                                  inputs.requested.Format() + " passam do limite de " +
                                  inputs.credit_limit.Format());
  }
  if (decision.reasons_pt.empty()) {
    decision.outcome = CreditOutcome::kApproved;
    return decision;
  }
  std::string reason = core::Trim(override_reason);
  if (!blocked && may_override && !reason.empty()) {
    decision.outcome = CreditOutcome::kOverridden;
    decision.override_reason = std::move(reason);
  } else {
    decision.outcome = CreditOutcome::kRefused;
  }
  return decision;
}

}  // namespace fiado::sales

namespace fiado::sales {

CreditDecision DecideCredit(const CreditInputs& inputs, const credit::DecisionRules& rules,
                            credit::DecisionInputs analysis, credit::DecisionKind kind,
                            std::string_view override_reason, bool may_override) {
  analysis.customer_status = inputs.customer_status;
  analysis.credit_limit = inputs.credit_limit;
  analysis.open_principal = inputs.open_amount;
  analysis.requested = inputs.requested;
  credit::Decision decided = credit::Decide(rules, analysis, override_reason, may_override);
  CreditDecision decision;
  decision.inputs = inputs;
  switch (decided.outcome) {
    case credit::Outcome::kApproved:
      decision.outcome = CreditOutcome::kApproved;
      break;
    case credit::Outcome::kOverridden:
      decision.outcome = CreditOutcome::kOverridden;
      break;
    case credit::Outcome::kCounterOffer:
    case credit::Outcome::kRefused:
      decision.outcome = CreditOutcome::kRefused;
      break;
  }
  for (const auto& reason : decided.reasons) decision.reasons_pt.push_back(reason.text_pt);
  decision.override_reason = decided.override_reason;
  decision.analysis = credit::Analysis{kind, std::move(analysis), std::move(decided)};
  return decision;
}

}  // namespace fiado::sales
