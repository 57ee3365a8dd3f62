// The customer registry over HTTP: list and search, register, read, replace, block and
// unblock, and the customer's history from the audit log.
#include <httplib.h>

#include <map>

#include "http/api.h"
#include "http/body.h"
#include "json/customer_json.h"

namespace fiado::http {
namespace {

using nlohmann::json;

constexpr const char* kCustomersPath = "/api/v1/customers/";

std::vector<customers::Reference> ReadReferences(ObjectReader& parent) {
  std::vector<customers::Reference> references;
  const json* array = parent.Array("references");
  if (array == nullptr) return references;
  for (std::size_t i = 0; i < array->size(); ++i) {
    ObjectReader reader((*array)[i], IndexPath(parent.PathOf("references"), i), parent.errors());
    references.push_back({reader.Text("name"), reader.Text("phone"), reader.Text("relation")});
    reader.RejectUnknown();
  }
  return references;
}

std::optional<customers::Guarantor> ReadGuarantor(ObjectReader& parent) {
  const json* object = parent.Object("guarantor");
  if (object == nullptr) return std::nullopt;
  ObjectReader reader(*object, parent.PathOf("guarantor"), parent.errors());
  customers::Guarantor guarantor{reader.Text("name"), reader.Text("cpf"), reader.Text("phone")};
  reader.RejectUnknown();
  return guarantor;
}

std::vector<customers::ConsentDraft> ReadConsents(ObjectReader& parent) {
  std::vector<customers::ConsentDraft> consents;
  const json* array = parent.Array("consents");
  if (array == nullptr) return consents;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = IndexPath(parent.PathOf("consents"), i);
    ObjectReader reader((*array)[i], path, parent.errors());
    const std::string channel_name = reader.Text("channel", true);
    const auto granted = reader.Bool("granted", true);
    const std::string source = reader.Text("source");
    reader.RejectUnknown();
    const auto channel = customers::ParseChannel(channel_name);
    if (!channel_name.empty() && !channel) {
      parent.errors().push_back({path + ".channel", "canal inválido: use whatsapp, sms ou email"});
    }
    if (channel && granted) consents.push_back({*channel, *granted, source});
  }
  return consents;
}

customers::CustomerDraft ReadDraft(ObjectReader& reader) {
  customers::CustomerDraft draft;
  draft.cpf = reader.Text("cpf", true);
  draft.full_name = reader.Text("full_name", true);
  draft.birth_date = reader.Text("birth_date");
  draft.phones = reader.TextArray("phones");
  draft.email = reader.Text("email");
  draft.address = ReadAddress(reader);
  draft.monthly_income_cents = reader.Integer("monthly_income_cents");
  draft.occupation = reader.Text("occupation");
  draft.employer = reader.Text("employer");
  draft.references = ReadReferences(reader);
  draft.guarantor = ReadGuarantor(reader);
  draft.consents = ReadConsents(reader);
  draft.notes = reader.Text("notes");
  return draft;
}

// Answers a registry error; a duplicate CPF links to the customer that has it.
void FailWith(Call& call, const core::Error& error) {
  if (error.code != core::ErrorCode::kConflict || error.related_id.empty()) {
    return call.Fail(error);
  }
  call.Fail(error);
  json body = json::parse(call.response.body);
  body["existing"] = kCustomersPath + error.related_id;
  call.response.set_content(body.dump(), "application/problem+json");
}

std::optional<customers::CustomerId> ParseCustomerId(Call& call) {
  auto id = customers::CustomerId::Parse(call.Param(1));
  if (!id) call.Fail(core::Error::NotFound("cliente não encontrado"));
  return id ? std::optional(*id) : std::nullopt;
}

void ReplyCustomer(Call& call, int status, const core::Result<customers::Customer>& customer) {
  if (!customer) return FailWith(call, customer.error());
  call.Reply(status, fiado::json::CustomerJson(*customer));
}

core::Result<customers::CustomerQuery> ReadQuery(Call& call) {
  customers::CustomerQuery query{call.principal.store_id};
  query.text = call.Query("q");
  query.cursor = call.Query("cursor");
  if (const std::string status = call.Query("status"); !status.empty()) {
    query.status = customers::ParseStatus(status);
    if (!query.status) return core::Invalid("status", "use active ou blocked");
  }
  if (const std::string sort = call.Query("sort"); !sort.empty()) {
    const auto parsed = customers::ParseSort(sort);
    if (!parsed) return core::Invalid("sort", "use name, -name, created_at ou -created_at");
    query.sort = *parsed;
  }
  if (const std::string limit = call.Query("limit"); !limit.empty()) {
    if (limit.size() > 3 || limit.find_first_not_of("0123456789") != std::string::npos) {
      return core::Invalid("limit", "use um número de 1 a 200");
    }
    query.limit = std::stoi(limit);
  }
  return query;
}

void ListCustomers(Call& call) {
  auto query = ReadQuery(call);
  if (!query) return call.Fail(query.error());
  auto page = call.services.customers.Search(*query);
  if (!page) return call.Fail(page.error());
  json items = json::array();
  for (const auto& customer : page->items) items.push_back(fiado::json::CustomerJson(customer));
  call.Reply(
      200, {{"items", items},
            {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}});
}

void RegisterCustomer(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const customers::CustomerDraft draft = ReadDraft(reader);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto created = call.services.customers.Register(call.Actor(), draft);
  if (created) call.response.set_header("Location", kCustomersPath + created->id.str());
  ReplyCustomer(call, 201, created);
}

void GetCustomer(Call& call) {
  if (auto id = ParseCustomerId(call)) {
    ReplyCustomer(call, 200, call.services.customers.Get(call.principal.store_id, *id));
  }
}

void ReviseCustomer(Call& call) {
  auto id = ParseCustomerId(call);
  if (!id) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const customers::CustomerDraft draft = ReadDraft(reader);
  const auto version = reader.Integer("version", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  if (*version < 1 || *version > INT32_MAX) {
    return call.Fail(core::Error::Invalid("version", "versão inválida"));
  }
  ReplyCustomer(
      call, 200,
      call.services.customers.Revise(call.Actor(), *id, draft, static_cast<int>(*version)));
}

void BlockCustomer(Call& call) {
  auto id = ParseCustomerId(call);
  if (!id) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  ReplyCustomer(call, 200, call.services.customers.Block(call.Actor(), *id, reason));
}

void UnblockCustomer(Call& call) {
  auto id = ParseCustomerId(call);
  if (!id) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  ReplyCustomer(call, 200, call.services.customers.Unblock(call.Actor(), *id));
}

// The names of the store's users, to show who made each change.
std::map<std::string, std::string> ActorNames(Call& call) {
  std::map<std::string, std::string> names = {{"cli", "linha de comando"}, {"system", "sistema"}};
  for (const auto& user : call.services.access.ListUsers(call.principal.store_id)) {
    names["user:" + user.id.str()] = user.name;
  }
  for (const auto& key : call.services.access.ListApiKeys(call.principal.store_id)) {
    names["api_key:" + key.id.str()] = "chave de API " + key.name;
  }
  return names;
}

json HistoryJson(Call& call, const std::string& entity_type, const std::string& entity_id) {
  constexpr int kMaxEntries = 1000;
  const auto names = ActorNames(call);
  json items = json::array();
  for (const auto& entry : call.services.audit.ListForEntity(call.principal.store_id, entity_type,
                                                             entity_id, kMaxEntries)) {
    const auto name = names.find(entry.actor);
    items.push_back(AuditEntryJson(entry, name == names.end() ? entry.actor : name->second));
  }
  return {{"items", items}, {"next_cursor", nullptr}};
}

void CustomerHistory(Call& call) {
  auto id = ParseCustomerId(call);
  if (!id) return;
  auto customer = call.services.customers.Get(call.principal.store_id, *id);
  if (!customer) return call.Fail(customer.error());
  call.Reply(200, HistoryJson(call, "customer", id->str()));
}

void AuditLog(Call& call) {
  const std::string type = call.Query("entity_type");
  const std::string id = call.Query("entity_id");
  std::vector<core::FieldError> errors;
  if (type.empty()) errors.push_back({"entity_type", "informe o tipo (customer, store, user...)"});
  if (id.empty()) errors.push_back({"entity_id", "informe o id"});
  if (FailOnFieldErrors(call, std::move(errors))) return;
  call.Reply(200, HistoryJson(call, type, id));
}

}  // namespace

std::vector<Route> CustomerRoutes() {
  using access::Permission;
  return {
      Route{"GET", "/api/v1/customers", false, Permission::kCustomersRead, ListCustomers},
      Route{"POST", "/api/v1/customers", false, Permission::kCustomersWrite, RegisterCustomer},
      Route{"GET", "/api/v1/customers/{id}", false, Permission::kCustomersRead, GetCustomer},
      Route{"PUT", "/api/v1/customers/{id}", false, Permission::kCustomersWrite, ReviseCustomer},
      Route{"POST", "/api/v1/customers/{id}/block", false, Permission::kCustomersWrite,
            BlockCustomer},
      Route{"POST", "/api/v1/customers/{id}/unblock", false, Permission::kCustomersWrite,
            UnblockCustomer},
      Route{"GET", "/api/v1/customers/{id}/history", false, Permission::kAuditRead,
            CustomerHistory},
      Route{"GET", "/api/v1/audit", false, Permission::kAuditRead, AuditLog},
  };
}

}  // namespace fiado::http
