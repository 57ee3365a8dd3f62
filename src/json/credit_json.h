// The JSON shape of credit analysis: behavioural scores, ladder steps, decisions with
// their analysis, bureau lookups, credit settings (secrets shown only as "set") and
// profitability rows — the same for the API and for what storage keeps, and read back.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "credit/behaviour.h"
#include "credit/bureau.h"
#include "credit/decision.h"
#include "credit/ladder.h"
#include "credit/profitability.h"
#include "credit/scorecard/report.h"
#include "credit/settings.h"
#include "json/object_reader.h"

namespace fiado::json {

nlohmann::json BehaviourScoreJson(const credit::BehaviourScore& score);
core::Result<credit::BehaviourScore> BehaviourScoreFrom(const nlohmann::json& value);

nlohmann::json LadderStepJson(const credit::LadderStep& step);

nlohmann::json AnalysisJson(const credit::Analysis& analysis);
core::Result<credit::Analysis> AnalysisFrom(const nlohmann::json& value);

nlohmann::json BureauAnswerJson(const credit::BureauAnswer& answer);
core::Result<credit::BureauAnswer> BureauAnswerFrom(const nlohmann::json& value);
nlohmann::json BureauLookupJson(const credit::BureauLookup& lookup);

// `with_secrets` false (the API): each bureau's auth_header is "" and auth_header_set
// tells whether one is stored.
nlohmann::json CreditSettingsJson(const credit::CreditSettings& settings, bool with_secrets);
// Reads what CreditSettingsJson writes; absent fields keep their defaults, unknown or
// mistyped ones are recorded in the reader's errors under their path.
credit::CreditSettings ReadCreditSettings(ObjectReader& reader);

nlohmann::json ProfitabilityJson(const credit::Profitability& row);

// A scorecard's quality report: {test_rows_only, rows, events, auc, gini, ks, bins: [{feature,
// label, count, events, event_rate (null when empty), woe, points, iv}]}, and back.
nlohmann::json ScorecardReportJson(const credit::scorecard::Report& report);
core::Result<credit::scorecard::Report> ScorecardReportFrom(const nlohmann::json& value);

}  // namespace fiado::json
