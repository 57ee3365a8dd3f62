#include "collection/policy.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "stores/store.h"

namespace fiado::collection {
namespace {

constexpr std::size_t kMaxKeyChars = 40;
constexpr std::size_t kMaxPolicyNameChars = 80;
constexpr int kBureauWaitDays = 10;

struct ActionInfo {
  StepAction action;
  std::string_view name;
  std::string_view label_pt;
};

constexpr std::array<ActionInfo, 9> kActionInfo = {{
    {StepAction::kWhatsapp, "whatsapp", "WhatsApp"},
    {StepAction::kSms, "sms", "SMS"},
    {StepAction::kEmail, "email", "E-mail"},
    {StepAction::kLetter, "letter", "Carta"},
    {StepAction::kCallTask, "call_task", "Ligação"},
    {StepAction::kBureauNotice, "bureau_notice", "Comunicado prévio"},
    {StepAction::kBureauRegistration, "bureau_registration", "Negativação"},
    {StepAction::kSuspension, "suspension", "Suspensão do crédito"},
    {StepAction::kWebhook, "webhook", "Webhook"},
}};

const ActionInfo& InfoOf(StepAction action) {
  const auto* found =
      std::find_if(kActionInfo.begin(), kActionInfo.end(),
                   [action](const ActionInfo& info) { return info.action == action; });
  FIADO_CHECK(found != kActionInfo.end());
  return *found;
}

// Collects every field error, so an editor can show all of them at once.
class FieldErrors {
 public:
  void Add(std::string field, std::string message_pt) {
    errors_.push_back(core::FieldError{std::move(field), std::move(message_pt)});
  }
  core::Status ToStatus() {
    if (errors_.empty()) return {};
    return core::Fail(core::Error::InvalidFields(std::move(errors_)));
  }

 private:
  std::vector<core::FieldError> errors_;
};

std::string Indexed(std::string_view list, std::size_t index) {
  return std::string(list) + "[" + std::to_string(index) + "]";
}

bool IsValidKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyChars) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '+';
  });
}

void CheckAudience(const Audience& audience, const std::string& prefix, FieldErrors& errors) {
  for (std::size_t i = 0; i < audience.states.size(); ++i) {
    if (!stores::IsValidUf(audience.states[i])) {
      errors.Add(Indexed(prefix + "states", i), "UF inválida: use a sigla do estado, como SP");
    }
  }
  if (audience.min_open.IsNegative()) {
    errors.Add(prefix + "min_open", "o valor mínimo não pode ser negativo");
  }
}

bool IsLateOnlyAction(StepAction action) {
  return action == StepAction::kBureauRegistration || action == StepAction::kSuspension;
}

void CheckStepFields(const Step& step, const std::string& prefix,
                     const std::vector<std::string>& template_keys, FieldErrors& errors) {
  if (!IsValidKey(step.key)) {
    errors.Add(prefix + ".key", "a chave deve ter de 1 a 40 caracteres entre a-z, 0-9, + e -");
  }
  if (step.day_offset < kMinDayOffset || step.day_offset > kMaxDayOffset) {
    errors.Add(prefix + ".day_offset", "o dia deve estar entre " + std::to_string(kMinDayOffset) +
                                           " e " + std::to_string(kMaxDayOffset) +
                                           " em relação ao vencimento");
  } else if (IsLateOnlyAction(step.action) && step.day_offset <= 0) {
    errors.Add(prefix + ".day_offset", "negativação e suspensão só depois do vencimento");
  }
  if (HasText(step.action)) {
    if (step.template_key.empty()) {
      errors.Add(prefix + ".template_key", "escolha o modelo de mensagem desta etapa");
    } else if (std::find(template_keys.begin(), template_keys.end(), step.template_key) ==
               template_keys.end()) {
      errors.Add(prefix + ".template_key", "modelo de mensagem inexistente: " + step.template_key);
    }
  }
  if (step.min_open.IsNegative()) {
    errors.Add(prefix + ".min_open", "o valor mínimo não pode ser negativo");
  }
  CheckAudience(step.audience, prefix + ".audience.", errors);
}

// Duplicate keys and two steps of the same action on the same day.
void CheckStepPairs(const std::vector<Step>& steps, FieldErrors& errors) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const std::string prefix = Indexed("steps", i);
      if (steps[i].key == steps[j].key) {
        errors.Add(prefix + ".key", "chave repetida: já usada na etapa " + std::to_string(j + 1));
      } else if (steps[i].day_offset == steps[j].day_offset && steps[i].action == steps[j].action) {
        errors.Add(prefix + ".action", "já existe uma etapa de " +
                                           std::string(ActionLabelPt(steps[i].action)) +
                                           " no mesmo dia (etapa " + std::to_string(j + 1) + ")");
      }
    }
  }
}

// A registration needs a notice ≥ 10 days before it; nothing may remind of a due date
// after the customer was registered or suspended.
void CheckStepOrder(const std::vector<Step>& steps, FieldErrors& errors) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    const auto earlier_notice = [&step](const Step& other) {
      return other.action == StepAction::kBureauNotice &&
             other.day_offset <= step.day_offset - kBureauWaitDays;
    };
    if (step.action == StepAction::kBureauRegistration &&
        std::none_of(steps.begin(), steps.end(), earlier_notice)) {
      errors.Add(Indexed("steps", i) + ".action",
                 "a negativação exige um comunicado prévio pelo menos 10 dias antes, na "
                 "mesma régua");
    }
    const auto blocks = [&step](const Step& other) {
      return IsLateOnlyAction(other.action) && other.day_offset <= step.day_offset;
    };
    if (step.day_offset < 0 && IsContact(step.action) &&
        std::any_of(steps.begin(), steps.end(), blocks)) {
      errors.Add(Indexed("steps", i) + ".day_offset",
                 "lembrete antes do vencimento depois de uma negativação ou suspensão");
    }
  }
}

Step MakeStep(std::string key, int day_offset, StepAction action, std::string template_key) {
  Step step;
  step.key = std::move(key);
  step.day_offset = day_offset;
  step.action = action;
  step.template_key = std::move(template_key);
  return step;
}

}  // namespace

std::string_view ActionName(StepAction action) { return InfoOf(action).name; }

std::optional<StepAction> ParseAction(std::string_view name) {
  for (const ActionInfo& info : kActionInfo) {
    if (info.name == name) return info.action;
  }
  return std::nullopt;
}

std::string_view ActionLabelPt(StepAction action) { return InfoOf(action).label_pt; }

bool IsMessage(StepAction action) {
  return action == StepAction::kWhatsapp || action == StepAction::kSms ||
         action == StepAction::kEmail;
}

bool IsContact(StepAction action) { return IsMessage(action) || action == StepAction::kCallTask; }

bool HasText(StepAction action) { return IsMessage(action) || action == StepAction::kLetter; }

std::string_view TenureName(Tenure tenure) {
  switch (tenure) {
    case Tenure::kAny:
      return "any";
    case Tenure::kNew:
      return "new";
    case Tenure::kEstablished:
      return "established";
  }
  return "any";
}

std::optional<Tenure> ParseTenure(std::string_view name) {
  for (Tenure tenure : {Tenure::kAny, Tenure::kNew, Tenure::kEstablished}) {
    if (TenureName(tenure) == name) return tenure;
  }
  return std::nullopt;
}

core::Status CheckPolicy(const Policy& policy, const std::vector<std::string>& template_keys) {
  FieldErrors errors;
  if (policy.name.empty()) {
    errors.Add("name", "informe o nome da régua");
  } else if (policy.name.size() > kMaxPolicyNameChars) {
    errors.Add("name", "o nome deve ter no máximo 80 caracteres");
  }
  CheckAudience(policy.audience, "audience.", errors);
  if (policy.steps.empty()) errors.Add("steps", "a régua precisa de pelo menos uma etapa");
  for (std::size_t i = 0; i < policy.steps.size(); ++i) {
    CheckStepFields(policy.steps[i], Indexed("steps", i), template_keys, errors);
  }
  CheckStepPairs(policy.steps, errors);
  CheckStepOrder(policy.steps, errors);
  return errors.ToStatus();
}

std::string StepKeyOf(const Policy& policy, const Step& step) {
  return policy.id.str() + "/" + step.key;
}

std::vector<Policy> PresetPolicies() {
  Policy retail;
  retail.name = "Varejo padrão";
  retail.priority = 100;
  retail.steps = {
      MakeStep("d-3", -3, StepAction::kWhatsapp, "lembrete-antes-vencimento"),
      MakeStep("d0", 0, StepAction::kWhatsapp, "lembrete-vencimento"),
      MakeStep("d+1", 1, StepAction::kEmail, "email-d1"),
      MakeStep("d+7-ligacao", 7, StepAction::kCallTask, ""),
      MakeStep("d+15", 15, StepAction::kWhatsapp, "whatsapp-d15"),
      MakeStep("d+28", 28, StepAction::kEmail, "email-d28"),
      MakeStep("d+30-comunicado", 30, StepAction::kBureauNotice, ""),
  };
  Policy weekly;
  weekly.name = "Cadência semanal";
  weekly.priority = 200;
  // Both presets reach every customer and the first active one applies: the alternative
  // starts switched off, for the shop to turn on (or narrow to an audience) in its place.
  weekly.active = false;
  weekly.steps = {
      MakeStep("d+1", 1, StepAction::kEmail, "email-d1"),
      MakeStep("d+8-ligacao", 8, StepAction::kCallTask, ""),
      MakeStep("d+22", 22, StepAction::kEmail, "email-semanal"),
      MakeStep("d+29", 29, StepAction::kEmail, "email-semanal"),
  };
  return {retail, weekly};
}

}  // namespace fiado::collection
