// `fiado tools pix encode|decode`: the Pix BR Code of payments/pix.h from a shell.
#include <nlohmann/json.hpp>

#include "app/tools.h"
#include "core/money.h"
#include "payments/pix.h"

namespace fiado::app {
namespace {

using nlohmann::json;

// The text of JSON output: invalid UTF-8 in an echoed input is replaced, never thrown on.
std::string Dump(const json& value) {
  return value.dump(2, ' ', false, json::error_handler_t::replace);
}

json OrNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json DescribePayload(const payments::PixPayload& payload) {
  return {
      {"valid", true},
      {"point_of_initiation",
       payload.point_of_initiation ? json(*payload.point_of_initiation) : json(nullptr)},
      {"gui", payload.gui},
      {"key", OrNull(payload.key)},
      {"info", OrNull(payload.info)},
      {"url", OrNull(payload.url)},
      {"mcc", payload.mcc},
      {"currency", payload.currency},
      {"amount", OrNull(payload.amount_text)},
      {"amount_cents", payload.amount ? json(payload.amount->cents()) : json(nullptr)},
      {"country", payload.country},
      {"merchant_name", payload.merchant_name},
      {"merchant_city", payload.merchant_city},
      {"postal_code", OrNull(payload.postal_code)},
      {"txid", payload.txid},
      {"crc", payload.crc},
  };
}

}  // namespace

int PixEncodeTool(const PixEncodeOptions& options, std::ostream& out, std::ostream& err) {
  payments::PixCharge charge{.key = options.key,
                             .merchant_name = options.name,
                             .merchant_city = options.city,
                             .amount = std::nullopt,
                             .txid = options.txid,
                             .info = options.info};
  if (!options.amount.empty()) {
    const auto amount = core::Money::Parse(options.amount, "amount");
    if (!amount) {
      err << "inválido: " << amount.error().Describe() << '\n';
      return 1;
    }
    charge.amount = *amount;
  }
  const auto payload = payments::EncodePix(charge);
  if (!payload) {
    err << "inválido: " << payload.error().Describe() << '\n';
    return 1;
  }
  out << *payload << '\n';
  return 0;
}

int PixDecodeTool(const std::string& payload, std::ostream& out, std::ostream& err) {
  const auto decoded = payments::DecodePix(payload);
  if (!decoded) {
    const json result = {
        {"input", payload}, {"valid", false}, {"reason", decoded.error().message_pt}};
    out << Dump(result) << '\n';
    err << "inválido: " << decoded.error().message_pt << '\n';
    return 1;
  }
  json result = DescribePayload(*decoded);
  result["input"] = payload;
  out << Dump(result) << '\n';
  return 0;
}

}  // namespace fiado::app
