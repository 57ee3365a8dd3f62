#include "credit/scorecard/train.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "credit/scorecard/metrics.h"
#include "credit/scorecard/scorer.h"

namespace fiado::credit::scorecard {
namespace {

// A column under consideration, binned on the training rows.
struct Binned {
  const Column* column = nullptr;
  std::vector<Bin> bins;
  double iv = 0.0;
  Screening screening = Screening::kLowIv;
};

// Phase 1: the columns to bin — all but the target, the split and the excluded ones.
core::Result<std::vector<const Column*>> CandidateColumns(const Table& table,
                                                          const TrainOptions& options) {
  if (table.Find(options.target) == nullptr) {
    return core::Invalid(options.target,
                         fmt::format("coluna alvo '{}' não existe", options.target));
  }
  for (const std::string& name : options.exclude) {
    if (table.Find(name) == nullptr) {
      return core::Invalid(name, fmt::format("coluna '{}' a excluir não existe", name));
    }
  }
  std::vector<const Column*> candidates;
  for (const Column& column : table.columns) {
    const bool excluded = std::find(options.exclude.begin(), options.exclude.end(), column.name) !=
                          options.exclude.end();
    if (excluded || column.name == options.target || column.name == kSplitColumn) continue;
    candidates.push_back(&column);
  }
  return candidates;
}

std::string JoinValues(const std::set<std::string>& values) {
  std::string text;
  for (const std::string& value : values) text += (text.empty() ? "" : ", ") + value;
  return text;
}

// Phase 2: both classes must be present among the training rows.
core::Status CheckClasses(const Column& target, std::span<const std::size_t> rows,
                          std::span<const std::uint8_t> is_event, const TrainOptions& options) {
  std::set<std::string> values;
  for (const std::size_t row : rows) {
    values.insert(target.Text(row));
    if (values.size() > 10) break;
  }
  if (values.size() < 2) {
    return core::Invalid(options.target,
                         fmt::format("as linhas de treino têm uma só classe na coluna alvo '{}' "
                                     "('{}'); são precisas as duas",
                                     options.target, JoinValues(values)));
  }
  if (std::find(is_event.begin(), is_event.end(), std::uint8_t{1}) == is_event.end()) {
    return core::Invalid(options.target,
                         fmt::format("o valor de evento '{}' não aparece na coluna alvo '{}' "
                                     "(valores: {})",
                                     options.event_value, options.target, JoinValues(values)));
  }
  return {};
}

Binned BinColumn(const Column& column, std::span<const std::size_t> rows,
                 std::span<const std::uint8_t> is_event, const BinningOptions& options) {
  Binned binned;
  binned.column = &column;
  if (column.kind == ColumnKind::kNumeric) {
    std::vector<double> values;
    values.reserve(rows.size());
    for (const std::size_t row : rows) values.push_back(column.numbers[row]);
    binned.bins = BinNumeric(values, is_event, options);
  } else {
    std::vector<std::int32_t> codes;
    codes.reserve(rows.size());
    for (const std::size_t row : rows) codes.push_back(column.codes[row]);
    binned.bins = BinCategorical(codes, column.levels, is_event, options);
  }
  binned.iv = InformationValue(binned.bins);
  return binned;
}

// The WoE of each training row for one binned column.
std::vector<double> EncodeWoe(const Binned& binned, std::span<const std::size_t> rows) {
  const Column& column = *binned.column;
  std::vector<double> woe;
  woe.reserve(rows.size());
  if (column.kind == ColumnKind::kNumeric) {
    for (const std::size_t row : rows) {
      woe.push_back(binned.bins[NumericBinOf(binned.bins, column.numbers[row])].woe);
    }
    return woe;
  }
  std::vector<double> woe_by_code;
  for (const std::string& level : column.levels) {
    woe_by_code.push_back(binned.bins[CategoryBinOf(binned.bins, level)].woe);
  }
  const double missing_woe = binned.bins[MissingBinOf(binned.bins)].woe;
  for (const std::size_t row : rows) {
    const std::int32_t code = column.codes[row];
    woe.push_back(code == kMissingCode ? missing_woe : woe_by_code[static_cast<std::size_t>(code)]);
  }
  return woe;
}

// Phase 4: fits the selected columns; while one gets a positive coefficient (risk rising
// with WoE), drops the worst and refits.
core::Result<LogisticFit> FitSelected(std::vector<Binned>& binned,
                                      std::span<const std::size_t> rows,
                                      std::span<const std::uint8_t> is_event,
                                      const TrainOptions& options) {
  while (true) {
    std::vector<std::size_t> selected;
    std::vector<double> design;
    for (std::size_t i = 0; i < binned.size(); ++i) {
      if (binned[i].screening != Screening::kSelected) continue;
      selected.push_back(i);
      const std::vector<double> woe = EncodeWoe(binned[i], rows);
      design.insert(design.end(), woe.begin(), woe.end());
    }
    if (selected.empty()) {
      return core::Invalid("features", fmt::format("nenhuma coluna serve ao modelo: nenhuma tem "
                                                   "IV ≥ {} e efeito no sentido esperado",
                                                   options.min_iv));
    }
    LogisticFit fit = FitLogistic(design, rows.size(), is_event, options.logistic);
    const auto worst = std::max_element(fit.coefficients.begin(), fit.coefficients.end());
    if (!options.drop_wrong_sign || *worst <= 0.0) return fit;
    binned[selected[static_cast<std::size_t>(worst - fit.coefficients.begin())]].screening =
        Screening::kWrongSign;
  }
}

Model AssembleModel(const std::vector<Binned>& binned, const LogisticFit& fit,
                    const TrainOptions& options) {
  Model model;
  model.target = options.target;
  model.event_value = options.event_value;
  model.scaling = options.scaling;
  model.intercept = fit.intercept;
  std::size_t next_coefficient = 0;
  for (const Binned& item : binned) {
    model.candidates.push_back(
        Candidate{item.column->name, item.column->kind, item.iv, item.screening});
    if (item.iv > options.leak_iv) {
      model.warnings.push_back(
          fmt::format("a coluna {} tem IV {:.2f} (acima de {}): confira se ela não vaza o "
                      "resultado (informação posterior à decisão)",
                      item.column->name, item.iv, options.leak_iv));
    }
    if (item.screening != Screening::kSelected) continue;
    model.features.push_back(Feature{item.column->name, item.column->kind,
                                     fit.coefficients[next_coefficient++], item.iv, item.bins});
  }
  AssignPoints(model);
  return model;
}

}  // namespace

core::Result<std::vector<std::uint8_t>> EventFlags(const Column& target,
                                                   std::string_view event_value,
                                                   std::span<const std::size_t> rows,
                                                   const Table& table) {
  double event_number = 0.0;
  const bool numeric_event = ParseNumber(event_value, event_number);
  std::vector<std::uint8_t> flags;
  flags.reserve(rows.size());
  for (const std::size_t row : rows) {
    if (target.IsMissing(row)) {
      return core::Invalid(target.name, fmt::format("linha {}: falta o valor da coluna alvo '{}'",
                                                    table.LineOf(row), target.name));
    }
    const bool is_event =
        target.kind == ColumnKind::kNumeric
            ? numeric_event && target.numbers[row] == event_number
            : target.levels[static_cast<std::size_t>(target.codes[row])] == event_value;
    flags.push_back(is_event ? 1 : 0);
  }
  return flags;
}

core::Result<Model> Train(const Table& table, const TrainOptions& options) {
  // Phase 1: columns and training rows.
  auto candidates = CandidateColumns(table, options);
  if (!candidates) return core::Fail(candidates.error());
  const std::vector<std::size_t> rows = SplitRows(table, "train");
  if (rows.empty()) {
    return core::Invalid("arquivo", table.Find(kSplitColumn) != nullptr
                                        ? "nenhuma linha de treino (split = train)"
                                        : "a tabela não tem linhas de dados");
  }
  // Phase 2: the outcome of each training row.
  const Column& target = *table.Find(options.target);
  auto is_event = EventFlags(target, options.event_value, rows, table);
  if (!is_event) return core::Fail(is_event.error());
  if (auto classes = CheckClasses(target, rows, *is_event, options); !classes) {
    return core::Fail(classes.error());
  }
  // Phase 3: binning and screening by IV.
  std::vector<Binned> binned;
  for (const Column* column : *candidates) {
    binned.push_back(BinColumn(*column, rows, *is_event, options.binning));
    if (binned.back().iv >= options.min_iv) binned.back().screening = Screening::kSelected;
  }
  // Phase 4: the logistic regression on the WoE.
  auto fit = FitSelected(binned, rows, *is_event, options);
  if (!fit) return core::Fail(fit.error());
  // Phase 5: points and the training summary.
  Model model = AssembleModel(binned, *fit, options);
  model.training.rows = static_cast<std::int64_t>(rows.size());
  model.training.events = std::count(is_event->begin(), is_event->end(), std::uint8_t{1});
  model.training.l2 = options.logistic.l2;
  model.training.min_iv = options.min_iv;
  auto scored = ScoreTable(model, table);
  FIADO_CHECK(scored.has_value());
  std::vector<double> p_event;
  p_event.reserve(rows.size());
  for (const std::size_t row : rows) p_event.push_back(scored->p_event[row]);
  model.training.auc = Auc(p_event, *is_event);
  return model;
}

}  // namespace fiado::credit::scorecard
