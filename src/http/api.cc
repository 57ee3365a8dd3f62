#include "http/api.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "access/secrets.h"
#include "http/body.h"
#include "http/problem.h"

namespace fiado::http {
namespace {

using nlohmann::json;

constexpr const char* kJsonContentType = "application/json";

bool IsUnsafe(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool HasBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

// "/api/v1/customers/{id}" → "/api/v1/customers/([^/]+)"
std::string PathPattern(const std::string& path) {
  std::string pattern;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      pattern += "([^/]+)";
    } else if (path[i] == '.') {
      pattern += "\\.";
    } else {
      pattern += path[i];
    }
  }
  return pattern;
}

// The value of one cookie of the Cookie header, or "".
std::string CookieValue(const httplib::Request& request, const std::string& name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    std::size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::size_t first = header.find_first_not_of(' ', start);
    const std::string pair = header.substr(first, end - first);
    const std::size_t equals = pair.find('=');
    if (equals != std::string::npos && pair.substr(0, equals) == name) {
      return pair.substr(equals + 1);
    }
    start = end + 1;
  }
  return {};
}

core::Error Unauthenticated(std::string message_pt) {
  return core::Error{core::ErrorCode::kUnauthenticated, std::move(message_pt), {}};
}

core::Error Denied(std::string message_pt) {
  return core::Error{core::ErrorCode::kPermissionDenied, std::move(message_pt), {}};
}

// Phase 1 of every protected request: who is calling, by API key or session cookie; a
// cookie on an unsafe method must come with the session's CSRF token.
core::Result<access::Principal> Authenticate(Call& call) {
  const std::string authorization = call.request.get_header_value("Authorization");
  if (!authorization.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.rfind(kBearer, 0) != 0) {
      return core::Fail(Unauthenticated("use Authorization: Bearer <chave de API>"));
    }
    return call.services.access.AuthenticateApiKey(authorization.substr(kBearer.size()));
  }
  const std::string token = CookieValue(call.request, kSessionCookie);
  if (token.empty()) return core::Fail(Unauthenticated("entre no sistema para continuar"));
  auto principal = call.services.access.AuthenticateSession(token);
  if (!principal) return principal;
  if (IsUnsafe(call.request.method) &&
      !access::ConstantTimeEquals(call.request.get_header_value(kCsrfHeader),
                                  principal->csrf_token)) {
    return core::Fail(Denied("token CSRF ausente ou inválido; recarregue a página"));
  }
  return principal;
}

// Phase 2: the body of POST, PUT and PATCH as JSON (an empty body reads as {}).
bool ParseBody(Call& call) {
  if (call.request.body.size() > kMaxBodyBytes) {
    call.response.status = 413;
    call.response.set_content(ProblemJson(413, "payload_too_large",
                                          "corpo grande demais (máximo de 1 MiB)", call.request_id),
                              kProblemContentType);
    return false;
  }
  if (!HasBody(call.request.method) || call.request.body.empty()) {
    call.body = json::object();
    return true;
  }
  const std::string type = call.request.get_header_value("Content-Type");
  if (type.rfind(kJsonContentType, 0) != 0) {
    call.response.status = 415;
    call.response.set_content(ProblemJson(415, "unsupported_media_type",
                                          "envie o corpo como application/json", call.request_id),
                              kProblemContentType);
    return false;
  }
  call.body = json::parse(call.request.body, nullptr, false);
  if (call.body.is_discarded()) {
    call.response.status = 400;
    call.response.set_content(
        ProblemJson(400, "bad_request", "o corpo não é um JSON válido", call.request_id),
        kProblemContentType);
    return false;
  }
  return true;
}

void Serve(const Route& route, ApiServices& services, const httplib::Request& request,
           httplib::Response& response) {
  Call call{request, response, services, response.get_header_value("X-Request-Id")};
  response.set_header("Cache-Control", "no-store");
  if (!route.is_public) {
    auto principal = Authenticate(call);
    if (!principal) return call.Fail(principal.error());
    call.principal = std::move(*principal);
    if (route.permission && !call.principal.Can(*route.permission)) {
      return call.Fail(Denied("seu papel não permite esta ação"));
    }
  }
  if (!route.raw_body && !ParseBody(call)) return;
  route.handler(call);
}

void ServeOpenApi(Call& call) {
  call.response.status = 200;
  call.response.set_content(OpenApiDocument(), kJsonContentType);
}

}  // namespace

std::string Call::Param(std::size_t index) const { return request.matches[index].str(); }

std::string Call::SessionToken() const { return CookieValue(request, kSessionCookie); }

std::string Call::Query(const std::string& name) const {
  return request.get_param_value(name.c_str());
}

void Call::Reply(int status, const json& body_json) {
  response.status = status;
  response.set_content(body_json.dump(), kJsonContentType);
}

void Call::NoContent() { response.status = 204; }

void Call::Fail(const core::Error& error) {
  response.status = HttpStatusFor(error.code);
  response.set_content(ProblemJson(error, request_id), kProblemContentType);
}

bool Call::IsOwnStore(const std::string& store_id) const {
  return store_id == principal.store_id.str();
}

stores::Address ReadAddress(ObjectReader& parent) {
  stores::Address address;
  const json* object = parent.Object("address");
  if (object == nullptr) return address;
  ObjectReader reader(*object, parent.PathOf("address"), parent.errors());
  address.street = reader.Text("street");
  address.number = reader.Text("number");
  address.complement = reader.Text("complement");
  address.district = reader.Text("district");
  address.city = reader.Text("city");
  address.state = reader.Text("state");
  address.postal_code = reader.Text("postal_code");
  reader.RejectUnknown();
  return address;
}

bool FailOnFieldErrors(Call& call, std::vector<core::FieldError> errors) {
  if (errors.empty()) return false;
  call.Fail(core::Error::InvalidFields(std::move(errors)));
  return true;
}

json AuditEntryJson(const core::AuditEntry& entry, const std::string& actor_name) {
  auto snapshot = [](const std::optional<std::string>& text) -> json {
    if (!text) return nullptr;
    json parsed = json::parse(*text, nullptr, false);
    return parsed.is_discarded() ? json(*text) : parsed;
  };
  return json{{"id", entry.id},
              {"occurred_at", core::FormatRfc3339(entry.occurred_at)},
              {"actor", entry.actor},
              {"actor_name", actor_name},
              {"entity_type", entry.entity_type},
              {"entity_id", entry.entity_id},
              {"action", entry.action},
              {"before", snapshot(entry.before)},
              {"after", snapshot(entry.after)}};
}

std::vector<Route> ApiRoutes() {
  std::vector<Route> routes = {
      Route{"GET", "/api/v1/openapi.json", true, std::nullopt, ServeOpenApi}};
  for (auto* table : {SessionRoutes, StoreRoutes, UserRoutes, CustomerRoutes, LedgerRoutes,
                      DocumentRoutes, ReconciliationRoutes, CollectionRoutes,
                      CustomerCollectionRoutes, MessagingRoutes, CreditRoutes}) {
    for (const Route& route : table()) routes.push_back(route);
  }
  return routes;
}

void InstallApi(httplib::Server& server, ApiServices& services) {
  server.set_payload_max_length(kMaxUploadBytes);
  for (const Route& route : ApiRoutes()) {
    const std::string pattern = PathPattern(route.path);
    auto handler = [route, &services](const httplib::Request& request,
                                      httplib::Response& response) {
      Serve(route, services, request, response);
    };
    const std::string method = route.method;
    if (method == "GET") {
      server.Get(pattern, handler);
    } else if (method == "POST") {
      server.Post(pattern, handler);
    } else if (method == "PUT") {
      server.Put(pattern, handler);
    } else if (method == "PATCH") {
      server.Patch(pattern, handler);
    } else {
      server.Delete(pattern, handler);
    }
  }
}

}  // namespace fiado::http
