#include "credit/scorecard/table.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <deque>
#include <limits>
#include <set>
#include <unordered_map>

namespace fiado::credit::scorecard {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Walks the text line by line, counting lines from 1 and dropping a trailing '\r'.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  bool Next(std::string_view& line) {
    if (position_ >= text_.size()) return false;
    const std::size_t end = text_.find('\n', position_);
    const std::size_t stop = end == std::string_view::npos ? text_.size() : end;
    line = text_.substr(position_, stop - position_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    position_ = stop + 1;
    ++line_number_;
    return true;
  }
  std::int64_t LineNumber() const { return line_number_; }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  std::int64_t line_number_ = 0;
};

// Splits one line into trimmed fields. A quoted field keeps its commas; "" inside quotes is
// one quote, and such unescaped text lives in `scratch` until the next line.
core::Status SplitFields(std::string_view line, std::int64_t line_number,
                         std::vector<std::string_view>& fields, std::deque<std::string>& scratch) {
  fields.clear();
  scratch.clear();
  std::size_t position = 0;
  while (true) {
    const std::size_t comma = line.find(',', position);
    std::string_view field = TrimSpaces(line.substr(position, comma - position));
    if (!field.empty() && field.front() == '"') {
      const std::size_t open = line.find('"', position);
      std::string unquoted;
      std::size_t i = open + 1;
      for (; i < line.size(); ++i) {
        if (line[i] != '"') {
          unquoted.push_back(line[i]);
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          unquoted.push_back('"');
          ++i;
        } else {
          break;
        }
      }
      if (i >= line.size()) {
        return core::Invalid("arquivo", fmt::format("linha {}: aspas sem fechamento", line_number));
      }
      const std::size_t after = line.find(',', i + 1);
      if (!TrimSpaces(line.substr(i + 1, after - (i + 1))).empty()) {
        return core::Invalid(
            "arquivo", fmt::format("linha {}: texto depois das aspas de um campo", line_number));
      }
      scratch.push_back(std::move(unquoted));
      fields.push_back(TrimSpaces(scratch.back()));
      if (after == std::string_view::npos) return {};
      position = after + 1;
      continue;
    }
    fields.push_back(field);
    if (comma == std::string_view::npos) return {};
    position = comma + 1;
  }
}

bool IsBlank(std::string_view line) { return TrimSpaces(line).empty(); }

core::Result<std::vector<std::string>> ParseHeader(LineCursor& cursor) {
  std::string_view line;
  bool found = false;
  while (cursor.Next(line)) {
    if (!IsBlank(line)) {
      found = true;
      break;
    }
  }
  if (!found) return core::Invalid("arquivo", "arquivo vazio: falta a linha de cabeçalho");
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  if (auto split = SplitFields(line, cursor.LineNumber(), fields, scratch); !split) {
    return core::Fail(split.error());
  }
  std::vector<std::string> names;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].empty()) {
      return core::Invalid("arquivo", fmt::format("linha {}, campo {}: nome de coluna vazio",
                                                  cursor.LineNumber(), i + 1));
    }
    if (!seen.insert(std::string(fields[i])).second) {
      return core::Invalid(std::string(fields[i]),
                           fmt::format("linha {}: a coluna '{}' aparece duas vezes no cabeçalho",
                                       cursor.LineNumber(), fields[i]));
    }
    names.emplace_back(fields[i]);
  }
  return names;
}

// What pass 1 learns about each column.
struct ColumnPlan {
  bool numeric_candidate = true;
  bool declared_numeric = false;
};

std::vector<ColumnPlan> PlanColumns(const std::vector<std::string>& names,
                                    const ParseOptions& options) {
  std::vector<ColumnPlan> plans(names.size());
  for (std::size_t c = 0; c < names.size(); ++c) {
    const auto declared = options.declared.find(names[c]);
    if (declared == options.declared.end()) continue;
    plans[c].declared_numeric = declared->second == ColumnKind::kNumeric;
    plans[c].numeric_candidate = plans[c].declared_numeric;
  }
  return plans;
}

// Phase 1 of ParseTable: checks every row's shape and decides each column's kind.
core::Status CheckRows(std::string_view text, const std::vector<std::string>& names,
                       std::vector<ColumnPlan>& plans) {
  LineCursor cursor(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  bool header_seen = false;
  while (cursor.Next(line)) {
    if (IsBlank(line)) continue;
    auto split = SplitFields(line, cursor.LineNumber(), fields, scratch);
    if (!split) return split;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    if (fields.size() != names.size()) {
      return core::Invalid(
          "arquivo", fmt::format("linha {}: {} campos, o cabeçalho tem {}", cursor.LineNumber(),
                                 fields.size(), names.size()));
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
      ColumnPlan& plan = plans[c];
      double number = 0.0;
      if (!plan.numeric_candidate || fields[c].empty() || ParseNumber(fields[c], number)) continue;
      if (plan.declared_numeric) {
        return core::Invalid(names[c], fmt::format("linha {}, coluna {}: '{}' não é um número",
                                                   cursor.LineNumber(), names[c], fields[c]));
      }
      plan.numeric_candidate = false;
    }
  }
  return {};
}

// Interns the texts of one categorical column.
class LevelIndex {
 public:
  std::int32_t CodeOf(std::string_view text, std::vector<std::string>& levels) {
    if (text.empty()) return kMissingCode;
    key_.assign(text);
    const auto found = codes_.find(key_);
    if (found != codes_.end()) return found->second;
    const auto code = static_cast<std::int32_t>(levels.size());
    levels.push_back(key_);
    codes_.emplace(key_, code);
    return code;
  }

 private:
  std::unordered_map<std::string, std::int32_t> codes_;
  std::string key_;
};

// Phase 2 of ParseTable: fills the columns, whose shape and kinds are known to be sound.
Table FillColumns(std::string_view text, const std::vector<std::string>& names,
                  const std::vector<ColumnPlan>& plans) {
  Table table;
  for (std::size_t c = 0; c < names.size(); ++c) {
    Column column;
    column.name = names[c];
    column.kind = plans[c].numeric_candidate ? ColumnKind::kNumeric : ColumnKind::kCategorical;
    table.columns.push_back(std::move(column));
  }
  std::vector<LevelIndex> indexes(names.size());
  LineCursor cursor(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::deque<std::string> scratch;
  bool header_seen = false;
  while (cursor.Next(line)) {
    if (IsBlank(line)) continue;
    (void)SplitFields(line, cursor.LineNumber(), fields, scratch);
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    for (std::size_t c = 0; c < fields.size(); ++c) {
      Column& column = table.columns[c];
      if (column.kind == ColumnKind::kNumeric) {
        double number = kNaN;
        if (!fields[c].empty()) ParseNumber(fields[c], number);
        column.numbers.push_back(number);
      } else {
        column.codes.push_back(indexes[c].CodeOf(fields[c], column.levels));
      }
    }
    table.row_lines.push_back(cursor.LineNumber());
  }
  table.row_count = table.row_lines.size();
  return table;
}

std::string FormatNumber(double value) { return fmt::format("{}", value); }

}  // namespace

bool ParseNumber(std::string_view text, double& value) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  double parsed = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(parsed)) {
    return false;
  }
  value = parsed;
  return true;
}

core::Result<Table> ParseTable(std::string_view csv_text, const ParseOptions& options) {
  LineCursor header_cursor(csv_text);
  auto names = ParseHeader(header_cursor);
  if (!names) return core::Fail(names.error());
  std::vector<ColumnPlan> plans = PlanColumns(*names, options);
  if (auto checked = CheckRows(csv_text, *names, plans); !checked) {
    return core::Fail(checked.error());
  }
  return FillColumns(csv_text, *names, plans);
}

bool Column::IsMissing(std::size_t row) const {
  if (kind == ColumnKind::kNumeric) return std::isnan(numbers[row]);
  return codes[row] == kMissingCode;
}

std::string Column::Text(std::size_t row) const {
  if (IsMissing(row)) return {};
  if (kind == ColumnKind::kNumeric) return FormatNumber(numbers[row]);
  return levels[static_cast<std::size_t>(codes[row])];
}

const Column* Table::Find(std::string_view name) const {
  for (const Column& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::int64_t Table::LineOf(std::size_t row) const {
  if (row < row_lines.size()) return row_lines[row];
  return static_cast<std::int64_t>(row) + 2;
}

Column MakeNumericColumn(std::string name, std::vector<double> values) {
  Column column;
  column.name = std::move(name);
  column.kind = ColumnKind::kNumeric;
  column.numbers = std::move(values);
  return column;
}

Column MakeCategoricalColumn(std::string name, const std::vector<std::string>& values) {
  Column column;
  column.name = std::move(name);
  column.kind = ColumnKind::kCategorical;
  LevelIndex index;
  column.codes.reserve(values.size());
  for (const std::string& value : values) {
    column.codes.push_back(index.CodeOf(value, column.levels));
  }
  return column;
}

core::Result<Table> MakeTable(std::vector<Column> columns) {
  Table table;
  std::set<std::string, std::less<>> names;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const Column& column = columns[c];
    const std::size_t rows =
        column.kind == ColumnKind::kNumeric ? column.numbers.size() : column.codes.size();
    if (c == 0) table.row_count = rows;
    if (rows != table.row_count) {
      return core::Invalid(column.name, fmt::format("coluna {}: {} valores, a primeira tem {}",
                                                    column.name, rows, table.row_count));
    }
    if (!names.insert(column.name).second) {
      return core::Invalid(column.name,
                           fmt::format("a coluna '{}' aparece duas vezes", column.name));
    }
  }
  table.columns = std::move(columns);
  return table;
}

std::vector<std::size_t> SplitRows(const Table& table, std::string_view split_value) {
  std::vector<std::size_t> rows;
  const Column* split = table.Find(kSplitColumn);
  rows.reserve(table.row_count);
  for (std::size_t row = 0; row < table.row_count; ++row) {
    if (split == nullptr || split->Text(row) == split_value) rows.push_back(row);
  }
  return rows;
}

}  // namespace fiado::credit::scorecard
