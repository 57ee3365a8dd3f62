// The REST API under /api/v1 (docs/api.md): one table of routes, each with the permission
// it needs. Every request of a non-public route is authenticated (session cookie or API
// key), checked for CSRF when a cookie makes an unsafe request, checked for the
// permission, and only then handed to its handler. The services are the domain's; the API
// only maps JSON to their calls and their results or errors back to HTTP.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/service.h"
#include "collection/service.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "credit/service/service.h"
#include "customers/registry.h"
#include "documents/service.h"
#include "http/body.h"
#include "messaging/service.h"
#include "payments/service.h"
#include "reconciliation/service.h"
#include "stores/store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace fiado::http {

struct ApiServices {
  access::AccessService& access;
  customers::Registry& customers;
  payments::LedgerService& ledger;
  documents::DocumentService& documents;
  reconciliation::ReconciliationService& reconciliation;
  collection::CollectionService& collection;
  messaging::MessagingService& messaging;
  credit::CreditService& credit;
  stores::StoreRepository& stores;
  core::AuditLog& audit;
  core::IdGenerator& ids;
  const core::Clock& clock;
  bool secure_cookies = false;  // add Secure to the cookie (behind HTTPS)
};

inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;         // JSON bodies
inline constexpr std::size_t kMaxUploadBytes = 64 * 1024 * 1024;  // bank files
inline constexpr const char* kSessionCookie = "fiado_session";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// One request being served.
struct Call {
  const httplib::Request& request;
  httplib::Response& response;
  ApiServices& services;
  std::string request_id;
  access::Principal principal{};  // empty for public routes
  nlohmann::json body{};          // the parsed body of POST, PUT and PATCH

  std::string Param(std::size_t index) const;  // a {placeholder} of the path, 1-based
  std::string Query(const std::string& name) const;
  std::string SessionToken() const;  // the session cookie's value, or empty
  core::Actor Actor() const { return principal.AsActor(request_id); }
  void Reply(int status, const nlohmann::json& body);
  void NoContent();
  void Fail(const core::Error& error);
  // The store id of the path: kNotFound unless it is the caller's own store.
  bool IsOwnStore(const std::string& store_id) const;
};

using Handler = void (*)(Call&);

struct Route {
  const char* method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  const char* path;    // "/api/v1/customers/{id}"
  bool is_public = false;
  std::optional<access::Permission> permission{};  // nullopt: any signed-in caller
  Handler handler = nullptr;
  bool raw_body = false;  // the handler reads request.body itself (file uploads, webhooks)
};

// Every route of the API, for installing and for the OpenAPI completeness test.
std::vector<Route> ApiRoutes();
void InstallApi(httplib::Server& server, ApiServices& services);

// The OpenAPI 3 document served at /api/v1/openapi.json.
const std::string& OpenApiDocument();

// The route tables of each resource (api_*.cc).
std::vector<Route> SessionRoutes();
std::vector<Route> StoreRoutes();
std::vector<Route> UserRoutes();
std::vector<Route> CustomerRoutes();
std::vector<Route> LedgerRoutes();
std::vector<Route> DocumentRoutes();
std::vector<Route> ReconciliationRoutes();
std::vector<Route> CollectionRoutes();
std::vector<Route> CustomerCollectionRoutes();
std::vector<Route> MessagingRoutes();
std::vector<Route> CreditRoutes();

// Helpers shared by the route files.
nlohmann::json AuditEntryJson(const core::AuditEntry& entry, const std::string& actor_name);
// The "address" object of a body (store or customer), every part optional.
stores::Address ReadAddress(ObjectReader& parent);
// After a payment: the customer's behavioural score and limit ladder, recomputed as the
// system (a failure is logged, never the payment's answer).
void RefreshCredit(Call& call, const customers::CustomerId& customer_id);
// Turns collected field errors into a 422 and answers it; true when there were any.
bool FailOnFieldErrors(Call& call, std::vector<core::FieldError> errors);

}  // namespace fiado::http
