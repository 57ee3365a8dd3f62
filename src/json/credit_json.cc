#include "json/credit_json.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/date.h"

namespace fiado::json {
namespace {

using nlohmann::json;

json MoneyOr(const std::optional<core::Money>& money) {
  return money ? json(money->cents()) : json(nullptr);
}

template <typename T>
json ValueOr(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

std::string_view MoveName(credit::LadderMove move) {
  switch (move) {
    case credit::LadderMove::kRaise:
      return "raise";
    case credit::LadderMove::kHold:
      return "hold";
    case credit::LadderMove::kFrozen:
      return "frozen";
    case credit::LadderMove::kLower:
      return "lower";
    case credit::LadderMove::kAtCap:
      return "at_cap";
  }
  return "hold";
}

json FeaturesJson(const credit::BehaviourFeatures& f) {
  return {{"installments_due", f.installments_due},
          {"paid_on_time", f.paid_on_time},
          {"paid_late_recent", f.paid_late_recent},
          {"on_time_share_bps", f.on_time_share_bps},
          {"weighted_avg_days_late", f.weighted_avg_days_late},
          {"max_days_late", f.max_days_late},
          {"current_days_late", f.current_days_late},
          {"tenure_months", f.tenure_months},
          {"promises_kept", f.promises_kept},
          {"promises_broken", f.promises_broken},
          {"agreements", f.agreements},
          {"agreements_broken", f.agreements_broken},
          {"utilisation_bps", f.utilisation_bps}};
}

int IntOf(ObjectReader& reader, std::string_view key) {
  return static_cast<int>(reader.Integer(key).value_or(0));
}

credit::BehaviourFeatures FeaturesFrom(ObjectReader& r) {
  credit::BehaviourFeatures f;
  f.installments_due = IntOf(r, "installments_due");
  f.paid_on_time = IntOf(r, "paid_on_time");
  f.paid_late_recent = IntOf(r, "paid_late_recent");
  f.on_time_share_bps = IntOf(r, "on_time_share_bps");
  f.weighted_avg_days_late = IntOf(r, "weighted_avg_days_late");
  f.max_days_late = IntOf(r, "max_days_late");
  f.current_days_late = IntOf(r, "current_days_late");
  f.tenure_months = IntOf(r, "tenure_months");
  f.promises_kept = IntOf(r, "promises_kept");
  f.promises_broken = IntOf(r, "promises_broken");
  f.agreements = IntOf(r, "agreements");
  f.agreements_broken = IntOf(r, "agreements_broken");
  f.utilisation_bps = IntOf(r, "utilisation_bps");
  return f;
}

tl::unexpected<core::Error> Failed(std::vector<core::FieldError> errors) {
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

json BureauFindingJson(const std::optional<credit::BureauFinding>& finding) {
  if (!finding) return nullptr;
  return {{"bureau", finding->bureau},
          {"consulted_on", core::FormatIso(finding->consulted_on)},
          {"restricted", finding->restricted},
          {"restrictions", finding->restrictions},
          {"restricted_cents", finding->restricted_amount.cents()}};
}

std::optional<core::Date> DateOf(ObjectReader& reader, std::string_view key) {
  const std::string text = reader.Text(key);
  if (text.empty()) return std::nullopt;
  auto date = core::ParseIsoDate(text, reader.PathOf(key));
  if (!date) {
    reader.errors().push_back({reader.PathOf(key), date.error().message_pt});
    return std::nullopt;
  }
  return *date;
}

std::optional<credit::BureauFinding> BureauFindingFrom(ObjectReader& parent) {
  const json* object = parent.Object("bureau");
  if (object == nullptr) return std::nullopt;
  ObjectReader r(*object, parent.PathOf("bureau"), parent.errors());
  credit::BureauFinding finding;
  finding.bureau = r.Text("bureau");
  finding.consulted_on = DateOf(r, "consulted_on").value_or(core::Date{});
  finding.restricted = r.Bool("restricted").value_or(false);
  finding.restrictions = IntOf(r, "restrictions");
  finding.restricted_amount = core::Money::FromCents(r.Integer("restricted_cents").value_or(0));
  return finding;
}

json InputsJson(const credit::DecisionInputs& in) {
  return {{"today", core::FormatIso(in.today)},
          {"customer_status", customers::StatusName(in.customer_status)},
          {"credit_limit_cents", in.credit_limit.cents()},
          {"open_cents", in.open_principal.cents()},
          {"monthly_commitment_cents", in.monthly_commitment.cents()},
          {"monthly_income_cents", MoneyOr(in.monthly_income)},
          {"behaviour", BehaviourScoreJson(in.behaviour)},
          {"application_score", ValueOr(in.application_score)},
          {"bureau", BureauFindingJson(in.bureau)},
          {"requested_cents", in.requested.cents()},
          {"installment_cents", in.installment_amount.cents()},
          {"installment_count", in.installment_count}};
}

credit::DecisionInputs InputsFrom(ObjectReader& r) {
  credit::DecisionInputs in;
  in.today = DateOf(r, "today").value_or(core::Date{});
  in.customer_status = customers::ParseStatus(r.Text("customer_status"))
                           .value_or(customers::CustomerStatus::kActive);
  in.credit_limit = core::Money::FromCents(r.Integer("credit_limit_cents").value_or(0));
  in.open_principal = core::Money::FromCents(r.Integer("open_cents").value_or(0));
  in.monthly_commitment = core::Money::FromCents(r.Integer("monthly_commitment_cents").value_or(0));
  if (auto income = r.Integer("monthly_income_cents")) {
    in.monthly_income = core::Money::FromCents(*income);
  }
  if (const json* behaviour = r.Object("behaviour")) {
    if (auto score = BehaviourScoreFrom(*behaviour)) in.behaviour = std::move(*score);
  }
  if (auto score = r.Integer("application_score")) in.application_score = static_cast<int>(*score);
  in.bureau = BureauFindingFrom(r);
  in.requested = core::Money::FromCents(r.Integer("requested_cents").value_or(0));
  in.installment_amount = core::Money::FromCents(r.Integer("installment_cents").value_or(0));
  in.installment_count = IntOf(r, "installment_count");
  return in;
}

json RestrictionJson(const credit::Restriction& restriction) {
  return {{"creditor", restriction.creditor},
          {"amount_cents", restriction.amount.cents()},
          {"registered_on", restriction.registered_on
                                ? json(core::FormatIso(*restriction.registered_on))
                                : json(nullptr)}};
}

json BureauSettingsJson(const credit::HttpBureauSettings& b, bool with_secrets) {
  json out = {{"name", b.name},
              {"url", b.url},
              {"auth_header", with_secrets ? b.auth_header : std::string()},
              {"body_template", b.body_template},
              {"restricted_pointer", b.restricted_pointer},
              {"restrictions_pointer", b.restrictions_pointer},
              {"creditor_field", b.creditor_field},
              {"amount_cents_field", b.amount_cents_field},
              {"date_field", b.date_field},
              {"score_pointer", b.score_pointer},
              {"reference_pointer", b.reference_pointer},
              {"timeout_ms", b.timeout_ms}};
  if (!with_secrets) out["auth_header_set"] = !b.auth_header.empty();
  return out;
}

void ReadText(ObjectReader& r, std::string_view key, std::string& target) {
  if (r.Raw(key) != nullptr) target = r.Text(key);
}

void ReadInt(ObjectReader& r, std::string_view key, int& target) {
  if (auto value = r.Integer(key)) target = static_cast<int>(*value);
}

void ReadMoney(ObjectReader& r, std::string_view key, core::Money& target) {
  if (auto value = r.Integer(key)) target = core::Money::FromCents(*value);
}

void ReadFlag(ObjectReader& r, std::string_view key, bool& target) {
  if (auto value = r.Bool(key)) target = *value;
}

credit::HttpBureauSettings BureauSettingsFrom(ObjectReader& r) {
  credit::HttpBureauSettings b;
  ReadText(r, "name", b.name);
  ReadText(r, "url", b.url);
  ReadText(r, "auth_header", b.auth_header);
  (void)r.Bool("auth_header_set");  // shown by the API, ignored when read back
  ReadText(r, "body_template", b.body_template);
  ReadText(r, "restricted_pointer", b.restricted_pointer);
  ReadText(r, "restrictions_pointer", b.restrictions_pointer);
  ReadText(r, "creditor_field", b.creditor_field);
  ReadText(r, "amount_cents_field", b.amount_cents_field);
  ReadText(r, "date_field", b.date_field);
  ReadText(r, "score_pointer", b.score_pointer);
  ReadText(r, "reference_pointer", b.reference_pointer);
  ReadInt(r, "timeout_ms", b.timeout_ms);
  r.RejectUnknown();
  return b;
}

json RulesJson(const credit::DecisionRules& rules) {
  return {{"min_score", rules.min_score},
          {"bureau_required", rules.bureau_required},
          {"bureau_valid_days", rules.bureau_valid_days},
          {"refuse_on_restriction", rules.refuse_on_restriction},
          {"max_commitment_income_bps", rules.max_commitment_income_bps},
          {"income_required", rules.income_required},
          {"max_installments_by_band", rules.max_installments_by_band}};
}

template <typename T, std::size_t N, typename ReadOne>
void ReadFive(ObjectReader& r, std::string_view key, std::array<T, N>& target, ReadOne read) {
  const json* list = r.Array(key);
  if (list == nullptr) return;
  if (list->size() != N) {
    r.errors().push_back({r.PathOf(key), "informe um valor para cada faixa (A a E)"});
    return;
  }
  for (std::size_t i = 0; i < N; ++i) {
    const json& item = (*list)[i];
    if (!item.is_number_integer()) {
      r.errors().push_back({IndexPath(r.PathOf(key), i), "deve ser um número inteiro"});
      continue;
    }
    target[i] = read(item.get<std::int64_t>());
  }
}

credit::DecisionRules RulesFrom(ObjectReader& r) {
  credit::DecisionRules rules;
  ReadInt(r, "min_score", rules.min_score);
  ReadFlag(r, "bureau_required", rules.bureau_required);
  ReadInt(r, "bureau_valid_days", rules.bureau_valid_days);
  ReadFlag(r, "refuse_on_restriction", rules.refuse_on_restriction);
  ReadInt(r, "max_commitment_income_bps", rules.max_commitment_income_bps);
  ReadFlag(r, "income_required", rules.income_required);
  ReadFive(r, "max_installments_by_band", rules.max_installments_by_band,
           [](std::int64_t v) { return static_cast<int>(v); });
  r.RejectUnknown();
  return rules;
}

json LadderJson(const credit::LadderPolicy& l) {
  json bands = json::array();
  for (const auto& amount : l.first_limit_by_band) bands.push_back(amount.cents());
  return {{"first_limit_by_band_cents", bands},
          {"first_limit_max_income_bps", l.first_limit_max_income_bps},
          {"raise_after_on_time", l.raise_after_on_time},
          {"raise_bps", l.raise_bps},
          {"cap_cents", l.cap.cents()},
          {"freeze_days_late", l.freeze_days_late},
          {"lower_days_late", l.lower_days_late},
          {"lower_bps", l.lower_bps}};
}

credit::LadderPolicy LadderFrom(ObjectReader& r) {
  credit::LadderPolicy l;
  ReadFive(r, "first_limit_by_band_cents", l.first_limit_by_band,
           [](std::int64_t v) { return core::Money::FromCents(v); });
  ReadInt(r, "first_limit_max_income_bps", l.first_limit_max_income_bps);
  ReadInt(r, "raise_after_on_time", l.raise_after_on_time);
  ReadInt(r, "raise_bps", l.raise_bps);
  ReadMoney(r, "cap_cents", l.cap);
  ReadInt(r, "freeze_days_late", l.freeze_days_late);
  ReadInt(r, "lower_days_late", l.lower_days_late);
  ReadInt(r, "lower_bps", l.lower_bps);
  r.RejectUnknown();
  return l;
}

}  // namespace

json BehaviourScoreJson(const credit::BehaviourScore& score) {
  json reasons = json::array();
  for (const auto& reason : score.reasons) {
    reasons.push_back(
        {{"code", reason.code}, {"points_lost", reason.points_lost}, {"text", reason.text_pt}});
  }
  return {{"score", score.score},
          {"band", std::string(1, credit::BandLetter(score.band))},
          {"has_history", score.has_history},
          {"features", FeaturesJson(score.features)},
          {"reasons", reasons}};
}

core::Result<credit::BehaviourScore> BehaviourScoreFrom(const json& value) {
  std::vector<core::FieldError> errors;
  ObjectReader r(value, "", errors);
  credit::BehaviourScore score;
  score.score = IntOf(r, "score");
  score.band = credit::BandOf(score.score);
  (void)r.Text("band");
  score.has_history = r.Bool("has_history").value_or(false);
  if (const json* features = r.Object("features")) {
    ObjectReader f(*features, "features", errors);
    score.features = FeaturesFrom(f);
  }
  if (const json* reasons = r.Array("reasons")) {
    for (std::size_t i = 0; i < reasons->size(); ++i) {
      ObjectReader item((*reasons)[i], IndexPath("reasons", i), errors);
      credit::ScoreReason reason{item.Text("code"), IntOf(item, "points_lost"), item.Text("text")};
      score.reasons.push_back(std::move(reason));
    }
  }
  if (!errors.empty()) return Failed(std::move(errors));
  return score;
}

json LadderStepJson(const credit::LadderStep& step) {
  return {{"move", MoveName(step.move)},
          {"current_limit_cents", step.current_limit.cents()},
          {"new_limit_cents", step.new_limit.cents()},
          {"next_limit_cents", step.next_limit.cents()},
          {"installments_to_next", step.installments_to_next},
          {"text", step.text_pt}};
}

json AnalysisJson(const credit::Analysis& analysis) {
  const credit::Decision& d = analysis.decision;
  json reasons = json::array();
  for (const auto& reason : d.reasons) {
    reasons.push_back({{"code", reason.code}, {"text", reason.text_pt}});
  }
  return {{"kind", credit::KindName(analysis.kind)},
          {"outcome", credit::OutcomeName(d.outcome)},
          {"reasons", reasons},
          {"max_amount_cents", MoneyOr(d.max_amount)},
          {"max_installments", ValueOr(d.max_installments)},
          {"override_reason", d.override_reason},
          {"inputs", InputsJson(analysis.inputs)}};
}

core::Result<credit::Analysis> AnalysisFrom(const json& value) {
  std::vector<core::FieldError> errors;
  ObjectReader r(value, "", errors);
  credit::Analysis analysis;
  analysis.kind = credit::ParseKind(r.Text("kind")).value_or(credit::DecisionKind::kSale);
  credit::Decision& d = analysis.decision;
  d.outcome = credit::ParseOutcome(r.Text("outcome")).value_or(credit::Outcome::kRefused);
  if (const json* reasons = r.Array("reasons")) {
    for (std::size_t i = 0; i < reasons->size(); ++i) {
      ObjectReader item((*reasons)[i], IndexPath("reasons", i), errors);
      d.reasons.push_back({item.Text("code"), item.Text("text")});
    }
  }
  if (auto amount = r.Integer("max_amount_cents")) d.max_amount = core::Money::FromCents(*amount);
  if (auto count = r.Integer("max_installments")) d.max_installments = static_cast<int>(*count);
  d.override_reason = r.Text("override_reason");
  if (const json* inputs = r.Object("inputs")) {
    ObjectReader in(*inputs, "inputs", errors);
    analysis.inputs = InputsFrom(in);
  }
  if (!errors.empty()) return Failed(std::move(errors));
  return analysis;
}

json BureauAnswerJson(const credit::BureauAnswer& answer) {
  json restrictions = json::array();
  for (const auto& restriction : answer.restrictions)
    restrictions.push_back(RestrictionJson(restriction));
  return {{"restricted", answer.restricted},
          {"restrictions", restrictions},
          {"bureau_score", ValueOr(answer.bureau_score)},
          {"summary", answer.summary}};
}

core::Result<credit::BureauAnswer> BureauAnswerFrom(const json& value) {
  std::vector<core::FieldError> errors;
  ObjectReader r(value, "", errors);
  credit::BureauAnswer answer;
  answer.restricted = r.Bool("restricted").value_or(false);
  if (const json* list = r.Array("restrictions")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader item((*list)[i], IndexPath("restrictions", i), errors);
      credit::Restriction restriction{
          item.Text("creditor"), core::Money::FromCents(item.Integer("amount_cents").value_or(0))};
      restriction.registered_on = DateOf(item, "registered_on");
      answer.restrictions.push_back(std::move(restriction));
    }
  }
  if (auto score = r.Integer("bureau_score")) answer.bureau_score = static_cast<int>(*score);
  answer.summary = r.Text("summary");
  if (!errors.empty()) return Failed(std::move(errors));
  return answer;
}

json BureauLookupJson(const credit::BureauLookup& lookup) {
  return {{"id", lookup.id.str()},
          {"customer_id", lookup.customer_id},
          {"bureau", lookup.bureau},
          {"source", lookup.source},
          {"purpose", credit::PurposeName(lookup.purpose)},
          {"purpose_text", credit::PurposePt(lookup.purpose)},
          {"consulted_on", core::FormatIso(lookup.consulted_on)},
          {"answer", BureauAnswerJson(lookup.answer)},
          {"provider_reference", lookup.provider_reference},
          {"requested_by", lookup.requested_by},
          {"recorded_at", core::FormatRfc3339(lookup.recorded_at)}};
}

json CreditSettingsJson(const credit::CreditSettings& settings, bool with_secrets) {
  json bureaus = json::array();
  for (const auto& bureau : settings.bureaus)
    bureaus.push_back(BureauSettingsJson(bureau, with_secrets));
  return {{"rules", RulesJson(settings.rules)},
          {"ladder", LadderJson(settings.ladder)},
          {"ladder_automatic", settings.ladder_automatic},
          {"bureaus", bureaus},
          {"version", settings.version}};
}

credit::CreditSettings ReadCreditSettings(ObjectReader& reader) {
  credit::CreditSettings settings;
  if (const json* rules = reader.Object("rules")) {
    ObjectReader r(*rules, reader.PathOf("rules"), reader.errors());
    settings.rules = RulesFrom(r);
  }
  if (const json* ladder = reader.Object("ladder")) {
    ObjectReader r(*ladder, reader.PathOf("ladder"), reader.errors());
    settings.ladder = LadderFrom(r);
  }
  ReadFlag(reader, "ladder_automatic", settings.ladder_automatic);
  if (const json* list = reader.Array("bureaus")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader r((*list)[i], IndexPath(reader.PathOf("bureaus"), i), reader.errors());
      settings.bureaus.push_back(BureauSettingsFrom(r));
    }
  }
  ReadInt(reader, "version", settings.version);
  return settings;
}

json ProfitabilityJson(const credit::Profitability& row) {
  return {{"customer_id", row.customer_id},
          {"customer_name", row.customer_name},
          {"financed_cents", row.financed.cents()},
          {"income_cents", row.income.cents()},
          {"loss_cents", row.loss.cents()},
          {"result_cents", row.result.cents()},
          {"margin_bps", row.margin_bps}};
}

json ScorecardReportJson(const credit::scorecard::Report& report) {
  json bins = json::array();
  for (const auto& bin : report.bins) {
    bins.push_back(
        {{"feature", bin.feature},
         {"label", bin.label},
         {"count", bin.count},
         {"events", bin.events},
         {"event_rate", std::isnan(bin.event_rate) ? json(nullptr) : json(bin.event_rate)},
         {"woe", bin.woe},
         {"points", bin.points},
         {"iv", bin.iv}});
  }
  const auto& m = report.metrics;
  return {{"test_rows_only", report.test_rows_only},
          {"rows", m.rows},
          {"events", m.events},
          {"auc", m.auc},
          {"gini", m.gini},
          {"ks", m.ks},
          {"bins", bins}};
}

core::Result<credit::scorecard::Report> ScorecardReportFrom(const json& value) {
  try {
    credit::scorecard::Report report;
    report.test_rows_only = value.at("test_rows_only").get<bool>();
    report.metrics.rows = value.at("rows").get<std::int64_t>();
    report.metrics.events = value.at("events").get<std::int64_t>();
    report.metrics.auc = value.at("auc").get<double>();
    report.metrics.gini = value.at("gini").get<double>();
    report.metrics.ks = value.at("ks").get<double>();
    for (const json& item : value.at("bins")) {
      credit::scorecard::BinReport bin;
      bin.feature = item.at("feature").get<std::string>();
      bin.label = item.at("label").get<std::string>();
      bin.count = item.at("count").get<std::int64_t>();
      bin.events = item.at("events").get<std::int64_t>();
      const json& rate = item.at("event_rate");
      bin.event_rate = rate.is_null() ? std::nan("") : rate.get<double>();
      bin.woe = item.at("woe").get<double>();
      bin.points = item.at("points").get<double>();
      bin.iv = item.at("iv").get<double>();
      report.bins.push_back(std::move(bin));
    }
    return report;
  } catch (const json::exception& error) {
    return core::Invalid("report", std::string("relatório ilegível: ") + error.what());
  }
}

}  // namespace fiado::json
