#include "credit/bureau.h"

#include <fmt/format.h>

#include "core/text.h"

namespace fiado::credit {
namespace {

constexpr std::size_t kMaxBureauChars = 40;
constexpr std::size_t kMaxCreditorChars = 80;
constexpr std::size_t kMaxSummaryChars = 500;
constexpr int kMaxLookupAgeDays = 90;
constexpr std::size_t kMaxUrlChars = 500;
constexpr std::size_t kMaxHeaderChars = 2000;
constexpr std::size_t kMaxBodyChars = 4000;
constexpr std::size_t kMaxFieldNameChars = 80;

using FieldErrors = std::vector<core::FieldError>;

// Characters (code points) of valid UTF-8 text.
std::size_t CharCount(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// A free text of at most `max_chars` characters, required or not.
void CheckText(FieldErrors& errors, std::string field, std::string_view text, std::size_t max_chars,
               std::string_view missing_pt) {
  if (!core::IsValidUtf8(text)) {
    errors.push_back({std::move(field), "texto com caracteres inválidos"});
  } else if (!missing_pt.empty() && core::Trim(text).empty()) {
    errors.push_back({std::move(field), std::string(missing_pt)});
  } else if (CharCount(text) > max_chars) {
    errors.push_back({std::move(field), fmt::format("no máximo {} caracteres", max_chars)});
  }
}

std::optional<core::Date> CheckConsultedOn(std::string_view typed, core::Date today,
                                           FieldErrors& errors) {
  const std::string text = core::Trim(typed);
  if (text.empty()) {
    errors.push_back({"consulted_on", "informe a data da consulta"});
    return std::nullopt;
  }
  const bool brazilian = text.find('/') != std::string::npos;
  core::Result<core::Date> date = brazilian ? core::ParseBrDate(text, "consulted_on")
                                            : core::ParseIsoDate(text, "consulted_on");
  if (!date) {
    errors.push_back({"consulted_on", date.error().message_pt});
    return std::nullopt;
  }
  if (*date > today) {
    errors.push_back({"consulted_on", "a data da consulta não pode ser futura"});
  } else if (*date < core::AddDays(today, -kMaxLookupAgeDays)) {
    errors.push_back({"consulted_on", fmt::format("consulta com mais de {} dias: faça uma nova",
                                                  kMaxLookupAgeDays)});
  }
  return *date;
}

void CheckRestrictions(const ManualLookupDraft& draft, core::Date today, FieldErrors& errors) {
  if (!draft.restricted && !draft.restrictions.empty()) {
    errors.push_back(
        {"restrictions", "informe restrições só quando a consulta encontrou restrição"});
    return;
  }
  for (std::size_t i = 0; i < draft.restrictions.size(); ++i) {
    const Restriction& each = draft.restrictions[i];
    const std::string prefix = fmt::format("restrictions[{}].", i);
    CheckText(errors, prefix + "creditor", each.creditor, kMaxCreditorChars, "informe o credor");
    if (!each.amount.IsPositive()) {
      errors.push_back({prefix + "amount_cents", "o valor deve ser maior que zero"});
    }
    if (each.registered_on && *each.registered_on > today) {
      errors.push_back({prefix + "registered_on", "a data do registro não pode ser futura"});
    }
  }
}

BureauAnswer AnswerOf(const ManualLookupDraft& draft) {
  BureauAnswer answer;
  answer.restricted = draft.restricted;
  answer.restrictions = draft.restrictions;
  for (Restriction& each : answer.restrictions) each.creditor = core::Trim(each.creditor);
  answer.bureau_score = draft.bureau_score;
  answer.summary = core::Trim(draft.summary);
  return answer;
}

bool IsPointer(std::string_view pointer) { return pointer.empty() || pointer.front() == '/'; }

bool IsHttpUrl(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

// Empty, or one "Name: value" line.
bool IsHeaderLine(std::string_view header) {
  if (header.empty()) return true;
  if (header.find_first_of("\r\n") != std::string_view::npos) return false;
  const std::size_t colon = header.find(':');
  return colon != std::string_view::npos && colon > 0 &&
         header.substr(0, colon).find(' ') == std::string_view::npos;
}

void CheckUrl(const HttpBureauSettings& settings, const std::string& prefix, FieldErrors& errors) {
  const bool has_space = settings.url.find_first_of(" \t\r\n") != std::string::npos;
  if (!IsHttpUrl(settings.url) || has_space) {
    errors.push_back({prefix + "url", "o endereço deve começar com http:// ou https://"});
  } else if (settings.url.size() > kMaxUrlChars) {
    errors.push_back({prefix + "url", fmt::format("no máximo {} caracteres", kMaxUrlChars)});
  }
}

void CheckAnswerFields(const HttpBureauSettings& settings, const std::string& prefix,
                       FieldErrors& errors) {
  const std::pair<const char*, const std::string*> pointers[] = {
      {"restricted_pointer", &settings.restricted_pointer},
      {"restrictions_pointer", &settings.restrictions_pointer},
      {"score_pointer", &settings.score_pointer},
      {"reference_pointer", &settings.reference_pointer}};
  for (const auto& [name, value] : pointers) {
    if (!IsPointer(*value)) {
      errors.push_back({prefix + name, "deve começar com \"/\" (ponteiro JSON) ou ficar vazio"});
    }
  }
  if (settings.restricted_pointer.empty() && settings.restrictions_pointer.empty()) {
    errors.push_back({prefix + "restricted_pointer",
                      "informe onde a resposta diz se há restrição (ou a lista de restrições)"});
  }
  const bool needs_names = !settings.restrictions_pointer.empty();
  const std::pair<const char*, const std::string*> names[] = {
      {"creditor_field", &settings.creditor_field},
      {"amount_cents_field", &settings.amount_cents_field},
      {"date_field", &settings.date_field}};
  for (const auto& [name, value] : names) {
    const bool optional = !needs_names || std::string_view(name) == "date_field";
    CheckText(errors, prefix + name, *value, kMaxFieldNameChars,
              optional ? "" : "informe o nome do campo na resposta");
  }
}

}  // namespace

std::string_view PurposeName(Purpose purpose) {
  switch (purpose) {
    case Purpose::kSale:
      return "sale";
    case Purpose::kCreditReview:
      return "credit_review";
    case Purpose::kRegistration:
      return "registration";
  }
  return "sale";
}

std::optional<Purpose> ParsePurpose(std::string_view name) {
  for (Purpose purpose : {Purpose::kSale, Purpose::kCreditReview, Purpose::kRegistration}) {
    if (PurposeName(purpose) == name) return purpose;
  }
  return std::nullopt;
}

std::string_view PurposePt(Purpose purpose) {
  switch (purpose) {
    case Purpose::kSale:
      return "análise para venda a prazo";
    case Purpose::kCreditReview:
      return "revisão do limite de crédito";
    case Purpose::kRegistration:
      return "cadastro de cliente";
  }
  return "análise para venda a prazo";
}

core::Result<BureauLookup> MakeManualLookup(const ManualLookupDraft& draft, core::Date today) {
  FieldErrors errors;
  CheckText(errors, "bureau", draft.bureau, kMaxBureauChars, "informe o bureau consultado");
  const std::optional<Purpose> purpose = ParsePurpose(draft.purpose);
  if (!purpose) errors.push_back({"purpose", "finalidade da consulta desconhecida"});
  const std::optional<core::Date> consulted_on =
      CheckConsultedOn(draft.consulted_on, today, errors);
  CheckRestrictions(draft, today, errors);
  if (draft.bureau_score && (*draft.bureau_score < 0 || *draft.bureau_score > 1000)) {
    errors.push_back({"bureau_score", "o score do bureau deve estar entre 0 e 1000"});
  }
  CheckText(errors, "summary", draft.summary, kMaxSummaryChars, "");
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));

  BureauLookup lookup;
  lookup.bureau = core::Trim(draft.bureau);
  lookup.source = "manual";
  lookup.purpose = *purpose;
  lookup.consulted_on = *consulted_on;
  lookup.answer = AnswerOf(draft);
  return lookup;
}

core::Status CheckHttpBureauSettings(const HttpBureauSettings& settings, std::string_view prefix) {
  const std::string at(prefix);
  FieldErrors errors;
  CheckText(errors, at + "name", settings.name, kMaxBureauChars, "informe o nome do bureau");
  CheckUrl(settings, at, errors);
  if (!IsHeaderLine(settings.auth_header) || settings.auth_header.size() > kMaxHeaderChars) {
    errors.push_back({at + "auth_header",
                      "use uma linha no formato \"Nome: valor\" (ex.: Authorization: Bearer …)"});
  }
  CheckText(errors, at + "body_template", settings.body_template, kMaxBodyChars, "");
  CheckAnswerFields(settings, at, errors);
  if (settings.timeout_ms < 100 || settings.timeout_ms > 60000) {
    errors.push_back({at + "timeout_ms", "deve estar entre 100 e 60000 milissegundos"});
  }
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

}  // namespace fiado::credit
