// zint encodings, the font subset and the canvas on their own.
#include <fstream>
#include <iterator>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "documents/barcodes.h"
#include "documents/font_subset.h"
#include "documents/pdf_canvas.h"
#include "documents/test_data.h"
#include "documents/win_ansi.h"
#include "support/pdf_tools.h"

namespace fiado::documents {
namespace {

using ::testing::HasSubstr;
using namespace fiado::documents::testing;

int DarkModules(const BarcodeModules& modules) {
  int total = 0;
  for (const ModuleRect& r : modules.dark) total += r.width * r.height;
  return total;
}

TEST(DocumentsBarcodes, ItfOf44DigitsIs405ModulesWithoutCheckDigit) {
  const BarcodeModules itf = EncodeItf(kBoletos[0].barcode);
  EXPECT_EQ(itf.width, 405);  // STANDARDS §2.5: 4 + 22 × 18 + 5
  EXPECT_EQ(itf.height, 1);
  // 22 pairs × 5 bars + 2 start bars + 2 stop bars; each digit's bars: 3 narrow + 2 wide.
  EXPECT_EQ(itf.dark.size(), 22u * 5 + 4);
  EXPECT_EQ(DarkModules(itf), 22 * (3 + 2 * 3) + 2 + 4);
  EXPECT_THROW(EncodeItf("123"), BarcodeError);
}

TEST(DocumentsBarcodes, QrOfAPixPayload) {
  const BarcodeModules qr = EncodeQr(kPixC1);
  EXPECT_EQ(qr.width, qr.height);
  EXPECT_GE(qr.width, 41);  // version 6 or more for ~140 characters at level M
  EXPECT_LE(qr.width, 49);
  EXPECT_LT(qr.dark.size(), static_cast<std::size_t>(qr.width * qr.width / 2));
  EXPECT_THROW(EncodeQr(std::string(8000, 'x')), BarcodeError);
}

std::string ReadFont(const char* name) {
  std::ifstream in(std::string("/usr/share/fonts/truetype/dejavu/") + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(DocumentsFontSubset, DejaVuSubsetsToAFewKilobytes) {
  const std::string font = ReadFont("DejaVuSans.ttf");
  if (font.empty()) GTEST_SKIP() << "fonts-dejavu-core is not installed";
  const std::string subset = SubsetTrueType(font, WinAnsiCodePoints(), true);
  EXPECT_LT(subset.size(), 60'000u);
  const std::string hinted = SubsetTrueType(font, WinAnsiCodePoints(), false);
  EXPECT_GT(hinted.size(), subset.size());
  EXPECT_THROW(SubsetTrueType("not a font", WinAnsiCodePoints(), true), FontSubsetError);
  EXPECT_THROW(SubsetTrueType(font.substr(0, 4000), WinAnsiCodePoints(), true), FontSubsetError);
}

TEST(DocumentsCanvas, EveryWinAnsiCharacterPrintsAndExtracts) {
  FIADO_REQUIRE_TOOL(kPdfToText, "poppler-utils");
  std::u32string all;
  for (const char32_t c : WinAnsiCodePoints()) {
    if (c != U' ' && c != 0xA0 && c != 0xAD) all += c;  // spaces and the soft hyphen vanish
  }
  const std::string text = EncodeUtf8(all);
  PdfCanvas canvas("teste");
  canvas.AddPage(kA4WidthPt, kA4HeightPt);
  double baseline = 40;
  for (int font = 0; font < 3; ++font) {
    for (std::size_t at = 0; at < all.size(); at += 40) {
      canvas.Text(20, baseline, static_cast<Font>(font), 10, EncodeUtf8(all.substr(at, 40)));
      baseline += 14;
    }
  }
  fiado::testing::TempDir dir;
  const std::string extracted =
      RunTool({kPdfToText, "-raw", "-enc", "UTF-8", WriteFile(dir, "all.pdf", canvas.Save()), "-"});
  const std::string joined = WithoutLineBreaks(extracted);
  EXPECT_EQ(joined, text + text + text);
}

TEST(DocumentsCanvas, WrapBreaksAtSpacesAndInsideLongWords) {
  PdfCanvas canvas("teste");
  const double width = canvas.TextWidth(Font::kRegular, 10, "palavra palavra");
  EXPECT_GT(width, 0);
  const auto lines = canvas.Wrap(Font::kRegular, 10, width, "palavra palavra palavra palavra");
  EXPECT_EQ(lines, (std::vector<std::string>{"palavra palavra", "palavra palavra"}));
  const auto broken = canvas.Wrap(Font::kRegular, 10, width / 3, "ááááááááááááááááá");
  EXPECT_GT(broken.size(), 2u);
  std::string joined;
  for (const auto& line : broken) joined += line;
  EXPECT_EQ(joined, "ááááááááááááááááá");
  EXPECT_EQ(canvas.Wrap(Font::kRegular, 10, 500, "a\n\nb").size(), 3u);
}

TEST(DocumentsCanvas, DrawingBeforeAPageIsAnError) {
  PdfCanvas canvas("teste");
  EXPECT_THROW(canvas.Text(0, 0, Font::kRegular, 10, "x"), PdfError);
}

}  // namespace
}  // namespace fiado::documents
