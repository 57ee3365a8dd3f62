#include "documents/validate.h"

#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "core/text.h"
#include "documents/text_format.h"
#include "payments/boleto.h"
#include "payments/pix.h"

namespace fiado::documents {
namespace {

// Collects the faults of one document.
class Faults {
 public:
  void Add(std::string field, std::string message_pt) {
    fields_.push_back({std::move(field), std::move(message_pt)});
  }
  void Require(bool ok, std::string field, std::string message_pt) {
    if (!ok) Add(std::move(field), std::move(message_pt));
  }
  void RequireText(std::string_view text, std::string field, std::string message_pt) {
    Require(!core::Trim(text).empty(), std::move(field), std::move(message_pt));
  }
  void RequireDate(core::Date date, std::string field) {
    Require(date.ok(), std::move(field), "data inválida");
  }
  void RequireNotNegative(core::Money amount, std::string field) {
    Require(!amount.IsNegative(), std::move(field), "valor não pode ser negativo");
  }
  core::Status Done() const {
    if (fields_.empty()) return {};
    return core::Fail(core::Error::InvalidFields(fields_));
  }

 private:
  std::vector<core::FieldError> fields_;
};

void CheckIssuer(const Issuer& issuer, bool needs_address, Faults& faults) {
  faults.RequireText(issuer.name, "issuer.name", "nome da loja é obrigatório");
  faults.RequireText(issuer.legal_id, "issuer.legal_id", "CNPJ ou CPF da loja é obrigatório");
  if (!needs_address) return;
  faults.RequireText(issuer.address_line, "issuer.address_line",
                     "endereço da loja é obrigatório (CDC art. 42-A)");
  faults.RequireText(issuer.city_line, "issuer.city_line",
                     "cidade da loja é obrigatória (CDC art. 42-A)");
}

void CheckInstallmentNumber(int number, int count, const std::string& field, Faults& faults) {
  faults.Require(count >= 1 && number >= 1 && number <= count, field,
                 "número da parcela deve estar entre 1 e o total de parcelas");
}

void CheckPix(std::string_view payload, const std::string& field, Faults& faults) {
  if (payload.empty()) return;
  if (payload.size() > kMaxPixPayloadBytes) {
    return faults.Add(field, "código Pix copia e cola passa de 512 caracteres");
  }
  bool printable = core::IsValidUtf8(payload);
  for (const char c : payload)
    printable = printable && static_cast<unsigned char>(c) >= 0x20 && c != 0x7F;
  if (!printable) return faults.Add(field, "código Pix copia e cola tem caracteres inválidos");
  if (auto decoded = payments::DecodePix(payload); !decoded) {
    faults.Add(field, "código Pix copia e cola inválido: " + decoded.error().message_pt);
  }
}

// The linha and the barcode through the payments module's decoder (every check digit);
// `due` only picks the date of the due factor.
void CheckBoleto(const BoletoCode& boleto, core::Date due, const std::string& at, Faults& faults) {
  faults.RequireText(boleto.bank_name, at + ".bank_name", "nome do banco é obrigatório");
  faults.RequireText(boleto.bank_code, at + ".bank_code", "código do banco é obrigatório");
  const bool barcode_ok = boleto.barcode.size() == 44 && core::IsAsciiDigits(boleto.barcode);
  faults.Require(barcode_ok, at + ".barcode", "código de barras do boleto deve ter 44 dígitos");
  if (barcode_ok) {
    if (auto decoded = payments::DecodeBoleto(boleto.barcode, due); !decoded) {
      return faults.Add(at + ".barcode", decoded.error().message_pt);  // one fault is enough
    }
  }
  const std::string linha = core::DigitsOnly(boleto.linha);
  if (linha.size() != 47) return faults.Add(at + ".linha", "linha digitável deve ter 47 dígitos");
  auto decoded = payments::DecodeBoleto(linha, due);
  if (!decoded) return faults.Add(at + ".linha", decoded.error().message_pt);
  if (barcode_ok) {
    faults.Require(decoded->barcode == boleto.barcode, at + ".linha",
                   "linha digitável não corresponde ao código de barras");
  }
}

void CheckSlip(const CarneSlip& slip, const std::string& at, Faults& faults) {
  CheckInstallmentNumber(slip.number, slip.count, at + ".number", faults);
  faults.RequireDate(slip.due_date, at + ".due_date");
  faults.Require(slip.amount.IsPositive(), at + ".amount", "valor da parcela deve ser positivo");
  if (slip.updated_to) {
    faults.RequireDate(*slip.updated_to, at + ".updated_to");
    faults.Require(slip.face_amount.IsPositive(), at + ".face_amount",
                   "valor original da parcela deve ser positivo");
    faults.RequireNotNegative(slip.charges, at + ".charges");
    faults.Require(slip.face_amount + slip.charges == slip.amount, at + ".amount",
                   "valor atualizado deve ser o valor original mais os encargos");
  }
  CheckPix(slip.pix_payload, at + ".pix_payload", faults);
  if (slip.boleto) CheckBoleto(*slip.boleto, slip.due_date, at + ".boleto", faults);
}

}  // namespace

core::Status ValidateCarne(const Carne& carne) {
  Faults faults;
  CheckIssuer(carne.issuer, /*needs_address=*/true, faults);
  faults.RequireText(carne.payer.name, "payer.name", "nome do cliente é obrigatório");
  faults.Require(!carne.slips.empty(), "slips", "o carnê precisa de ao menos uma parcela");
  for (std::size_t i = 0; i < carne.slips.size(); ++i) {
    CheckSlip(carne.slips[i], fmt::format("slips[{}]", i), faults);
  }
  return faults.Done();
}

core::Status ValidateReceipt(const Receipt& receipt) {
  Faults faults;
  CheckIssuer(receipt.issuer, /*needs_address=*/false, faults);
  faults.RequireText(receipt.payer.name, "payer.name", "nome do cliente é obrigatório");
  faults.RequireText(receipt.payment_id, "payment_id", "número do pagamento é obrigatório");
  faults.RequireDate(receipt.paid_on, "paid_on");
  faults.RequireText(receipt.method, "method", "forma de pagamento é obrigatória");
  faults.RequireNotNegative(receipt.amount, "amount");
  faults.RequireNotNegative(receipt.credit_used, "credit_used");
  faults.Require(receipt.amount.IsPositive() || receipt.credit_used.IsPositive(), "amount",
                 "valor recebido deve ser positivo");
  for (std::size_t i = 0; i < receipt.lines.size(); ++i) {
    const ReceiptLine& line = receipt.lines[i];
    const std::string at = fmt::format("lines[{}]", i);
    CheckInstallmentNumber(line.number, line.count, at + ".number", faults);
    faults.RequireDate(line.due_date, at + ".due_date");
    faults.RequireNotNegative(line.late_fee, at + ".late_fee");
    faults.RequireNotNegative(line.interest, at + ".interest");
    faults.RequireNotNegative(line.principal, at + ".principal");
    faults.RequireNotNegative(line.discount, at + ".discount");
  }
  for (std::size_t i = 0; i < receipt.open.size(); ++i) {
    const std::string at = fmt::format("open[{}]", i);
    CheckInstallmentNumber(receipt.open[i].number, receipt.open[i].count, at + ".number", faults);
    faults.RequireDate(receipt.open[i].due_date, at + ".due_date");
    faults.RequireNotNegative(receipt.open[i].updated_value, at + ".updated_value");
  }
  faults.RequireNotNegative(receipt.open_total, "open_total");
  return faults.Done();
}

core::Status ValidateContract(const Contract& contract) {
  Faults faults;
  CheckIssuer(contract.issuer, /*needs_address=*/true, faults);
  faults.RequireText(contract.payer.name, "payer.name", "nome do comprador é obrigatório");
  faults.RequireText(contract.description, "description", "descrição da mercadoria é obrigatória");
  faults.RequireDate(contract.sale_date, "sale_date");
  const sales::Disclosure& d = contract.disclosure;
  faults.Require(d.price.IsPositive(), "disclosure.price", "preço à vista deve ser positivo");
  faults.Require(!contract.schedule.empty(), "schedule",
                 "o contrato precisa de ao menos uma parcela");
  faults.Require(d.installment_count == static_cast<int>(contract.schedule.size()),
                 "disclosure.installment_count", "número de parcelas difere do cronograma");
  for (std::size_t i = 0; i < contract.schedule.size(); ++i) {
    const sales::Installment& row = contract.schedule[i];
    const std::string at = fmt::format("schedule[{}]", i);
    faults.Require(row.number == static_cast<int>(i) + 1, at + ".number",
                   "parcelas devem estar numeradas em ordem a partir de 1");
    faults.RequireDate(row.due_date, at + ".due_date");
    faults.Require(row.amount.IsPositive(), at + ".amount", "valor da parcela deve ser positivo");
    faults.RequireNotNegative(row.interest, at + ".interest");
    faults.RequireNotNegative(row.amortization, at + ".amortization");
  }
  return faults.Done();
}

}  // namespace fiado::documents
