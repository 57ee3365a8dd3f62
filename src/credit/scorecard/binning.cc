#include "credit/scorecard/binning.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "core/error.h"
#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// A run of adjacent values: [lower, next range's lower), with its class counts.
struct Range {
  double lower = -kInfinity;
  std::int64_t events = 0;
  std::int64_t non_events = 0;

  std::int64_t Count() const { return events + non_events; }
  double EventRate() const {
    return Count() == 0 ? 0.0 : static_cast<double>(events) / static_cast<double>(Count());
  }
};

void Absorb(Range& into, const Range& from) {
  into.lower = std::min(into.lower, from.lower);
  into.events += from.events;
  into.non_events += from.non_events;
}

// Cut points of the fine classing: every distinct value but the smallest when there are few
// of them, else the distinct quantiles k/F of the sorted values.
std::vector<double> FineCuts(const std::vector<std::pair<double, std::uint8_t>>& sorted,
                             int max_fine_bins) {
  std::vector<double> distinct;
  for (const auto& [value, event] : sorted) {
    if (distinct.empty() || distinct.back() != value) distinct.push_back(value);
    if (distinct.size() > static_cast<std::size_t>(max_fine_bins)) break;
  }
  std::vector<double> cuts;
  if (distinct.size() <= static_cast<std::size_t>(max_fine_bins)) {
    cuts.assign(distinct.begin() + (distinct.empty() ? 0 : 1), distinct.end());
    return cuts;
  }
  // Equal-frequency bins that never split a run of ties: a bin closes at the first new value
  // once it holds its share of the rows not yet binned, so a heavy tie (80% zeros) leaves
  // the remaining bins to the other values.
  std::size_t bins_left = static_cast<std::size_t>(max_fine_bins);
  std::size_t start = 0;
  for (std::size_t i = 1; i < sorted.size() && bins_left > 1; ++i) {
    if (sorted[i].first == sorted[i - 1].first) continue;
    const std::size_t target = (sorted.size() - start + bins_left - 1) / bins_left;
    if (i - start < target) continue;
    cuts.push_back(sorted[i].first);
    start = i;
    --bins_left;
  }
  return cuts;
}

std::vector<Range> FineRanges(const std::vector<std::pair<double, std::uint8_t>>& sorted,
                              const std::vector<double>& cuts) {
  std::vector<Range> ranges(cuts.size() + 1);
  for (std::size_t i = 0; i < cuts.size(); ++i) ranges[i + 1].lower = cuts[i];
  std::size_t current = 0;
  for (const auto& [value, event] : sorted) {
    while (current + 1 < ranges.size() && value >= ranges[current + 1].lower) ++current;
    (event != 0 ? ranges[current].events : ranges[current].non_events) += 1;
  }
  return ranges;
}

// Pool-adjacent-violators: merges neighbours until the event rate rises (or falls) strictly.
std::vector<Range> MergeMonotonic(const std::vector<Range>& ranges, bool increasing) {
  std::vector<Range> pooled;
  for (const Range& range : ranges) {
    pooled.push_back(range);
    while (pooled.size() >= 2) {
      const double before = pooled[pooled.size() - 2].EventRate();
      const double last = pooled.back().EventRate();
      const bool violates = increasing ? before >= last : before <= last;
      if (!violates) break;
      Absorb(pooled[pooled.size() - 2], pooled.back());
      pooled.pop_back();
    }
  }
  return pooled;
}

// A range offends when it is below the minimum size, or holds one class only while more
// than two ranges are left (a pure range beside a mixed one is kept: it may be a leak that
// the IV must show).
bool Offends(const Range& range, std::int64_t min_rows, std::size_t ranges_left) {
  if (range.Count() < min_rows) return true;
  return ranges_left > 2 && (range.events == 0 || range.non_events == 0);
}

// Merges the smallest offending range into the neighbour with the closer event rate until
// no range offends (or one range is left). Merging neighbours keeps a monotonic sequence
// monotonic.
void MergeSmall(std::vector<Range>& ranges, std::int64_t min_rows) {
  while (ranges.size() > 1) {
    std::size_t worst = ranges.size();
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (!Offends(ranges[i], min_rows, ranges.size())) continue;
      if (worst == ranges.size() || ranges[i].Count() < ranges[worst].Count()) worst = i;
    }
    if (worst == ranges.size()) return;
    std::size_t into = worst == 0 ? 1 : worst - 1;
    if (worst > 0 && worst + 1 < ranges.size()) {
      const double rate = ranges[worst].EventRate();
      const double left = std::abs(ranges[worst - 1].EventRate() - rate);
      const double right = std::abs(ranges[worst + 1].EventRate() - rate);
      if (right < left) into = worst + 1;
    }
    Absorb(ranges[into], ranges[worst]);
    ranges.erase(ranges.begin() + static_cast<std::ptrdiff_t>(worst));
  }
}

std::vector<Bin> RangesToBins(const std::vector<Range>& ranges, const Range& missing,
                              double smoothing) {
  std::vector<Bin> bins;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    Bin bin;
    bin.kind = BinKind::kRange;
    bin.lower = ranges[i].lower;                                 // -∞ for the first range
    if (i + 1 < ranges.size()) bin.upper = ranges[i + 1].lower;  // else +∞, the default
    bin.events = ranges[i].events;
    bin.non_events = ranges[i].non_events;
    bins.push_back(std::move(bin));
  }
  Bin missing_bin;
  missing_bin.kind = BinKind::kMissing;
  missing_bin.events = missing.events;
  missing_bin.non_events = missing.non_events;
  bins.push_back(std::move(missing_bin));
  AssignWoe(bins, smoothing);
  return bins;
}

std::int64_t MinRows(double share, std::size_t rows) {
  return static_cast<std::int64_t>(std::ceil(share * static_cast<double>(rows)));
}

}  // namespace

std::vector<Bin> BinNumeric(std::span<const double> values, std::span<const std::uint8_t> is_event,
                            const BinningOptions& options) {
  FIADO_CHECK(values.size() == is_event.size());
  // Phase 1: set the missing values apart and sort the others.
  Range missing;
  std::vector<std::pair<double, std::uint8_t>> sorted;
  sorted.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) {
      (is_event[i] != 0 ? missing.events : missing.non_events) += 1;
    } else {
      sorted.emplace_back(values[i], is_event[i]);
    }
  }
  std::sort(sorted.begin(), sorted.end());
  // Phase 2: fine classing.
  const std::vector<Range> fine = FineRanges(sorted, FineCuts(sorted, options.max_fine_bins));
  // Phase 3: coarse classing in each direction; keep the one with the larger IV.
  const std::int64_t min_rows = MinRows(options.min_bin_share, values.size());
  std::vector<Bin> best;
  double best_iv = -1.0;
  for (const bool increasing : {true, false}) {
    std::vector<Range> coarse = options.monotonic ? MergeMonotonic(fine, increasing) : fine;
    MergeSmall(coarse, min_rows);
    std::vector<Bin> bins = RangesToBins(coarse, missing, options.smoothing);
    const double iv = InformationValue(bins);
    if (iv > best_iv) {
      best_iv = iv;
      best = std::move(bins);
    }
    if (!options.monotonic) break;
  }
  return best;
}

std::vector<Bin> BinCategorical(std::span<const std::int32_t> codes,
                                const std::vector<std::string>& levels,
                                std::span<const std::uint8_t> is_event,
                                const BinningOptions& options) {
  FIADO_CHECK(codes.size() == is_event.size());
  std::vector<Range> counts(levels.size());
  Range missing;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    Range& range = codes[i] == kMissingCode ? missing : counts[static_cast<std::size_t>(codes[i])];
    (is_event[i] != 0 ? range.events : range.non_events) += 1;
  }
  const std::int64_t min_rows =
      std::max<std::int64_t>(1, MinRows(options.min_category_share, codes.size()));
  std::map<std::string, Range> kept;  // sorted by category text
  Bin other;
  other.kind = BinKind::kOther;
  for (std::size_t level = 0; level < levels.size(); ++level) {
    const Range& range = counts[level];
    if (range.Count() == 0) continue;
    if (range.Count() >= min_rows) {
      kept.emplace(levels[level], range);
      continue;
    }
    other.categories.push_back(levels[level]);
    other.events += range.events;
    other.non_events += range.non_events;
  }
  std::sort(other.categories.begin(), other.categories.end());
  std::vector<Bin> bins;
  for (const auto& [category, range] : kept) {
    Bin bin;
    bin.kind = BinKind::kCategories;
    bin.categories = {category};
    bin.events = range.events;
    bin.non_events = range.non_events;
    bins.push_back(std::move(bin));
  }
  bins.push_back(std::move(other));
  Bin missing_bin;
  missing_bin.kind = BinKind::kMissing;
  missing_bin.events = missing.events;
  missing_bin.non_events = missing.non_events;
  bins.push_back(std::move(missing_bin));
  AssignWoe(bins, options.smoothing);
  return bins;
}

void AssignWoe(std::vector<Bin>& bins, double smoothing) {
  std::int64_t total_events = 0;
  std::int64_t total_non_events = 0;
  for (const Bin& bin : bins) {
    total_events += bin.events;
    total_non_events += bin.non_events;
  }
  for (Bin& bin : bins) {
    if (bin.Count() == 0 || total_events == 0 || total_non_events == 0) {
      bin.woe = 0.0;
      continue;
    }
    const double non_event_share =
        (static_cast<double>(bin.non_events) + smoothing) / static_cast<double>(total_non_events);
    const double event_share =
        (static_cast<double>(bin.events) + smoothing) / static_cast<double>(total_events);
    bin.woe = std::log(non_event_share / event_share);
  }
}

double BinInformationValue(const Bin& bin, std::int64_t total_events,
                           std::int64_t total_non_events) {
  if (total_events == 0 || total_non_events == 0) return 0.0;
  const double non_event_share =
      static_cast<double>(bin.non_events) / static_cast<double>(total_non_events);
  const double event_share = static_cast<double>(bin.events) / static_cast<double>(total_events);
  return (non_event_share - event_share) * bin.woe;
}

double InformationValue(const std::vector<Bin>& bins) {
  std::int64_t total_events = 0;
  std::int64_t total_non_events = 0;
  for (const Bin& bin : bins) {
    total_events += bin.events;
    total_non_events += bin.non_events;
  }
  double iv = 0.0;
  for (const Bin& bin : bins) iv += BinInformationValue(bin, total_events, total_non_events);
  return iv;
}

std::size_t MissingBinOf(const std::vector<Bin>& bins) {
  FIADO_CHECK(!bins.empty() && bins.back().kind == BinKind::kMissing);
  return bins.size() - 1;
}

std::size_t NumericBinOf(const std::vector<Bin>& bins, double value) {
  if (std::isnan(value)) return MissingBinOf(bins);
  std::size_t index = 0;
  while (index + 2 < bins.size() && value >= bins[index].upper) ++index;
  return index;
}

std::size_t CategoryBinOf(const std::vector<Bin>& bins, std::string_view category) {
  std::size_t other = MissingBinOf(bins);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    if (bins[i].kind == BinKind::kOther) other = i;
    if (bins[i].kind != BinKind::kCategories) continue;
    for (const std::string& listed : bins[i].categories) {
      if (listed == category) return i;
    }
  }
  return other;
}

std::string FormatEdge(double value) {
  if (std::isinf(value)) return value > 0 ? "∞" : "−∞";
  if (std::nearbyint(value) == value && std::abs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{:.4g}", value);
}

std::string BinLabel(const Bin& bin) {
  switch (bin.kind) {
    case BinKind::kMissing:
      return "ausente";
    case BinKind::kOther:
      return "outros";
    case BinKind::kCategories: {
      std::string label;
      for (const std::string& category : bin.categories) {
        if (!label.empty()) label += ", ";
        label += category;
      }
      return label;
    }
    case BinKind::kRange:
      break;
  }
  const bool open_below = std::isinf(bin.lower);
  const bool open_above = std::isinf(bin.upper);
  if (open_below && open_above) return "todos";
  if (open_below) return "< " + FormatEdge(bin.upper);
  if (open_above) return "≥ " + FormatEdge(bin.lower);
  return FormatEdge(bin.lower) + " a " + FormatEdge(bin.upper);
}

}  // namespace fiado::credit::scorecard
