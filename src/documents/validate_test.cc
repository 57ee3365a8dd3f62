// Bad input is refused before any PDF is made, naming the field at fault.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "documents/render.h"
#include "documents/test_data.h"
#include "documents/validate.h"

namespace fiado::documents {
namespace {

using ::testing::HasSubstr;
using namespace fiado::documents::testing;

// The single field a refused document names, with its message.
template <typename T>
void ExpectRefused(const core::Result<T>& result, const std::string& field,
                   const std::string& message_part) {
  ASSERT_FALSE(result.has_value()) << "expected an error on " << field;
  EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().field, field) << result.error().Describe();
  EXPECT_THAT(result.error().message_pt, HasSubstr(message_part));
}

TEST(DocumentsValidate, ZeroOrNegativeSlipAmount) {
  Carne carne = MakeCarne(3);
  carne.slips[2].amount = {};
  ExpectRefused(RenderCarnePdf(carne), "slips[2].amount", "valor da parcela deve ser positivo");
  carne.slips[2].amount = Cents(-100);
  ExpectRefused(RenderCarnePdf(carne), "slips[2].amount", "positivo");
}

TEST(DocumentsValidate, IssuerNameAndLegalIdAreRequired) {
  Carne carne = MakeCarne(1);
  carne.issuer.name = "  ";
  ExpectRefused(RenderCarnePdf(carne), "issuer.name", "nome da loja");
  carne = MakeCarne(1);
  carne.issuer.legal_id.clear();
  ExpectRefused(RenderCarnePdf(carne), "issuer.legal_id", "CNPJ ou CPF");
  carne = MakeCarne(1);
  carne.issuer.address_line.clear();
  ExpectRefused(RenderCarnePdf(carne), "issuer.address_line", "art. 42-A");
  Receipt receipt = MakeReceipt();
  receipt.issuer.name.clear();
  ExpectRefused(RenderReceiptPdf(receipt, PaperSize::kA4), "issuer.name", "nome da loja");
  Contract contract = MakeContract(3);
  contract.issuer.legal_id.clear();
  ExpectRefused(RenderContractPdf(contract), "issuer.legal_id", "CNPJ ou CPF");
}

TEST(DocumentsValidate, EmptyCarne) {
  Carne carne = MakeCarne(1);
  carne.slips.clear();
  ExpectRefused(RenderCarnePdf(carne), "slips", "ao menos uma parcela");
}

TEST(DocumentsValidate, BoletoBarcodeMustHave44ValidDigits) {
  Carne carne = MakeCarne(2);
  carne.slips[1].boleto->barcode.pop_back();
  ExpectRefused(RenderCarnePdf(carne), "slips[1].boleto.barcode", "44 dígitos");
  carne = MakeCarne(2);
  carne.slips[1].boleto->barcode[10] = 'x';
  ExpectRefused(RenderCarnePdf(carne), "slips[1].boleto.barcode", "44 dígitos");
  carne = MakeCarne(1);
  carne.slips[0].boleto->barcode[4] = '7';  // general check digit
  carne.slips[0].boleto->linha = "00190.00009 01238.798977 77700.168188 7 13810000009456";
  ExpectRefused(RenderCarnePdf(carne), "slips[0].boleto.barcode", "dígito verificador");
}

TEST(DocumentsValidate, LinhaMustMatchTheBarcode) {
  Carne carne = MakeCarne(1);
  carne.slips[0].boleto->linha = kBoletos[1].linha;
  ExpectRefused(RenderCarnePdf(carne), "slips[0].boleto.linha", "não corresponde");
  carne.slips[0].boleto->linha = "00190.00009 01238.798977";
  ExpectRefused(RenderCarnePdf(carne), "slips[0].boleto.linha", "47 dígitos");
  carne.slips[0].boleto->linha = "00190.00008 01238.798977 77700.168188 2 13810000009456";
  ExpectRefused(RenderCarnePdf(carne), "slips[0].boleto.linha", "dígito verificador");
}

TEST(DocumentsValidate, PixPayloadMustCarryItsCrc) {
  Carne carne = MakeCarne(1);
  carne.slips[0].pix_payload.back() = '3';
  ExpectRefused(RenderCarnePdf(carne), "slips[0].pix_payload", "CRC");
  carne.slips[0].pix_payload = kPixC1 + "\n";
  ExpectRefused(RenderCarnePdf(carne), "slips[0].pix_payload", "caracteres inválidos");
  carne.slips[0].pix_payload = std::string(600, '0');
  ExpectRefused(RenderCarnePdf(carne), "slips[0].pix_payload", "512");
}

TEST(DocumentsValidate, UpdatedSlipMustAddUp) {
  Carne carne = MakeCarne(1);
  carne.slips[0].updated_to = D(2026, 3, 29);
  carne.slips[0].face_amount = Cents(9456);
  carne.slips[0].charges = Cents(249);
  ExpectRefused(RenderCarnePdf(carne), "slips[0].amount", "valor original mais os encargos");
}

TEST(DocumentsValidate, InstallmentNumberWithinCount) {
  Carne carne = MakeCarne(2);
  carne.slips[0].number = 3;
  ExpectRefused(RenderCarnePdf(carne), "slips[0].number", "entre 1 e o total");
}

TEST(DocumentsValidate, EveryFaultIsListed) {
  Carne carne = MakeCarne(3);
  carne.issuer.name.clear();
  carne.slips[0].amount = {};
  carne.slips[2].boleto->barcode = "123";
  const auto result = RenderCarnePdf(carne);
  ASSERT_FALSE(result.has_value());
  std::vector<std::string> fields;
  for (const auto& each : result.error().fields) fields.push_back(each.field);
  EXPECT_THAT(fields,
              ::testing::ElementsAre("issuer.name", "slips[0].amount", "slips[2].boleto.barcode"));
  EXPECT_THAT(result.error().Describe(), HasSubstr("há 3 campos com problemas"));
}

TEST(DocumentsValidate, ReceiptNeedsSomethingReceived) {
  Receipt receipt = MakeReceipt();
  receipt.amount = {};
  ExpectRefused(RenderReceiptPdf(receipt, PaperSize::kThermal80mm), "amount", "positivo");
  receipt.credit_used = Cents(500);
  EXPECT_TRUE(RenderReceiptPdf(receipt, PaperSize::kThermal80mm).has_value());
  receipt.lines[1].principal = Cents(-1);
  ExpectRefused(RenderReceiptPdf(receipt, PaperSize::kA4), "lines[1].principal", "negativo");
}

TEST(DocumentsValidate, ContractScheduleMatchesTheDisclosure) {
  Contract contract = MakeContract(3);
  contract.disclosure.installment_count = 4;
  ExpectRefused(RenderContractPdf(contract), "disclosure.installment_count", "cronograma");
  contract = MakeContract(3);
  contract.schedule[1].amount = {};
  ExpectRefused(RenderContractPdf(contract), "schedule[1].amount", "positivo");
  contract = MakeContract(3);
  contract.schedule.clear();
  contract.disclosure.installment_count = 0;
  ExpectRefused(RenderContractPdf(contract), "schedule", "ao menos uma parcela");
}

}  // namespace
}  // namespace fiado::documents
