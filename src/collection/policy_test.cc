#include "collection/policy.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collection/message_template.h"

namespace fiado::collection {
namespace {

std::vector<std::string> PresetKeys() {
  std::vector<std::string> keys;
  for (const MessageTemplate& t : PresetTemplates()) keys.push_back(t.key);
  return keys;
}

Step MakeStep(std::string key, int day, StepAction action, std::string template_key = "") {
  Step step;
  step.key = std::move(key);
  step.day_offset = day;
  step.action = action;
  step.template_key = std::move(template_key);
  return step;
}

Policy Valid() {
  Policy policy;
  policy.name = "Teste";
  policy.steps = {MakeStep("d+1", 1, StepAction::kEmail, "email-d1")};
  return policy;
}

// The fields of a refusal, in order.
std::vector<std::string> FieldsOf(const core::Status& status) {
  std::vector<std::string> fields;
  if (status) return fields;
  for (const core::FieldError& field : status.error().fields) fields.push_back(field.field);
  return fields;
}

bool Refuses(const Policy& policy, const std::string& field) {
  const std::vector<std::string> fields = FieldsOf(CheckPolicy(policy, PresetKeys()));
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

TEST(PolicyTest, ActionNamesRoundTrip) {
  for (StepAction action : kStepActions) {
    EXPECT_EQ(ParseAction(ActionName(action)), action);
    EXPECT_FALSE(ActionLabelPt(action).empty());
  }
  EXPECT_EQ(ActionName(StepAction::kCallTask), "call_task");
  EXPECT_EQ(ActionLabelPt(StepAction::kCallTask), "Ligação");
  EXPECT_EQ(ParseAction("fax"), std::nullopt);
}

TEST(PolicyTest, TenureNamesRoundTrip) {
  for (Tenure tenure : {Tenure::kAny, Tenure::kNew, Tenure::kEstablished}) {
    EXPECT_EQ(ParseTenure(TenureName(tenure)), tenure);
  }
  EXPECT_EQ(ParseTenure("old"), std::nullopt);
}

TEST(PolicyTest, ClassifiesActions) {
  EXPECT_TRUE(IsMessage(StepAction::kWhatsapp));
  EXPECT_TRUE(IsMessage(StepAction::kSms));
  EXPECT_TRUE(IsMessage(StepAction::kEmail));
  EXPECT_FALSE(IsMessage(StepAction::kCallTask));
  EXPECT_FALSE(IsMessage(StepAction::kLetter));
  EXPECT_TRUE(IsContact(StepAction::kCallTask));
  EXPECT_FALSE(IsContact(StepAction::kLetter));
  EXPECT_FALSE(IsContact(StepAction::kBureauNotice));
  EXPECT_TRUE(HasText(StepAction::kLetter));
  EXPECT_FALSE(HasText(StepAction::kCallTask));
  EXPECT_FALSE(HasText(StepAction::kWebhook));
}

TEST(PolicyTest, PresetsPassTheirOwnChecks) {
  const std::vector<Policy> presets = PresetPolicies();
  ASSERT_EQ(presets.size(), 2u);
  EXPECT_EQ(presets[0].name, "Varejo padrão");
  EXPECT_EQ(presets[1].name, "Cadência semanal");
  EXPECT_TRUE(presets[0].active);
  EXPECT_FALSE(presets[1].active);  // the alternative, off until the shop chooses it
  for (const Policy& policy : presets) {
    const core::Status status = CheckPolicy(policy, PresetKeys());
    EXPECT_TRUE(status) << policy.name << ": " << (status ? "" : status.error().Describe());
    EXPECT_TRUE(
        std::is_sorted(policy.steps.begin(), policy.steps.end(),
                       [](const Step& a, const Step& b) { return a.day_offset < b.day_offset; }));
  }
  std::vector<int> days;
  for (const Step& step : presets[0].steps) days.push_back(step.day_offset);
  EXPECT_EQ(days, (std::vector<int>{-3, 0, 1, 7, 15, 28, 30}));
  EXPECT_EQ(presets[0].steps.back().action, StepAction::kBureauNotice);
  EXPECT_EQ(presets[0].steps[3].action, StepAction::kCallTask);
}

TEST(PolicyTest, StepKeyJoinsPolicyAndStep) {
  Policy policy = Valid();
  policy.id = PolicyId::FromTrusted("p1");
  EXPECT_EQ(StepKeyOf(policy, policy.steps[0]), "p1/d+1");
}

TEST(PolicyTest, RefusesEmptyNameAndNoSteps) {
  Policy policy = Valid();
  policy.name = "";
  policy.steps.clear();
  const core::Status status = CheckPolicy(policy, PresetKeys());
  ASSERT_FALSE(status);
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{"name", "steps"}));
  EXPECT_EQ(status.error().fields[0].message_pt, "informe o nome da régua");
}

TEST(PolicyTest, RefusesDuplicateKeysAndOverlaps) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("d+1", 2, StepAction::kWhatsapp, "whatsapp-d15"));
  policy.steps.push_back(MakeStep("outra", 1, StepAction::kEmail, "email-d28"));
  EXPECT_TRUE(Refuses(policy, "steps[1].key"));
  EXPECT_TRUE(Refuses(policy, "steps[2].action"));
}

TEST(PolicyTest, AllowsTwoActionsOnTheSameDay) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("d+1-ligacao", 1, StepAction::kCallTask));
  EXPECT_TRUE(CheckPolicy(policy, PresetKeys()));
}

TEST(PolicyTest, RefusesDayOffsetsOutOfRange) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("cedo", kMinDayOffset - 1, StepAction::kSms, "sms-lembrete"));
  policy.steps.push_back(MakeStep("tarde", kMaxDayOffset + 1, StepAction::kWebhook));
  policy.steps.push_back(MakeStep("limite", kMaxDayOffset, StepAction::kSms, "sms-lembrete"));
  EXPECT_TRUE(Refuses(policy, "steps[1].day_offset"));
  EXPECT_TRUE(Refuses(policy, "steps[2].day_offset"));
  EXPECT_FALSE(Refuses(policy, "steps[3].day_offset"));
}

TEST(PolicyTest, RefusesTextWithoutKnownTemplate) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("sem", 2, StepAction::kWhatsapp, ""));
  policy.steps.push_back(MakeStep("outro", 3, StepAction::kLetter, "nao-existe"));
  policy.steps.push_back(MakeStep("ligar", 4, StepAction::kCallTask, ""));
  const core::Status status = CheckPolicy(policy, PresetKeys());
  EXPECT_EQ(FieldsOf(status),
            (std::vector<std::string>{"steps[1].template_key", "steps[2].template_key"}));
}

TEST(PolicyTest, RefusesBadStepKeys) {
  Policy policy = Valid();
  policy.steps[0].key = "D+1 E-mail";
  EXPECT_TRUE(Refuses(policy, "steps[0].key"));
  policy.steps[0].key = std::string(41, 'a');
  EXPECT_TRUE(Refuses(policy, "steps[0].key"));
  policy.steps[0].key = "d+7-ligacao";
  EXPECT_TRUE(CheckPolicy(policy, PresetKeys()));
}

TEST(PolicyTest, RegistrationNeedsANoticeTenDaysBefore) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("comunicado", 30, StepAction::kBureauNotice));
  policy.steps.push_back(MakeStep("negativar", 39, StepAction::kBureauRegistration));
  EXPECT_TRUE(Refuses(policy, "steps[2].action"));
  policy.steps[2].day_offset = 40;
  EXPECT_TRUE(CheckPolicy(policy, PresetKeys()));
  policy.steps.erase(policy.steps.begin() + 1);
  EXPECT_TRUE(Refuses(policy, "steps[1].action"));
}

TEST(PolicyTest, RefusesRemindersAfterSuspensionOrRegistration) {
  Policy policy = Valid();
  policy.steps.push_back(MakeStep("suspender", 0, StepAction::kSuspension));
  policy.steps.push_back(MakeStep("lembrete", -2, StepAction::kWhatsapp, "lembrete-vencimento"));
  EXPECT_TRUE(Refuses(policy, "steps[1].day_offset"));  // suspension before it is late
  policy.steps[1].day_offset = -5;
  EXPECT_TRUE(Refuses(policy, "steps[2].day_offset"));  // reminder after the suspension
  policy.steps[1].day_offset = 10;
  EXPECT_TRUE(CheckPolicy(policy, PresetKeys()));
}

TEST(PolicyTest, RefusesUnknownUfAndNegativeAmounts) {
  Policy policy = Valid();
  policy.audience.states = {"SP", "XX"};
  policy.audience.min_open = core::Money::FromCents(-1);
  policy.steps[0].min_open = core::Money::FromCents(-100);
  policy.steps[0].audience.states = {"ZZ"};
  policy.steps[0].audience.min_open = core::Money::FromCents(-5);
  const core::Status status = CheckPolicy(policy, PresetKeys());
  EXPECT_EQ(FieldsOf(status), (std::vector<std::string>{
                                  "audience.states[1]", "audience.min_open", "steps[0].min_open",
                                  "steps[0].audience.states[0]", "steps[0].audience.min_open"}));
}

TEST(PolicyTest, CollectsEveryErrorInOneRefusal) {
  Policy policy;
  policy.steps = {MakeStep("", 5000, StepAction::kEmail, "")};
  const core::Status status = CheckPolicy(policy, PresetKeys());
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message_pt, "há 4 campos com problemas");
  EXPECT_EQ(FieldsOf(status),
            (std::vector<std::string>{"name", "steps[0].key", "steps[0].day_offset",
                                      "steps[0].template_key"}));
}

}  // namespace
}  // namespace fiado::collection
