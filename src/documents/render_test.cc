// The carnê PDF read back with pdftotext, pdfinfo, pdftoppm and zbarimg.
#include <algorithm>
#include <set>

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

// zbarimg options: only the two symbologies on the carnê; zbar's Interleaved 2 of 5 reads
// the 44-digit boleto barcode with its default length limits.
const std::vector<std::string> kZbarFlags = {"-Sdisable", "-Sqrcode.enable", "-Si25.enable"};

std::string RenderCarne(const fiado::testing::TempDir& dir, const Carne& carne) {
  const auto pdf = RenderCarnePdf(carne);
  EXPECT_TRUE(pdf.has_value()) << pdf.error().Describe();
  return WriteFile(dir, "carne.pdf", pdf.value_or(""));
}

TEST(DocumentsCarne, StartsAsAPdf) {
  const auto pdf = RenderCarnePdf(MakeCarne(1));
  ASSERT_TRUE(pdf.has_value()) << pdf.error().Describe();
  EXPECT_TRUE(pdf->starts_with("%PDF-"));
  EXPECT_LT(pdf->size(), 60'000u) << "fonts should be subset";
}

TEST(DocumentsCarne, TextHasShopCustomerInstallmentsAndAccents) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  fiado::testing::TempDir dir;
  const std::string text = Squeeze(PdfText(RenderCarne(dir, MakeCarne(3))));
  for (const char* expected :
       {"Móveis Crediário São Jorge Ltda",
        "CNPJ 11.222.333/0001-81",
        "Rua das Flores, 100, Centro",
        "São Paulo/SP, CEP 01001-000",
        "Maria da Conceição Araújo",
        "CPF 529.982.247-25",
        "Parcela 1/3",
        "Parcela 2/3",
        "Parcela 3/3",
        "10/03/2026",
        "10/04/2026",
        "10/05/2026",
        "R$ 94,56",
        "V-000123",
        "Sofá retrátil 3 lugares e mesa de centro",
        "Pague com Pix",
        "Após o vencimento: multa de 2,00% e juros de mora de 1,00% ao mês, pro rata dia.",
        "Banco do Brasil",
        "001-9",
        "00190.00009 01238.798977 77700.168188 2 13810000009456",
        "12387989777700168-4",
        "Recebido em"}) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(DocumentsCarne, PixCopyAndPasteTextJoinsBack) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  fiado::testing::TempDir dir;
  const std::string pdf = RenderCarne(dir, MakeCarne(3));
  // The payload is printed in lines of fixed character counts; deleting the line breaks of
  // pdftotext's output (default or -layout... here default and -raw) gives it back.
  const std::string joined = WithoutLineBreaks(PdfText(pdf));
  EXPECT_THAT(joined, HasSubstr(kPixC1));
  EXPECT_THAT(joined, HasSubstr(kPixC3));
  EXPECT_THAT(joined, HasSubstr(kPixP3));
  const std::string raw =
      WithoutLineBreaks(RunTool({kPdfToText, "-raw", "-enc", "UTF-8", pdf, "-"}));
  EXPECT_THAT(raw, HasSubstr(kPixC1));
  EXPECT_THAT(raw, HasSubstr(kPixP3));
}

TEST(DocumentsCarne, ThreeSlipsAPage) {
  FIADO_REQUIRE_TOOL(kPdfInfo, "poppler-utils");
  fiado::testing::TempDir dir;
  const std::string three = RenderCarne(dir, MakeCarne(3));
  EXPECT_EQ(PdfPages(three), 1);
  EXPECT_EQ(PdfInfo(three, "Title"), "Carnê V-000123 - Maria da Conceição Araújo");
  fiado::testing::TempDir other;
  EXPECT_EQ(PdfPages(RenderCarne(other, MakeCarne(4))), 2);
  const auto [width, height] = PdfPageSize(RenderCarne(other, MakeCarne(1)));
  EXPECT_NEAR(width, 595.28, 0.5);
  EXPECT_NEAR(height, 841.89, 0.5);
}

TEST(DocumentsCarne, UpdatedSlipShowsFaceChargesAndDate) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Carne carne = MakeCarne(1);
  CarneSlip& slip = carne.slips[0];
  slip.updated_to = D(2026, 3, 29);
  slip.face_amount = Cents(9456);
  slip.charges = Cents(249);
  slip.amount = Cents(9705);
  fiado::testing::TempDir dir;
  const std::string text = Squeeze(PdfText(RenderCarne(dir, carne)));
  EXPECT_THAT(text, HasSubstr("Valor atualizado até 29/03/2026: R$ 97,05"));
  EXPECT_THAT(text, HasSubstr("Valor original"));
  EXPECT_THAT(text, HasSubstr("R$ 2,49"));
}

TEST(DocumentsCarne, SlipWithoutCodesShowsOnlyTheAmounts) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Carne carne = MakeCarne(2);
  for (CarneSlip& slip : carne.slips) {
    slip.pix_payload.clear();
    slip.boleto.reset();
  }
  fiado::testing::TempDir dir;
  const std::string text = Squeeze(PdfText(RenderCarne(dir, carne)));
  EXPECT_THAT(text, HasSubstr("Parcela 2/2"));
  EXPECT_THAT(text, HasSubstr("R$ 94,56"));
  EXPECT_THAT(text, Not(HasSubstr("Pague com Pix")));
  EXPECT_THAT(text, Not(HasSubstr("Banco do Brasil")));
}

// Every QR code and every ITF barcode of every page decodes back to its payload/digits.
TEST(DocumentsCarne, BarcodesDecodeWithZbar) {
  FIADO_REQUIRE_TOOL(kPdfToPpm, "poppler-utils");
  FIADO_REQUIRE_TOOL(kZbarImg, "zbar-tools");
  const Carne carne = MakeCarne(4);
  fiado::testing::TempDir dir;
  const std::string pdf = RenderCarne(dir, carne);
  std::multiset<std::string> expected;
  for (const CarneSlip& slip : carne.slips) {
    expected.insert(slip.pix_payload);
    expected.insert(slip.boleto->barcode);
  }
  std::multiset<std::string> decoded;
  for (int page = 1; page <= 2; ++page) {
    for (const std::string& symbol : DecodeBarcodes(RenderPng(dir, pdf, page, 200), kZbarFlags)) {
      decoded.insert(symbol);
    }
  }
  EXPECT_EQ(decoded, expected);
}

TEST(DocumentsCarne, QrDecodesAt150Dpi) {
  FIADO_REQUIRE_TOOL(kPdfToPpm, "poppler-utils");
  FIADO_REQUIRE_TOOL(kZbarImg, "zbar-tools");
  fiado::testing::TempDir dir;
  const std::string pdf = RenderCarne(dir, MakeCarne(3));
  const auto symbols =
      DecodeBarcodes(RenderPng(dir, pdf, 1, 150), {"-Sdisable", "-Sqrcode.enable"});
  EXPECT_EQ(std::set<std::string>(symbols.begin(), symbols.end()),
            (std::set<std::string>{kPixC1, kPixC3, kPixP3}));
}

TEST(DocumentsCarne, LongTextsAreFittedNotOverflowing) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  Carne carne = MakeCarne(1);
  carne.issuer.name = std::string(120, 'M');
  carne.payer.name = "Maria " + std::string(100, 'A');
  carne.late_charge_rule = std::string(600, 'x');
  fiado::testing::TempDir dir;
  const std::string text = PdfText(RenderCarne(dir, carne));
  EXPECT_THAT(text, HasSubstr("…"));
  EXPECT_THAT(WithoutLineBreaks(text), HasSubstr(kPixC1));
}

}  // namespace
}  // namespace fiado::documents
