#include "json/reconciliation_json.h"

#include <fmt/format.h>

#include "core/clock.h"
#include "core/date.h"

namespace fiado::json {
namespace {

using nlohmann::json;
using reconciliation::EventRecord;

constexpr std::size_t kMaxEndToEndChars = 35;
constexpr std::size_t kMaxNotifications = 1000;

json DateOrNull(const std::optional<core::Date>& date) {
  return date ? json(core::FormatIso(*date)) : json(nullptr);
}

json InstallmentJson(const std::optional<payments::InstallmentRef>& ref) {
  if (!ref) return nullptr;
  return json{{"sale_id", ref->sale_id.str()}, {"number", ref->number}};
}

json BankEventJson(const reconciliation::BankEvent& event) {
  return json{{"key", event.key},
              {"source", reconciliation::SourceName(event.source)},
              {"line", event.line},
              {"reference", event.reference},
              {"occurrence", event.occurrence},
              {"occurred_on", DateOrNull(event.occurred_on)},
              {"paid_cents", event.paid.cents()},
              {"fee_cents", event.fee.cents()},
              {"charges_cents", event.charges.cents()},
              {"face_cents", event.face.cents()},
              {"payer_name", event.payer_name},
              {"detail", event.detail}};
}

json ProblemsJson(const std::vector<reconciliation::FileProblem>& problems) {
  json list = json::array();
  for (const auto& problem : problems) {
    list.push_back(
        {{"line", problem.line}, {"field", problem.field}, {"message", problem.message}});
  }
  return list;
}

// "110.00", "0.5", "12" → centavos, without floating point.
core::Result<core::Money> ParseValor(const json& value, const std::string& field) {
  if (!value.is_string()) return core::Invalid(field, "informe o valor como texto: \"110.00\"");
  const std::string text = value.get<std::string>();
  const auto dot = text.find('.');
  const std::string units = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  const auto digits = [](const std::string& part) {
    return part.find_first_not_of("0123456789") == std::string::npos;
  };
  if (units.empty() || units.size() > 12 || fraction.size() > 2 || !digits(units) ||
      !digits(fraction) || (dot != std::string::npos && fraction.empty())) {
    return core::Invalid(field, "valor inválido: use 110.00");
  }
  const std::int64_t cents =
      std::stoll(units) * 100 +
      (fraction.empty() ? 0 : std::stoll(fraction) * (fraction.size() == 1 ? 10 : 1));
  if (cents <= 0) return core::Invalid(field, "o valor deve ser maior que zero");
  return core::Money::FromCents(cents);
}

core::Result<reconciliation::PixNotification> ParseOne(const json& item, const std::string& path) {
  if (!item.is_object()) return core::Invalid(path, "cada Pix deve ser um objeto");
  reconciliation::PixNotification pix;
  const auto text = [&](const char* key) {
    return item.contains(key) && item[key].is_string() ? item[key].get<std::string>()
                                                       : std::string();
  };
  pix.end_to_end_id = text("endToEndId");
  if (pix.end_to_end_id.empty() || pix.end_to_end_id.size() > kMaxEndToEndChars) {
    return core::Invalid(path + ".endToEndId", "informe o endToEndId (até 35 caracteres)");
  }
  pix.txid = text("txid");
  pix.payer_info = text("infoPagador");
  auto amount = ParseValor(item.contains("valor") ? item["valor"] : json(), path + ".valor");
  if (!amount) return core::Fail(std::move(amount.error()));
  pix.amount = *amount;
  auto paid_at = core::ParseRfc3339(text("horario"), path + ".horario");
  if (!paid_at) return core::Invalid(path + ".horario", "data e hora inválidas (RFC 3339)");
  pix.paid_at = *paid_at;
  return pix;
}

}  // namespace

json ImportReportJson(const reconciliation::ImportReport& report) {
  return json{
      {"id", report.id},
      {"kind", report.kind},
      {"file_name", report.file_name},
      {"file_sha256", report.file_sha256},
      {"bank_code", report.bank_code},
      {"agreement", report.agreement},
      {"duplicate_of", report.duplicate_of.empty() ? json(nullptr) : json(report.duplicate_of)},
      {"refused", report.refused},
      {"problems", ProblemsJson(report.problems)},
      {"records", report.records},
      {"posted", report.posted},
      {"already_imported", report.already_imported},
      {"queued", report.queued},
      {"registered", report.registered},
      {"registration_rejected", report.registration_rejected},
      {"reversed", report.reversed},
      {"informational", report.informational},
      {"posted_cents", report.posted_total.cents()},
      {"already_imported_cents", report.already_imported_total.cents()},
      {"queued_cents", report.queued_total.cents()},
      {"fee_cents", report.fee_total.cents()},
      {"started_at", core::FormatRfc3339(report.started_at)},
      {"finished_at", core::FormatRfc3339(report.finished_at)},
      {"started_by", report.started_by}};
}

json EventRecordJson(const EventRecord& record) {
  json out = BankEventJson(record.event);
  out["outcome"] = reconciliation::OutcomeName(record.outcome);
  out["import_id"] = record.import_id;
  out["installment"] = InstallmentJson(record.installment);
  out["payment_id"] = record.payment_id ? json(record.payment_id->str()) : json(nullptr);
  out["note"] = record.note;
  return out;
}

json QueueItemJson(const reconciliation::QueueItem& item) {
  json resolution = nullptr;
  if (item.resolution) {
    const auto& r = *item.resolution;
    resolution = json{
        {"action", r.action == reconciliation::Resolution::kAssigned ? "assigned" : "dismissed"},
        {"installment", InstallmentJson(r.installment)},
        {"payment_id", r.payment_id ? json(r.payment_id->str()) : json(nullptr)},
        {"reason", r.reason},
        {"resolved_at", core::FormatRfc3339(r.resolved_at)},
        {"resolved_by", r.resolved_by}};
  }
  return json{{"id", item.id},
              {"event", BankEventJson(item.event)},
              {"reason", item.reason},
              {"import_id", item.import_id},
              {"created_at", core::FormatRfc3339(item.created_at)},
              {"status", item.resolution ? "resolved" : "open"},
              {"resolution", resolution}};
}

json PixWebhookJson(const reconciliation::PixWebhook& webhook, bool with_secret) {
  json out{{"id", webhook.id},
           {"provider", webhook.provider},
           {"auth", reconciliation::WebhookAuthName(webhook.auth)},
           {"path", "/webhooks/pix/" + webhook.id},
           {"created_at", core::FormatRfc3339(webhook.created_at)},
           {"revoked", webhook.revoked}};
  if (with_secret) out["secret"] = webhook.secret;
  return out;
}

core::Result<std::vector<reconciliation::PixNotification>> ParsePixNotifications(const json& body) {
  if (!body.is_object() || !body.contains("pix") || !body["pix"].is_array()) {
    return core::Invalid("pix", "o corpo deve ter a lista \"pix\"");
  }
  const json& list = body["pix"];
  if (list.empty() || list.size() > kMaxNotifications) {
    return core::Invalid("pix", "envie de 1 a 1000 Pix por notificação");
  }
  std::vector<reconciliation::PixNotification> notifications;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto one = ParseOne(list[i], fmt::format("pix[{}]", i));
    if (!one) return core::Fail(std::move(one.error()));
    notifications.push_back(std::move(*one));
  }
  return notifications;
}

}  // namespace fiado::json
