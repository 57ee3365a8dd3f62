// Printed documents over HTTP (docs/api.md, "Documents"): the carnê of a sale as JSON (the
// codes of each slip) or PDF, the sale contract and the payment receipt as PDFs. Printing
// gives each installment its payment codes the first time; later prints repeat them.
#include <httplib.h>

#include <charconv>

#include "http/api.h"

namespace fiado::http {
namespace {

using nlohmann::json;

constexpr const char* kPdfContentType = "application/pdf";
constexpr std::size_t kMaxChosenInstallments = 48;

void ReplyPdf(Call& call, const documents::Pdf& pdf) {
  call.response.status = 200;
  call.response.set_header("Content-Disposition", "inline; filename=\"" + pdf.file_name + "\"");
  call.response.set_header("Cache-Control", "no-store");
  call.response.set_content(pdf.bytes, kPdfContentType);
}

// "1,2,5" → {1, 2, 5}; empty → {}.
core::Result<std::vector<int>> ParseNumbers(const std::string& text) {
  std::vector<int> numbers;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    int number = 0;
    const auto [stop, error] = std::from_chars(text.data() + start, text.data() + end, number);
    if (error != std::errc() || stop != text.data() + end || number < 1) {
      return core::Invalid("installments",
                           "use os números das parcelas separados por vírgula: 1,2,3");
    }
    numbers.push_back(number);
    start = end + 1;
  }
  if (numbers.size() > kMaxChosenInstallments) {
    return core::Invalid("installments", "escolha no máximo 48 parcelas");
  }
  return numbers;
}

std::optional<documents::CarneRequest> ReadCarneRequest(Call& call) {
  auto id = sales::SaleId::Parse(call.Param(1));
  if (!id) {
    call.Fail(core::Error::NotFound("venda não encontrada"));
    return std::nullopt;
  }
  documents::CarneRequest request;
  request.sale_id = *id;
  auto numbers = ParseNumbers(call.Query("installments"));
  if (!numbers) {
    call.Fail(numbers.error());
    return std::nullopt;
  }
  request.installments = std::move(*numbers);
  if (const std::string text = call.Query("updated_to"); !text.empty()) {
    auto date = core::ParseIsoDate(text, "updated_to");
    if (!date) {
      call.Fail(core::Error::Invalid("updated_to", "data inválida: use AAAA-MM-DD"));
      return std::nullopt;
    }
    request.updated_to = *date;
  }
  return request;
}

json BoletoJson(const documents::BoletoCode& boleto) {
  std::string linha;
  for (const char c : boleto.linha) {
    if (c >= '0' && c <= '9') linha += c;
  }
  return json{{"bank_code", boleto.bank_code.substr(0, 3)},
              {"bank_name", boleto.bank_name},
              {"barcode", boleto.barcode},
              {"linha", linha},
              {"linha_formatted", boleto.linha},
              {"nosso_numero", boleto.nosso_numero},
              {"beneficiary", boleto.beneficiary_code}};
}

json SlipJson(const documents::CarneSlip& slip) {
  json item = {{"number", slip.number},
               {"count", slip.count},
               {"due_date", core::FormatIso(slip.due_date)},
               {"amount_cents", slip.amount.cents()},
               {"face_cents", slip.face_amount.cents()},
               {"charges_cents", slip.charges.cents()},
               {"updated_to", nullptr},
               {"txid", slip.txid},
               {"pix_payload", nullptr},
               {"boleto", nullptr}};
  if (slip.updated_to) item["updated_to"] = core::FormatIso(*slip.updated_to);
  if (!slip.pix_payload.empty()) item["pix_payload"] = slip.pix_payload;
  if (slip.boleto) item["boleto"] = BoletoJson(*slip.boleto);
  return item;
}

void GetCarne(Call& call) {
  auto request = ReadCarneRequest(call);
  if (!request) return;
  auto carne = call.services.documents.CarneOf(call.principal.store_id, *request);
  if (!carne) return call.Fail(carne.error());
  json slips = json::array();
  for (const auto& slip : carne->slips) slips.push_back(SlipJson(slip));
  call.Reply(200, {{"sale_id", request->sale_id.str()},
                   {"late_charge_rule", carne->late_charge_rule},
                   {"slips", slips}});
}

void GetCarnePdf(Call& call) {
  auto request = ReadCarneRequest(call);
  if (!request) return;
  auto pdf = call.services.documents.CarnePdf(call.principal.store_id, *request);
  if (!pdf) return call.Fail(pdf.error());
  ReplyPdf(call, *pdf);
}

void GetContractPdf(Call& call) {
  auto id = sales::SaleId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("venda não encontrada"));
  auto pdf = call.services.documents.ContractPdf(call.principal.store_id, *id);
  if (!pdf) return call.Fail(pdf.error());
  ReplyPdf(call, *pdf);
}

void GetReceiptPdf(Call& call) {
  auto id = payments::PaymentId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("pagamento não encontrado"));
  const std::string paper_text = call.Query("paper");
  documents::PaperSize paper = documents::PaperSize::kA4;
  if (paper_text == "80mm") {
    paper = documents::PaperSize::kThermal80mm;
  } else if (!paper_text.empty() && paper_text != "a4") {
    return call.Fail(core::Error::Invalid("paper", "use a4 ou 80mm"));
  }
  auto pdf = call.services.documents.ReceiptPdf(call.principal.store_id, *id, paper);
  if (!pdf) return call.Fail(pdf.error());
  ReplyPdf(call, *pdf);
}

}  // namespace

// ?sequence=N: the shop's running number of remittance files (NSA), 1 when absent.
void GetRemittance(Call& call) {
  auto id = sales::SaleId::Parse(call.Param(1));
  if (!id) return call.Fail(core::Error::NotFound("venda não encontrada"));
  std::int64_t sequence = 1;
  if (const std::string text = call.Query("sequence"); !text.empty()) {
    const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), sequence);
    if (error != std::errc() || stop != text.data() + text.size() || sequence < 1 ||
        sequence > 999999) {
      return call.Fail(core::Error::Invalid("sequence", "use um número de 1 a 999999"));
    }
  }
  auto file = call.services.documents.RemittanceOf(call.principal.store_id, *id, sequence,
                                                   call.services.clock.Now());
  if (!file) return call.Fail(file.error());
  call.response.status = 200;
  call.response.set_header("Content-Disposition",
                           "attachment; filename=\"" + file->file_name + "\"");
  call.response.set_content(file->bytes, "text/plain; charset=us-ascii");
}

std::vector<Route> DocumentRoutes() {
  using access::Permission;
  return {
      Route{"GET", "/api/v1/sales/{id}/carne", false, Permission::kCustomersRead, GetCarne},
      Route{"GET", "/api/v1/sales/{id}/carne.pdf", false, Permission::kCustomersRead, GetCarnePdf},
      Route{"GET", "/api/v1/sales/{id}/remittance.rem", false, Permission::kPaymentsReconcile,
            GetRemittance},
      Route{"GET", "/api/v1/sales/{id}/contract.pdf", false, Permission::kCustomersRead,
            GetContractPdf},
      Route{"GET", "/api/v1/payments/{id}/receipt.pdf", false, Permission::kCustomersRead,
            GetReceiptPdf},
  };
}

}  // namespace fiado::http
