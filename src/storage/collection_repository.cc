#include "storage/collection_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "storage/audit_log.h"
#include "storage/columns.h"

namespace fiado::storage {
namespace {

using collection::Account;
using collection::AccountInstallment;
using collection::Action;
using collection::CollectionSettings;
using collection::Exemption;
using collection::MessageTemplate;
using collection::PastAction;
using collection::Pause;
using collection::PauseRecord;
using collection::Policy;
using collection::RunRecord;
using collection::StepAction;
using collection::StoredAction;
using nlohmann::json;

// A row that does not read back means a table was edited outside Fiado.
[[noreturn]] void BadRow(const std::string& what) {
  throw StorageError("dado inválido na régua de cobrança: " + what);
}

// ---------------------------------------------------------------------------------------
// Enumerations as column text (the names the API uses)

template <typename Enum>
struct Named {
  Enum value;
  std::string_view name;
};

constexpr Named<StepAction> kActions[] = {{StepAction::kWhatsapp, "whatsapp"},
                                          {StepAction::kSms, "sms"},
                                          {StepAction::kEmail, "email"},
                                          {StepAction::kLetter, "letter"},
                                          {StepAction::kCallTask, "call_task"},
                                          {StepAction::kBureauNotice, "bureau_notice"},
                                          {StepAction::kBureauRegistration, "bureau_registration"},
                                          {StepAction::kSuspension, "suspension"},
                                          {StepAction::kWebhook, "webhook"}};
constexpr Named<collection::PauseKind> kPauseKinds[] = {
    {collection::PauseKind::kPromise, "promise"},
    {collection::PauseKind::kAgreement, "agreement"},
    {collection::PauseKind::kDispute, "dispute"}};
constexpr Named<collection::Tenure> kTenures[] = {
    {collection::Tenure::kAny, "any"},
    {collection::Tenure::kNew, "new"},
    {collection::Tenure::kEstablished, "established"}};
constexpr Named<customers::CustomerStatus> kStatuses[] = {
    {customers::CustomerStatus::kActive, "active"},
    {customers::CustomerStatus::kBlocked, "blocked"}};
constexpr Named<customers::Channel> kChannelNames[] = {{customers::Channel::kWhatsapp, "whatsapp"},
                                                       {customers::Channel::kSms, "sms"},
                                                       {customers::Channel::kEmail, "email"}};

// The contact actions (messages and call tasks), as the column holds them.
constexpr const char* kContactActions = "('whatsapp', 'sms', 'email', 'call_task')";

template <typename Enum, std::size_t N>
std::string NameOf(const Named<Enum> (&names)[N], Enum value) {
  for (const auto& each : names) {
    if (each.value == value) return std::string(each.name);
  }
  core::CheckFailed("value without a column name", __FILE__, __LINE__);
}

template <typename Enum, std::size_t N>
Enum ValueOf(const Named<Enum> (&names)[N], std::string_view name) {
  for (const auto& each : names) {
    if (each.name == name) return each.value;
  }
  BadRow("valor desconhecido: " + std::string(name));
}

// ---------------------------------------------------------------------------------------
// Column values

core::Date DateOf(const std::string& text) {
  auto date = core::ParseIsoDate(text);
  if (!date) BadRow(date.error().Describe());
  return *date;
}

json ParseJson(const std::string& text, const char* column) {
  try {
    return json::parse(text);
  } catch (const json::exception& error) {
    BadRow(std::string(column) + ": " + error.what());
  }
}

constexpr const char* kWhere = "na régua de cobrança";  // for Columns' errors

// ---------------------------------------------------------------------------------------
// Settings as JSON

json HoursJson(const collection::ContactHours& hours) {
  json days = json::array();
  for (const auto& day : hours.by_weekday) days.push_back({day.open_minute, day.close_minute});
  return days;
}

collection::ContactHours HoursFrom(const json& days) {
  collection::ContactHours hours;
  if (!days.is_array() || days.size() != 7) BadRow("horários sem os sete dias");
  for (std::size_t i = 0; i < 7; ++i) {
    hours.by_weekday[i] = {days[i].at(0).get<int>(), days[i].at(1).get<int>()};
  }
  return hours;
}

std::string SettingsJson(const CollectionSettings& settings) {
  json by_state = json::object();
  for (const auto& [uf, hours] : settings.rules.by_state) by_state[uf] = HoursJson(hours);
  const json rules = {{"hours", HoursJson(settings.rules.hours)},
                      {"by_state", by_state},
                      {"daily_cap", settings.rules.daily_cap},
                      {"weekly_cap", settings.rules.weekly_cap}};
  return json{{"run_minute", settings.run_minute},
              {"rules", rules},
              {"payment_link", settings.payment_link}}
      .dump();
}

CollectionSettings SettingsFrom(const std::string& text) {
  const json value = ParseJson(text, "settings");
  try {
    CollectionSettings settings;
    settings.run_minute = value.at("run_minute").get<int>();
    settings.payment_link = value.at("payment_link").get<std::string>();
    const json& rules = value.at("rules");
    settings.rules.hours = HoursFrom(rules.at("hours"));
    for (const auto& [uf, hours] : rules.at("by_state").items()) {
      settings.rules.by_state[uf] = HoursFrom(hours);
    }
    settings.rules.daily_cap = rules.at("daily_cap").get<int>();
    settings.rules.weekly_cap = rules.at("weekly_cap").get<int>();
    return settings;
  } catch (const json::exception& error) {
    BadRow(std::string("settings: ") + error.what());
  }
}

// ---------------------------------------------------------------------------------------
// Policies as JSON

json AudienceJson(const collection::Audience& audience) {
  return {{"tenure", NameOf(kTenures, audience.tenure)},
          {"states", audience.states},
          {"min_open_cents", audience.min_open.cents()}};
}

collection::Audience AudienceFrom(const json& value) {
  collection::Audience audience;
  audience.tenure = ValueOf(kTenures, value.at("tenure").get<std::string>());
  audience.states = value.at("states").get<std::vector<std::string>>();
  audience.min_open = core::Money::FromCents(value.at("min_open_cents").get<std::int64_t>());
  return audience;
}

std::string StepsJson(const std::vector<collection::Step>& steps) {
  json items = json::array();
  for (const auto& step : steps) {
    items.push_back({{"key", step.key},
                     {"day_offset", step.day_offset},
                     {"action", NameOf(kActions, step.action)},
                     {"template_key", step.template_key},
                     {"min_open_cents", step.min_open.cents()},
                     {"audience", AudienceJson(step.audience)}});
  }
  return items.dump();
}

std::vector<collection::Step> StepsFrom(const json& items) {
  std::vector<collection::Step> steps;
  for (const auto& item : items) {
    collection::Step step;
    step.key = item.at("key").get<std::string>();
    step.day_offset = item.at("day_offset").get<int>();
    step.action = ValueOf(kActions, item.at("action").get<std::string>());
    step.template_key = item.at("template_key").get<std::string>();
    step.min_open = core::Money::FromCents(item.at("min_open_cents").get<std::int64_t>());
    step.audience = AudienceFrom(item.at("audience"));
    steps.push_back(std::move(step));
  }
  return steps;
}

// ---------------------------------------------------------------------------------------
// Listed installments and skip counts as JSON

std::string ListedJson(const std::vector<collection::ListedInstallment>& listed) {
  json items = json::array();
  for (const auto& each : listed) {
    items.push_back({{"number", each.number},
                     {"count", each.count},
                     {"description", each.description},
                     {"due_date", core::FormatIso(each.due_date)},
                     {"open_cents", each.open.cents()},
                     {"days_late", each.days_late}});
  }
  return items.dump();
}

std::vector<collection::ListedInstallment> ListedFrom(const std::string& text) {
  std::vector<collection::ListedInstallment> listed;
  try {
    for (const auto& item : ParseJson(text, "listed")) {
      collection::ListedInstallment each;
      each.number = item.at("number").get<int>();
      each.count = item.at("count").get<int>();
      each.description = item.at("description").get<std::string>();
      each.due_date = DateOf(item.at("due_date").get<std::string>());
      each.open = core::Money::FromCents(item.at("open_cents").get<std::int64_t>());
      each.days_late = item.at("days_late").get<int>();
      listed.push_back(std::move(each));
    }
  } catch (const json::exception& error) {
    BadRow(std::string("listed: ") + error.what());
  }
  return listed;
}

std::map<std::string, std::int64_t> SkippedFrom(const std::string& text) {
  try {
    return ParseJson(text, "skipped").get<std::map<std::string, std::int64_t>>();
  } catch (const json::exception& error) {
    BadRow(std::string("skipped: ") + error.what());
  }
}

// The shop's zone (for the local dates of ended pauses), the default when unknown.
core::TimeZone ZoneOf(soci::session& session, const core::StoreId& store_id) {
  std::string name;
  soci::indicator null = soci::i_ok;
  session << "SELECT time_zone FROM stores WHERE id = :store", soci::use(store_id.str()),
      soci::into(name, null);
  auto zone = core::TimeZone::Named(name.empty() ? std::string(core::kDefaultTimeZone) : name);
  return zone ? *zone : core::TimeZone::Named(core::kDefaultTimeZone).value();
}

}  // namespace

// =======================================================================================
// Settings, policies and templates

std::optional<CollectionSettings> SqlCollectionRepository::Settings(
    const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::string text;
  session << "SELECT settings FROM collection_settings WHERE store_id = :store",
      soci::use(store_id.str()), soci::into(text);
  if (!session.got_data()) return std::nullopt;
  return SettingsFrom(text);
}

void SqlCollectionRepository::SaveSettings(const core::StoreId& store_id,
                                           const CollectionSettings& settings,
                                           const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string text = SettingsJson(settings);
  const std::string at = core::FormatRfc3339(audit.occurred_at);
  session << "INSERT INTO collection_settings (store_id, settings, updated_at, updated_by) "
             "VALUES (:store, :settings, :at, :by) ON CONFLICT (store_id) DO UPDATE SET "
             "settings = excluded.settings, updated_at = excluded.updated_at, "
             "updated_by = excluded.updated_by",
      soci::use(store_id.str()), soci::use(text), soci::use(at), soci::use(audit.actor);
  InsertAuditEntry(session, audit);
  transaction.Commit();
}

namespace {

Policy PolicyFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  Policy policy;
  policy.id = collection::PolicyId::FromTrusted(c.Text());
  policy.store_id = core::StoreId::FromTrusted(c.Text());
  policy.name = c.Text();
  policy.priority = static_cast<int>(c.Integer());
  policy.active = c.Flag();
  const std::string audience = c.Text();
  const std::string steps = c.Text();
  try {
    policy.audience = AudienceFrom(ParseJson(audience, "audience"));
    policy.steps = StepsFrom(ParseJson(steps, "steps"));
  } catch (const json::exception& error) {
    BadRow(std::string("política: ") + error.what());
  }
  policy.version = static_cast<int>(c.Integer());
  policy.updated_at = c.Rfc3339();
  policy.updated_by = c.Text();
  return policy;
}

// The column values of a policy's row, bound by reference.
struct PolicyColumns {
  explicit PolicyColumns(const Policy& p)
      : active(p.active ? 1 : 0),
        audience(AudienceJson(p.audience).dump()),
        steps(StepsJson(p.steps)),
        updated_at(core::FormatRfc3339(p.updated_at)),
        previous(p.version - 1) {}
  int active;
  std::string audience;
  std::string steps;
  std::string updated_at;
  int previous;
};

long long InsertPolicy(soci::session& session, const Policy& p, const PolicyColumns& v) {
  soci::statement insert =
      (session.prepare << "INSERT INTO collection_policies (id, store_id, name, priority, "
                          "active, audience, steps, version, updated_at, updated_by) VALUES "
                          "(:id, :store, :name, :priority, :active, :audience, :steps, "
                          ":version, :at, :by) ON CONFLICT (id) DO NOTHING",
       soci::use(p.id.str()), soci::use(p.store_id.str()), soci::use(p.name), soci::use(p.priority),
       soci::use(v.active), soci::use(v.audience), soci::use(v.steps), soci::use(p.version),
       soci::use(v.updated_at), soci::use(p.updated_by));
  insert.execute(true);
  return insert.get_affected_rows();
}

// Replaces the stored policy when its version is the one before.
long long UpdatePolicy(soci::session& session, const Policy& p, const PolicyColumns& v) {
  soci::statement update =
      (session.prepare << "UPDATE collection_policies SET name = :name, priority = :priority, "
                          "active = :active, audience = :audience, steps = :steps, version = "
                          ":version, updated_at = :at, updated_by = :by WHERE id = :id AND "
                          "store_id = :store AND version = :previous",
       soci::use(p.name), soci::use(p.priority), soci::use(v.active), soci::use(v.audience),
       soci::use(v.steps), soci::use(p.version), soci::use(v.updated_at), soci::use(p.updated_by),
       soci::use(p.id.str()), soci::use(p.store_id.str()), soci::use(v.previous));
  update.execute(true);
  return update.get_affected_rows();
}

}  // namespace

std::vector<Policy> SqlCollectionRepository::Policies(const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::vector<Policy> policies;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT id, store_id, name, priority, active, audience, steps, version, "
                          "updated_at, updated_by FROM collection_policies WHERE store_id = :store "
                          "ORDER BY priority, name, id",
       soci::use(store_id.str()));
  for (const soci::row& row : rows) policies.push_back(PolicyFromRow(row));
  return policies;
}

core::Status SqlCollectionRepository::SavePolicy(const Policy& policy,
                                                 const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const PolicyColumns v(policy);
  const long long changed =
      policy.version == 1 ? InsertPolicy(session, policy, v) : UpdatePolicy(session, policy, v);
  if (changed != 1) {
    return core::Fail(core::Error::Conflict(
        "a política foi alterada por outra pessoa; recarregue e tente de novo"));
  }
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

std::vector<MessageTemplate> SqlCollectionRepository::Templates(
    const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::vector<MessageTemplate> templates;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT template_key, name, channel, subject, body FROM "
                          "collection_templates WHERE store_id = :store ORDER BY template_key",
       soci::use(store_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    MessageTemplate each;
    each.key = c.Text();
    each.name = c.Text();
    each.channel = ValueOf(kActions, c.Text());
    each.subject = c.Text();
    each.body = c.Text();
    templates.push_back(std::move(each));
  }
  return templates;
}

void SqlCollectionRepository::SaveTemplate(const core::StoreId& store_id, const MessageTemplate& t,
                                           const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string channel = NameOf(kActions, t.channel);
  const std::string at = core::FormatRfc3339(audit.occurred_at);
  session << "INSERT INTO collection_templates (store_id, template_key, name, channel, subject, "
             "body, updated_at, updated_by) VALUES (:store, :key, :name, :channel, :subject, "
             ":body, :at, :by) ON CONFLICT (store_id, template_key) DO UPDATE SET name = "
             "excluded.name, channel = excluded.channel, subject = excluded.subject, body = "
             "excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
      soci::use(store_id.str()), soci::use(t.key), soci::use(t.name), soci::use(channel),
      soci::use(t.subject), soci::use(t.body), soci::use(at), soci::use(audit.actor);
  InsertAuditEntry(session, audit);
  transaction.Commit();
}

// =======================================================================================
// The outbox

namespace {

// The column values of one action's row, bound once to a prepared statement.
struct ActionRow {
  std::string id;
  std::string customer;
  std::string policy;
  std::string action;
  std::string template_key;
  std::string send_at;
  int deferred = 0;
  long long open_total = 0;
  std::string listed;
  std::string subject;
  std::string body;

  void Set(std::string new_id, const Action& a) {
    id = std::move(new_id);
    customer = a.customer_id.str();
    policy = a.policy_id.str();
    action = NameOf(kActions, a.action);
    template_key = a.template_key;
    send_at = core::FormatRfc3339(a.send_at);
    deferred = a.deferred ? 1 : 0;
    open_total = a.open_total.cents();
    listed = ListedJson(a.listed);
    subject = a.subject;
    body = a.body;
  }
};

struct StepRow {
  std::string sale;
  int number = 0;
  std::string key;
};

// Inserts an action's step keys; false when one was already stored.
bool InsertSteps(soci::statement& insert, StepRow& row, const Action& action) {
  for (const auto& [installment, key] : action.steps) {
    row.sale = installment.sale_id.str();
    row.number = installment.number;
    row.key = key;
    insert.execute(true);
    if (insert.get_affected_rows() != 1) return false;
  }
  return true;
}

}  // namespace

std::int64_t SqlCollectionRepository::RecordActions(const core::StoreId& store_id,
                                                    const std::string& run_id,
                                                    std::span<const Action> actions,
                                                    core::Instant created_at) {
  if (actions.empty()) return 0;
  core::FixedClock clock(created_at);
  core::IdGenerator ids(clock);
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string& store = store_id.str();
  const std::string created = core::FormatRfc3339(created_at);
  ActionRow a;
  StepRow s;
  soci::statement insert_action =
      (session.prepare << "INSERT INTO collection_actions (id, store_id, customer_id, run_id, "
                          "policy_id, action, template_key, send_at, deferred, open_total_cents, "
                          "listed, subject, body, created_at) VALUES (:id, :store, :customer, "
                          ":run, :policy, :action, :template, :send_at, :deferred, :open, "
                          ":listed, :subject, :body, :created)",
       soci::use(a.id), soci::use(store), soci::use(a.customer), soci::use(run_id),
       soci::use(a.policy), soci::use(a.action), soci::use(a.template_key), soci::use(a.send_at),
       soci::use(a.deferred), soci::use(a.open_total), soci::use(a.listed), soci::use(a.subject),
       soci::use(a.body), soci::use(created));
  soci::statement insert_step =
      (session.prepare << "INSERT INTO collection_action_steps (store_id, sale_id, "
                          "installment_number, step_key, action_id, customer_id) VALUES (:store, "
                          ":sale, :number, :key, :action, :customer) ON CONFLICT (store_id, "
                          "sale_id, installment_number, step_key) DO NOTHING",
       soci::use(store), soci::use(s.sale), soci::use(s.number), soci::use(s.key), soci::use(a.id),
       soci::use(a.customer));
  // A message action also becomes a queued message of the outbox (its channel is the
  // action's name), with the first event of its timeline.
  soci::statement insert_message =
      (session.prepare << "INSERT INTO messages (id, store_id, customer_id, source, channel, "
                          "recipient, template_key, subject, body, status, attempts, "
                          "next_attempt_at, lease_until, provider_id, last_error, "
                          "unsubscribe_token, created_at, updated_at, sent_at, sent_by) VALUES "
                          "(:id, :store, :customer, 'collection', :channel, '', :template, "
                          ":subject, :body, 'queued', 0, :next, NULL, '', '', '', :created, "
                          ":updated, NULL, '')",
       soci::use(a.id), soci::use(store), soci::use(a.customer), soci::use(a.action),
       soci::use(a.template_key), soci::use(a.subject), soci::use(a.body), soci::use(a.send_at),
       soci::use(created), soci::use(created));
  const std::string detail = "decidida pela régua";
  const std::string actor = "fiado";
  soci::statement insert_event =
      (session.prepare << "INSERT INTO message_events (message_id, store_id, at, status, detail, "
                          "actor) VALUES (:message, :store, :at, 'queued', :detail, :actor)",
       soci::use(a.id), soci::use(store), soci::use(created), soci::use(detail), soci::use(actor));
  std::int64_t written = 0;
  for (const Action& action : actions) {
    a.Set(ids.NextText(), action);
    session << "SAVEPOINT collection_action";
    insert_action.execute(true);
    if (InsertSteps(insert_step, s, action)) {
      if (collection::IsMessage(action.action)) {
        insert_message.execute(true);
        insert_event.execute(true);
      }
      ++written;
    } else {
      session << "ROLLBACK TO SAVEPOINT collection_action";
    }
    session << "RELEASE SAVEPOINT collection_action";
  }
  transaction.Commit();
  return written;
}

namespace {

// The columns StoredActionFromRow reads, of collection_actions a joined to customers c.
constexpr const char* kActionColumns =
    "a.id, a.run_id, a.customer_id, a.policy_id, a.action, a.template_key, a.send_at, "
    "a.deferred, a.open_total_cents, a.listed, a.subject, a.body, a.created_at, c.full_name";

StoredAction StoredActionFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  StoredAction stored;
  stored.id = c.Text();
  stored.run_id = c.Text();
  Action& a = stored.action;
  a.customer_id = customers::CustomerId::FromTrusted(c.Text());
  a.policy_id = collection::PolicyId::FromTrusted(c.Text());
  a.action = ValueOf(kActions, c.Text());
  a.template_key = c.Text();
  a.send_at = c.Rfc3339();
  a.deferred = c.Flag();
  a.open_total = core::Money::FromCents(c.Integer());
  a.listed = ListedFrom(c.Text());
  a.subject = c.Text();
  a.body = c.Text();
  stored.created_at = c.Rfc3339();
  stored.customer_name = c.OptionalText().value_or("");
  return stored;
}

void AttachSteps(soci::session& session, const std::string& store, StoredAction& stored) {
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT sale_id, installment_number, step_key FROM "
                          "collection_action_steps WHERE store_id = :store AND action_id = :id "
                          "ORDER BY sale_id, installment_number, step_key",
       soci::use(store), soci::use(stored.id));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    payments::InstallmentRef ref;
    ref.sale_id = sales::SaleId::FromTrusted(c.Text());
    ref.number = static_cast<int>(c.Integer());
    stored.action.steps.emplace_back(ref, c.Text());
  }
}

}  // namespace

std::vector<StoredAction> SqlCollectionRepository::Actions(
    const core::StoreId& store_id, const collection::ActionFilter& filter) const {
  soci::session session(db_.pool());
  const std::string& store = store_id.str();
  std::string customer = filter.customer_id ? filter.customer_id->str() : "";
  std::string action = filter.action ? NameOf(kActions, *filter.action) : "";
  std::string from = filter.send_from ? core::FormatRfc3339(*filter.send_from) : "";
  std::string to = filter.send_to ? core::FormatRfc3339(*filter.send_to) : "";
  int limit = std::max(0, filter.limit);
  std::string sql = std::string("SELECT ") + kActionColumns +
                    " FROM collection_actions a LEFT JOIN customers c ON c.id = a.customer_id "
                    "AND c.store_id = a.store_id WHERE a.store_id = :store";
  soci::details::prepare_temp_type query = (session.prepare << "");
  query, soci::use(store);
  if (filter.customer_id) {
    sql += " AND a.customer_id = :customer";
    query, soci::use(customer);
  }
  if (filter.action) {
    sql += " AND a.action = :action";
    query, soci::use(action);
  }
  if (filter.send_from) {
    sql += " AND a.send_at >= :send_from";
    query, soci::use(from);
  }
  if (filter.send_to) {
    sql += " AND a.send_at < :send_to";
    query, soci::use(to);
  }
  sql += " ORDER BY a.send_at, a.id LIMIT :limit";
  query, soci::use(limit);
  query << sql;
  std::vector<StoredAction> stored;
  soci::rowset<soci::row> rows(query);
  for (const soci::row& row : rows) stored.push_back(StoredActionFromRow(row));
  for (StoredAction& each : stored) AttachSteps(session, store, each);
  return stored;
}

std::optional<StoredAction> SqlCollectionRepository::FindAction(
    const core::StoreId& store_id, const std::string& action_id) const {
  soci::session session(db_.pool());
  const std::string& store = store_id.str();
  std::optional<StoredAction> found;
  {
    soci::rowset<soci::row> rows =
        (session.prepare << std::string("SELECT ") + kActionColumns +
                                " FROM collection_actions a LEFT JOIN customers c ON c.id = "
                                "a.customer_id AND c.store_id = a.store_id WHERE a.store_id = "
                                ":store AND a.id = :id",
         soci::use(store), soci::use(action_id));
    for (const soci::row& row : rows) found = StoredActionFromRow(row);
  }
  if (found) AttachSteps(session, store, *found);
  return found;
}

// =======================================================================================
// Runs

namespace {

constexpr const char* kRunColumns =
    "id, store_id, run_date, run_trigger, dry_run, started_at, finished_at, customer_count, "
    "installment_count, action_count, deferred_count, skipped, actor";

RunRecord RunFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  RunRecord run;
  run.id = c.Text();
  run.store_id = core::StoreId::FromTrusted(c.Text());
  run.run_date = c.IsoDate();
  run.trigger = c.Text();
  run.dry_run = c.Flag();
  run.started_at = c.Rfc3339();
  run.finished_at = c.Rfc3339();
  run.customers = c.Integer();
  run.installments = c.Integer();
  run.actions = c.Integer();
  run.deferred = c.Integer();
  run.skipped = SkippedFrom(c.Text());
  run.actor = c.Text();
  return run;
}

}  // namespace

void SqlCollectionRepository::SaveRun(const RunRecord& run) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string run_date = core::FormatIso(run.run_date);
  const int dry_run = run.dry_run ? 1 : 0;
  const std::string started = core::FormatRfc3339(run.started_at);
  const std::string finished = core::FormatRfc3339(run.finished_at);
  const long long customers = run.customers;
  const long long installments = run.installments;
  const long long actions = run.actions;
  const long long deferred = run.deferred;
  const std::string skipped = json(run.skipped).dump();
  session << std::string("INSERT INTO collection_runs (") + kRunColumns +
                 ") VALUES (:id, :store, :date, :trigger, :dry, :started, :finished, "
                 ":customers, :installments, :actions, :deferred, :skipped, :actor)",
      soci::use(run.id), soci::use(run.store_id.str()), soci::use(run_date), soci::use(run.trigger),
      soci::use(dry_run), soci::use(started), soci::use(finished), soci::use(customers),
      soci::use(installments), soci::use(actions), soci::use(deferred), soci::use(skipped),
      soci::use(run.actor);
  transaction.Commit();
}

std::vector<RunRecord> SqlCollectionRepository::Runs(const core::StoreId& store_id,
                                                     int limit) const {
  soci::session session(db_.pool());
  int rows_wanted = std::max(0, limit);
  std::vector<RunRecord> runs;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kRunColumns +
                              " FROM collection_runs WHERE store_id = :store ORDER BY "
                              "started_at DESC, id DESC LIMIT :limit",
       soci::use(store_id.str()), soci::use(rows_wanted));
  for (const soci::row& row : rows) runs.push_back(RunFromRow(row));
  return runs;
}

std::optional<RunRecord> SqlCollectionRepository::RunOn(const core::StoreId& store_id,
                                                        core::Date day) const {
  soci::session session(db_.pool());
  const std::string run_date = core::FormatIso(day);
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kRunColumns +
                              " FROM collection_runs WHERE store_id = :store AND run_date = "
                              ":date AND dry_run = 0 ORDER BY finished_at DESC, id DESC LIMIT 1",
       soci::use(store_id.str()), soci::use(run_date));
  for (const soci::row& row : rows) return RunFromRow(row);
  return std::nullopt;
}

// =======================================================================================
// Pauses and exemptions

void SqlCollectionRepository::AddPause(const core::StoreId& store_id, const PauseRecord& record,
                                       const core::AuditEntry& audit) {
  const Pause& p = record.pause;
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string kind = NameOf(kPauseKinds, p.kind);
  const std::string from = core::FormatIso(p.from);
  const std::string until = p.until ? core::FormatIso(*p.until) : "";
  soci::indicator until_null = p.until ? soci::i_ok : soci::i_null;
  const std::string created = core::FormatRfc3339(record.created_at);
  session << "INSERT INTO collection_pauses (id, store_id, customer_id, kind, from_date, "
             "until_date, reason, created_at, created_by) VALUES (:id, :store, :customer, :kind, "
             ":from, :until, :reason, :created, :by)",
      soci::use(p.id.str()), soci::use(store_id.str()), soci::use(p.customer_id.str()),
      soci::use(kind), soci::use(from), soci::use(until, until_null), soci::use(p.reason),
      soci::use(created), soci::use(record.created_by);
  InsertAuditEntry(session, audit);
  transaction.Commit();
}

core::Status SqlCollectionRepository::End(const char* table, const char* ends_table,
                                          const char* key_column, const core::StoreId& store_id,
                                          const std::string& id, core::Instant at,
                                          const std::string& reason,
                                          const core::AuditEntry& audit) {
  const bool is_pause = std::string_view(table) == "collection_pauses";
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  int found = 0;
  session << std::string("SELECT COUNT(*) FROM ") + table + " WHERE id = :id AND store_id = :store",
      soci::use(id), soci::use(store_id.str()), soci::into(found);
  if (found == 0) {
    return core::Fail(
        core::Error::NotFound(is_pause ? "pausa não encontrada" : "isenção não encontrada"));
  }
  const std::string ended_at = core::FormatRfc3339(at);
  soci::statement insert =
      (session.prepare << std::string("INSERT INTO ") + ends_table + " (" + key_column +
                              ", store_id, ended_at, reason, ended_by) VALUES (:id, :store, :at, "
                              ":reason, :by) ON CONFLICT (" +
                              key_column + ") DO NOTHING",
       soci::use(id), soci::use(store_id.str()), soci::use(ended_at), soci::use(reason),
       soci::use(audit.actor));
  insert.execute(true);
  if (insert.get_affected_rows() != 1) {
    return core::Fail(core::Error::Conflict(is_pause ? "esta pausa já foi encerrada"
                                                     : "esta isenção já foi encerrada"));
  }
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

core::Status SqlCollectionRepository::EndPause(const core::StoreId& store_id,
                                               const std::string& pause_id, core::Instant at,
                                               const std::string& reason,
                                               const core::AuditEntry& audit) {
  return End("collection_pauses", "collection_pause_ends", "pause_id", store_id, pause_id, at,
             reason, audit);
}

core::Status SqlCollectionRepository::EndExemption(const core::StoreId& store_id,
                                                   const std::string& exemption_id,
                                                   core::Instant at, const std::string& reason,
                                                   const core::AuditEntry& audit) {
  return End("collection_exemptions", "collection_exemption_ends", "exemption_id", store_id,
             exemption_id, at, reason, audit);
}

namespace {

// Columns: customer_id, id, kind, from_date, until_date, reason, ended_at, then (for a
// PauseRecord) created_at, created_by, end reason.
Pause PauseFrom(Columns& c, const core::TimeZone& zone, std::optional<core::Instant>* ended_at) {
  Pause pause;
  pause.customer_id = customers::CustomerId::FromTrusted(c.Text());
  pause.id = collection::PauseId::FromTrusted(c.Text());
  pause.kind = ValueOf(kPauseKinds, c.Text());
  pause.from = c.IsoDate();
  if (auto until = c.OptionalText()) pause.until = DateOf(*until);
  pause.reason = c.Text();
  const auto ended = c.OptionalRfc3339();
  if (ended) pause.ended_on = zone.LocalDate(*ended);
  if (ended_at) *ended_at = ended;
  return pause;
}

constexpr const char* kPauseColumns =
    "p.customer_id, p.id, p.kind, p.from_date, p.until_date, p.reason, e.ended_at";

}  // namespace

std::vector<PauseRecord> SqlCollectionRepository::PausesOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  const core::TimeZone zone = ZoneOf(session, store_id);
  std::vector<PauseRecord> pauses;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kPauseColumns +
                              ", p.created_at, p.created_by, e.reason FROM collection_pauses p "
                              "LEFT JOIN collection_pause_ends e ON e.pause_id = p.id WHERE "
                              "p.store_id = :store AND p.customer_id = :customer ORDER BY "
                              "p.created_at, p.id",
       soci::use(store_id.str()), soci::use(customer_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    PauseRecord record;
    record.pause = PauseFrom(c, zone, &record.ended_at);
    record.created_at = c.Rfc3339();
    record.created_by = c.Text();
    record.end_reason = c.OptionalText().value_or("");
    pauses.push_back(std::move(record));
  }
  return pauses;
}

void SqlCollectionRepository::AddExemption(const core::StoreId& store_id, const Exemption& x,
                                           const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string sale = x.installment ? x.installment->sale_id.str() : "";
  const int number = x.installment ? x.installment->number : 0;
  soci::indicator sale_null = x.installment ? soci::i_ok : soci::i_null;
  soci::indicator number_null = sale_null;
  const std::string created = core::FormatRfc3339(x.created_at);
  session << "INSERT INTO collection_exemptions (id, store_id, customer_id, sale_id, "
             "installment_number, reason, created_at, created_by) VALUES (:id, :store, "
             ":customer, :sale, :number, :reason, :created, :by)",
      soci::use(x.id), soci::use(store_id.str()), soci::use(x.customer_id.str()),
      soci::use(sale, sale_null), soci::use(number, number_null), soci::use(x.reason),
      soci::use(created), soci::use(x.created_by);
  InsertAuditEntry(session, audit);
  transaction.Commit();
}

namespace {

// Columns: customer_id, sale_id, installment_number, created_at, ended_at, then (for an
// Exemption) id, reason, created_by, end reason.
Exemption ExemptionFrom(Columns& c) {
  Exemption x;
  x.customer_id = customers::CustomerId::FromTrusted(c.Text());
  const auto sale = c.OptionalText();
  const auto number = c.OptionalInteger();
  if (sale && number) {
    x.installment =
        payments::InstallmentRef{sales::SaleId::FromTrusted(*sale), static_cast<int>(*number)};
  }
  x.created_at = c.Rfc3339();
  x.ended_at = c.OptionalRfc3339();
  return x;
}

constexpr const char* kExemptionColumns =
    "x.customer_id, x.sale_id, x.installment_number, x.created_at, e.ended_at";

}  // namespace

std::vector<Exemption> SqlCollectionRepository::ExemptionsOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  std::vector<Exemption> exemptions;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kExemptionColumns +
                              ", x.id, x.reason, x.created_by, e.reason FROM "
                              "collection_exemptions x LEFT JOIN collection_exemption_ends e ON "
                              "e.exemption_id = x.id WHERE x.store_id = :store AND "
                              "x.customer_id = :customer ORDER BY x.created_at, x.id",
       soci::use(store_id.str()), soci::use(customer_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    Exemption x = ExemptionFrom(c);
    x.id = c.Text();
    x.reason = c.Text();
    x.created_by = c.Text();
    x.end_reason = c.OptionalText().value_or("");
    exemptions.push_back(std::move(x));
  }
  return exemptions;
}

// =======================================================================================
// The accounts of a run

namespace {

constexpr std::size_t kChunk = 2048;  // rows per fetch of the streamed queries

// The run's arguments as the text the columns hold; bound by reference.
struct ScanParams {
  std::string store;
  std::string customer;  // empty: every customer
  std::string from;
  std::string to;
  std::string today;
};

// The columns of the candidate installments, a chunk at a time.
struct CandidateRows {
  std::vector<std::string> customer, sale, due, sale_date, description;
  std::vector<int> number, count;
  std::vector<long long> amount, interest, rate, late_fee, moratory;

  void Resize(std::size_t n) {
    for (auto* each : {&customer, &sale, &due, &sale_date, &description}) each->resize(n);
    for (auto* each : {&number, &count}) each->resize(n);
    for (auto* each : {&amount, &interest, &rate, &late_fee, &moratory}) each->resize(n);
  }
  void Bind(soci::details::prepare_temp_type& query) {
    query, soci::into(customer), soci::into(sale), soci::into(number), soci::into(due),
        soci::into(amount), soci::into(interest), soci::into(sale_date), soci::into(rate),
        soci::into(late_fee), soci::into(moratory), soci::into(count), soci::into(description);
  }
  AccountInstallment At(std::size_t i) const {
    AccountInstallment each;
    payments::InstallmentTerms& t = each.terms;
    t.ref = {sales::SaleId::FromTrusted(sale[i]), number[i]};
    t.sale_date = DateOf(sale_date[i]);
    t.due_date = DateOf(due[i]);
    t.amount = core::Money::FromCents(amount[i]);
    t.contract_interest = core::Money::FromCents(interest[i]);
    t.contract_monthly_rate = core::Rate::FromUnits(rate[i]);
    t.late_fee_rate = core::Rate::FromUnits(late_fee[i]);
    t.moratory_monthly_rate = core::Rate::FromUnits(moratory[i]);
    each.installment_count = count[i];
    each.description = description[i];
    return each;
  }
};

// The installments due in the range, not closed by today, of sales made by today, in
// customer order. `literal` puts the values in the text (for a PostgreSQL cursor; they
// are canonical ids and ISO dates); otherwise they are placeholders.
std::string CandidateSql(Engine engine, const ScanParams& p, bool literal) {
  const auto arg = [&](const char* name, const std::string& value) {
    return literal ? "'" + value + "'" : std::string(":") + name;
  };
  const bool sqlite_range = engine == Engine::kSqlite && p.customer.empty();
  std::string sql =
      "SELECT i.customer_id, i.sale_id, i.number, i.due_date, i.amount_cents, i.interest_cents, "
      "s.sale_date, s.monthly_rate_units, s.late_fee_rate_units, "
      "s.moratory_monthly_rate_units, s.installment_count, s.description FROM installments i " +
      std::string(sqlite_range ? "INDEXED BY installments_by_due_date " : "") +
      "JOIN sales s ON s.id = i.sale_id WHERE i.store_id = " + arg("store", p.store) +
      " AND i.due_date >= " + arg("from", p.from) + " AND i.due_date <= " + arg("to", p.to) +
      " AND s.sale_date <= " + arg("today", p.today) +
      " AND NOT EXISTS (SELECT 1 FROM installment_closures c WHERE c.sale_id = i.sale_id AND "
      "c.installment_number = i.number AND c.closed_on <= " +
      arg("closed_by", p.today) + ")";
  if (!p.customer.empty()) sql += " AND i.customer_id = " + arg("customer", p.customer);
  return sql + " ORDER BY i.customer_id, i.due_date, i.sale_id, i.number";
}

// Streams the candidate rows in chunks: a statement fetched in chunks on SQLite, a
// server-side cursor on PostgreSQL (whose client would otherwise hold every row at once).
class CandidateStream {
 public:
  CandidateStream(soci::session& session, Engine engine, const ScanParams& p)
      : session_(session), cursor_(engine == Engine::kPostgresql) {
    rows.Resize(kChunk);
    // Before the query below: both write the session's query text. WITH HOLD: the batch
    // loader commits its own transactions on this same session between fetches.
    if (cursor_) {
      session << "DECLARE fiado_candidates NO SCROLL CURSOR WITH HOLD FOR " +
                     CandidateSql(engine, p, true);
    }
    soci::details::prepare_temp_type query = (session.prepare << "");
    if (cursor_) {
      query << "FETCH FORWARD " << kChunk << " FROM fiado_candidates";
    } else {
      query << CandidateSql(engine, p, false);
      query, soci::use(p.store), soci::use(p.from), soci::use(p.to), soci::use(p.today),
          soci::use(p.today);
      if (!p.customer.empty()) query, soci::use(p.customer);
    }
    rows.Bind(query);
    statement_ = std::make_unique<soci::statement>(query);
  }
  ~CandidateStream() {
    if (!cursor_) return;
    try {
      session_ << "CLOSE fiado_candidates";
    } catch (const std::exception&) {
      // the session is already unusable; the pool's next user reconnects or fails
    }
  }
  CandidateStream(const CandidateStream&) = delete;
  CandidateStream& operator=(const CandidateStream&) = delete;

  // The next chunk into `rows`; false at the end.
  bool Next() {
    if (cursor_ || !started_) {
      started_ = true;
      rows.Resize(kChunk);
      return statement_->execute(true) && !rows.customer.empty();
    }
    rows.Resize(kChunk);
    return statement_->fetch() && !rows.customer.empty();
  }

  CandidateRows rows;

 private:
  soci::session& session_;
  bool cursor_;
  bool started_ = false;
  std::unique_ptr<soci::statement> statement_;
};

// Payment lines of the batch's installments effective today, chunk by chunk.
struct SettlementRows {
  std::vector<std::string> sale, paid_on;
  std::vector<int> number;
  std::vector<long long> late_fee, interest, principal, discount;
  void Resize(std::size_t n) {
    sale.resize(n);
    paid_on.resize(n);
    number.resize(n);
    for (auto* each : {&late_fee, &interest, &principal, &discount}) each->resize(n);
  }
};

std::string KeyOf(const std::string& sale, int number) {
  return sale + '#' + std::to_string(number);
}

// Loads a batch's facts on its own session, in one read transaction, through temporary
// tables naming the batch's installments and customers. CROSS JOIN keeps SQLite's planner
// from scanning a whole table (it knows nothing of the temporary ones) and making the
// small table the inner loop; PostgreSQL plans it as any inner join.
class BatchLoader {
 public:
  BatchLoader(soci::session& session, Engine engine, const ScanParams& p,
              const core::TimeZone& zone, core::Date today)
      : session_(session), p_(p), zone_(zone), today_(today) {
    const char* collate = engine == Engine::kPostgresql ? " COLLATE \"C\"" : "";
    session_ << std::string(
                    "CREATE TEMP TABLE IF NOT EXISTS collection_batch_installments ("
                    "sale_id TEXT") +
                    collate + " NOT NULL, number INTEGER NOT NULL)";
    session_ << std::string(
                    "CREATE TEMP TABLE IF NOT EXISTS collection_batch_customers ("
                    "customer_id TEXT") +
                    collate + " NOT NULL)";
    const std::chrono::seconds midnight{0};
    contacts_from_ = core::FormatRfc3339(zone.ToInstant(core::AddDays(today, -7), midnight));
    contacts_to_ = core::FormatRfc3339(zone.ToInstant(core::AddDays(today, 8), midnight));
  }

  // Settles and completes the accounts; drops installments whose face is paid and
  // accounts left without installments.
  void Load(std::vector<Account>& accounts) {
    soci::transaction transaction(session_);
    FillInstallments(accounts);
    AttachSettlements(accounts);
    DropSettled(accounts);
    if (!accounts.empty()) {
      FillCustomers(accounts);
      AttachCustomers();
      AttachFirstSales();
      AttachPauses();
      AttachExemptions();
      AttachSteps();
      AttachContacts();
    }
    transaction.commit();
  }

 private:
  void FillInstallments(std::vector<Account>& accounts);
  void AttachSettlements(std::vector<Account>& accounts);
  void DropSettled(std::vector<Account>& accounts);
  void FillCustomers(std::vector<Account>& accounts);
  void AttachCustomers();
  void AttachFirstSales();
  void AttachPauses();
  void AttachExemptions();
  void AttachSteps();
  void AttachContacts();
  void IndexInstallments(std::vector<Account>& accounts);

  soci::session& session_;
  const ScanParams& p_;
  const core::TimeZone& zone_;
  core::Date today_;
  std::string contacts_from_;
  std::string contacts_to_;
  std::unordered_map<std::string, AccountInstallment*> installments_;
  std::unordered_map<std::string, Account*> customers_;
  std::unordered_map<std::string, Account*> owners_;  // installment key → account
};

void BatchLoader::IndexInstallments(std::vector<Account>& accounts) {
  installments_.clear();
  owners_.clear();
  for (Account& account : accounts) {
    for (AccountInstallment& each : account.installments) {
      const std::string key = KeyOf(each.terms.ref.sale_id.str(), each.terms.ref.number);
      installments_[key] = &each;
      owners_[key] = &account;
    }
  }
}

void BatchLoader::FillInstallments(std::vector<Account>& accounts) {
  std::vector<std::string> sales;
  std::vector<int> numbers;
  for (const Account& account : accounts) {
    for (const AccountInstallment& each : account.installments) {
      sales.push_back(each.terms.ref.sale_id.str());
      numbers.push_back(each.terms.ref.number);
    }
  }
  session_ << "DELETE FROM collection_batch_installments";
  session_ << "INSERT INTO collection_batch_installments (sale_id, number) VALUES (:sale, :n)",
      soci::use(sales), soci::use(numbers);
  IndexInstallments(accounts);
}

void BatchLoader::AttachSettlements(std::vector<Account>&) {
  SettlementRows r;
  r.Resize(kChunk);
  soci::statement query =
      (session_.prepare
           << "SELECT pl.sale_id, pl.installment_number, p.paid_on, pl.late_fee_cents, "
              "pl.interest_cents, pl.principal_cents, pl.discount_cents FROM "
              "collection_batch_installments t CROSS JOIN payment_lines pl JOIN payments p ON "
              "p.id = pl.payment_id LEFT JOIN payment_reversals r ON r.payment_id = pl.payment_id "
              "WHERE pl.sale_id = t.sale_id AND pl.installment_number = t.number AND pl.store_id = "
              ":store AND p.store_id = :store2 AND p.paid_on <= :today AND (r.reversed_on IS NULL "
              "OR r.reversed_on > :today2) ORDER BY pl.sale_id, pl.installment_number, "
              "p.paid_on, p.seq, pl.line_number",
       soci::use(p_.store), soci::use(p_.store), soci::use(p_.today), soci::use(p_.today),
       soci::into(r.sale), soci::into(r.number), soci::into(r.paid_on), soci::into(r.late_fee),
       soci::into(r.interest), soci::into(r.principal), soci::into(r.discount));
  for (bool more = query.execute(true); more && !r.sale.empty(); more = query.fetch()) {
    for (std::size_t i = 0; i < r.sale.size(); ++i) {
      const auto found = installments_.find(KeyOf(r.sale[i], r.number[i]));
      if (found == installments_.end()) continue;
      found->second->settlements.push_back(
          {DateOf(r.paid_on[i]), core::Money::FromCents(r.late_fee[i]),
           core::Money::FromCents(r.interest[i]), core::Money::FromCents(r.principal[i]),
           core::Money::FromCents(r.discount[i])});
    }
    r.Resize(kChunk);
  }
}

bool FaceSettled(const AccountInstallment& each) {
  core::Money settled;
  for (const auto& s : each.settlements) settled += s.principal + s.discount;
  return settled >= each.terms.amount;
}

void BatchLoader::DropSettled(std::vector<Account>& accounts) {
  for (Account& account : accounts) {
    std::erase_if(account.installments, FaceSettled);
  }
  std::erase_if(accounts, [](const Account& account) { return account.installments.empty(); });
  IndexInstallments(accounts);
  customers_.clear();
  for (Account& account : accounts) customers_[account.customer_id.str()] = &account;
}

void BatchLoader::FillCustomers(std::vector<Account>& accounts) {
  std::vector<std::string> ids;
  for (const Account& account : accounts) ids.push_back(account.customer_id.str());
  session_ << "DELETE FROM collection_batch_customers";
  session_ << "INSERT INTO collection_batch_customers (customer_id) VALUES (:customer)",
      soci::use(ids);
}

// The customer's yes or no by channel, in customers::kChannels order.
std::array<bool, 3> ConsentOf(const std::string& text) {
  std::array<bool, 3> consent{};
  try {
    for (const auto& item : ParseJson(text, "consents")) {
      const auto channel = ValueOf(kChannelNames, item.at("channel").get<std::string>());
      const auto index = static_cast<std::size_t>(
          std::find(customers::kChannels.begin(), customers::kChannels.end(), channel) -
          customers::kChannels.begin());
      consent.at(index) = item.at("granted").get<bool>();
    }
  } catch (const json::exception& error) {
    BadRow(std::string("consents: ") + error.what());
  }
  return consent;
}

void BatchLoader::AttachCustomers() {
  soci::rowset<soci::row> rows =
      (session_.prepare << "SELECT c.id, c.full_name, c.state, c.phones, c.email, c.street, "
                           "c.status, c.consents FROM collection_batch_customers t CROSS JOIN "
                           "customers c WHERE c.id = t.customer_id AND c.store_id = :store",
       soci::use(p_.store));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const auto found = customers_.find(c.Text());
    if (found == customers_.end()) continue;
    Account& account = *found->second;
    account.full_name = c.Text();
    account.state = c.Text();
    account.has_phone = c.Text().find('"') != std::string::npos;  // a non-empty JSON array
    account.has_email = !c.Text().empty();
    account.has_address = !c.Text().empty();
    account.status = ValueOf(kStatuses, c.Text());
    account.consent = ConsentOf(c.Text());
  }
}

void BatchLoader::AttachFirstSales() {
  soci::rowset<soci::row> rows =
      (session_.prepare << "SELECT s.customer_id, MIN(s.sale_date) FROM "
                           "collection_batch_customers t CROSS JOIN sales s WHERE s.customer_id "
                           "= t.customer_id AND s.store_id = :store GROUP BY s.customer_id",
       soci::use(p_.store));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const auto found = customers_.find(c.Text());
    if (found != customers_.end()) found->second->first_sale_on = c.IsoDate();
  }
}

void BatchLoader::AttachPauses() {
  soci::rowset<soci::row> rows =
      (session_.prepare << std::string("SELECT ") + kPauseColumns +
                               " FROM collection_batch_customers t CROSS JOIN collection_pauses p "
                               "LEFT JOIN collection_pause_ends e ON e.pause_id = p.id WHERE "
                               "p.customer_id = t.customer_id AND p.store_id = :store ORDER BY "
                               "p.created_at, p.id",
       soci::use(p_.store));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    Pause pause = PauseFrom(c, zone_, nullptr);
    if (pause.ended_on && *pause.ended_on < today_) continue;  // over before today
    const auto found = customers_.find(pause.customer_id.str());
    if (found != customers_.end()) found->second->pauses.push_back(std::move(pause));
  }
}

void BatchLoader::AttachExemptions() {
  soci::rowset<soci::row> rows =
      (session_.prepare
           << std::string("SELECT ") + kExemptionColumns +
                  " FROM collection_batch_customers t CROSS JOIN collection_exemptions x "
                  "LEFT JOIN collection_exemption_ends e ON e.exemption_id = x.id "
                  "WHERE x.customer_id = t.customer_id AND x.store_id = :store",
       soci::use(p_.store));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const Exemption x = ExemptionFrom(c);
    const bool in_force = zone_.LocalDate(x.created_at) <= today_ &&
                          (!x.ended_at || zone_.LocalDate(*x.ended_at) > today_);
    if (!in_force) continue;
    if (!x.installment) {
      const auto found = customers_.find(x.customer_id.str());
      if (found != customers_.end()) found->second->exempt = true;
      continue;
    }
    const auto found =
        installments_.find(KeyOf(x.installment->sale_id.str(), x.installment->number));
    if (found != installments_.end()) found->second->exempt = true;
  }
}

void BatchLoader::AttachSteps() {
  soci::rowset<soci::row> rows =
      (session_.prepare << "SELECT s.sale_id, s.installment_number, s.step_key, a.action, "
                           "a.send_at FROM collection_batch_installments t CROSS JOIN "
                           "collection_action_steps s JOIN collection_actions a ON a.id = "
                           "s.action_id WHERE s.sale_id = t.sale_id AND s.installment_number = "
                           "t.number AND s.store_id = :store",
       soci::use(p_.store));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const std::string sale = c.Text();
    const int number = static_cast<int>(c.Integer());
    const auto owner = owners_.find(KeyOf(sale, number));
    if (owner == owners_.end()) continue;
    PastAction past;
    past.step_key = c.Text();
    past.installment = payments::InstallmentRef{sales::SaleId::FromTrusted(sale), number};
    past.action = ValueOf(kActions, c.Text());
    past.on = zone_.LocalDate(c.Rfc3339());
    owner->second->history.push_back(std::move(past));
  }
}

void BatchLoader::AttachContacts() {
  soci::rowset<soci::row> rows =
      (session_.prepare << std::string("SELECT a.customer_id, a.action, a.send_at FROM "
                                       "collection_batch_customers t CROSS JOIN collection_actions "
                                       "a WHERE a.customer_id = t.customer_id AND a.store_id = "
                                       ":store AND a.send_at >= :from AND a.send_at < :to AND "
                                       "a.action IN ") +
                               kContactActions + " ORDER BY a.send_at, a.id",
       soci::use(p_.store), soci::use(contacts_from_), soci::use(contacts_to_));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const auto found = customers_.find(c.Text());
    if (found == customers_.end()) continue;
    PastAction past;
    past.action = ValueOf(kActions, c.Text());
    past.on = zone_.LocalDate(c.Rfc3339());
    found->second->history.push_back(std::move(past));
  }
}

}  // namespace

void SqlCollectionRepository::Scan(const core::StoreId& store_id, const std::string* only,
                                   core::Date due_from, core::Date due_to, core::Date today,
                                   const core::TimeZone& zone, int batch_customers,
                                   const std::function<void(std::vector<Account>&)>& batch) const {
  const ScanParams p{store_id.str(), only ? *only : "", core::FormatIso(due_from),
                     core::FormatIso(due_to), core::FormatIso(today)};
  // Ids go into a PostgreSQL cursor's text: only canonical ones (others name nothing).
  if (!core::IsCanonicalUuid(p.store) || (only && !core::IsCanonicalUuid(*only))) return;
  // One session streams the candidates and loads each batch, so a caller that writes from
  // the callback (the daily run) needs only one more, whatever the pool's size.
  soci::session session(db_.pool());
  BatchLoader loader(session, db_.engine(), p, zone, today);
  CandidateStream stream(session, db_.engine(), p);
  const std::size_t size = static_cast<std::size_t>(std::max(1, batch_customers));
  std::vector<Account> accounts;
  const auto flush = [&] {
    loader.Load(accounts);
    if (!accounts.empty()) batch(accounts);
    accounts.clear();
  };
  while (stream.Next()) {
    const CandidateRows& rows = stream.rows;
    for (std::size_t i = 0; i < rows.customer.size(); ++i) {
      if (accounts.empty() || accounts.back().customer_id.str() != rows.customer[i]) {
        if (accounts.size() >= size) flush();
        accounts.emplace_back().customer_id = customers::CustomerId::FromTrusted(rows.customer[i]);
      }
      accounts.back().installments.push_back(rows.At(i));
    }
  }
  if (!accounts.empty()) flush();
}

void SqlCollectionRepository::ForEachAccount(
    const core::StoreId& store_id, core::Date due_from, core::Date due_to, core::Date today,
    const core::TimeZone& zone, int batch_customers,
    const std::function<void(std::vector<Account>&)>& batch) const {
  Scan(store_id, nullptr, due_from, due_to, today, zone, batch_customers, batch);
}

std::optional<Account> SqlCollectionRepository::AccountOf(const core::StoreId& store_id,
                                                          const customers::CustomerId& customer_id,
                                                          core::Date due_from, core::Date due_to,
                                                          core::Date today,
                                                          const core::TimeZone& zone) const {
  std::optional<Account> found;
  Scan(store_id, &customer_id.str(), due_from, due_to, today, zone, 1,
       [&](std::vector<Account>& accounts) {
         if (!accounts.empty()) found = std::move(accounts.front());
       });
  return found;
}

}  // namespace fiado::storage
