// Profitability per customer: what the crediário brought (interest in the installments,
// late fees and moratory interest received) minus what was lost (principal written off or
// overdue beyond the loss horizon). Pure: the credit service feeds the figures.
#pragma once

#include <string>
#include <vector>

#include "core/money.h"

namespace fiado::credit {

struct CustomerFigures {
  std::string customer_id;
  std::string customer_name;
  core::Money financed{};           // principal financed over all sales
  core::Money interest_received{};  // the interest part of installment payments received
  core::Money charges_received{};   // late fees + moratory interest received
  core::Money discounts_given{};    // agreement discounts
  core::Money loss{};               // principal overdue more than the loss horizon (180 days)
};

struct Profitability {
  std::string customer_id;
  std::string customer_name;
  core::Money financed{};
  core::Money income{};  // interest + charges − discounts
  core::Money loss{};
  core::Money result{};  // income − loss
  int margin_bps = 0;    // result / financed (0 when nothing financed)
};

// One row per customer, best result first (ties by name, then id).
std::vector<Profitability> RankProfitability(const std::vector<CustomerFigures>& figures);

}  // namespace fiado::credit
