#include "credit/scorecard/scorer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>

namespace fiado::credit::scorecard {
namespace {

// Rows scored together: the per-block arrays stay in L1.
constexpr std::size_t kBlockRows = 256;

std::string KindName(ColumnKind kind) {
  return kind == ColumnKind::kNumeric ? "números" : "categorias (texto)";
}

}  // namespace

Scorer::Scorer(const Model& model) : intercept_(model.intercept), scaling_(model.scaling) {
  for (const Feature& feature : model.features) {
    CompiledFeature compiled;
    compiled.name = feature.name;
    compiled.kind = feature.kind;
    compiled.missing_bin = MissingBinOf(feature.bins);
    compiled.other_bin = compiled.missing_bin;
    bool seen_any = false;
    compiled.best_points = -std::numeric_limits<double>::infinity();
    for (std::size_t b = 0; b < feature.bins.size(); ++b) {
      const Bin& bin = feature.bins[b];
      compiled.logit_by_bin.push_back(feature.coefficient * bin.woe);
      compiled.points_by_bin.push_back(bin.points);
      compiled.labels.push_back(BinLabel(bin));
      compiled.categories_by_bin.push_back(
          bin.kind == BinKind::kCategories ? bin.categories : std::vector<std::string>{});
      if (bin.kind == BinKind::kRange && bin.upper != std::numeric_limits<double>::infinity()) {
        compiled.edges.push_back(bin.upper);
      }
      if (bin.kind == BinKind::kOther) compiled.other_bin = b;
      if (bin.Count() > 0) {
        compiled.best_points = seen_any ? std::max(compiled.best_points, bin.points) : bin.points;
        seen_any = true;
      }
    }
    if (!seen_any) {
      compiled.best_points =
          *std::max_element(compiled.points_by_bin.begin(), compiled.points_by_bin.end());
    }
    features_.push_back(std::move(compiled));
  }
}

core::Result<BoundScorer> Scorer::Bind(const Table& table) const {
  BoundScorer bound;
  bound.scorer_ = this;
  bound.row_count_ = table.row_count;
  for (const CompiledFeature& feature : features_) {
    const Column* column = table.Find(feature.name);
    if (column == nullptr) {
      return core::Invalid(feature.name,
                           fmt::format("coluna '{}' do modelo não existe nos dados", feature.name));
    }
    if (column->kind != feature.kind) {
      return core::Invalid(feature.name, fmt::format("coluna {}: o modelo espera {}", feature.name,
                                                     KindName(feature.kind)));
    }
    BoundScorer::BoundFeature binding;
    if (feature.kind == ColumnKind::kNumeric) {
      binding.numbers = column->numbers.data();
      bound.features_.push_back(std::move(binding));
      continue;
    }
    std::unordered_map<std::string_view, std::size_t> bin_of_category;
    for (std::size_t b = 0; b < feature.categories_by_bin.size(); ++b) {
      for (const std::string& category : feature.categories_by_bin[b]) {
        bin_of_category[category] = b;
      }
    }
    binding.codes = column->codes.data();
    binding.bin_by_code.push_back(static_cast<std::uint32_t>(feature.missing_bin));
    for (const std::string& level : column->levels) {
      const auto found = bin_of_category.find(level);
      const std::size_t bin = found == bin_of_category.end() ? feature.other_bin : found->second;
      binding.bin_by_code.push_back(static_cast<std::uint32_t>(bin));
    }
    for (const std::uint32_t bin : binding.bin_by_code) {
      binding.logit_by_code.push_back(feature.logit_by_bin[bin]);
    }
    bound.features_.push_back(std::move(binding));
  }
  return bound;
}

void BoundScorer::AddNumeric(std::size_t feature, std::size_t first_row,
                             std::span<double> logit) const {
  const Scorer::CompiledFeature& compiled = scorer_->features_[feature];
  const double* values = features_[feature].numbers + first_row;
  const std::size_t rows = logit.size();
  // The bin of a value is the number of edges at or below it: branch-free and vectorisable.
  // Counted in doubles (small whole numbers, exact): compare-and-add on doubles is what
  // SSE2 vectorises; integer counters keep the loop scalar.
  std::array<double, kBlockRows> bins;
  std::fill_n(bins.begin(), rows, 0.0);
  for (const double edge : compiled.edges) {
    for (std::size_t i = 0; i < rows; ++i) bins[i] += values[i] >= edge ? 1.0 : 0.0;
  }
  const double* by_bin = compiled.logit_by_bin.data();
  const std::size_t missing = compiled.missing_bin;
  for (std::size_t i = 0; i < rows; ++i) {
    logit[i] += by_bin[std::isnan(values[i]) ? missing : static_cast<std::size_t>(bins[i])];
  }
}

void BoundScorer::AddCategorical(std::size_t feature, std::size_t first_row,
                                 std::span<double> logit) const {
  const std::int32_t* codes = features_[feature].codes + first_row;
  const double* by_code = features_[feature].logit_by_code.data();
  for (std::size_t i = 0; i < logit.size(); ++i) {
    logit[i] += by_code[static_cast<std::size_t>(codes[i]) + 1];
  }
}

void BoundScorer::Score(std::size_t first_row, std::span<double> p_event,
                        std::span<double> score) const {
  FIADO_CHECK(p_event.size() == score.size() && first_row + p_event.size() <= row_count_);
  const Scaling& scaling = scorer_->scaling_;
  const double factor = scaling.Factor();
  const double offset = scaling.Offset();
  std::array<double, kBlockRows> logit_block;
  for (std::size_t done = 0; done < p_event.size(); done += kBlockRows) {
    const std::size_t rows = std::min(kBlockRows, p_event.size() - done);
    const std::span<double> logit(logit_block.data(), rows);
    std::fill(logit.begin(), logit.end(), scorer_->intercept_);
    for (std::size_t f = 0; f < features_.size(); ++f) {
      if (scorer_->features_[f].kind == ColumnKind::kNumeric) {
        AddNumeric(f, first_row + done, logit);
      } else {
        AddCategorical(f, first_row + done, logit);
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      p_event[done + i] = 1.0 / (1.0 + std::exp(-logit[i]));
      score[done + i] =
          std::clamp(offset - factor * logit[i], scaling.min_score, scaling.max_score);
    }
  }
}

std::size_t BoundScorer::BinOf(std::size_t feature, std::size_t row) const {
  const Scorer::CompiledFeature& compiled = scorer_->features_[feature];
  const BoundFeature& bound = features_[feature];
  if (compiled.kind == ColumnKind::kCategorical) {
    return bound.bin_by_code[static_cast<std::size_t>(bound.codes[row]) + 1];
  }
  const double value = bound.numbers[row];
  if (std::isnan(value)) return compiled.missing_bin;
  return static_cast<std::size_t>(
      std::upper_bound(compiled.edges.begin(), compiled.edges.end(), value) -
      compiled.edges.begin());
}

std::vector<Reason> BoundScorer::Reasons(std::size_t row, std::size_t max_reasons) const {
  FIADO_CHECK(row < row_count_);
  std::vector<Reason> reasons;
  for (std::size_t f = 0; f < features_.size(); ++f) {
    const Scorer::CompiledFeature& compiled = scorer_->features_[f];
    const std::size_t bin = BinOf(f, row);
    const double lost = compiled.best_points - compiled.points_by_bin[bin];
    if (std::round(lost) < 1.0) continue;
    reasons.push_back(Reason{compiled.name, compiled.labels[bin], lost});
  }
  std::sort(reasons.begin(), reasons.end(), [](const Reason& a, const Reason& b) {
    if (a.points_lost != b.points_lost) return a.points_lost > b.points_lost;
    return a.feature < b.feature;
  });
  if (reasons.size() > max_reasons) reasons.resize(max_reasons);
  return reasons;
}

core::Result<ScoredRows> ScoreTable(const Model& model, const Table& table) {
  const Scorer scorer(model);
  auto bound = scorer.Bind(table);
  if (!bound) return core::Fail(bound.error());
  ScoredRows rows;
  rows.p_event.resize(table.row_count);
  rows.score.resize(table.row_count);
  bound->Score(0, rows.p_event, rows.score);
  return rows;
}

}  // namespace fiado::credit::scorecard
