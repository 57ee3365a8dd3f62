#include "reconciliation/model.h"

#include <array>
#include <utility>

namespace fiado::reconciliation {
namespace {

constexpr std::array<std::pair<Source, std::string_view>, 3> kSources = {
    {{Source::kCnab, "cnab"}, {Source::kPix, "pix"}, {Source::kStatement, "statement"}}};

constexpr std::array<std::pair<Outcome, std::string_view>, 7> kOutcomes = {
    {{Outcome::kPosted, "posted"},
     {Outcome::kAlreadyImported, "already_imported"},
     {Outcome::kQueued, "queued"},
     {Outcome::kRegistered, "registered"},
     {Outcome::kRegistrationRejected, "registration_rejected"},
     {Outcome::kReversed, "reversed"},
     {Outcome::kInformational, "informational"}}};

constexpr std::array<std::pair<WebhookAuth, std::string_view>, 2> kAuths = {
    {{WebhookAuth::kToken, "token"}, {WebhookAuth::kHmacSha256, "hmac-sha256"}}};

template <typename Enum, std::size_t N>
std::string_view NameIn(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "";
}

template <typename Enum, std::size_t N>
std::optional<Enum> ValueIn(const std::array<std::pair<Enum, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view SourceName(Source source) { return NameIn(kSources, source); }
std::optional<Source> ParseSource(std::string_view name) { return ValueIn(kSources, name); }
std::string_view OutcomeName(Outcome outcome) { return NameIn(kOutcomes, outcome); }
std::optional<Outcome> ParseOutcome(std::string_view name) { return ValueIn(kOutcomes, name); }
std::string_view WebhookAuthName(WebhookAuth auth) { return NameIn(kAuths, auth); }
std::optional<WebhookAuth> ParseWebhookAuth(std::string_view name) { return ValueIn(kAuths, name); }

sales::PaymentMethod MethodOf(Source source) {
  switch (source) {
    case Source::kCnab:
      return sales::PaymentMethod::kBoleto;
    case Source::kPix:
      return sales::PaymentMethod::kPix;
    case Source::kStatement:
      return sales::PaymentMethod::kTransfer;
  }
  return sales::PaymentMethod::kTransfer;
}

void ImportReport::Count(const EventRecord& record) {
  ++records;
  fee_total += record.event.fee;
  switch (record.outcome) {
    case Outcome::kPosted:
      ++posted;
      posted_total += record.event.paid;
      break;
    case Outcome::kAlreadyImported:
      ++already_imported;
      already_imported_total += record.event.paid;
      break;
    case Outcome::kQueued:
      ++queued;
      queued_total += record.event.paid;
      break;
    case Outcome::kRegistered:
      ++registered;
      break;
    case Outcome::kRegistrationRejected:
      ++registration_rejected;
      break;
    case Outcome::kReversed:
      ++reversed;
      break;
    case Outcome::kInformational:
      ++informational;
      break;
  }
}

}  // namespace fiado::reconciliation
