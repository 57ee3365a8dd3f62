// The store's staff users and its API keys (owner only). Users are deactivated, never
// deleted; a key is revoked and its row stays, so the audit log can name who acted.
#include <httplib.h>

#include "http/api.h"
#include "http/body.h"
#include "json/access_json.h"

namespace fiado::http {
namespace {

using nlohmann::json;

std::optional<access::UserId> ParseUserId(Call& call) {
  auto id = access::UserId::Parse(call.Param(1));
  if (!id) call.Fail(core::Error::NotFound("usuário não encontrado"));
  return id ? std::optional(*id) : std::nullopt;
}

void ListUsers(Call& call) {
  json items = json::array();
  for (const auto& user : call.services.access.ListUsers(call.principal.store_id)) {
    items.push_back(fiado::json::UserJson(user));
  }
  call.Reply(200, {{"items", items}, {"next_cursor", nullptr}});
}

void CreateUser(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  access::NewUser user{reader.Text("email", true), reader.Text("name", true),
                       reader.Text("role", true), reader.Text("password", true)};
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto created = call.services.access.CreateUser(call.Actor(), user);
  if (!created) return call.Fail(created.error());
  call.Reply(201, fiado::json::UserJson(*created));
}

void GetUser(Call& call) {
  auto id = ParseUserId(call);
  if (!id) return;
  auto user = call.services.access.GetUser(call.principal.store_id, *id);
  if (!user) return call.Fail(user.error());
  call.Reply(200, fiado::json::UserJson(*user));
}

void ChangeUser(Call& call) {
  auto id = ParseUserId(call);
  if (!id) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  access::UserChange change;
  if (call.body.contains("name")) change.name = reader.Text("name", true);
  if (call.body.contains("role")) change.role = reader.Text("role", true);
  change.active = reader.Bool("active");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto changed = call.services.access.ChangeUser(call.Actor(), call.principal, *id, change);
  if (!changed) return call.Fail(changed.error());
  call.Reply(200, fiado::json::UserJson(*changed));
}

void ListApiKeys(Call& call) {
  json items = json::array();
  for (const auto& key : call.services.access.ListApiKeys(call.principal.store_id)) {
    items.push_back(fiado::json::ApiKeyJson(key));
  }
  call.Reply(200, {{"items", items}, {"next_cursor", nullptr}});
}

void CreateApiKey(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string name = reader.Text("name", true);
  const std::string role = reader.Text("role", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto created = call.services.access.CreateApiKey(call.Actor(), call.principal, name, role);
  if (!created) return call.Fail(created.error());
  json body = fiado::json::ApiKeyJson(created->key);
  body["secret"] = created->secret;
  call.Reply(201, body);
}

void RevokeApiKey(Call& call) {
  auto id = access::ApiKeyId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("chave de API não encontrada"));
  auto revoked = call.services.access.RevokeApiKey(call.Actor(), *id);
  if (!revoked) return call.Fail(revoked.error());
  call.NoContent();
}

}  // namespace

std::vector<Route> UserRoutes() {
  using access::Permission;
  return {
      Route{"GET", "/api/v1/users", false, Permission::kUsersManage, ListUsers},
      Route{"POST", "/api/v1/users", false, Permission::kUsersManage, CreateUser},
      Route{"GET", "/api/v1/users/{id}", false, Permission::kUsersManage, GetUser},
      Route{"PATCH", "/api/v1/users/{id}", false, Permission::kUsersManage, ChangeUser},
      Route{"GET", "/api/v1/api-keys", false, Permission::kApiKeysManage, ListApiKeys},
      Route{"POST", "/api/v1/api-keys", false, Permission::kApiKeysManage, CreateApiKey},
      Route{"DELETE", "/api/v1/api-keys/{id}", false, Permission::kApiKeysManage, RevokeApiKey},
  };
}

}  // namespace fiado::http
