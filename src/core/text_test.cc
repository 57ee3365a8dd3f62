#include "core/text.h"

#include <gtest/gtest.h>

namespace fiado::core {
namespace {

TEST(Text, TrimRemovesAsciiWhitespaceOnly) {
  EXPECT_EQ(Trim("  \t ana \r\n"), "ana");
  EXPECT_EQ(Trim("a b"), "a b");
  EXPECT_EQ(Trim(" \n\t "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0");  // U+00A0 is not ASCII space
}

TEST(Text, DigitsOnlyAndIsAsciiDigits) {
  EXPECT_EQ(DigitsOnly("529.982.247-25"), "52998224725");
  EXPECT_EQ(DigitsOnly("(11) 98765-4321"), "11987654321");
  EXPECT_EQ(DigitsOnly("R$ ½ ٣"), "");  // only ASCII 0–9 count
  EXPECT_TRUE(IsAsciiDigits("0123456789"));
  EXPECT_FALSE(IsAsciiDigits(""));
  EXPECT_FALSE(IsAsciiDigits("12a"));
  EXPECT_FALSE(IsAsciiDigits("12 "));
}

TEST(Text, AsciiCaseLeavesUtf8Alone) {
  EXPECT_EQ(AsciiUpper("são paulo"), "SãO PAULO");
  EXPECT_EQ(AsciiLower("AÇÚCAR Ltda"), "aÇÚcar ltda");
  EXPECT_EQ(AsciiUpper("12.abc.345/01de-35"), "12.ABC.345/01DE-35");
}

TEST(Text, FoldToAsciiRemovesPortugueseDiacritics) {
  EXPECT_EQ(FoldToAscii("Prestação nº 3"), "Prestacao no 3");
  EXPECT_EQ(FoldToAscii("AÇÚCAR"), "ACUCAR");
  EXPECT_EQ(FoldToAscii("São Paulo"), "Sao Paulo");
  EXPECT_EQ(FoldToAscii("São João"), "Sao Joao");
  EXPECT_EQ(FoldToAscii("1ª parcela, 2º aviso"), "1a parcela, 2o aviso");
  EXPECT_EQ(FoldToAscii("àáâãäå ÀÁÂÃÄÅ èéêë ìíîï òóôõö ùúûü ýÿ ñÑ çÇ"),
            "aaaaaa AAAAAA eeee iiii ooooo uuuu yy nN cC");
}

TEST(Text, FoldToAsciiExpandsLigaturesAndCoversLatinExtendedA) {
  EXPECT_EQ(FoldToAscii("Æsir Straße Œuvre þorn"), "AEsir Strasse OEuvre thorn");
  EXPECT_EQ(FoldToAscii("Łódź Škoda Øresund"), "Lodz Skoda Oresund");
  EXPECT_EQ(FoldToAscii("a\xC2\xA0"
                        "b"),
            "a b");  // no-break space
}

TEST(Text, FoldToAsciiDropsOtherCharactersAndInvalidBytes) {
  EXPECT_EQ(FoldToAscii("3 × 4 ÷ 2 € ✓ 日本"), "3  4  2   ");
  EXPECT_EQ(FoldToAscii("Sa\xCC\x83o"), "Sao");  // decomposed ã: combining tilde dropped
  EXPECT_EQ(FoldToAscii("a\xFF"
                        "b\xC3"
                        "c\xE2\x82"
                        "d"),
            "abcd");                                     // bad or cut sequences
  EXPECT_EQ(FoldToAscii("\xC0\xAF\xED\xA0\x80x"), "x");  // overlong '/' and a surrogate
  EXPECT_EQ(FoldToAscii(""), "");
}

TEST(Text, SearchKeyIsFoldedLowerCaseWithCollapsedSpaces) {
  EXPECT_EQ(SearchKey("  São   PAULO\t"), "sao paulo");
  EXPECT_EQ(SearchKey("Prestação nº 3"), "prestacao no 3");
  EXPECT_EQ(SearchKey("AÇÚCAR"), "acucar");
  EXPECT_EQ(SearchKey("José\xC2\xA0"
                      "da Silva"),
            "jose da silva");
  EXPECT_EQ(SearchKey("MARIA DAS DORES"), SearchKey("Maria  das Dôres"));
  EXPECT_EQ(SearchKey(" \t "), "");
}

TEST(Text, IsValidUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Prestação nº 3 — 日本 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xC3("));             // bad continuation
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong 2-byte
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong 3-byte
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

}  // namespace
}  // namespace fiado::core

namespace fiado::core {
namespace {

TEST(Text, FirstLineKeepsOneLineWithoutTrailingSpace) {
  EXPECT_EQ(FirstLine("connection refused  \r\n\tIs the server running?\n"), "connection refused");
  EXPECT_EQ(FirstLine("uma linha só"), "uma linha só");
  EXPECT_EQ(FirstLine(""), "");
}

}  // namespace
}  // namespace fiado::core
