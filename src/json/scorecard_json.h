// The JSON form of a trained scorecard (credit/scorecard/model.h), the file `fiado score
// train` writes and `fiado score apply` / `report` read. Doubles are written in their
// shortest round-trip form, so a model read back is identical to the one written (the same
// scores, bit for bit); infinite range edges are written as null. `format_version` is
// kModelFormatVersion; a file of another version is refused.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "credit/scorecard/model.h"

namespace fiado::json {

std::string ModelToJson(const credit::scorecard::Model& model);

// Errors (Portuguese, kInvalidArgument, `field` = the path at fault): not JSON, another
// format version ("modelo de versão 2; esta versão do Fiado lê a versão 1"), a field missing
// or of the wrong type ("features[2].bins[0].woe"), bins out of their layout.
core::Result<credit::scorecard::Model> ModelFromJson(std::string_view text);

}  // namespace fiado::json
