// Golden scenarios of the régua (tests/collection_scenarios/NN_name.json): a customer, a
// policy and a sequence of runs; each run decides, feeds the actions back into the
// history as the storage would, and is compared with the expected actions and skips.
//
// File format (times are local to the shop's zone, "AAAA-MM-DDTHH:MM"):
//   zone, state, consent [whatsapp, sms, email], has_phone/has_email/has_address, exempt,
//   first_sale_on, local_holidays [{month, day}], rules {daily_cap, weekly_cap},
//   steps (replaces the preset "Varejo padrão", policy id "regua"), extra_steps (added to
//   it), pauses [{kind, from, until, ended_on}], history [{step, installment, action, on}],
//   installments [{sale, number, count, due, amount_cents, exempt, payments [{on,
//   principal_cents}]}], runs [{at, actions [{action, template, send_at, deferred, steps
//   ["sale#n step"], listed}], skips ["sale#n reason step"]}], notes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "collection/engine_test_support.h"

namespace fiado::collection {
namespace {

using nlohmann::json;

core::Date DateOf(const json& value) { return *core::ParseIsoDate(value.get<std::string>()); }

// "2026-03-07T14:30" → the date and the minutes after midnight.
std::pair<core::Date, int> LocalOf(const std::string& text) {
  const core::Date date = *core::ParseIsoDate(text.substr(0, 10));
  const int minutes = std::stoi(text.substr(11, 2)) * 60 + std::stoi(text.substr(14, 2));
  return {date, minutes};
}

std::string RefText(const payments::InstallmentRef& ref) {
  return ref.sale_id.str() + "#" + std::to_string(ref.number);
}

payments::InstallmentRef RefOf(const std::string& text) {
  const std::size_t hash = text.find('#');
  return testing::Ref(text.substr(0, hash), std::stoi(text.substr(hash + 1)));
}

Step StepOf(const json& value) {
  Step step;
  step.key = value.at("key");
  step.day_offset = value.at("day_offset");
  step.action = *ParseAction(value.at("action").get<std::string>());
  step.template_key = value.value("template_key", "");
  step.min_open = core::Money::FromCents(value.value("min_open_cents", 0));
  return step;
}

Pause PauseOf(const json& value) {
  Pause pause;
  pause.kind = *ParsePauseKind(value.at("kind").get<std::string>());
  pause.from = DateOf(value.at("from"));
  if (value.contains("until")) pause.until = DateOf(value.at("until"));
  if (value.contains("ended_on")) pause.ended_on = DateOf(value.at("ended_on"));
  return pause;
}

AccountInstallment InstallmentOf(const json& value) {
  AccountInstallment installment = testing::MakeInstallment(
      value.at("sale"), value.at("number"), DateOf(value.at("due")), value.at("amount_cents"),
      value.value("count", 3), value.value("description", "Geladeira"));
  installment.exempt = value.value("exempt", false);
  for (const json& payment : value.value("payments", json::array())) {
    payments::Settlement settlement;
    settlement.on = DateOf(payment.at("on"));
    settlement.principal = core::Money::FromCents(payment.at("principal_cents"));
    installment.settlements.push_back(settlement);
  }
  return installment;
}

Account AccountOf(const json& scenario) {
  Account account = testing::MakeAccount(scenario.value("state", "SP"));
  if (scenario.contains("consent")) account.consent = scenario.at("consent");
  account.has_phone = scenario.value("has_phone", true);
  account.has_email = scenario.value("has_email", true);
  account.has_address = scenario.value("has_address", true);
  account.exempt = scenario.value("exempt", false);
  if (scenario.contains("first_sale_on")) account.first_sale_on = DateOf(scenario["first_sale_on"]);
  for (const json& pause : scenario.value("pauses", json::array())) {
    account.pauses.push_back(PauseOf(pause));
  }
  for (const json& past : scenario.value("history", json::array())) {
    account.history.push_back(PastAction{past.at("step"), RefOf(past.at("installment")),
                                         *ParseAction(past.at("action").get<std::string>()),
                                         DateOf(past.at("on"))});
  }
  for (const json& item : scenario.at("installments")) {
    account.installments.push_back(InstallmentOf(item));
  }
  return account;
}

std::vector<core::LocalHoliday> HolidaysOf(const json& scenario) {
  std::vector<core::LocalHoliday> holidays;
  for (const json& day : scenario.value("local_holidays", json::array())) {
    holidays.push_back(
        *core::LocalHoliday::Make(day.at("month"), day.at("day"), std::nullopt, "Feriado local"));
  }
  return holidays;
}

void ConfigurePolicy(const json& scenario, ShopContext& context) {
  Policy& policy = context.policies[0];
  if (scenario.contains("steps")) {
    policy.id = PolicyId::FromTrusted("regua");
    policy.steps.clear();
    for (const json& step : scenario["steps"]) policy.steps.push_back(StepOf(step));
  }
  for (const json& step : scenario.value("extra_steps", json::array())) {
    policy.steps.push_back(StepOf(step));
  }
  std::vector<std::string> keys;
  for (const MessageTemplate& t : context.templates) keys.push_back(t.key);
  const core::Status status = CheckPolicy(policy, keys);
  EXPECT_TRUE(status) << (status ? "" : status.error().Describe());
  if (scenario.contains("rules")) {
    context.rules.daily_cap = scenario["rules"].value("daily_cap", 1);
    context.rules.weekly_cap = scenario["rules"].value("weekly_cap", 3);
  }
}

std::string LocalText(const testing::Shop& shop, core::Instant instant) {
  const core::LocalDateTime local = shop.zone.ToLocal(instant);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local.time_of_day).count();
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return core::FormatIso(local.date) + "T" + buffer;
}

void ExpectAction(const testing::Shop& shop, const Action& action, const json& expected) {
  EXPECT_EQ(ActionName(action.action), expected.at("action").get<std::string>());
  EXPECT_EQ(action.template_key, expected.value("template", ""));
  EXPECT_EQ(LocalText(shop, action.send_at), expected.at("send_at").get<std::string>());
  EXPECT_EQ(action.deferred, expected.value("deferred", false));
  std::vector<std::string> steps;
  for (const auto& [ref, key] : action.steps) steps.push_back(RefText(ref) + " " + key);
  EXPECT_EQ(steps, expected.at("steps").get<std::vector<std::string>>());
  if (expected.contains("listed")) {
    EXPECT_EQ(action.listed.size(), expected["listed"].get<std::size_t>());
  }
  if (HasText(action.action)) {
    EXPECT_NE(action.body.find("CNPJ 11.222.333/0001-81"), std::string::npos);
  }
}

void ExpectRun(const testing::Shop& shop, const Decision& decision, const json& expected) {
  const json& actions = expected.value("actions", json::array());
  ASSERT_EQ(decision.actions.size(), actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    SCOPED_TRACE("action " + std::to_string(i));
    ExpectAction(shop, decision.actions[i], actions[i]);
  }
  std::vector<std::string> skips;
  for (const Skip& skip : decision.skips) {
    std::string text = RefText(skip.installment) + " " + std::string(ReasonName(skip.reason));
    if (!skip.step_key.empty()) text += " " + skip.step_key;
    skips.push_back(text);
  }
  std::vector<std::string> expected_skips =
      expected.value("skips", json::array()).get<std::vector<std::string>>();
  std::sort(skips.begin(), skips.end());
  std::sort(expected_skips.begin(), expected_skips.end());
  EXPECT_EQ(skips, expected_skips);
}

void RunScenario(const std::filesystem::path& path) {
  std::ifstream file(path);
  const json scenario = json::parse(file);
  ASSERT_TRUE(scenario.contains("notes")) << "every scenario explains its reasoning";
  testing::Shop shop(scenario.value("zone", "America/Sao_Paulo"), HolidaysOf(scenario));
  ConfigurePolicy(scenario, shop.context);
  Account account = AccountOf(scenario);
  for (const json& run : scenario.at("runs")) {
    const auto [day, minutes] = LocalOf(run.at("at"));
    SCOPED_TRACE("run at " + run.at("at").get<std::string>());
    shop.At(day, minutes / 60, minutes % 60);
    ExpectRun(shop, testing::DecideAndRecord(shop, account), run);
  }
}

std::vector<std::filesystem::path> ScenarioFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(FIADO_COLLECTION_SCENARIO_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(CollectionScenarioTest, EveryScenarioMatches) {
  const std::vector<std::filesystem::path> files = ScenarioFiles();
  EXPECT_GE(files.size(), 8u);
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.filename().string());
    RunScenario(path);
  }
}

}  // namespace
}  // namespace fiado::collection
