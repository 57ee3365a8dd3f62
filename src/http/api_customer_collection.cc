// A customer's collection over HTTP (docs/api.md, "Collection"): his pauses (promise to
// pay, agreement, dispute), exemptions and the actions taken.
#include "core/time_zone.h"
#include "http/api.h"
#include "http/body.h"
#include "json/collection_json.h"

namespace fiado::http {
namespace {

using access::Permission;
using nlohmann::json;

std::optional<customers::CustomerId> CustomerOfPath(Call& call) {
  auto id = customers::CustomerId::Parse(call.Param(1));
  if (!id) {
    call.Fail(core::Error::NotFound("cliente não encontrado"));
    return std::nullopt;
  }
  if (!call.services.customers.Get(call.principal.store_id, *id)) {
    call.Fail(core::Error::NotFound("cliente não encontrado"));
    return std::nullopt;
  }
  return *id;
}

core::Date TodayOf(Call& call) {
  const auto store = call.services.stores.Find(call.principal.store_id);
  auto zone = core::TimeZone::Named(store ? store->time_zone : std::string(core::kDefaultTimeZone));
  return zone ? zone->LocalDate(call.services.clock.Now())
              : core::Date{std::chrono::floor<std::chrono::days>(call.services.clock.Now())};
}

void CustomerCollection(Call& call) {
  const auto customer = CustomerOfPath(call);
  if (!customer) return;
  const core::StoreId& store = call.principal.store_id;
  const core::Date today = TodayOf(call);
  json pauses = json::array();
  for (const auto& pause : call.services.collection.Pauses(store, *customer)) {
    pauses.push_back(fiado::json::PauseJson(pause, today));
  }
  json exemptions = json::array();
  for (const auto& exemption : call.services.collection.Exemptions(store, *customer)) {
    exemptions.push_back(fiado::json::ExemptionJson(exemption));
  }
  collection::ActionFilter filter;
  filter.customer_id = *customer;
  filter.limit = 50;
  json actions = json::array();
  for (const auto& stored : call.services.collection.Actions(store, filter)) {
    actions.push_back(fiado::json::StoredActionJson(stored));
  }
  call.Reply(200, {{"pauses", pauses}, {"exemptions", exemptions}, {"actions", actions}});
}

void AddPause(Call& call) {
  const auto customer = CustomerOfPath(call);
  if (!customer) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string kind_text = reader.Text("kind", true);
  const std::string until_text = reader.Text("until");
  const std::string reason = reader.Text("reason");
  reader.RejectUnknown();
  const auto kind = collection::ParsePauseKind(kind_text);
  if (!kind && !kind_text.empty()) {
    errors.push_back({"kind", "use promise, agreement ou dispute"});
  }
  std::optional<core::Date> until;
  if (!until_text.empty()) {
    auto date = core::ParseIsoDate(until_text, "until");
    if (date)
      until = *date;
    else
      errors.push_back({"until", date.error().message_pt});
  }
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto pause = call.services.collection.AddPause(call.Actor(), *customer, *kind, until, reason);
  if (!pause) return call.Fail(pause.error());
  call.Reply(201, fiado::json::PauseJson(*pause, TodayOf(call)));
}

std::optional<std::string> EndReason(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return std::nullopt;
  return reason;
}

void EndPause(Call& call) {
  const auto customer = CustomerOfPath(call);
  if (!customer) return;
  const auto reason = EndReason(call);
  if (!reason) return;
  auto pause = call.services.collection.EndPause(call.Actor(), *customer, call.Param(2), *reason);
  if (!pause) return call.Fail(pause.error());
  call.Reply(200, fiado::json::PauseJson(*pause, TodayOf(call)));
}

void AddExemption(Call& call) {
  const auto customer = CustomerOfPath(call);
  if (!customer) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string sale = reader.Text("sale_id");
  const auto number = reader.Integer("number");
  const std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  std::optional<payments::InstallmentRef> installment;
  if (!sale.empty() || number) {
    auto sale_id = sales::SaleId::Parse(sale, "sale_id");
    if (!sale_id) errors.push_back({"sale_id", "informe a venda da parcela"});
    if (!number || *number < 1) errors.push_back({"number", "informe o número da parcela"});
    if (sale_id && number)
      installment = payments::InstallmentRef{*sale_id, static_cast<int>(*number)};
  }
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto exemption =
      call.services.collection.AddExemption(call.Actor(), *customer, installment, reason);
  if (!exemption) return call.Fail(exemption.error());
  call.Reply(201, fiado::json::ExemptionJson(*exemption));
}

void EndExemption(Call& call) {
  const auto customer = CustomerOfPath(call);
  if (!customer) return;
  const auto reason = EndReason(call);
  if (!reason) return;
  auto exemption =
      call.services.collection.EndExemption(call.Actor(), *customer, call.Param(2), *reason);
  if (!exemption) return call.Fail(exemption.error());
  call.Reply(200, fiado::json::ExemptionJson(*exemption));
}

}  // namespace

std::vector<Route> CustomerCollectionRoutes() {
  constexpr auto kRead = Permission::kCollectionRead;
  constexpr auto kWork = Permission::kCollectionWork;
  return {
      Route{"GET", "/api/v1/customers/{id}/collection", false, kRead, CustomerCollection},
      Route{"POST", "/api/v1/customers/{id}/collection/pauses", false, kWork, AddPause},
      Route{"POST", "/api/v1/customers/{id}/collection/pauses/{pause}/end", false, kWork, EndPause},
      Route{"POST", "/api/v1/customers/{id}/collection/exemptions", false, kWork, AddExemption},
      Route{"POST", "/api/v1/customers/{id}/collection/exemptions/{exemption}/end", false, kWork,
            EndExemption},
  };
}

}  // namespace fiado::http
