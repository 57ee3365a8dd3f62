#include "credit/settings.h"

#include <set>
#include <string>

#include <fmt/format.h>

#include "core/text.h"

namespace fiado::credit {
namespace {

void Collect(const core::Status& status, std::vector<core::FieldError>& errors) {
  if (status) return;
  const core::Error& error = status.error();
  if (error.fields.empty()) {
    errors.push_back({error.field, error.message_pt});
    return;
  }
  errors.insert(errors.end(), error.fields.begin(), error.fields.end());
}

// Names are compared without case, accents or extra spaces ("Boa  Vista" = "boa vista").
void CheckUniqueNames(const std::vector<HttpBureauSettings>& bureaus,
                      std::vector<core::FieldError>& errors) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < bureaus.size(); ++i) {
    const std::string key = core::SearchKey(bureaus[i].name);
    if (key.empty()) continue;  // reported as missing
    if (!seen.insert(key).second) {
      errors.push_back({fmt::format("bureaus[{}].name", i), "já existe um bureau com este nome"});
    }
  }
}

}  // namespace

core::Status CheckCreditSettings(const CreditSettings& settings) {
  std::vector<core::FieldError> errors;
  Collect(CheckDecisionRules(settings.rules), errors);
  Collect(CheckLadderPolicy(settings.ladder), errors);
  for (std::size_t i = 0; i < settings.bureaus.size(); ++i) {
    Collect(CheckHttpBureauSettings(settings.bureaus[i], fmt::format("bureaus[{}].", i)), errors);
  }
  CheckUniqueNames(settings.bureaus, errors);
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

void KeepSecrets(CreditSettings& incoming, const CreditSettings& stored) {
  for (HttpBureauSettings& bureau : incoming.bureaus) {
    if (!bureau.auth_header.empty()) continue;
    for (const HttpBureauSettings& old : stored.bureaus) {
      if (core::Trim(old.name) == core::Trim(bureau.name)) {
        bureau.auth_header = old.auth_header;
        break;
      }
    }
  }
}

}  // namespace fiado::credit
