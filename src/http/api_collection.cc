// The régua over HTTP (docs/api.md, "Collection"): settings, policies, templates and their
// preview, what goes out on a date, runs, the outbox, and each customer's pauses and
// exemptions.
#include "http/api.h"
#include "http/body.h"
#include "http/collection_body.h"
#include "json/collection_json.h"

namespace fiado::http {
namespace {

using access::Permission;
using nlohmann::json;

// The shop's local today, or the date given in `field`.
std::optional<std::optional<core::Date>> OptionalDate(Call& call, const std::string& text,
                                                      const std::string& field) {
  if (text.empty()) return std::optional<core::Date>();
  auto date = core::ParseIsoDate(text, field);
  if (!date) {
    call.Fail(date.error());
    return std::nullopt;
  }
  return std::optional<core::Date>(*date);
}

void GetSettings(Call& call) {
  auto settings = call.services.collection.Settings(call.principal.store_id);
  if (!settings) return call.Fail(settings.error());
  call.Reply(200, {{"settings", fiado::json::SettingsJson(*settings)},
                   {"law", fiado::json::LawHoursJson()}});
}

void PutSettings(Call& call) {
  std::vector<core::FieldError> errors;
  const auto settings = ReadCollectionSettings(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto saved = call.services.collection.SaveSettings(call.Actor(), settings);
  if (!saved) return call.Fail(saved.error());
  call.Reply(
      200, {{"settings", fiado::json::SettingsJson(*saved)}, {"law", fiado::json::LawHoursJson()}});
}

void ListPolicies(Call& call) {
  json list = json::array();
  for (const auto& policy : call.services.collection.Policies(call.principal.store_id)) {
    list.push_back(fiado::json::PolicyJson(policy));
  }
  call.Reply(200, {{"policies", list}});
}

void SavePolicy(Call& call, std::optional<collection::PolicyId> id) {
  std::vector<core::FieldError> errors;
  collection::Policy policy = ReadPolicy(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  if (id) policy.id = *id;
  auto saved = call.services.collection.SavePolicy(call.Actor(), policy);
  if (!saved) return call.Fail(saved.error());
  call.Reply(id ? 200 : 201, fiado::json::PolicyJson(*saved));
}

void CreatePolicy(Call& call) { SavePolicy(call, std::nullopt); }

void UpdatePolicy(Call& call) {
  auto id = collection::PolicyId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("régua não encontrada"));
  SavePolicy(call, *id);
}

void ListTemplates(Call& call) {
  json list = json::array();
  for (const auto& t : call.services.collection.Templates(call.principal.store_id)) {
    list.push_back(fiado::json::TemplateJson(t));
  }
  call.Reply(200, {{"templates", list}, {"variables", fiado::json::TemplateVariablesJson()}});
}

void PutTemplate(Call& call) {
  std::vector<core::FieldError> errors;
  collection::MessageTemplate t = ReadTemplate(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  t.key = call.Param(1);
  auto saved = call.services.collection.SaveTemplate(call.Actor(), t);
  if (!saved) return call.Fail(saved.error());
  call.Reply(200, fiado::json::TemplateJson(*saved));
}

void PreviewTemplate(Call& call) {
  std::vector<core::FieldError> errors;
  collection::MessageTemplate t = ReadTemplate(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  if (t.key.empty()) t.key = "previa";  // a draft may not have its key and name yet
  if (t.name.empty()) t.name = "Prévia";
  std::optional<customers::CustomerId> customer;
  if (call.body.contains("customer_id") && call.body["customer_id"].is_string() &&
      !call.body["customer_id"].get<std::string>().empty()) {
    auto id = customers::CustomerId::Parse(call.body["customer_id"].get<std::string>());
    if (!id) return call.Fail(core::Error::Invalid("customer_id", "cliente não encontrado"));
    customer = *id;
  }
  auto rendered = call.services.collection.PreviewTemplate(call.principal.store_id, t, customer);
  if (!rendered) return call.Fail(rendered.error());
  call.Reply(200, {{"subject", rendered->subject},
                   {"body", rendered->body},
                   {"customer_id",
                    rendered->customer_id ? json(rendered->customer_id->str()) : json(nullptr)},
                   {"customer_name", rendered->customer_name}});
}

void GetPreview(Call& call) {
  const auto date = OptionalDate(call, call.Query("date"), "date");
  if (!date) return;
  auto preview = call.services.collection.PreviewDay(call.principal.store_id, *date);
  if (!preview) return call.Fail(preview.error());
  call.Reply(200, fiado::json::PreviewJson(*preview));
}

void PostRun(Call& call) {
  std::vector<core::FieldError> errors;
  const json body = call.body.is_null() ? json::object() : call.body;  // outlives the reader
  ObjectReader reader(body, "", errors);
  const std::string date_text = reader.Text("date");
  const bool dry_run = reader.Bool("dry_run").value_or(false);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  const auto date = OptionalDate(call, date_text, "date");
  if (!date) return;
  auto run = call.services.collection.Run(call.Actor(), {*date, dry_run, "api"});
  if (!run) return call.Fail(run.error());
  call.Reply(200, fiado::json::RunJson(*run));
}

void ListRuns(Call& call) {
  json list = json::array();
  for (const auto& run : call.services.collection.Runs(call.principal.store_id)) {
    list.push_back(fiado::json::RunJson(run));
  }
  call.Reply(200, {{"runs", list}});
}

void ListActions(Call& call) {
  collection::ActionFilter filter;
  if (const std::string customer = call.Query("customer_id"); !customer.empty()) {
    auto id = customers::CustomerId::Parse(customer);
    if (!id) return call.Fail(core::Error::Invalid("customer_id", "cliente não encontrado"));
    filter.customer_id = *id;
  }
  if (const std::string action = call.Query("action"); !action.empty()) {
    filter.action = collection::ParseAction(action);
    if (!filter.action) return call.Fail(core::Error::Invalid("action", "ação desconhecida"));
  }
  for (const auto& [name, bound] :
       {std::pair{"from", &filter.send_from}, {"to", &filter.send_to}}) {
    const std::string text = call.Query(name);
    if (text.empty()) continue;
    auto at = core::ParseRfc3339(text, name);
    if (!at) return call.Fail(at.error());
    *bound = *at;
  }
  json list = json::array();
  for (const auto& stored : call.services.collection.Actions(call.principal.store_id, filter)) {
    list.push_back(fiado::json::StoredActionJson(stored));
  }
  call.Reply(200, {{"actions", list}});
}

}  // namespace

std::vector<Route> CollectionRoutes() {
  constexpr auto kRead = Permission::kCollectionRead;
  constexpr auto kManage = Permission::kCollectionManage;
  return {
      Route{"GET", "/api/v1/collection/settings", false, kRead, GetSettings},
      Route{"PUT", "/api/v1/collection/settings", false, kManage, PutSettings},
      Route{"GET", "/api/v1/collection/policies", false, kRead, ListPolicies},
      Route{"POST", "/api/v1/collection/policies", false, kManage, CreatePolicy},
      Route{"PUT", "/api/v1/collection/policies/{id}", false, kManage, UpdatePolicy},
      Route{"GET", "/api/v1/collection/templates", false, kRead, ListTemplates},
      Route{"PUT", "/api/v1/collection/templates/{key}", false, kManage, PutTemplate},
      Route{"POST", "/api/v1/collection/templates/preview", false, kRead, PreviewTemplate},
      Route{"GET", "/api/v1/collection/preview", false, kRead, GetPreview},
      Route{"POST", "/api/v1/collection/runs", false, kManage, PostRun},
      Route{"GET", "/api/v1/collection/runs", false, kRead, ListRuns},
      Route{"GET", "/api/v1/collection/actions", false, kRead, ListActions},
  };
}

}  // namespace fiado::http
