// Strict reading of JSON request bodies: json::ObjectReader (json/object_reader.h), named
// here as the API code has always used it.
#pragma once

#include "json/object_reader.h"

namespace fiado::http {

using json::IndexPath;
using json::ObjectReader;

}  // namespace fiado::http
