// A typed, columnar table read from CSV text: the input of scorecard training, reports and
// scoring. Every column holds exactly `row_count` values; a numeric column stores doubles
// (NaN = missing), a categorical one stores codes into its `levels` (kMissingCode = missing).
// The table owns its data; scorers bound to it keep pointers into it (see scorer.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace fiado::credit::scorecard {

enum class ColumnKind { kNumeric, kCategorical };

// The code of a missing (empty) categorical value.
inline constexpr std::int32_t kMissingCode = -1;

// The column that splits a data set into `train` and `test` rows; never a feature.
inline constexpr std::string_view kSplitColumn = "split";

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kCategorical;
  std::vector<double> numbers;      // kNumeric only: one per row, NaN when missing
  std::vector<std::int32_t> codes;  // kCategorical only: one per row, index into levels
  std::vector<std::string> levels;  // kCategorical only: distinct values, first-seen order

  bool IsMissing(std::size_t row) const;
  // The value as text: the level, or the number in its shortest round-trip form; "" if missing.
  std::string Text(std::size_t row) const;
};

struct Table {
  std::vector<Column> columns;
  std::size_t row_count = 0;
  // File line of each row (the header is line 1); empty means row r sits on line r + 2.
  std::vector<std::int64_t> row_lines{};

  const Column* Find(std::string_view name) const;
  std::int64_t LineOf(std::size_t row) const;
};

struct ParseOptions {
  // Kinds the caller imposes (a model's features at apply time). A declared numeric column
  // rejects text that is not a number; a declared categorical column keeps numbers as text.
  // Other columns are numeric when every non-missing value is a number.
  std::map<std::string, ColumnKind, std::less<>> declared{};
};

// Parses CSV: comma separator, a header row, `\n` or `\r\n` line ends, empty field =
// missing, blank lines skipped, fields trimmed of ASCII spaces. A field may be quoted
// ("a,b", with "" for a quote) but may not span lines. Errors name the line and column:
// "linha 12: 5 campos, o cabeçalho tem 13", "linha 7, coluna income: 'abc' não é um número".
core::Result<Table> ParseTable(std::string_view csv_text, const ParseOptions& options = {});

// Parses one number as the table does ("1.5", "-2e3", " 7 "); false for anything else,
// including "nan" and "inf".
bool ParseNumber(std::string_view text, double& value);

// Builders for tables made in code (tests, benchmarks). In a categorical column "" is missing.
Column MakeNumericColumn(std::string name, std::vector<double> values);
Column MakeCategoricalColumn(std::string name, const std::vector<std::string>& values);
// Checks that columns have distinct names and equal lengths.
core::Result<Table> MakeTable(std::vector<Column> columns);

// The rows whose `split` column equals `split_value`, or every row when the table has no
// split column.
std::vector<std::size_t> SplitRows(const Table& table, std::string_view split_value);

}  // namespace fiado::credit::scorecard
