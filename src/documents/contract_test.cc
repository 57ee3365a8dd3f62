// The contract PDF read back with pdftotext and pdfinfo.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "documents/render.h"
#include "documents/test_data.h"
#include "support/pdf_tools.h"

namespace fiado::documents {
namespace {

using ::testing::HasSubstr;
using namespace fiado::documents::testing;

std::string RenderContract(const fiado::testing::TempDir& dir, const Contract& contract) {
  const auto pdf = RenderContractPdf(contract);
  EXPECT_TRUE(pdf.has_value()) << pdf.error().Describe();
  return WriteFile(dir, "contract.pdf", pdf.value_or(""));
}

TEST(DocumentsContract, HasDisclosureScheduleAndClauses) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  const Contract contract = MakeContract(12);
  fiado::testing::TempDir dir;
  const std::string text = Squeeze(PdfText(RenderContract(dir, contract), true));
  for (const std::string& expected : std::vector<std::string>{
           "Contrato de venda a prazo (crediário) e confissão de dívida",
           "VENDEDOR (credor): Móveis Crediário São Jorge Ltda, CNPJ 11.222.333/0001-81",
           "COMPRADOR (devedor): Maria da Conceição Araújo, CPF 529.982.247-25",
           "Sofá retrátil 3 lugares e mesa de centro",
           "Preço à vista R$ 1.200,00",
           "Entrada R$ 200,00",
           "Valor financiado R$ 1.000,00",
           "Taxa de juros efetiva mensal 1,99% ao mês",
           "Taxa de juros efetiva anual 26,68% ao ano",
           "Custo efetivo total (CET) anual 27,12% ao ano",
           "Multa de mora 2,00% do valor da parcela em atraso",
           "Juros de mora 1,00% ao mês, pro rata die",
           "Total a prazo (entrada + parcelas) " +
               contract.disclosure.total_with_financing.Format(),
           "Total à vista R$ 1.200,00",
           "Total de juros " + contract.disclosure.total_interest.Format(),
           "Nº Vencimento Valor Juros Amortização",
           "1 10/03/2026 " + contract.schedule[0].amount.Format() + " R$ 19,90",
           "12 10/02/2027 " + contract.schedule[11].amount.Format(),
           "O COMPRADOR reconhece e confessa dever ao VENDEDOR a quantia de " +
               (contract.disclosure.total_with_financing - contract.disclosure.down_payment)
                   .Format() +
               ", a ser paga nas parcelas acima",
           "art. 784, III",
           "redução proporcional dos juros e demais acréscimos (CDC, art. 52, § 2º)",
           "São Paulo/SP, 8 de fevereiro de 2026.",
           "Testemunha 1",
           "Página 1 de"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(DocumentsContract, LongScheduleSpansPagesWithItsHeaderRepeated) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  const Contract contract = MakeContract(60);
  fiado::testing::TempDir dir;
  const std::string pdf = RenderContract(dir, contract);
  const int pages = PdfPages(pdf);
  EXPECT_GE(pages, 2);
  const std::string text = Squeeze(PdfText(pdf, /*layout=*/true));
  EXPECT_THAT(text, HasSubstr("60 10/02/2031"));
  EXPECT_THAT(text, HasSubstr("Página " + std::to_string(pages) + " de " + std::to_string(pages)));
  std::size_t headers = 0;
  for (std::size_t at = text.find("Nº Vencimento Valor"); at != std::string::npos;
       at = text.find("Nº Vencimento Valor", at + 1)) {
    ++headers;
  }
  EXPECT_GE(headers, 2u);
}

TEST(DocumentsContract, MissingCetIsSaid) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Contract contract = MakeContract(3);
  contract.disclosure.cet_annual.reset();
  fiado::testing::TempDir dir;
  EXPECT_THAT(Squeeze(PdfText(RenderContract(dir, contract), true)),
              HasSubstr("Custo efetivo total (CET) anual não calculável"));
}

}  // namespace
}  // namespace fiado::documents
