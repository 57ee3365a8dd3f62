// The régua's configuration (settings, policies, templates), pauses and exemptions.
#include "collection/service.h"

#include <algorithm>

namespace fiado::collection {

namespace {

core::Status CheckSettings(const CollectionSettings& settings) {
  std::vector<core::FieldError> errors;
  if (settings.run_minute < 0 || settings.run_minute >= 24 * 60) {
    errors.push_back({"run_time", "horário da execução diária inválido (00:00 a 23:59)"});
  }
  const std::string& link = settings.payment_link;
  if (!link.empty() &&
      (link.size() > 500 || !(link.starts_with("https://") || link.starts_with("http://")))) {
    errors.push_back({"payment_link",
                      "link de pagamento deve começar com https:// (até 500 "
                      "caracteres)"});
  }
  if (auto rules = CheckContactRules(settings.rules); !rules) {
    if (rules.error().fields.empty()) {
      errors.push_back({rules.error().field, rules.error().message_pt});
    }
    for (const auto& field : rules.error().fields) errors.push_back(field);
  }
  if (errors.empty()) return {};
  return core::Fail(core::Error::InvalidFields(std::move(errors)));
}

std::vector<std::string> KeysOf(const std::vector<MessageTemplate>& templates) {
  std::vector<std::string> keys;
  for (const MessageTemplate& t : templates) keys.push_back(t.key);
  return keys;
}

}  // namespace

CollectionService::CollectionService(CollectionRepository& repository,
                                     stores::StoreRepository& stores,
                                     customers::CustomerRepository& customers,
                                     core::IdGenerator& ids, const core::Clock& clock)
    : repository_(repository), stores_(stores), customers_(customers), ids_(ids), clock_(clock) {}

core::AuditEntry CollectionService::EntryFor(const core::Actor& actor, std::string entity_type,
                                             std::string entity_id, std::string action) const {
  return core::AuditEntry{
      ids_.NextText(),      actor.store_id,    clock_.Now(), actor.actor,  std::move(entity_type),
      std::move(entity_id), std::move(action), std::nullopt, std::nullopt, actor.request_id};
}

core::Result<CollectionSettings> CollectionService::Settings(const core::StoreId& store_id) const {
  if (!stores_.Find(store_id)) return core::Fail(core::Error::NotFound("loja não encontrada"));
  return repository_.Settings(store_id).value_or(CollectionSettings{});
}

core::Result<CollectionSettings> CollectionService::SaveSettings(
    const core::Actor& actor, const CollectionSettings& settings) {
  if (!stores_.Find(actor.store_id)) {
    return core::Fail(core::Error::NotFound("loja não encontrada"));
  }
  if (auto checked = CheckSettings(settings); !checked) return core::Fail(checked.error());
  repository_.SaveSettings(actor.store_id, settings,
                           EntryFor(actor, "collection_settings", actor.store_id.str(), "update"));
  return settings;
}

std::vector<MessageTemplate> CollectionService::Templates(const core::StoreId& store_id) {
  std::vector<MessageTemplate> templates = repository_.Templates(store_id);
  if (!templates.empty()) return templates;
  const core::Actor system{store_id, "system"};
  for (const MessageTemplate& preset : PresetTemplates()) {
    repository_.SaveTemplate(store_id, preset,
                             EntryFor(system, "collection_template", preset.key, "create"));
  }
  return repository_.Templates(store_id);
}

std::vector<Policy> CollectionService::Policies(const core::StoreId& store_id) {
  std::vector<Policy> policies = repository_.Policies(store_id);
  if (policies.empty()) {
    Templates(store_id);  // the presets' templates first
    const core::Actor system{store_id, "system"};
    for (Policy preset : PresetPolicies()) {
      preset.id = ids_.Next<PolicyTag>();
      preset.store_id = store_id;
      preset.version = 1;
      preset.updated_at = clock_.Now();
      preset.updated_by = "system";
      (void)repository_.SavePolicy(
          preset, EntryFor(system, "collection_policy", preset.id.str(), "create"));
    }
    policies = repository_.Policies(store_id);
  }
  std::stable_sort(policies.begin(), policies.end(),
                   [](const Policy& a, const Policy& b) { return a.priority < b.priority; });
  return policies;
}

core::Result<Policy> CollectionService::SavePolicy(const core::Actor& actor, Policy policy) {
  if (!stores_.Find(actor.store_id)) {
    return core::Fail(core::Error::NotFound("loja não encontrada"));
  }
  const bool is_new = policy.id.str().empty();
  if (is_new) {
    policy.id = ids_.Next<PolicyTag>();
    policy.version = 1;
  } else {
    const auto stored = Policies(actor.store_id);
    const auto it = std::find_if(stored.begin(), stored.end(),
                                 [&](const Policy& p) { return p.id == policy.id; });
    if (it == stored.end()) return core::Fail(core::Error::NotFound("régua não encontrada"));
    if (policy.version != it->version) {
      return core::Fail(core::Error::Conflict(
          "esta régua foi alterada por outra pessoa; recarregue e refaça a alteração"));
    }
    policy.version = it->version + 1;
  }
  policy.store_id = actor.store_id;
  policy.updated_at = clock_.Now();
  policy.updated_by = actor.actor;
  std::sort(policy.steps.begin(), policy.steps.end(), [](const Step& a, const Step& b) {
    return a.day_offset != b.day_offset ? a.day_offset < b.day_offset : a.key < b.key;
  });
  if (auto checked = CheckPolicy(policy, KeysOf(Templates(actor.store_id))); !checked) {
    return core::Fail(checked.error());
  }
  if (auto saved = repository_.SavePolicy(
          policy,
          EntryFor(actor, "collection_policy", policy.id.str(), is_new ? "create" : "update"));
      !saved) {
    return core::Fail(saved.error());
  }
  return policy;
}

core::Result<MessageTemplate> CollectionService::SaveTemplate(
    const core::Actor& actor, const MessageTemplate& message_template) {
  if (!stores_.Find(actor.store_id)) {
    return core::Fail(core::Error::NotFound("loja não encontrada"));
  }
  if (auto checked = CheckTemplate(message_template); !checked) return core::Fail(checked.error());
  Templates(actor.store_id);  // presets first, so a new shop keeps them
  repository_.SaveTemplate(actor.store_id, message_template,
                           EntryFor(actor, "collection_template", message_template.key, "update"));
  return message_template;
}

std::vector<RunRecord> CollectionService::Runs(const core::StoreId& store_id) const {
  return repository_.Runs(store_id, 100);
}

std::vector<StoredAction> CollectionService::Actions(const core::StoreId& store_id,
                                                     const ActionFilter& filter) const {
  return repository_.Actions(store_id, filter);
}

}  // namespace fiado::collection
