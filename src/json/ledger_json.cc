#include "json/ledger_json.h"

#include "core/date.h"
#include "core/time_zone.h"
#include "json/credit_json.h"

namespace fiado::json {
namespace {

using nlohmann::json;

json OptionalPercent(const std::optional<core::Rate>& rate) {
  return rate ? json(PercentText(*rate)) : json(nullptr);
}

std::string InstantText(core::Instant instant) { return core::FormatRfc3339(instant); }

json LineJson(const payments::AllocationLine& line) {
  return {{"sale_id", line.installment.sale_id.str()}, {"number", line.installment.number},
          {"late_fee_cents", line.late_fee.cents()},   {"interest_cents", line.interest.cents()},
          {"principal_cents", line.principal.cents()}, {"discount_cents", line.discount.cents()}};
}

json LinesJson(const std::vector<payments::AllocationLine>& lines) {
  json array = json::array();
  for (const auto& line : lines) array.push_back(LineJson(line));
  return array;
}

json ReversalJson(const std::optional<payments::Reversal>& reversal) {
  if (!reversal) return nullptr;
  return {{"reversed_on", core::FormatIso(reversal->on)},
          {"reason", reversal->reason},
          {"recorded_at", InstantText(reversal->recorded_at)},
          {"recorded_by", reversal->recorded_by}};
}

json InstallmentJson(const sales::Installment& installment) {
  return {{"number", installment.number},
          {"due_date", core::FormatIso(installment.due_date)},
          {"amount_cents", installment.amount.cents()},
          {"interest_cents", installment.interest.cents()},
          {"amortization_cents", installment.amortization.cents()}};
}

json EventJson(const payments::StatementEvent& event) {
  return {{"on", core::FormatIso(event.on)},
          {"kind", payments::EventKindName(event.kind)},
          {"reference_id", event.reference_id},
          {"amount_cents", event.amount.cents()},
          {"description", event.description},
          {"lines", LinesJson(event.lines)},
          {"credit_change_cents", event.credit_change.cents()}};
}

json TotalsJson(const payments::StatementTotals& totals) {
  return {{"principal_open_cents", totals.principal_open.cents()},
          {"late_fee_open_cents", totals.late_fee_open.cents()},
          {"interest_open_cents", totals.interest_open.cents()},
          {"updated_value_cents", totals.updated_value.cents()},
          {"overdue_value_cents", totals.overdue_value.cents()},
          {"credit_cents", totals.credit.cents()},
          {"open_installments", totals.open_installments},
          {"overdue_installments", totals.overdue_installments}};
}

}  // namespace

std::string PercentText(core::Rate rate) {
  std::string text = rate.FormatPercent();  // "1,99%"
  if (!text.empty() && text.back() == '%') text.pop_back();
  for (char& c : text) {
    if (c == ',') c = '.';
  }
  return text;
}

core::Result<core::Rate> ParsePercentText(const json& value, std::string_view field) {
  if (value.is_number_integer()) {
    return core::Rate::ParsePercent(std::to_string(value.get<std::int64_t>()), field);
  }
  if (!value.is_string()) {
    return core::Invalid(std::string(field), "informe a taxa em texto, em porcentagem (\"4.99\")");
  }
  const std::string text = value.get<std::string>();
  if (text.find('%') != std::string::npos) {
    return core::Invalid(std::string(field), "informe só o número da taxa, sem o sinal %");
  }
  return core::Rate::ParsePercent(text, field);
}

json DisclosureJson(const sales::Disclosure& d) {
  return {{"price_cents", d.price.cents()},
          {"down_payment_cents", d.down_payment.cents()},
          {"financed_cents", d.financed.cents()},
          {"monthly_rate_percent", PercentText(d.monthly_rate)},
          {"annual_rate_percent", PercentText(d.annual_rate)},
          {"cet_annual_percent", OptionalPercent(d.cet_annual)},
          {"late_fee_percent", PercentText(d.late_fee_rate)},
          {"moratory_monthly_rate_percent", PercentText(d.moratory_monthly_rate)},
          {"installment_count", d.installment_count},
          {"installment_cents", d.installment_amount.cents()},
          {"last_installment_cents", d.last_installment_amount.cents()},
          {"total_with_financing_cents", d.total_with_financing.cents()},
          {"total_without_financing_cents", d.total_without_financing.cents()},
          {"total_interest_cents", d.total_interest.cents()}};
}

json SaleJson(const sales::Sale& sale, const std::vector<payments::Position>* positions) {
  json installments = json::array();
  for (std::size_t i = 0; i < sale.installments.size(); ++i) {
    json item = InstallmentJson(sale.installments[i]);
    if (positions != nullptr && i < positions->size())
      item["position"] = PositionJson((*positions)[i]);
    installments.push_back(std::move(item));
  }
  return {
      {"id", sale.id.empty() ? json(nullptr) : json(sale.id.str())},
      {"customer_id", sale.customer_id.str()},
      {"description", sale.description},
      {"sale_date", core::FormatIso(sale.sale_date)},
      {"down_payment_method", sales::MethodName(sale.down_payment_method)},
      {"due_day", sale.due_day ? json(*sale.due_day) : json(nullptr)},
      {"credit_decision_id",
       sale.credit_decision_id.empty() ? json(nullptr) : json(sale.credit_decision_id.str())},
      {"created_at", sale.created_by.empty() ? json(nullptr) : json(InstantText(sale.created_at))},
      {"created_by", sale.created_by},
      {"disclosure", DisclosureJson(sale.disclosure)},
      {"installments", installments}};
}

json CreditDecisionJson(const sales::CreditDecision& decision) {
  const auto& inputs = decision.inputs;
  return {{"id", decision.id.empty() ? json(nullptr) : json(decision.id.str())},
          {"customer_id", decision.customer_id.str()},
          {"outcome", sales::OutcomeName(decision.outcome)},
          {"reasons", decision.reasons_pt},
          {"override_reason", decision.override_reason},
          {"decided_by", decision.decided_by},
          {"decided_at", InstantText(decision.decided_at)},
          {"inputs",
           {{"customer_status", customers::StatusName(inputs.customer_status)},
            {"credit_limit_cents", inputs.credit_limit.cents()},
            {"open_amount_cents", inputs.open_amount.cents()},
            {"requested_cents", inputs.requested.cents()}}},
          {"analysis", decision.analysis ? AnalysisJson(*decision.analysis) : json(nullptr)}};
}

json PositionJson(const payments::Position& p) {
  return {{"status", payments::StatusName(p.status)},
          {"charge_free_until", core::FormatIso(p.charge_free_until)},
          {"days_late", p.days_late},
          {"principal_open_cents", p.principal_open.cents()},
          {"late_fee_open_cents", p.late_fee_open.cents()},
          {"interest_open_cents", p.interest_open.cents()},
          {"updated_value_cents", p.UpdatedValue().cents()},
          {"paid_cents", p.paid.cents()},
          {"discount_cents", p.discount.cents()}};
}

json PaymentJson(const payments::Payment& payment) {
  return {{"id", payment.id.str()},
          {"customer_id", payment.customer_id.str()},
          {"paid_on", core::FormatIso(payment.paid_on)},
          {"amount_cents", payment.amount.cents()},
          {"method", sales::MethodName(payment.method)},
          {"memo", payment.memo},
          {"credit_change_cents", payment.credit_change.cents()},
          {"down_payment_of",
           payment.down_payment_of ? json(payment.down_payment_of->str()) : json(nullptr)},
          {"lines", LinesJson(payment.lines)},
          {"reversal", ReversalJson(payment.reversal)},
          {"recorded_at", InstantText(payment.recorded_at)},
          {"recorded_by", payment.recorded_by}};
}

json StatementJson(const payments::Statement& statement) {
  json events = json::array();
  for (const auto& event : statement.events) events.push_back(EventJson(event));
  json installments = json::array();
  for (const auto& view : statement.installments) {
    installments.push_back({{"sale_id", view.terms.ref.sale_id.str()},
                            {"number", view.terms.ref.number},
                            {"sale_date", core::FormatIso(view.terms.sale_date)},
                            {"due_date", core::FormatIso(view.terms.due_date)},
                            {"amount_cents", view.terms.amount.cents()},
                            {"position", PositionJson(view.position)}});
  }
  return {{"customer_id", statement.customer_id.str()},
          {"as_of", core::FormatIso(statement.as_of)},
          {"events", events},
          {"installments", installments},
          {"totals", TotalsJson(statement.totals)}};
}

json SimulatedPlanJson(const sales::SimulatedPlan& plan) {
  return {{"installment_count", plan.installment_count},
          {"installment_cents", plan.installment_amount.cents()},
          {"last_installment_cents", plan.last_amount.cents()},
          {"total_cents", plan.total.cents()},
          {"total_interest_cents", plan.total_interest.cents()},
          {"cet_annual_percent", OptionalPercent(plan.cet_annual)}};
}

}  // namespace fiado::json
