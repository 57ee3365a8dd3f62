// Credit analysis routes: the customer's credit profile (behavioural score with reasons,
// limit and ladder, bureau history, profitability), on-demand analyses, bureau lookups
// (manual or online), the shop's credit settings, the nightly recomputation on demand and
// the profitability ranking.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "http/api.h"
#include "http/body.h"
#include "json/credit_json.h"
#include "json/ledger_json.h"
#include "json/scorecard_json.h"

namespace fiado::http {
namespace {

using nlohmann::json;

constexpr const char* kSystemActor = "system:credit";

std::optional<customers::CustomerId> PathCustomer(Call& call) {
  auto id = customers::CustomerId::Parse(call.Param(1));
  if (!id) call.Fail(core::Error::NotFound("cliente não encontrado"));
  return id ? std::optional(*id) : std::nullopt;
}

json MoneyOr(const std::optional<core::Money>& money) {
  return money ? json(money->cents()) : json(nullptr);
}

json ProfileJson(const credit::CreditProfile& p) {
  json lookups = json::array();
  for (const auto& lookup : p.lookups) lookups.push_back(fiado::json::BureauLookupJson(lookup));
  return {{"behaviour", fiado::json::BehaviourScoreJson(p.behaviour)},
          {"score_computed_at",
           p.score_computed_at ? json(core::FormatRfc3339(*p.score_computed_at)) : json(nullptr)},
          {"credit_limit_cents", p.credit_limit.cents()},
          {"open_cents", p.open_principal.cents()},
          {"available_cents", p.available.cents()},
          {"monthly_commitment_cents", p.monthly_commitment.cents()},
          {"monthly_income_cents", MoneyOr(p.monthly_income)},
          {"ladder", fiado::json::LadderStepJson(p.ladder)},
          {"suggested_first_limit_cents", p.suggested_first_limit.cents()},
          {"bureau_lookups", lookups},
          {"profitability", fiado::json::ProfitabilityJson(p.profitability)}};
}

void GetProfile(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  auto profile = call.services.credit.ProfileOf(call.principal.store_id, *customer);
  if (!profile) return call.Fail(profile.error());
  call.Reply(200, ProfileJson(*profile));
}

core::Money CentsOr(ObjectReader& reader, std::string_view key, bool required = false) {
  return core::Money::FromCents(reader.Integer(key, required).value_or(0));
}

void Analyse(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  credit::AnalysisRequest request;
  request.requested = CentsOr(reader, "requested_cents");
  request.installment_count = static_cast<int>(reader.Integer("installment_count").value_or(0));
  request.installment_amount = CentsOr(reader, "installment_cents");
  const std::string override_reason = reader.Text("override_reason");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  const bool may_override =
      access::RoleAllows(call.principal.role, access::Permission::kCreditManage);
  auto decision =
      call.services.credit.Analyse(call.Actor(), *customer, request, override_reason, may_override);
  if (!decision) return call.Fail(decision.error());
  call.Reply(201, fiado::json::CreditDecisionJson(*decision));
}

void RefreshCustomer(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  auto stored = call.services.credit.Refresh(call.Actor(), *customer);
  if (!stored) return call.Fail(stored.error());
  auto profile = call.services.credit.ProfileOf(call.principal.store_id, *customer);
  if (!profile) return call.Fail(profile.error());
  call.Reply(200, ProfileJson(*profile));
}

void ListLookups(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  auto lookups = call.services.credit.Lookups(call.principal.store_id, *customer);
  if (!lookups) return call.Fail(lookups.error());
  json items = json::array();
  for (const auto& lookup : *lookups) items.push_back(fiado::json::BureauLookupJson(lookup));
  call.Reply(200, {{"items", items}, {"next_cursor", nullptr}});
}

std::vector<credit::Restriction> ReadRestrictions(ObjectReader& reader) {
  std::vector<credit::Restriction> restrictions;
  const json* list = reader.Array("restrictions");
  if (list == nullptr) return restrictions;
  for (std::size_t i = 0; i < list->size(); ++i) {
    ObjectReader item((*list)[i], IndexPath(reader.PathOf("restrictions"), i), reader.errors());
    credit::Restriction restriction{item.Text("creditor", true),
                                    CentsOr(item, "amount_cents", true)};
    if (const std::string on = item.Text("registered_on"); !on.empty()) {
      auto date = core::ParseIsoDate(on, item.PathOf("registered_on"));
      if (date) {
        restriction.registered_on = *date;
      } else {
        item.errors().push_back({item.PathOf("registered_on"), "data inválida: use AAAA-MM-DD"});
      }
    }
    item.RejectUnknown();
    restrictions.push_back(std::move(restriction));
  }
  return restrictions;
}

void RecordLookup(Call& call) {
  auto customer = PathCustomer(call);
  if (!customer) return;
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const bool online = reader.Bool("online").value_or(false);
  credit::ManualLookupDraft draft;
  draft.bureau = reader.Text("bureau", true);
  draft.purpose = reader.Text("purpose", true);
  draft.consulted_on = reader.Text("consulted_on");
  draft.restricted = reader.Bool("restricted").value_or(false);
  draft.restrictions = ReadRestrictions(reader);
  if (auto score = reader.Integer("bureau_score")) draft.bureau_score = static_cast<int>(*score);
  draft.summary = reader.Text("summary");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  core::Result<credit::BureauLookup> lookup = core::Fail(core::Error::Invalid("purpose", ""));
  if (online) {
    const auto purpose = credit::ParsePurpose(draft.purpose);
    if (!purpose) {
      return call.Fail(core::Error::Invalid(
          "purpose", "finalidade inválida: use sale, credit_review ou registration"));
    }
    lookup = call.services.credit.LookupOnline(call.Actor(), *customer, draft.bureau, *purpose);
  } else {
    lookup = call.services.credit.RecordManualLookup(call.Actor(), *customer, draft);
  }
  if (!lookup) return call.Fail(lookup.error());
  call.Reply(201, fiado::json::BureauLookupJson(*lookup));
}

json SettingsBody(const credit::CreditSettings& settings) {
  return fiado::json::CreditSettingsJson(settings, false);
}

void GetSettings(Call& call) {
  auto settings = call.services.credit.Settings(call.principal.store_id);
  if (!settings) return call.Fail(settings.error());
  call.Reply(200, SettingsBody(*settings));
}

void PutSettings(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  if (reader.Raw("version") == nullptr) errors.push_back({"version", "campo obrigatório"});
  credit::CreditSettings settings = fiado::json::ReadCreditSettings(reader);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  const int expected = settings.version;
  auto saved = call.services.credit.SaveSettings(call.Actor(), std::move(settings), expected);
  if (!saved) return call.Fail(saved.error());
  call.Reply(200, SettingsBody(*saved));
}

void RefreshAll(Call& call) {
  auto summary = call.services.credit.RefreshAll(call.Actor());
  if (!summary) return call.Fail(summary.error());
  call.Reply(
      200,
      {{"scored", summary->scored}, {"raised", summary->raised}, {"lowered", summary->lowered}});
}

void Profitability(Call& call) {
  int limit = 50;
  if (const std::string text = call.Query("limit"); !text.empty()) {
    try {
      limit = std::stoi(text);
    } catch (const std::exception&) {
      limit = 0;
    }
    if (limit < 1 || limit > 500) {
      return call.Fail(core::Error::Invalid("limit", "informe de 1 a 500"));
    }
  }
  auto rows = call.services.credit.ProfitabilityOf(call.principal.store_id, limit);
  if (!rows) return call.Fail(rows.error());
  json items = json::array();
  for (const auto& row : *rows) items.push_back(fiado::json::ProfitabilityJson(row));
  call.Reply(200, {{"items", items}});
}

json ScorecardSummaryJson(const credit::StoredScorecard& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"target", s.model.target},
          {"event", s.model.event_value},
          {"created_at", core::FormatRfc3339(s.created_at)},
          {"created_by", s.created_by},
          {"test_auc", s.report.metrics.auc},
          {"test_ks", s.report.metrics.ks},
          {"test_rows", s.report.metrics.rows}};
}

json ScorecardJson(const credit::StoredScorecard& s) {
  json out = ScorecardSummaryJson(s);
  json features = json::array();
  for (const auto& feature : s.model.features) {
    features.push_back(
        {{"name", feature.name},
         {"kind",
          feature.kind == credit::scorecard::ColumnKind::kNumeric ? "numeric" : "categorical"},
         {"iv", feature.iv}});
  }
  out["features"] = features;
  out["warnings"] = s.model.warnings;
  out["training"] = {{"rows", s.model.training.rows},
                     {"events", s.model.training.events},
                     {"auc", s.model.training.auc}};
  out["report"] = fiado::json::ScorecardReportJson(s.report);
  return out;
}

void ListScorecards(Call& call) {
  auto scorecards = call.services.credit.Scorecards(call.principal.store_id);
  if (!scorecards) return call.Fail(scorecards.error());
  json items = json::array();
  for (const auto& scorecard : *scorecards) items.push_back(ScorecardSummaryJson(scorecard));
  call.Reply(200, {{"items", items}});
}

void TrainScorecard(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string name = reader.Text("name", true);
  const std::string csv = reader.Text("csv", true);
  credit::scorecard::TrainOptions options;
  options.target = reader.Text("target", true);
  options.event_value = reader.Text("event", true);
  options.exclude = reader.TextArray("exclude");
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto trained = call.services.credit.TrainScorecard(call.Actor(), name, csv, options);
  if (!trained) return call.Fail(trained.error());
  call.response.set_header("Location", "/api/v1/scorecards/" + trained->id);
  call.Reply(201, ScorecardJson(*trained));
}

void GetScorecard(Call& call) {
  auto scorecard = call.services.credit.FindScorecard(call.principal.store_id, call.Param(1));
  if (!scorecard) return call.Fail(scorecard.error());
  call.Reply(200, ScorecardJson(*scorecard));
}

void DownloadModel(Call& call) {
  auto scorecard = call.services.credit.FindScorecard(call.principal.store_id, call.Param(1));
  if (!scorecard) return call.Fail(scorecard.error());
  call.response.set_header("Content-Disposition", "attachment; filename=\"modelo-score.json\"");
  call.response.set_content(fiado::json::ModelToJson(scorecard->model), "application/json");
}

}  // namespace

void RefreshCredit(Call& call, const customers::CustomerId& customer_id) {
  const core::Actor system{call.principal.store_id, kSystemActor, call.request_id};
  auto refreshed = call.services.credit.Refresh(system, customer_id);
  if (!refreshed) {
    spdlog::warn("credit refresh of customer {} failed: {}", customer_id.str(),
                 refreshed.error().message_pt);
  }
}

std::vector<Route> CreditRoutes() {
  using access::Permission;
  return {
      Route{"GET", "/api/v1/customers/{id}/credit", false, Permission::kCustomersRead, GetProfile},
      Route{"POST", "/api/v1/customers/{id}/credit/analysis", false, Permission::kSalesWrite,
            Analyse},
      Route{"POST", "/api/v1/customers/{id}/credit/refresh", false, Permission::kSalesWrite,
            RefreshCustomer},
      Route{"GET", "/api/v1/customers/{id}/bureau-lookups", false, Permission::kCustomersRead,
            ListLookups},
      Route{"POST", "/api/v1/customers/{id}/bureau-lookups", false, Permission::kSalesWrite,
            RecordLookup},
      Route{"GET", "/api/v1/credit/settings", false, Permission::kStoreRead, GetSettings},
      Route{"PUT", "/api/v1/credit/settings", false, Permission::kCreditManage, PutSettings},
      Route{"POST", "/api/v1/credit/refresh", false, Permission::kCreditManage, RefreshAll},
      Route{"GET", "/api/v1/credit/profitability", false, Permission::kCreditManage, Profitability},
      Route{"GET", "/api/v1/scorecards", false, Permission::kCreditManage, ListScorecards},
      Route{"POST", "/api/v1/scorecards", false, Permission::kCreditManage, TrainScorecard},
      Route{"GET", "/api/v1/scorecards/{id}", false, Permission::kCreditManage, GetScorecard},
      Route{"GET", "/api/v1/scorecards/{id}/model.json", false, Permission::kCreditManage,
            DownloadModel},
  };
}

}  // namespace fiado::http
