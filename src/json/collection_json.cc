#include "json/collection_json.h"

#include <fmt/format.h>

namespace fiado::json {

using nlohmann::json;

namespace {

json InstantJson(const std::optional<core::Instant>& at) {
  return at ? json(core::FormatRfc3339(*at)) : json(nullptr);
}

json InstallmentRefJson(const payments::InstallmentRef& ref, const std::string& step_key) {
  return {{"sale_id", ref.sale_id.str()}, {"number", ref.number}, {"step_key", step_key}};
}

json ListedJson(const collection::ListedInstallment& listed) {
  return {{"number", listed.number},           {"count", listed.count},
          {"description", listed.description}, {"due_date", core::FormatIso(listed.due_date)},
          {"open_cents", listed.open.cents()}, {"days_late", listed.days_late}};
}

}  // namespace

std::string TimeOfDayText(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

json ContactHoursJson(const collection::ContactHours& hours) {
  json out = json::object();
  for (int day = 0; day < 7; ++day) {
    const collection::DayHours& h = hours.by_weekday[static_cast<std::size_t>(day)];
    out[kWeekdayNames[day]] = h.IsClosed() ? json(nullptr)
                                           : json{{"open", TimeOfDayText(h.open_minute)},
                                                  {"close", TimeOfDayText(h.close_minute)}};
  }
  return out;
}

json SettingsJson(const collection::CollectionSettings& settings) {
  json by_state = json::object();
  for (const auto& [uf, hours] : settings.rules.by_state) {
    by_state[uf] = {{"hours", ContactHoursJson(hours)}};
  }
  return {
      {"run_time", TimeOfDayText(settings.run_minute)},  {"daily_cap", settings.rules.daily_cap},
      {"weekly_cap", settings.rules.weekly_cap},         {"payment_link", settings.payment_link},
      {"hours", ContactHoursJson(settings.rules.hours)}, {"by_state", by_state}};
}

json LawHoursJson() {
  json states = json::object();
  for (const char* uf :
       {"AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
        "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO"}) {
    if (auto hours = collection::StateLawHours(uf)) states[uf] = ContactHoursJson(*hours);
  }
  return {{"hours", ContactHoursJson(collection::DefaultLawfulHours())}, {"states", states}};
}

json AudienceJson(const collection::Audience& audience) {
  return {{"tenure", collection::TenureName(audience.tenure)},
          {"states", audience.states},
          {"min_open_cents", audience.min_open.cents()}};
}

json PolicyJson(const collection::Policy& policy) {
  json steps = json::array();
  for (const collection::Step& step : policy.steps) {
    steps.push_back({{"key", step.key},
                     {"day_offset", step.day_offset},
                     {"action", collection::ActionName(step.action)},
                     {"template_key", step.template_key},
                     {"min_open_cents", step.min_open.cents()},
                     {"audience", AudienceJson(step.audience)}});
  }
  return {{"id", policy.id.str()},
          {"name", policy.name},
          {"priority", policy.priority},
          {"active", policy.active},
          {"audience", AudienceJson(policy.audience)},
          {"steps", steps},
          {"version", policy.version},
          {"updated_at", core::FormatRfc3339(policy.updated_at)},
          {"updated_by", policy.updated_by}};
}

json TemplateJson(const collection::MessageTemplate& t) {
  return {{"key", t.key},
          {"name", t.name},
          {"channel", collection::ActionName(t.channel)},
          {"subject", t.subject},
          {"body", t.body}};
}

json TemplateVariablesJson() {
  json out = json::array();
  for (const auto& variable : collection::TemplateVariables()) {
    out.push_back({{"name", variable.name}, {"description", variable.description_pt}});
  }
  return out;
}

json ActionJson(const collection::Action& action, const std::map<std::string, std::string>& names) {
  json steps = json::array();
  for (const auto& [ref, key] : action.steps) steps.push_back(InstallmentRefJson(ref, key));
  json listed = json::array();
  for (const auto& item : action.listed) listed.push_back(ListedJson(item));
  const auto name = names.find(action.customer_id.str());
  return {{"customer_id", action.customer_id.str()},
          {"customer_name", name == names.end() ? std::string() : name->second},
          {"action", collection::ActionName(action.action)},
          {"template_key", action.template_key},
          {"policy_id", action.policy_id.str()},
          {"send_at", core::FormatRfc3339(action.send_at)},
          {"deferred", action.deferred},
          {"steps", steps},
          {"listed", listed},
          {"open_total_cents", action.open_total.cents()},
          {"subject", action.subject},
          {"body", action.body}};
}

json StoredActionJson(const collection::StoredAction& stored) {
  json out = ActionJson(stored.action, {{stored.action.customer_id.str(), stored.customer_name}});
  out["id"] = stored.id;
  out["run_id"] = stored.run_id;
  out["created_at"] = core::FormatRfc3339(stored.created_at);
  return out;
}

json RunJson(const collection::RunRecord& run) {
  return {{"id", run.id},
          {"run_date", core::FormatIso(run.run_date)},
          {"trigger", run.trigger},
          {"dry_run", run.dry_run},
          {"started_at", core::FormatRfc3339(run.started_at)},
          {"finished_at", core::FormatRfc3339(run.finished_at)},
          {"customers", run.customers},
          {"installments", run.installments},
          {"actions", run.actions},
          {"deferred", run.deferred},
          {"skipped", run.skipped},
          {"actor", run.actor}};
}

json PreviewJson(const collection::Preview& preview) {
  json actions = json::array();
  for (const auto& action : preview.actions) {
    actions.push_back(ActionJson(action, preview.customer_names));
  }
  json skips = json::array();
  for (const auto& [customer, skip] : preview.skips) {
    const auto name = preview.customer_names.find(customer.str());
    skips.push_back({{"customer_id", customer.str()},
                     {"customer_name", name == preview.customer_names.end() ? "" : name->second},
                     {"sale_id", skip.installment.sale_id.str()},
                     {"number", skip.installment.number},
                     {"step_key", skip.step_key},
                     {"reason", collection::ReasonName(skip.reason)},
                     {"reason_pt", collection::ReasonPt(skip.reason)}});
  }
  const auto& c = preview.counts;
  return {{"date", core::FormatIso(preview.date)},
          {"actions", actions},
          {"skips", skips},
          {"counts",
           {{"customers", c.customers},
            {"installments", c.installments},
            {"actions", c.actions},
            {"deferred", c.deferred},
            {"skipped", c.skipped}}}};
}

json PauseJson(const collection::PauseRecord& record, core::Date today) {
  const collection::Pause& p = record.pause;
  return {{"id", p.id.str()},
          {"kind", collection::PauseKindName(p.kind)},
          {"from", core::FormatIso(p.from)},
          {"until", p.until ? json(core::FormatIso(*p.until)) : json(nullptr)},
          {"reason", p.reason},
          {"created_at", core::FormatRfc3339(record.created_at)},
          {"created_by", record.created_by},
          {"ended_at", InstantJson(record.ended_at)},
          {"end_reason", record.end_reason},
          {"active", !record.ended_at && p.IsActiveOn(today)}};
}

json ExemptionJson(const collection::Exemption& e) {
  return {{"id", e.id},
          {"sale_id", e.installment ? json(e.installment->sale_id.str()) : json(nullptr)},
          {"number", e.installment ? json(e.installment->number) : json(nullptr)},
          {"reason", e.reason},
          {"created_at", core::FormatRfc3339(e.created_at)},
          {"created_by", e.created_by},
          {"ended_at", InstantJson(e.ended_at)},
          {"end_reason", e.end_reason},
          {"active", !e.ended_at}};
}

}  // namespace fiado::json
