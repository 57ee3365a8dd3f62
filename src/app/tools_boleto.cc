#include "app/tools.h"

#include <nlohmann/json.hpp>

#include "payments/boleto.h"
#include "payments/boleto_banks.h"

namespace fiado::app {
namespace {

using nlohmann::json;

json DescribeBoleto(const payments::DecodedBoleto& boleto) {
  const auto bank = payments::FindBank(boleto.bank_code);
  json result;
  result["valid"] = true;
  result["bank"] = boleto.bank_code;
  result["bank_name"] = bank ? json(std::string(bank->name)) : json(nullptr);
  result["due_date"] = boleto.due_date ? json(core::FormatIso(*boleto.due_date)) : json(nullptr);
  result["due_factor"] = boleto.due_factor;
  result["amount_cents"] = boleto.amount.cents();
  result["barcode"] = boleto.barcode;
  result["linha"] = boleto.linha;
  result["linha_formatted"] = payments::FormatLinha(boleto.linha);
  result["campo_livre"] = boleto.campo_livre;
  return result;
}

}  // namespace

int BoletoDecodeTool(const std::string& text, core::Date today, std::ostream& out,
                     std::ostream& err) {
  const auto decoded = payments::DecodeBoleto(text, today);
  if (!decoded) {
    const json result = {{"valid", false}, {"input", text}, {"reason", decoded.error().message_pt}};
    out << result.dump(2) << '\n';
    err << "inválido: " << decoded.error().message_pt << '\n';
    return 1;
  }
  out << DescribeBoleto(*decoded).dump(2) << '\n';
  return 0;
}

}  // namespace fiado::app
