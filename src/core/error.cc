#include "core/error.h"

#include <cstdio>
#include <cstdlib>

namespace fiado::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kIdempotencyConflict:
      return "idempotency_conflict";
    case ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case ErrorCode::kFailedPrecondition:
      return "failed_precondition";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kRateLimited:
      return "rate_limited";
  }
  return "unknown";
}

std::string Error::Describe() const {
  if (fields.size() > 1) {
    std::string text = message_pt;
    const char* separator = ": ";
    for (const auto& each : fields) {
      text += separator + each.field + " " + each.message_pt;
      separator = "; ";
    }
    return text;
  }
  if (field.empty()) return message_pt;
  return field + ": " + message_pt;
}

Error Error::Invalid(std::string field, std::string message_pt) {
  return Error{ErrorCode::kInvalidArgument, std::move(message_pt), std::move(field)};
}

Error Error::NotFound(std::string message_pt) {
  return Error{ErrorCode::kNotFound, std::move(message_pt), {}};
}

Error Error::Conflict(std::string message_pt) {
  return Error{ErrorCode::kConflict, std::move(message_pt), {}};
}

Error Error::InvalidFields(std::vector<FieldError> fields) {
  FIADO_CHECK(!fields.empty());
  Error error = Invalid(fields.front().field, fields.front().message_pt);
  if (fields.size() > 1) {
    error.message_pt = "há " + std::to_string(fields.size()) + " campos com problemas";
    error.field.clear();
  }
  error.fields = std::move(fields);
  return error;
}

void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "FIADO_CHECK failed: %s at %s:%d\n", condition, file, line);
  std::abort();
}

}  // namespace fiado::core
