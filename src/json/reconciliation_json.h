// The JSON shapes of reconciliation (docs/api.md, "Bank files and reconciliation"): import
// reports, bank events, queue items, Pix webhooks; and the reading of a Pix notification
// body in the central bank's Pix API format ({"pix":[{endToEndId, txid, valor, horario,
// infoPagador}]}). Money is integer centavos in *_cents.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "reconciliation/model.h"

namespace fiado::json {

nlohmann::json ImportReportJson(const reconciliation::ImportReport& report);
nlohmann::json EventRecordJson(const reconciliation::EventRecord& record);
nlohmann::json QueueItemJson(const reconciliation::QueueItem& item);
// Without the secret unless `with_secret` (only the answer that creates it shows it).
nlohmann::json PixWebhookJson(const reconciliation::PixWebhook& webhook, bool with_secret);

// Errors name the field: "pix[0].valor". "valor" is a decimal string with '.' ("110.00");
// "horario" RFC 3339; endToEndId 1–35 characters; txid may be absent.
core::Result<std::vector<reconciliation::PixNotification>> ParsePixNotifications(
    const nlohmann::json& body);

}  // namespace fiado::json
