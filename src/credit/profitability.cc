#include "credit/profitability.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace fiado::credit {
namespace {

__extension__ typedef __int128 Int128;

// result × 10000 / financed, truncated toward zero; 0 when nothing was financed.
int MarginBps(core::Money result, core::Money financed) {
  if (financed.IsZero()) return 0;
  const Int128 bps = Int128{result.cents()} * 10000 / financed.cents();
  const Int128 low = std::numeric_limits<int>::min();
  const Int128 high = std::numeric_limits<int>::max();
  return static_cast<int>(std::clamp(bps, low, high));
}

Profitability RowOf(const CustomerFigures& figures) {
  Profitability row;
  row.customer_id = figures.customer_id;
  row.customer_name = figures.customer_name;
  row.financed = figures.financed;
  row.income = figures.interest_received + figures.charges_received - figures.discounts_given;
  row.loss = figures.loss;
  row.result = row.income - row.loss;
  row.margin_bps = MarginBps(row.result, row.financed);
  return row;
}

}  // namespace

std::vector<Profitability> RankProfitability(const std::vector<CustomerFigures>& figures) {
  std::vector<Profitability> rows;
  rows.reserve(figures.size());
  for (const CustomerFigures& each : figures) rows.push_back(RowOf(each));
  std::sort(rows.begin(), rows.end(), [](const Profitability& a, const Profitability& b) {
    if (a.result != b.result) return a.result > b.result;
    if (a.customer_name != b.customer_name) return a.customer_name < b.customer_name;
    return a.customer_id < b.customer_id;
  });
  return rows;
}

}  // namespace fiado::credit
