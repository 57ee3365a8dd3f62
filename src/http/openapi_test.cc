// The OpenAPI document describes exactly the routes the API serves: a route added without
// documentation, or documentation of a route that does not exist, fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "http/api.h"

namespace fiado::http {
namespace {

using nlohmann::json;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

TEST(OpenApi, IsValidJsonOfVersion3) {
  const json document = json::parse(OpenApiDocument());
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_TRUE(document["paths"].is_object());
}

TEST(OpenApi, EveryRouteIsDocumented) {
  const json paths = json::parse(OpenApiDocument())["paths"];
  for (const Route& route : ApiRoutes()) {
    ASSERT_TRUE(paths.contains(route.path)) << "path not documented: " << route.path;
    EXPECT_TRUE(paths[route.path].contains(Lower(route.method)))
        << "method not documented: " << route.method << " " << route.path;
  }
}

TEST(OpenApi, EveryDocumentedOperationIsARoute) {
  const json paths = json::parse(OpenApiDocument())["paths"];
  const auto routes = ApiRoutes();
  for (const auto& [path, operations] : paths.items()) {
    for (const auto& [method, operation] : operations.items()) {
      if (method == "parameters") continue;
      const bool served = std::any_of(routes.begin(), routes.end(), [&](const Route& route) {
        return route.path == path && Lower(route.method) == method;
      });
      EXPECT_TRUE(served) << "documented but not served: " << method << " " << path;
    }
  }
}

TEST(OpenApi, ProtectedOperationsDocumentTheirErrors) {
  const json paths = json::parse(OpenApiDocument())["paths"];
  for (const Route& route : ApiRoutes()) {
    const json& responses = paths[route.path][Lower(route.method)]["responses"];
    if (!route.is_public) {
      EXPECT_TRUE(responses.contains("401")) << route.method << " " << route.path;
    }
    if (route.permission) {
      EXPECT_TRUE(responses.contains("403")) << route.method << " " << route.path;
    }
  }
}

}  // namespace
}  // namespace fiado::http
