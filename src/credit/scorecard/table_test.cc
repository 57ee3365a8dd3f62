#include "credit/scorecard/table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace fiado::credit::scorecard {
namespace {

TEST(ParseTable, InfersKindsAndReadsMissingValues) {
  const auto table =
      ParseTable("target,income,region\r\nbad,1.5,norte\r\ngood,,sul\r\ngood,-2e1,\r\n");
  ASSERT_TRUE(table.has_value()) << table.error().message_pt;
  ASSERT_EQ(table->row_count, 3U);
  const Column& income = *table->Find("income");
  EXPECT_EQ(income.kind, ColumnKind::kNumeric);
  EXPECT_EQ(income.numbers[0], 1.5);
  EXPECT_TRUE(std::isnan(income.numbers[1]));
  EXPECT_EQ(income.numbers[2], -20.0);
  const Column& region = *table->Find("region");
  EXPECT_EQ(region.kind, ColumnKind::kCategorical);
  EXPECT_EQ(region.levels, (std::vector<std::string>{"norte", "sul"}));
  EXPECT_EQ(region.codes, (std::vector<std::int32_t>{0, 1, kMissingCode}));
  EXPECT_EQ(region.Text(1), "sul");
  EXPECT_EQ(income.Text(0), "1.5");
  EXPECT_EQ(income.Text(1), "");
}

TEST(ParseTable, TextInANumericLookingColumnMakesItCategorical) {
  const auto table = ParseTable("a,b\n1,x\nabc,y\n");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->Find("a")->kind, ColumnKind::kCategorical);
  EXPECT_EQ(table->Find("a")->Text(0), "1");
}

TEST(ParseTable, QuotedFieldsKeepCommasAndQuotes) {
  const auto table = ParseTable("name,n\n\"Silva, Ana\",1\n\"diz \"\"oi\"\"\",2\n");
  ASSERT_TRUE(table.has_value()) << table.error().message_pt;
  EXPECT_EQ(table->Find("name")->Text(0), "Silva, Ana");
  EXPECT_EQ(table->Find("name")->Text(1), "diz \"oi\"");
  EXPECT_EQ(table->Find("n")->kind, ColumnKind::kNumeric);
}

TEST(ParseTable, BlankLinesAreSkippedButCounted) {
  const auto table = ParseTable("a\n1\n\n2\n\n");
  ASSERT_TRUE(table.has_value());
  ASSERT_EQ(table->row_count, 2U);
  EXPECT_EQ(table->LineOf(0), 2);
  EXPECT_EQ(table->LineOf(1), 4);
}

TEST(ParseTable, RejectsAnEmptyFile) {
  const auto table = ParseTable("\n\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "arquivo vazio: falta a linha de cabeçalho");
}

TEST(ParseTable, RejectsADuplicatedHeader) {
  const auto table = ParseTable("a,b,a\n1,2,3\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "linha 1: a coluna 'a' aparece duas vezes no cabeçalho");
}

TEST(ParseTable, RaggedRowNamesTheLine) {
  const auto table = ParseTable("a,b,c\n1,2,3\n1,2\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "linha 3: 2 campos, o cabeçalho tem 3");
}

TEST(ParseTable, UnclosedQuoteNamesTheLine) {
  const auto table = ParseTable("a,b\n\"x,1\n");
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "linha 2: aspas sem fechamento");
}

TEST(ParseTable, DeclaredNumericColumnRejectsText) {
  ParseOptions options;
  options.declared["income"] = ColumnKind::kNumeric;
  const auto table = ParseTable("id,income\n1,2.5\n2,3\n3,abc\n", options);
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "linha 4, coluna income: 'abc' não é um número");
  EXPECT_EQ(table.error().field, "income");
}

TEST(ParseTable, DeclaredCategoricalColumnKeepsNumbersAsText) {
  ParseOptions options;
  options.declared["code"] = ColumnKind::kCategorical;
  const auto table = ParseTable("code\n01\n2\n", options);
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->Find("code")->kind, ColumnKind::kCategorical);
  EXPECT_EQ(table->Find("code")->Text(0), "01");
}

TEST(ParseNumber, AcceptsDecimalAndRejectsTheRest) {
  double value = 0.0;
  EXPECT_TRUE(ParseNumber(" +7 ", value));
  EXPECT_EQ(value, 7.0);
  EXPECT_TRUE(ParseNumber("0.221000003814697", value));
  EXPECT_FALSE(ParseNumber("nan", value));
  EXPECT_FALSE(ParseNumber("inf", value));
  EXPECT_FALSE(ParseNumber("1,5", value));
  EXPECT_FALSE(ParseNumber("", value));
}

TEST(SplitRows, PicksTheSplitOrEveryRow) {
  const auto with_split = ParseTable("x,split\n1,train\n2,test\n3,train\n");
  ASSERT_TRUE(with_split.has_value());
  EXPECT_EQ(SplitRows(*with_split, "train"), (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(SplitRows(*with_split, "test"), (std::vector<std::size_t>{1}));
  const auto without = ParseTable("x\n1\n2\n");
  ASSERT_TRUE(without.has_value());
  EXPECT_EQ(SplitRows(*without, "test"), (std::vector<std::size_t>{0, 1}));
}

TEST(MakeTable, RejectsColumnsOfDifferentLengths) {
  std::vector<Column> columns;
  columns.push_back(MakeNumericColumn("a", {1, 2}));
  columns.push_back(MakeNumericColumn("b", {1}));
  EXPECT_FALSE(MakeTable(std::move(columns)).has_value());
}

}  // namespace
}  // namespace fiado::credit::scorecard
