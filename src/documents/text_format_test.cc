#include "documents/text_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.h"
#include "documents/test_data.h"
#include "documents/win_ansi.h"

namespace fiado::documents {
namespace {

using namespace fiado::documents::testing;

TEST(DocumentsText, PercentText) {
  EXPECT_EQ(PercentText(core::Rate::FromBps(199), 2, 4), "1,99%");
  EXPECT_EQ(PercentText(core::Rate::FromBps(200), 2, 2), "2,00%");
  EXPECT_EQ(PercentText(core::Rate::FromBps(150), 2, 2), "1,50%");
  EXPECT_EQ(PercentText(core::Rate::FromUnits(26'682503), 2, 2), "26,68%");
  EXPECT_EQ(PercentText(core::Rate::FromUnits(26'685000), 2, 2), "26,69%");
  EXPECT_EQ(PercentText(core::Rate::FromUnits(1'987654), 2, 4), "1,9877%");
  EXPECT_EQ(PercentText(core::Rate::FromUnits(0), 2, 2), "0,00%");
}

TEST(DocumentsText, TaxIdLabelAndIssuerLines) {
  EXPECT_EQ(TaxIdLabel("11.222.333/0001-81"), "CNPJ");
  EXPECT_EQ(TaxIdLabel("12.ABC.345/01DE-35"), "CNPJ");
  EXPECT_EQ(TaxIdLabel("529.982.247-25"), "CPF");
  EXPECT_EQ(IssuerIdLine(Shop()),
            "CNPJ 11.222.333/0001-81 · Tel. (11) 3333-4444 · contato@saojorge.com.br");
  EXPECT_EQ(IssuerAddressLine(Shop()), "Rua das Flores, 100, Centro — São Paulo/SP, CEP 01001-000");
}

TEST(DocumentsText, LongDate) {
  EXPECT_EQ(LongDateBr(D(2026, 3, 10)), "10 de março de 2026");
  EXPECT_EQ(LongDateBr(D(2026, 12, 1)), "1º de dezembro de 2026");
}

TEST(DocumentsText, ChunkFixedJoinsBackAndAvoidsBadBreaks) {
  for (const std::string& payload :
       {kPixC1, kPixC3, kPixP3,
        std::string("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204")}) {
    for (std::size_t per_line : {20u, 33u, 45u, 100u, 500u}) {
      const std::vector<std::string> lines = ChunkFixed(payload, per_line);
      std::string joined;
      for (const std::string& line : lines) {
        EXPECT_LE(line.size(), per_line);
        EXPECT_FALSE(line.empty());
        EXPECT_NE(line.front(), ' ') << line;
        if (&line != &lines.back()) {
          EXPECT_NE(line.back(), ' ') << line;
          EXPECT_NE(line.back(), '-') << line;
        }
        joined += line;
      }
      EXPECT_EQ(joined, payload);
    }
  }
  EXPECT_EQ(ChunkFixed("abcdef", 2), (std::vector<std::string>{"ab", "cd", "ef"}));
  EXPECT_EQ(ChunkFixed("", 10), (std::vector<std::string>{""}));
}

TEST(DocumentsText, WinAnsi) {
  EXPECT_EQ(ToWinAnsi("São João — nº 1ª ç"), "S\xe3o Jo\xe3o \x97 n\xba 1\xaa \xe7");
  EXPECT_EQ(ToWinAnsi("R$ 1.234,56 € “x” …"), "R$ 1.234,56 \x80 \x93x\x94 \x85");
  EXPECT_EQ(ToWinAnsi("Łódź"),
            "L\xf3"
            "dz");
  EXPECT_EQ(ToWinAnsi("a\tb\nc\x01"), "a b c");
  EXPECT_EQ(ToWinAnsi("bad \xff byte"), "bad ? byte");
  EXPECT_EQ(ToWinAnsi("日本"), "??");
  EXPECT_EQ(EncodeUtf8(DecodeUtf8("São € 😀")), "São € 😀");
  EXPECT_EQ(WinAnsiCodePoints().size(), 218u);
}

}  // namespace
}  // namespace fiado::documents
