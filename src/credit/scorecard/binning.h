// Weight-of-evidence binning of one feature. Sign convention (the credit-scoring one, goods
// over bads): WoE = ln(share of non-events / share of events), so a positive WoE marks a
// bin safer than average. With smoothing s, for a bin with n non-events and e events out of
// N and E in training:  WoE = ln(((n + s) / N) / ((e + s) / E)),  and an empty bin has WoE 0.
// IV = Σ (n/N − e/E) × WoE over the bins (unsmoothed shares, smoothed WoE).
// Layout invariant: a numeric feature's bins are ranges in ascending order covering the
// real line, then one kMissing bin; a categorical feature's bins are one kCategories bin per
// retained category (sorted by text), then one kOther bin, then one kMissing bin.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fiado::credit::scorecard {

enum class BinKind { kRange, kCategories, kOther, kMissing };

struct Bin {
  BinKind kind = BinKind::kRange;
  double lower = -std::numeric_limits<double>::infinity();  // kRange: lower <= x < upper
  double upper = std::numeric_limits<double>::infinity();
  // kCategories: the categories of the bin; kOther: the rare ones grouped in training (any
  // category not in a kCategories bin lands in kOther).
  std::vector<std::string> categories{};
  std::int64_t events = 0;      // training rows of the event ("bad") class in the bin
  std::int64_t non_events = 0;  // training rows of the other classes
  double woe = 0.0;
  double points = 0.0;  // the bin's share of the score (model.h); 0 until the model sets it

  std::int64_t Count() const { return events + non_events; }
  friend bool operator==(const Bin&, const Bin&) = default;
};

// Defaults chosen by 5-fold cross-validation on the training rows of the three public data
// sets of docs/scorecard.md (never on their test rows).
struct BinningOptions {
  int max_fine_bins = 15;            // quantile bins before merging (or one per distinct value)
  double min_bin_share = 0.05;       // a numeric range bin holds at least this share of rows
  double min_category_share = 0.02;  // rarer categories are grouped in the kOther bin
  double smoothing = 0.5;            // added to both counts of a bin in the WoE
  bool monotonic = true;             // merge numeric ranges until the event rate is monotonic
};

// Bins a numeric feature from its training values (NaN = missing) and event flags (1 =
// event): fine classing, then merging of adjacent ranges (monotonic event rate in the
// direction with the larger IV; every range with at least min_bin_share of the rows, one
// event and one non-event). Sets the counts and the WoE.
std::vector<Bin> BinNumeric(std::span<const double> values, std::span<const std::uint8_t> is_event,
                            const BinningOptions& options);

// Bins a categorical feature from its training codes (into `levels`; kMissingCode = missing).
std::vector<Bin> BinCategorical(std::span<const std::int32_t> codes,
                                const std::vector<std::string>& levels,
                                std::span<const std::uint8_t> is_event,
                                const BinningOptions& options);

// Sets each bin's WoE from its counts and the totals over `bins` (formula above).
void AssignWoe(std::vector<Bin>& bins, double smoothing);

// The bin's term of the IV, given the totals over all bins of its feature.
double BinInformationValue(const Bin& bin, std::int64_t total_events,
                           std::int64_t total_non_events);
double InformationValue(const std::vector<Bin>& bins);

// The bin that holds a value (layouts above). NaN goes to the missing bin; a category no
// kCategories bin lists goes to the kOther bin.
std::size_t NumericBinOf(const std::vector<Bin>& bins, double value);
std::size_t CategoryBinOf(const std::vector<Bin>& bins, std::string_view category);
std::size_t MissingBinOf(const std::vector<Bin>& bins);

// Portuguese label: "< 12", "12 a 24", "≥ 24", "A, B", "outros", "ausente".
std::string BinLabel(const Bin& bin);
// A bin edge as labels show it: integers whole ("4500"), others with 4 significant digits.
std::string FormatEdge(double value);

}  // namespace fiado::credit::scorecard
