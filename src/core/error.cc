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
  }
  return "unknown";
}

std::string Error::Describe() const {
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

void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "FIADO_CHECK failed: %s at %s:%d\n", condition, file, line);
  std::abort();
}

}  // namespace fiado::core
