// The crediário over HTTP (docs/api.md, "Sales and payments"): the counter simulator,
// the sale preview and the sale, payments and reversals, the statement and the credit
// limit. Money-moving writes need an Idempotency-Key; the digest of the method, path and
// canonical body tells a retry from a different request under the same key.
#include <httplib.h>

#include "access/secrets.h"
#include "http/api.h"
#include "http/body.h"
#include "json/customer_json.h"
#include "json/ledger_json.h"

namespace fiado::http {
namespace {

using nlohmann::json;

constexpr const char* kIdempotencyHeader = "Idempotency-Key";
constexpr std::size_t kMaxIdempotencyKeyChars = 100;
const std::vector<int> kDefaultPlanCounts = {1, 2, 3, 4, 5, 6, 8, 10, 12};

// The Idempotency-Key of the request, or nullopt after answering 400-like 422.
std::optional<std::string> IdempotencyKey(Call& call) {
  const std::string key = call.request.get_header_value(kIdempotencyHeader);
  const bool printable =
      std::all_of(key.begin(), key.end(), [](char c) { return c > 32 && c < 127; });
  if (key.empty() || key.size() > kMaxIdempotencyKeyChars || !printable) {
    call.Fail(core::Error::Invalid(
        kIdempotencyHeader, "envie o cabeçalho Idempotency-Key (1 a 100 caracteres visíveis)"));
    return std::nullopt;
  }
  return key;
}

std::string RequestDigest(const Call& call) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical for equal bodies.
  return access::TokenDigest(call.request.method + " " + call.request.path + "\n" +
                             call.body.dump());
}

void MarkReplay(Call& call, bool replayed) {
  if (replayed) call.response.set_header("Idempotent-Replayed", "true");
}

std::optional<core::Date> ReadDate(ObjectReader& reader, std::string_view key) {
  const std::string text = reader.Text(key);
  if (text.empty()) return std::nullopt;
  auto date = core::ParseIsoDate(text, reader.PathOf(key));
  if (!date) {
    reader.errors().push_back({reader.PathOf(key), "data inválida: use AAAA-MM-DD"});
    return std::nullopt;
  }
  return *date;
}

core::Money ReadCents(ObjectReader& reader, std::string_view key, bool required) {
  return core::Money::FromCents(reader.Integer(key, required).value_or(0));
}

std::optional<core::Rate> ReadRate(ObjectReader& reader, const std::string& key) {
  const json* value = reader.Raw(key);
  if (value == nullptr) return std::nullopt;
  auto rate = fiado::json::ParsePercentText(*value, key);
  if (!rate) {
    reader.errors().push_back({reader.PathOf(key), rate.error().message_pt});
    return std::nullopt;
  }
  return *rate;
}

std::optional<sales::PaymentMethod> ReadMethod(ObjectReader& reader, std::string_view key,
                                               bool required) {
  const std::string name = reader.Text(key, required);
  if (name.empty()) return std::nullopt;
  auto method = sales::ParseMethod(name);
  if (!method) {
    reader.errors().push_back({reader.PathOf(key),
                               "forma de pagamento inválida: use cash, debit_card, credit_card, "
                               "pix, boleto ou transfer"});
  }
  return method;
}

std::optional<customers::CustomerId> ReadCustomerId(ObjectReader& reader) {
  const std::string text = reader.Text("customer_id", true);
  if (text.empty()) return std::nullopt;
  auto id = customers::CustomerId::Parse(text, "customer_id");
  if (!id) reader.errors().push_back({"customer_id", "cliente não encontrado"});
  return id ? std::optional(*id) : std::nullopt;
}

struct SaleRequest {
  sales::SaleDraft draft{};
  std::string override_reason{};
};

std::optional<SaleRequest> ReadSaleRequest(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  SaleRequest request;
  auto customer_id = ReadCustomerId(reader);
  request.draft.description = reader.Text("description", true);
  request.draft.price = ReadCents(reader, "price_cents", true);
  request.draft.down_payment = ReadCents(reader, "down_payment_cents", false);
  const auto count = reader.Integer("installment_count", true);
  request.draft.monthly_rate = ReadRate(reader, "monthly_rate_percent");
  request.draft.first_due_date = ReadDate(reader, "first_due_date");
  const auto sale_date = ReadDate(reader, "sale_date");
  const auto due_day = reader.Integer("due_day");
  const auto method = ReadMethod(reader, "down_payment_method", false);
  request.override_reason = reader.Text("override_reason");
  reader.RejectUnknown();
  if (count && (*count < 1 || *count > sales::kMaxInstallments)) {
    errors.push_back({"installment_count", "o número de parcelas deve ser de 1 a 48"});
  }
  if (due_day && (*due_day < 1 || *due_day > 31)) {
    errors.push_back({"due_day", "o dia de vencimento deve ser de 1 a 31"});
  }
  if (FailOnFieldErrors(call, std::move(errors))) return std::nullopt;
  request.draft.customer_id = *customer_id;
  request.draft.installment_count = static_cast<int>(*count);
  if (due_day) request.draft.due_day = static_cast<int>(*due_day);
  request.draft.down_payment_method = method.value_or(sales::PaymentMethod::kCash);
  auto today = call.services.ledger.Today(call.principal.store_id);
  if (!today) {
    call.Fail(today.error());
    return std::nullopt;
  }
  request.draft.sale_date = sale_date.value_or(*today);
  return request;
}

void Simulate(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const core::Money price = ReadCents(reader, "price_cents", true);
  const core::Money down = ReadCents(reader, "down_payment_cents", false);
  const auto rate = ReadRate(reader, "monthly_rate_percent");
  std::vector<int> counts = kDefaultPlanCounts;
  if (const json* array = reader.Array("installment_counts")) {
    counts.clear();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const json& item = (*array)[i];
      if (!item.is_number_integer()) {
        errors.push_back({IndexPath("installment_counts", i), "use um número inteiro"});
      } else {
        counts.push_back(
            static_cast<int>(std::clamp<std::int64_t>(item.get<std::int64_t>(), -1, 99)));
      }
    }
  }
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto plans = call.services.ledger.Simulate(call.principal.store_id, price, down, rate, counts);
  if (!plans) return call.Fail(plans.error());
  const auto store = call.services.stores.Find(call.principal.store_id);
  const core::Rate used = rate.value_or(store ? store->settings.credit.default_monthly_rate
                                              : stores::CreditTerms{}.default_monthly_rate);
  json items = json::array();
  for (const auto& plan : *plans) items.push_back(fiado::json::SimulatedPlanJson(plan));
  call.Reply(200,
             {{"financed_cents", (price - down).cents()},
              {"monthly_rate_percent", fiado::json::PercentText(used)},
              {"annual_rate_percent", fiado::json::PercentText(sales::AnnualEffectiveRate(used))},
              {"plans", items}});
}

void PreviewSale(Call& call) {
  auto request = ReadSaleRequest(call);
  if (!request) return;
  auto preview = call.services.ledger.PreviewSale(call.Actor(), request->draft);
  if (!preview) return call.Fail(preview.error());
  json sale = fiado::json::SaleJson(preview->sale);
  sale["id"] = nullptr;
  call.Reply(200, {{"sale", sale}, {"credit", fiado::json::CreditDecisionJson(preview->decision)}});
}

void FailSale(Call& call, const core::Error& error) {
  call.Fail(error);
  if (error.related_id.empty()) return;
  json body = json::parse(call.response.body);
  body["decision_id"] = error.related_id;
  call.response.set_content(body.dump(), "application/problem+json");
}

void CreateSale(Call& call) {
  auto key = IdempotencyKey(call);
  if (!key) return;
  auto request = ReadSaleRequest(call);
  if (!request) return;
  const bool may_override =
      access::RoleAllows(call.principal.role, access::Permission::kCreditManage);
  auto posted =
      call.services.ledger.CreateSale(call.Actor(), request->draft, request->override_reason,
                                      may_override, *key, RequestDigest(call));
  if (!posted) return FailSale(call, posted.error());
  MarkReplay(call, posted->replayed);
  call.response.set_header("Location", "/api/v1/sales/" + posted->value.id.str());
  call.Reply(201, fiado::json::SaleJson(posted->value));
}

void GetSale(Call& call) {
  auto id = sales::SaleId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("venda não encontrada"));
  auto sale = call.services.ledger.FindSale(call.principal.store_id, *id);
  if (!sale) return call.Fail(sale.error());
  auto statement =
      call.services.ledger.StatementOf(call.principal.store_id, sale->customer_id, std::nullopt);
  if (!statement) return call.Fail(statement.error());
  std::vector<payments::Position> positions;
  for (const auto& installment : sale->installments) {
    for (const auto& view : statement->installments) {
      if (view.terms.ref == payments::InstallmentRef{sale->id, installment.number}) {
        positions.push_back(view.position);
      }
    }
  }
  call.Reply(200, fiado::json::SaleJson(*sale, &positions));
}

std::optional<customers::CustomerId> PathCustomer(Call& call) {
  auto id = customers::CustomerId::Parse(call.Param(1));
  if (!id) call.Fail(core::Error::NotFound("cliente não encontrado"));
  return id ? std::optional(*id) : std::nullopt;
}

void Statement(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  std::optional<core::Date> as_of;
  if (const std::string text = call.Query("as_of"); !text.empty()) {
    auto date = core::ParseIsoDate(text, "as_of");
    if (!date) return call.Fail(core::Error::Invalid("as_of", "data inválida: use AAAA-MM-DD"));
    as_of = *date;
  }
  auto statement = call.services.ledger.StatementOf(call.principal.store_id, *customer, as_of);
  if (!statement) return call.Fail(statement.error());
  call.Reply(200, fiado::json::StatementJson(*statement));
}

std::vector<payments::InstallmentRef> ReadChosen(ObjectReader& reader) {
  std::vector<payments::InstallmentRef> chosen;
  const json* array = reader.Array("installments");
  if (array == nullptr) return chosen;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = IndexPath("installments", i);
    ObjectReader item((*array)[i], path, reader.errors());
    const std::string sale_text = item.Text("sale_id", true);
    const auto number = item.Integer("number", true);
    item.RejectUnknown();
    auto sale_id = sales::SaleId::Parse(sale_text, path + ".sale_id");
    if (!sale_text.empty() && !sale_id) {
      reader.errors().push_back({path + ".sale_id", "venda não encontrada"});
    }
    if (sale_id && number)
      chosen.push_back({*sale_id, static_cast<int>(std::clamp<std::int64_t>(*number, 0, 999))});
  }
  return chosen;
}

void PostPayment(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  auto key = IdempotencyKey(call);
  if (!key) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  payments::PaymentDraft draft{*customer, ReadCents(reader, "amount_cents", true)};
  const auto method = ReadMethod(reader, "method", true);
  draft.paid_on = ReadDate(reader, "paid_on");
  draft.installments = ReadChosen(reader);
  draft.memo = reader.Text("memo");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  draft.method = *method;
  auto posted = call.services.ledger.PostPayment(call.Actor(), draft, *key, RequestDigest(call));
  if (!posted) return call.Fail(posted.error());
  if (!posted->replayed) RefreshCredit(call, *customer);
  MarkReplay(call, posted->replayed);
  call.response.set_header("Location", "/api/v1/payments/" + posted->value.id.str());
  call.Reply(201, fiado::json::PaymentJson(posted->value));
}

std::optional<payments::PaymentId> PathPayment(Call& call) {
  auto id = payments::PaymentId::Parse(call.Param(1));
  if (!id) call.Fail(core::Error::NotFound("pagamento não encontrado"));
  return id ? std::optional(*id) : std::nullopt;
}

void GetPayment(Call& call) {
  auto id = PathPayment(call);
  if (!id) return;
  auto payment = call.services.ledger.FindPayment(call.principal.store_id, *id);
  if (!payment) return call.Fail(payment.error());
  call.Reply(200, fiado::json::PaymentJson(*payment));
}

void ReversePayment(Call& call) {
  auto id = PathPayment(call);
  if (!id) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string reason = reader.Text("reason", true);
  const auto on = ReadDate(reader, "reversed_on");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto payment = call.services.ledger.ReversePayment(call.Actor(), *id, on, reason);
  if (!payment) return call.Fail(payment.error());
  call.Reply(200, fiado::json::PaymentJson(*payment));
}

void SetCreditLimit(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const auto limit = reader.Integer("credit_limit_cents", true);
  const std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto updated = call.services.customers.SetCreditLimit(call.Actor(), *customer,
                                                        core::Money::FromCents(*limit), reason);
  if (!updated) return call.Fail(updated.error());
  call.Reply(200, fiado::json::CustomerJson(*updated));
}

void CreditDecisions(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  auto decisions = call.services.ledger.DecisionsOf(call.principal.store_id, *customer);
  if (!decisions) return call.Fail(decisions.error());
  json items = json::array();
  for (const auto& decision : *decisions)
    items.push_back(fiado::json::CreditDecisionJson(decision));
  call.Reply(200, {{"items", items}, {"next_cursor", nullptr}});
}

}  // namespace

std::vector<Route> LedgerRoutes() {
  using access::Permission;
  return {
      Route{"POST", "/api/v1/sales/simulate", false, Permission::kSalesWrite, Simulate},
      Route{"POST", "/api/v1/sales/preview", false, Permission::kSalesWrite, PreviewSale},
      Route{"POST", "/api/v1/sales", false, Permission::kSalesWrite, CreateSale},
      Route{"GET", "/api/v1/sales/{id}", false, Permission::kCustomersRead, GetSale},
      Route{"GET", "/api/v1/customers/{id}/statement", false, Permission::kCustomersRead,
            Statement},
      Route{"POST", "/api/v1/customers/{id}/payments", false, Permission::kPaymentsWrite,
            PostPayment},
      Route{"GET", "/api/v1/payments/{id}", false, Permission::kCustomersRead, GetPayment},
      Route{"POST", "/api/v1/payments/{id}/reversal", false, Permission::kPaymentsReverse,
            ReversePayment},
      Route{"PUT", "/api/v1/customers/{id}/credit-limit", false, Permission::kCreditManage,
            SetCreditLimit},
      Route{"GET", "/api/v1/customers/{id}/credit-decisions", false, Permission::kCustomersRead,
            CreditDecisions},
  };
}

}  // namespace fiado::http
