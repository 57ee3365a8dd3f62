// Error values for expected outcomes (invalid input, not found, conflicts, limits).
// An Error carries a stable code, a Portuguese message for the user and, for invalid
// input, the path of the field at fault. Infrastructure failures are exceptions instead.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace fiado::core {

enum class ErrorCode {
  kInvalidArgument,      // malformed or out-of-range input; `field` names it
  kNotFound,             // the entity does not exist (in this store)
  kConflict,             // unique key taken, stale version
  kIdempotencyConflict,  // same idempotency key, different request
  kLimitExceeded,        // credit limit, rate cap, quota
  kFailedPrecondition,   // the state does not allow the operation
  kUnauthenticated,      // no valid session or key
  kPermissionDenied,     // signed in, but the role may not do this
  kUnavailable,          // a dependency is unreachable (retry later)
  kRateLimited,          // too many attempts (sign-in throttling); retry later
};

// Stable snake_case name of a code ("invalid_argument"), for logs and APIs.
std::string_view ErrorCodeName(ErrorCode code);

// One field at fault, for forms that report every mistake at once.
struct FieldError {
  std::string field;  // path as in the API's JSON ("cpf", "phones[1]", "address.postal_code")
  std::string message_pt;
  friend bool operator==(const FieldError&, const FieldError&) = default;
};

struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string message_pt;  // for the user, in Brazilian Portuguese
  std::string field;       // field path for kInvalidArgument ("cpf", "items[2].amount")
  // Every field at fault when a form had several mistakes; the first is also `field`.
  std::vector<FieldError> fields{};
  // For kConflict: the id of the existing entity the request collided with.
  std::string related_id{};

  // "cpf: dígito verificador inválido" when a field is set, else the message alone.
  std::string Describe() const;

  static Error Invalid(std::string field, std::string message_pt);
  static Error NotFound(std::string message_pt);
  static Error Conflict(std::string message_pt);
  // kInvalidArgument listing every field at fault (must not be empty); the message
  // summarises, the first field is copied to `field`.
  static Error InvalidFields(std::vector<FieldError> fields);

  friend bool operator==(const Error&, const Error&) = default;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

inline tl::unexpected<Error> Invalid(std::string field, std::string message_pt) {
  return Fail(Error::Invalid(std::move(field), std::move(message_pt)));
}

// Invariant check that stays on in release builds. A failure is a bug in Fiado, never a
// user error: it logs the condition and aborts before bad data can be written.
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);

}  // namespace fiado::core

#define FIADO_CHECK(condition)                                    \
  do {                                                            \
    if (!(condition)) {                                           \
      ::fiado::core::CheckFailed(#condition, __FILE__, __LINE__); \
    }                                                             \
  } while (false)
