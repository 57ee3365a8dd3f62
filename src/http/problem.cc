#include "http/problem.h"

#include <nlohmann/json.hpp>

namespace fiado::http {
namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Requisição inválida";
    case 401:
      return "Não autenticado";
    case 403:
      return "Sem permissão";
    case 404:
      return "Não encontrado";
    case 409:
      return "Conflito";
    case 413:
      return "Corpo grande demais";
    case 415:
      return "Formato não suportado";
    case 422:
      return "Dados inválidos";
    case 429:
      return "Muitas tentativas";
    case 503:
      return "Serviço indisponível";
    default:
      return "Erro interno";
  }
}

}  // namespace

int HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kInvalidArgument:
      return 422;
    case core::ErrorCode::kNotFound:
      return 404;
    case core::ErrorCode::kConflict:
      return 409;
    case core::ErrorCode::kIdempotencyConflict:
      return 409;
    case core::ErrorCode::kLimitExceeded:
      return 422;
    case core::ErrorCode::kFailedPrecondition:
      return 409;
    case core::ErrorCode::kUnauthenticated:
      return 401;
    case core::ErrorCode::kPermissionDenied:
      return 403;
    case core::ErrorCode::kUnavailable:
      return 503;
    case core::ErrorCode::kRateLimited:
      return 429;
  }
  return 500;
}

namespace {

nlohmann::json ProblemBody(int status, const std::string& code, const std::string& detail_pt,
                           const std::string& request_id) {
  return {{"type", "about:blank"}, {"title", TitleFor(status)}, {"status", status},
          {"code", code},          {"detail", detail_pt},       {"request_id", request_id}};
}

}  // namespace

std::string ProblemJson(int status, const std::string& code, const std::string& detail_pt,
                        const std::string& request_id) {
  return ProblemBody(status, code, detail_pt, request_id).dump();
}

std::string ProblemJson(const core::Error& error, const std::string& request_id) {
  nlohmann::json body =
      ProblemBody(HttpStatusFor(error.code), std::string(core::ErrorCodeName(error.code)),
                  error.Describe(), request_id);
  if (!error.fields.empty()) {
    body["errors"] = nlohmann::json::array();
    for (const auto& field : error.fields) {
      body["errors"].push_back({{"field", field.field}, {"detail", field.message_pt}});
    }
  } else if (!error.field.empty()) {
    body["errors"] =
        nlohmann::json::array({{{"field", error.field}, {"detail", error.message_pt}}});
  }
  return body.dump();
}

}  // namespace fiado::http
