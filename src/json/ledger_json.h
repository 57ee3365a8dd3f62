// The JSON shapes of the crediário (docs/api.md, "Sales and payments"): sales with their
// disclosure and schedule, credit decisions, payments, positions and statements. Rates are
// percent strings with a '.' decimal ("4.99"); money is integer centavos in *_cents.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/rate.h"
#include "payments/ledger.h"
#include "payments/statement.h"
#include "sales/plan.h"
#include "sales/sale.h"

namespace fiado::json {

// "4.99", "20", "0.0082": the percent with '.' decimal, trailing zeros trimmed.
std::string PercentText(core::Rate rate);
// Reads "4.99", "4,99" or an integer; errors name `field`.
core::Result<core::Rate> ParsePercentText(const nlohmann::json& value, std::string_view field);

nlohmann::json DisclosureJson(const sales::Disclosure& disclosure);
// The sale; with `positions` (same order as its installments) each gets a "position".
nlohmann::json SaleJson(const sales::Sale& sale,
                        const std::vector<payments::Position>* positions = nullptr);
nlohmann::json CreditDecisionJson(const sales::CreditDecision& decision);
nlohmann::json PositionJson(const payments::Position& position);
nlohmann::json PaymentJson(const payments::Payment& payment);
nlohmann::json StatementJson(const payments::Statement& statement);
nlohmann::json SimulatedPlanJson(const sales::SimulatedPlan& plan);

}  // namespace fiado::json
