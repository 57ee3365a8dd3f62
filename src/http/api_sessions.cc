// Signing in and out, the current session, and the password change (docs/api.md).
#include <httplib.h>

#include "http/api.h"
#include "http/body.h"

namespace fiado::http {
namespace {

using nlohmann::json;

json PermissionsJson(access::Role role) {
  json names = json::array();
  for (access::Permission permission : access::PermissionsOf(role)) {
    names.push_back(std::string(access::PermissionName(permission)));
  }
  return names;
}

json SessionJson(Call& call, const access::Principal& who) {
  const auto& expires_at = who.session_expires_at;
  json store = {{"id", who.store_id.str()}, {"name", ""}};
  if (auto found = call.services.stores.Find(who.store_id)) store["name"] = found->name;
  json user = {{"id", who.user_id ? who.user_id->str() : ""},
               {"email", who.email},
               {"name", who.name},
               {"role", std::string(access::RoleName(who.role))}};
  return json{{"user", user},
              {"store", store},
              {"permissions", PermissionsJson(who.role)},
              {"csrf_token", who.csrf_token},
              {"expires_at", expires_at ? json(core::FormatRfc3339(*expires_at)) : json(nullptr)}};
}

std::string SessionCookie(const ApiServices& services, const std::string& token,
                          long max_age_seconds) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + token +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
  if (services.secure_cookies) cookie += "; Secure";
  return cookie;
}

void SignIn(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string email = reader.Text("email", true);
  const std::string password = reader.Text("password", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto signed_in = call.services.access.SignIn(email, password, call.request.remote_addr);
  if (!signed_in) return call.Fail(signed_in.error());
  auto principal = call.services.access.AuthenticateSession(signed_in->session_token);
  if (!principal) return call.Fail(principal.error());
  const auto lifetime = call.services.access.policy().session_lifetime;
  call.response.set_header("Set-Cookie", SessionCookie(call.services, signed_in->session_token,
                                                       static_cast<long>(lifetime.count())));
  call.Reply(201, SessionJson(call, *principal));
}

void CurrentSession(Call& call) { call.Reply(200, SessionJson(call, call.principal)); }

void SignOut(Call& call) {
  if (!call.principal.session_digest.empty()) call.services.access.SignOut(call.SessionToken());
  call.response.set_header("Set-Cookie", SessionCookie(call.services, "", 0));
  call.NoContent();
}

void ChangePassword(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string current = reader.Text("current_password", true);
  const std::string replacement = reader.Text("new_password", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto changed = call.services.access.ChangePassword(call.principal, current, replacement);
  if (!changed) return call.Fail(changed.error());
  call.NoContent();
}

}  // namespace

std::vector<Route> SessionRoutes() {
  return {
      Route{"POST", "/api/v1/sessions", true, std::nullopt, SignIn},
      Route{"GET", "/api/v1/sessions/current", false, std::nullopt, CurrentSession},
      Route{"DELETE", "/api/v1/sessions/current", false, std::nullopt, SignOut},
      Route{"POST", "/api/v1/me/password", false, std::nullopt, ChangePassword},
  };
}

}  // namespace fiado::http
