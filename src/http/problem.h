// RFC 9457 problem details: the one shape of every API error. `detail` is Portuguese for
// the user; `code` is a stable snake_case name for programs; `errors` lists fields at fault.
#pragma once

#include <string>

#include "core/error.h"

namespace fiado::http {

// The HTTP status of each error code (the single mapping table of the API).
int HttpStatusFor(core::ErrorCode code);

// The JSON body for an error value.
std::string ProblemJson(const core::Error& error, const std::string& request_id);

// The JSON body for a plain status without an Error (404 of an unknown route, 500).
std::string ProblemJson(int status, const std::string& code, const std::string& detail_pt,
                        const std::string& request_id);

inline constexpr const char* kProblemContentType = "application/problem+json";

}  // namespace fiado::http
