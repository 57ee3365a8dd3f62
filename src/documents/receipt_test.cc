// The receipt PDF, A4 and 80 mm thermal, read back with pdftotext and pdfinfo.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "documents/render.h"
#include "documents/test_data.h"
#include "support/pdf_tools.h"

namespace fiado::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace fiado::documents::testing;

std::string RenderReceipt(const fiado::testing::TempDir& dir, const Receipt& receipt,
                          PaperSize paper) {
  const auto pdf = RenderReceiptPdf(receipt, paper);
  EXPECT_TRUE(pdf.has_value()) << pdf.error().Describe();
  return WriteFile(dir, "receipt.pdf", pdf.value_or(""));
}

void ExpectReceiptFacts(const std::string& text) {
  for (const char* expected : {"Recibo de pagamento",
                               "PG-2026-000457",
                               "Móveis Crediário São Jorge Ltda",
                               "CNPJ 11.222.333/0001-81",
                               "Maria da Conceição Araújo",
                               "14/04/2026",
                               "Pix",
                               "Valor recebido",
                               "R$ 200,00",
                               "1/12",
                               "2/12",
                               "10/03/2026",
                               "R$ 94,56",
                               "R$ 1,89",
                               "R$ 1,13",
                               "R$ 7,43",
                               "Excedente guardado como crédito",
                               "R$ 3,29",
                               "Parcelas em aberto após este pagamento",
                               "10/05/2026",
                               "10/06/2026",
                               "Total em aberto",
                               "R$ 189,12",
                               "Saldo de crédito",
                               "Recebido por: Ana (caixa)"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(DocumentsReceipt, A4HasAmountsAllocationAndOpenTotal) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  fiado::testing::TempDir dir;
  const std::string pdf = RenderReceipt(dir, MakeReceipt(), PaperSize::kA4);
  const std::string text = Squeeze(PdfText(pdf, /*layout=*/true));
  ExpectReceiptFacts(text);
  EXPECT_THAT(text, HasSubstr("Multa Juros Principal Desconto Total"));
  EXPECT_THAT(text, HasSubstr("R$ 97,58"));  // 1,89 + 1,13 + 94,56
  EXPECT_THAT(text, Not(HasSubstr("ESTORNADO")));
  EXPECT_EQ(PdfPages(pdf), 1);
  const auto [width, height] = PdfPageSize(pdf);
  EXPECT_NEAR(width, 595.28, 0.5);
  EXPECT_NEAR(height, 841.89, 0.5);
}

TEST(DocumentsReceipt, Thermal80mmIs80mmWideAndAsTallAsItsContent) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  fiado::testing::TempDir dir;
  const std::string pdf = RenderReceipt(dir, MakeReceipt(), PaperSize::kThermal80mm);
  ExpectReceiptFacts(Squeeze(PdfText(pdf, /*layout=*/true)));
  EXPECT_EQ(PdfPages(pdf), 1);
  const auto [width, height] = PdfPageSize(pdf);
  EXPECT_NEAR(width, 226.77, 0.1);  // 80 mm
  EXPECT_GT(height, 300);
  EXPECT_LT(height, 1400);
}

TEST(DocumentsReceipt, ThermalGrowsWithManyLines) {
  FIADO_REQUIRE_TOOL(kPdfInfo, "poppler-utils");
  Receipt receipt = MakeReceipt();
  fiado::testing::TempDir dir;
  const double short_height =
      PdfPageSize(RenderReceipt(dir, receipt, PaperSize::kThermal80mm)).second;
  for (int i = 0; i < 30; ++i) receipt.open.push_back(receipt.open.front());
  fiado::testing::TempDir other;
  const std::string pdf = RenderReceipt(other, receipt, PaperSize::kThermal80mm);
  EXPECT_EQ(PdfPages(pdf), 1);
  EXPECT_GT(PdfPageSize(pdf).second, short_height + 200);
}

TEST(DocumentsReceipt, ReversalShowsABanner) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Receipt receipt = MakeReceipt();
  receipt.reversal = "Estornado em 15/04/2026: Pix devolvido pelo banco";
  for (const PaperSize paper : {PaperSize::kA4, PaperSize::kThermal80mm}) {
    fiado::testing::TempDir dir;
    const std::string text = Squeeze(PdfText(RenderReceipt(dir, receipt, paper), true));
    EXPECT_THAT(text, HasSubstr("ESTORNADO — Estornado em 15/04/2026: Pix devolvido pelo banco"));
  }
}

TEST(DocumentsReceipt, NothingOpenSaysSo) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Receipt receipt = MakeReceipt();
  receipt.open.clear();
  receipt.open_total = {};
  fiado::testing::TempDir dir;
  const std::string text = Squeeze(PdfText(RenderReceipt(dir, receipt, PaperSize::kA4), true));
  EXPECT_THAT(text, HasSubstr("Nenhuma parcela em aberto."));
  EXPECT_THAT(text, HasSubstr("Total em aberto R$ 0,00"));
}

TEST(DocumentsReceipt, ManyLinesSpanA4Pages) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Receipt receipt = MakeReceipt();
  for (int i = 0; i < 60; ++i) receipt.lines.push_back(receipt.lines.front());
  fiado::testing::TempDir dir;
  const std::string pdf = RenderReceipt(dir, receipt, PaperSize::kA4);
  EXPECT_EQ(PdfPages(pdf), 2);
  const std::string text = Squeeze(PdfText(pdf, /*layout=*/true));
  EXPECT_THAT(text, HasSubstr("Página 2 de 2"));
}

}  // namespace
}  // namespace fiado::documents
