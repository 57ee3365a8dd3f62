#include "storage/message_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "storage/audit_log.h"
#include "storage/columns.h"

namespace fiado::storage {
namespace {

using messaging::Channel;
using messaging::InboundRecord;
using messaging::Message;
using messaging::MessageEvent;
using messaging::MessagingSettings;
using messaging::Status;
using messaging::Transition;
using nlohmann::json;

constexpr const char* kWhere = "nas mensagens";  // for Columns' errors

// A row that does not read back means a table was edited outside Fiado.
[[noreturn]] void BadRow(const std::string& what) {
  throw StorageError(std::string("dado inválido ") + kWhere + ": " + what);
}

constexpr std::array<Status, 9> kAllStatuses = {
    Status::kQueued, Status::kSending,   Status::kSent,      Status::kDelivered, Status::kRead,
    Status::kFailed, Status::kCancelled, Status::kUncertain, Status::kManual};

std::string Text(std::string_view name) { return std::string(name); }

Status StatusOf(const std::string& name) {
  const auto status = messaging::ParseStatus(name);
  if (!status) BadRow("situação desconhecida: " + name);
  return *status;
}

Channel ChannelOf(const std::string& name) {
  const auto channel = customers::ParseChannel(name);
  if (!channel) BadRow("canal desconhecido: " + name);
  return *channel;
}

// ---------------------------------------------------------------------------------------
// Settings as JSON. Every field is written; a field missing when read keeps its default,
// so settings saved by an older Fiado still read.

template <typename T>
void Read(const json& object, const char* key, T& field) {
  const auto found = object.find(key);
  if (found != object.end()) field = found->get<T>();
}

json EmailJson(const messaging::EmailSettings& e) {
  return {{"enabled", e.enabled},       {"smtp_url", e.smtp_url},
          {"starttls", e.starttls},     {"username", e.username},
          {"password", e.password},     {"from_address", e.from_address},
          {"from_name", e.from_name},   {"reply_to", e.reply_to},
          {"verify_tls", e.verify_tls}, {"attach_slips", e.attach_slips},
          {"timeout_ms", e.timeout_ms}};
}

messaging::EmailSettings EmailFrom(const json& value) {
  messaging::EmailSettings e;
  Read(value, "enabled", e.enabled);
  Read(value, "smtp_url", e.smtp_url);
  Read(value, "starttls", e.starttls);
  Read(value, "username", e.username);
  Read(value, "password", e.password);
  Read(value, "from_address", e.from_address);
  Read(value, "from_name", e.from_name);
  Read(value, "reply_to", e.reply_to);
  Read(value, "verify_tls", e.verify_tls);
  Read(value, "attach_slips", e.attach_slips);
  Read(value, "timeout_ms", e.timeout_ms);
  return e;
}

json WhatsappJson(const messaging::WhatsappSettings& w) {
  json templates = json::array();
  for (const auto& t : w.templates) {
    templates.push_back({{"template_key", t.template_key},
                         {"name", t.name},
                         {"language", t.language},
                         {"parameters", t.parameters}});
  }
  return {{"enabled", w.enabled},
          {"api_base_url", w.api_base_url},
          {"phone_number_id", w.phone_number_id},
          {"access_token", w.access_token},
          {"app_secret", w.app_secret},
          {"verify_token", w.verify_token},
          {"templates", templates},
          {"timeout_ms", w.timeout_ms}};
}

messaging::WhatsappSettings WhatsappFrom(const json& value) {
  messaging::WhatsappSettings w;
  Read(value, "enabled", w.enabled);
  Read(value, "api_base_url", w.api_base_url);
  Read(value, "phone_number_id", w.phone_number_id);
  Read(value, "access_token", w.access_token);
  Read(value, "app_secret", w.app_secret);
  Read(value, "verify_token", w.verify_token);
  Read(value, "timeout_ms", w.timeout_ms);
  const auto templates = value.find("templates");
  if (templates == value.end()) return w;
  for (const json& item : *templates) {
    messaging::WhatsappTemplate t;
    Read(item, "template_key", t.template_key);
    Read(item, "name", t.name);
    Read(item, "language", t.language);
    Read(item, "parameters", t.parameters);
    w.templates.push_back(std::move(t));
  }
  return w;
}

json SmsJson(const messaging::SmsSettings& s) {
  return {{"enabled", s.enabled},         {"url", s.url},
          {"auth_header", s.auth_header}, {"body_template", s.body_template},
          {"id_field", s.id_field},       {"callback_token", s.callback_token},
          {"timeout_ms", s.timeout_ms}};
}

messaging::SmsSettings SmsFrom(const json& value) {
  messaging::SmsSettings s;
  Read(value, "enabled", s.enabled);
  Read(value, "url", s.url);
  Read(value, "auth_header", s.auth_header);
  Read(value, "body_template", s.body_template);
  Read(value, "id_field", s.id_field);
  Read(value, "callback_token", s.callback_token);
  Read(value, "timeout_ms", s.timeout_ms);
  return s;
}

// The version is the column's, not part of the JSON.
std::string SettingsJson(const MessagingSettings& settings) {
  const json limits = {{"whatsapp_per_second", settings.limits.whatsapp_per_second},
                       {"sms_per_second", settings.limits.sms_per_second},
                       {"email_per_second", settings.limits.email_per_second}};
  return json{{"email", EmailJson(settings.email)},
              {"whatsapp", WhatsappJson(settings.whatsapp)},
              {"sms", SmsJson(settings.sms)},
              {"limits", limits},
              {"max_attempts", settings.max_attempts}}
      .dump();
}

MessagingSettings SettingsFrom(const std::string& text, int version) {
  try {
    const json value = json::parse(text);
    MessagingSettings settings;
    if (const auto email = value.find("email"); email != value.end()) {
      settings.email = EmailFrom(*email);
    }
    if (const auto whatsapp = value.find("whatsapp"); whatsapp != value.end()) {
      settings.whatsapp = WhatsappFrom(*whatsapp);
    }
    if (const auto sms = value.find("sms"); sms != value.end()) settings.sms = SmsFrom(*sms);
    if (const auto limits = value.find("limits"); limits != value.end()) {
      Read(*limits, "whatsapp_per_second", settings.limits.whatsapp_per_second);
      Read(*limits, "sms_per_second", settings.limits.sms_per_second);
      Read(*limits, "email_per_second", settings.limits.email_per_second);
    }
    Read(value, "max_attempts", settings.max_attempts);
    settings.version = version;
    return settings;
  } catch (const json::exception& error) {
    BadRow(std::string("messaging_settings: ") + error.what());
  }
}

// ---------------------------------------------------------------------------------------
// Messages as rows

constexpr const char* kMessageColumns =
    "id, store_id, customer_id, source, channel, recipient, template_key, subject, body, "
    "status, attempts, next_attempt_at, lease_until, provider_id, last_error, "
    "unsubscribe_token, created_at, updated_at, sent_at, sent_by";

Message MessageFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  Message m;
  m.id = c.Text();
  m.store_id = core::StoreId::FromTrusted(c.Text());
  if (auto customer = c.OptionalText()) {
    m.customer_id = customers::CustomerId::FromTrusted(std::move(*customer));
  }
  const std::string source = c.Text();
  const auto parsed_source = messaging::ParseSource(source);
  if (!parsed_source) BadRow("origem desconhecida: " + source);
  m.source = *parsed_source;
  m.channel = ChannelOf(c.Text());
  m.recipient = c.Text();
  m.template_key = c.Text();
  m.subject = c.Text();
  m.body = c.Text();
  m.status = StatusOf(c.Text());
  m.attempts = c.SmallInteger();
  m.next_attempt_at = c.Rfc3339();
  m.lease_until = c.OptionalRfc3339();
  m.provider_id = c.Text();
  m.last_error = c.Text();
  m.unsubscribe_token = c.Text();
  m.created_at = c.Rfc3339();
  m.updated_at = c.Rfc3339();
  m.sent_at = c.OptionalRfc3339();
  m.sent_by = c.Text();
  return m;
}

// The column values of one message, bound by reference to a statement prepared once.
struct MessageRow {
  std::string id;
  std::string store;
  std::string customer;
  soci::indicator customer_null = soci::i_null;
  std::string source;
  std::string channel;
  std::string recipient;
  std::string template_key;
  std::string subject;
  std::string body;
  std::string status;
  int attempts = 0;
  std::string next_attempt_at;
  std::string lease_until;
  soci::indicator lease_null = soci::i_null;
  std::string provider_id;
  std::string last_error;
  std::string unsubscribe_token;
  std::string created_at;
  std::string updated_at;
  std::string sent_at;
  soci::indicator sent_null = soci::i_null;
  std::string sent_by;

  void Set(const Message& m) {
    id = m.id;
    store = m.store_id.str();
    customer = m.customer_id ? m.customer_id->str() : "";
    customer_null = m.customer_id ? soci::i_ok : soci::i_null;
    source = Text(messaging::SourceName(m.source));
    channel = Text(customers::ChannelName(m.channel));
    recipient = m.recipient;
    template_key = m.template_key;
    subject = m.subject;
    body = m.body;
    status = Text(messaging::StatusName(m.status));
    attempts = m.attempts;
    next_attempt_at = core::FormatRfc3339(m.next_attempt_at);
    lease_until = m.lease_until ? core::FormatRfc3339(*m.lease_until) : "";
    lease_null = m.lease_until ? soci::i_ok : soci::i_null;
    provider_id = m.provider_id;
    last_error = m.last_error;
    unsubscribe_token = m.unsubscribe_token;
    created_at = core::FormatRfc3339(m.created_at);
    updated_at = core::FormatRfc3339(m.updated_at);
    sent_at = m.sent_at ? core::FormatRfc3339(*m.sent_at) : "";
    sent_null = m.sent_at ? soci::i_ok : soci::i_null;
    sent_by = m.sent_by;
  }
};

// The column values of one event.
struct EventRow {
  std::string message_id;
  std::string store;
  std::string at;
  std::string status;
  std::string detail;
  std::string actor;

  void Set(const std::string& message, const std::string& store_id, const MessageEvent& e) {
    message_id = message;
    store = store_id;
    at = core::FormatRfc3339(e.at);
    status = Text(messaging::StatusName(e.status));
    detail = e.detail;
    actor = e.actor;
  }
};

soci::statement PrepareEventInsert(soci::session& session, EventRow& e) {
  return (session.prepare << "INSERT INTO message_events (message_id, store_id, at, status, "
                             "detail, actor) VALUES (:message, :store, :at, :status, :detail, "
                             ":actor)",
          soci::use(e.message_id), soci::use(e.store), soci::use(e.at), soci::use(e.status),
          soci::use(e.detail), soci::use(e.actor));
}

// The first message a query returns, if any.
std::optional<Message> FirstMessage(soci::details::prepare_temp_type query) {
  soci::rowset<soci::row> rows(query);
  for (const soci::row& row : rows) return MessageFromRow(row);
  return std::nullopt;
}

bool DueFirst(const Message& a, const Message& b) {
  return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
}

// A write transaction that, unless durable, commits without waiting for the disk: SQLite
// lowers synchronous to NORMAL on the session around it (restored even on failure, since
// the session returns to the pool); PostgreSQL turns synchronous_commit off for it alone.
class Write {
 public:
  Write(soci::session& session, Engine engine, bool durable)
      : session_(session), relaxed_sqlite_(!durable && engine == Engine::kSqlite) {
    if (relaxed_sqlite_) session_ << "PRAGMA synchronous = NORMAL";
    try {
      transaction_.emplace(session_, engine);
    } catch (const std::exception&) {
      Restore();
      throw;
    }
    if (!durable && engine == Engine::kPostgresql) {
      session_ << "SET LOCAL synchronous_commit = off";
    }
  }
  ~Write() {
    transaction_.reset();  // rolls back unless committed
    Restore();
  }
  Write(const Write&) = delete;
  Write& operator=(const Write&) = delete;

  void Commit() { transaction_->Commit(); }

 private:
  void Restore() noexcept {
    if (!relaxed_sqlite_) return;
    try {
      session_ << "PRAGMA synchronous = FULL";
    } catch (const std::exception&) {
      // the session is already unusable; the pool's next user fails on it
    }
  }

  soci::session& session_;
  bool relaxed_sqlite_;
  std::optional<WriteTransaction> transaction_;
};

}  // namespace

std::unique_lock<std::mutex> SqlMessageRepository::LockWrites() {
  if (db_.engine() != Engine::kSqlite) return {};
  return std::unique_lock<std::mutex>(sqlite_writes_);
}

// =======================================================================================
// Settings

std::optional<MessagingSettings> SqlMessageRepository::Settings(
    const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::string text;
  int version = 0;
  session << "SELECT settings, version FROM messaging_settings WHERE store_id = :store",
      soci::use(store_id.str()), soci::into(text), soci::into(version);
  if (!session.got_data()) return std::nullopt;
  return SettingsFrom(text, version);
}

core::Status SqlMessageRepository::SaveSettings(const core::StoreId& store_id,
                                                const MessagingSettings& settings,
                                                const core::AuditEntry& audit) {
  const auto conflict = [] {
    return core::Fail(core::Error::Conflict(
        "as configurações de mensagens foram alteradas por outra pessoa; recarregue e tente "
        "de novo"));
  };
  if (settings.version < 1) return conflict();
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string& store = store_id.str();
  const std::string text = SettingsJson(settings);
  const int version = settings.version;
  const int previous = settings.version - 1;
  const std::string at = core::FormatRfc3339(audit.occurred_at);
  soci::statement write =
      version == 1
          ? (session.prepare << "INSERT INTO messaging_settings (store_id, settings, version, "
                                "updated_at, updated_by) VALUES (:store, :settings, :version, "
                                ":at, :by) ON CONFLICT (store_id) DO NOTHING",
             soci::use(store), soci::use(text), soci::use(version), soci::use(at),
             soci::use(audit.actor))
          : (session.prepare << "UPDATE messaging_settings SET settings = :settings, version = "
                                ":version, updated_at = :at, updated_by = :by WHERE store_id = "
                                ":store AND version = :previous",
             soci::use(text), soci::use(version), soci::use(at), soci::use(audit.actor),
             soci::use(store), soci::use(previous));
  write.execute(true);
  if (write.get_affected_rows() != 1) return conflict();
  InsertAuditEntry(session, audit);
  transaction.Commit();
  return {};
}

// =======================================================================================
// The queue

core::Status SqlMessageRepository::Enqueue(const Message& message, const MessageEvent& event) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  MessageRow r;
  r.Set(message);
  soci::statement insert =
      (session.prepare << std::string("INSERT INTO messages (") + kMessageColumns +
                              ") VALUES (:id, :store, :customer, :source, :channel, "
                              ":recipient, :template, :subject, :body, :status, :attempts, "
                              ":next, :lease, :provider, :error, :token, :created, :updated, "
                              ":sent_at, :sent_by) ON CONFLICT (id) DO NOTHING",
       soci::use(r.id), soci::use(r.store), soci::use(r.customer, r.customer_null),
       soci::use(r.source), soci::use(r.channel), soci::use(r.recipient), soci::use(r.template_key),
       soci::use(r.subject), soci::use(r.body), soci::use(r.status), soci::use(r.attempts),
       soci::use(r.next_attempt_at), soci::use(r.lease_until, r.lease_null),
       soci::use(r.provider_id), soci::use(r.last_error), soci::use(r.unsubscribe_token),
       soci::use(r.created_at), soci::use(r.updated_at), soci::use(r.sent_at, r.sent_null),
       soci::use(r.sent_by));
  insert.execute(true);
  if (insert.get_affected_rows() != 1) {
    core::Error error = core::Error::Conflict("já existe uma mensagem com este identificador");
    error.related_id = message.id;
    return core::Fail(std::move(error));
  }
  EventRow e;
  e.Set(message.id, r.store, event);
  PrepareEventInsert(session, e).execute(true);
  transaction.Commit();
  return {};
}

std::vector<Message> SqlMessageRepository::ClaimDue(core::Instant now, int limit,
                                                    core::Instant lease_until) {
  std::vector<Message> claimed;
  if (limit <= 0) return claimed;
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string now_text = core::FormatRfc3339(now);
  const std::string lease = core::FormatRfc3339(lease_until);
  if (db_.engine() == Engine::kPostgresql) {
    // Rows another claimer has locked are skipped, not waited for.
    soci::rowset<soci::row> rows =
        (session.prepare << std::string("UPDATE messages SET status = 'sending', attempts = "
                                        "attempts + 1, lease_until = :lease, "
                                        "attempt_started_at = NULL, updated_at = :now WHERE id "
                                        "IN (SELECT id FROM messages WHERE status = "
                                        "'queued' AND next_attempt_at <= :due ORDER BY "
                                        "next_attempt_at, id LIMIT :limit FOR UPDATE SKIP "
                                        "LOCKED) RETURNING ") +
                                kMessageColumns,
         soci::use(lease), soci::use(now_text), soci::use(now_text), soci::use(limit));
    for (const soci::row& row : rows) claimed.push_back(MessageFromRow(row));
  } else {
    // The write lock is held since BEGIN IMMEDIATE: nobody claims between select and update.
    {
      soci::rowset<soci::row> rows =
          (session.prepare << std::string("SELECT ") + kMessageColumns +
                                  " FROM messages WHERE status = 'queued' AND next_attempt_at "
                                  "<= :due ORDER BY next_attempt_at, id LIMIT :limit",
           soci::use(now_text), soci::use(limit));
      for (const soci::row& row : rows) claimed.push_back(MessageFromRow(row));
    }
    std::string id;
    soci::statement update =
        (session.prepare << "UPDATE messages SET status = 'sending', attempts = attempts + 1, "
                            "lease_until = :lease, attempt_started_at = NULL, updated_at = :now "
                            "WHERE id = :id",
         soci::use(lease), soci::use(now_text), soci::use(id));
    for (Message& m : claimed) {
      id = m.id;
      update.execute(true);
      m.status = Status::kSending;
      ++m.attempts;
      m.lease_until = lease_until;
      m.updated_at = now;
    }
  }
  transaction.Commit();
  std::sort(claimed.begin(), claimed.end(), DueFirst);
  return claimed;
}

bool SqlMessageRepository::MarkAttempt(const std::string& message_id, core::Instant at) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  Write write(session, db_.engine(), false);
  const std::string at_text = core::FormatRfc3339(at);
  soci::statement mark =
      (session.prepare << "UPDATE messages SET attempt_started_at = :at WHERE id = :id AND "
                          "status = 'sending' AND attempt_started_at IS NULL",
       soci::use(at_text), soci::use(message_id));
  mark.execute(true);
  const bool marked = mark.get_affected_rows() == 1;
  write.Commit();
  return marked;
}

namespace {

// A sending message whose lease ended, as ExpireLeases found it.
struct Expired {
  std::string id;
  std::string store;
  bool attempt_began = false;
};

}  // namespace

std::int64_t SqlMessageRepository::ExpireLeases(core::Instant now, const std::string& detail) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string now_text = core::FormatRfc3339(now);
  std::vector<Expired> expired;
  {
    soci::rowset<soci::row> rows =
        (session.prepare << "SELECT id, store_id, attempt_started_at FROM messages WHERE status "
                            "= 'sending' AND lease_until < :now ORDER BY lease_until, id",
         soci::use(now_text));
    for (const soci::row& row : rows) {
      Columns c(row, kWhere);
      Expired each;
      each.id = c.Text();
      each.store = c.Text();
      each.attempt_began = c.OptionalText().has_value();
      expired.push_back(std::move(each));
    }
  }
  // Compare and set: a message a worker finished (or marked) meanwhile is left alone.
  std::string id;
  std::string store;
  soci::statement requeue =
      (session.prepare << "UPDATE messages SET status = 'queued', attempts = CASE WHEN attempts "
                          "> 0 THEN attempts - 1 ELSE 0 END, next_attempt_at = :due, "
                          "lease_until = NULL, updated_at = :now WHERE id = :id AND store_id = "
                          ":store AND status = 'sending' AND lease_until < :now2 AND "
                          "attempt_started_at IS NULL",
       soci::use(now_text), soci::use(now_text), soci::use(id), soci::use(store),
       soci::use(now_text));
  soci::statement uncertain =
      (session.prepare << "UPDATE messages SET status = 'uncertain', lease_until = NULL, "
                          "last_error = :detail, updated_at = :now WHERE id = :id AND store_id = "
                          ":store AND status = 'sending' AND lease_until < :now2 AND "
                          "attempt_started_at IS NOT NULL",
       soci::use(detail), soci::use(now_text), soci::use(id), soci::use(store),
       soci::use(now_text));
  EventRow e;
  soci::statement insert_event = PrepareEventInsert(session, e);
  const MessageEvent event{"", now, Status::kUncertain, detail, "fiado"};
  std::int64_t count = 0;
  for (const Expired& each : expired) {
    id = each.id;
    store = each.store;
    if (!each.attempt_began) {
      requeue.execute(true);
      continue;
    }
    uncertain.execute(true);
    if (uncertain.get_affected_rows() != 1) continue;
    e.Set(id, store, event);
    insert_event.execute(true);
    ++count;
  }
  transaction.Commit();
  return count;
}

std::vector<bool> SqlMessageRepository::Apply(std::span<const Transition> transitions,
                                              bool durable) {
  std::vector<bool> applied;
  if (transitions.empty()) return applied;
  applied.reserve(transitions.size());
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  Write write(session, db_.engine(), durable);
  MessageRow r;
  std::string expected;
  // Every column but what makes the message itself (id, store, customer, source, channel),
  // its creation and attempt_started_at (which ClaimDue clears). Leaving out the indexed
  // columns that never change spares their index entries a rewrite on every write.
  soci::statement update =
      (session.prepare << "UPDATE messages SET recipient = :recipient, template_key = "
                          ":template, subject = :subject, body = :body, status = :status, "
                          "attempts = :attempts, next_attempt_at = :next, lease_until = :lease, "
                          "provider_id = :provider, last_error = :error, unsubscribe_token = "
                          ":token, updated_at = :updated, sent_at = :sent_at, sent_by = :sent_by "
                          "WHERE id = :id AND store_id = :store AND status = :expected",
       soci::use(r.recipient), soci::use(r.template_key), soci::use(r.subject), soci::use(r.body),
       soci::use(r.status), soci::use(r.attempts), soci::use(r.next_attempt_at),
       soci::use(r.lease_until, r.lease_null), soci::use(r.provider_id), soci::use(r.last_error),
       soci::use(r.unsubscribe_token), soci::use(r.updated_at), soci::use(r.sent_at, r.sent_null),
       soci::use(r.sent_by), soci::use(r.id), soci::use(r.store), soci::use(expected));
  EventRow e;
  soci::statement insert_event = PrepareEventInsert(session, e);
  for (const Transition& t : transitions) {
    r.Set(t.message);
    expected = Text(messaging::StatusName(t.expected));
    update.execute(true);
    const bool done = update.get_affected_rows() == 1;
    if (done) {
      e.Set(r.id, r.store, t.event);
      insert_event.execute(true);
    }
    applied.push_back(done);
  }
  write.Commit();
  return applied;
}

// =======================================================================================
// Reading

std::optional<Message> SqlMessageRepository::Find(const core::StoreId& store_id,
                                                  const std::string& message_id) const {
  soci::session session(db_.pool());
  return FirstMessage((session.prepare << std::string("SELECT ") + kMessageColumns +
                                              " FROM messages WHERE id = :id AND store_id = "
                                              ":store",
                       soci::use(message_id), soci::use(store_id.str())));
}

std::optional<Message> SqlMessageRepository::FindByProviderId(
    const core::StoreId& store_id, Channel channel, const std::string& provider_id) const {
  soci::session session(db_.pool());
  const std::string channel_name = Text(customers::ChannelName(channel));
  // provider_id <> '' also lets both engines use the partial index.
  return FirstMessage((session.prepare << std::string("SELECT ") + kMessageColumns +
                                              " FROM messages WHERE store_id = :store AND "
                                              "channel = :channel AND provider_id = :provider "
                                              "AND provider_id <> '' LIMIT 1",
                       soci::use(store_id.str()), soci::use(channel_name), soci::use(provider_id)));
}

std::optional<Message> SqlMessageRepository::FindByUnsubscribeToken(
    const std::string& token) const {
  soci::session session(db_.pool());
  return FirstMessage((session.prepare << std::string("SELECT ") + kMessageColumns +
                                              " FROM messages WHERE unsubscribe_token = :token "
                                              "AND unsubscribe_token <> ''",
                       soci::use(token)));
}

std::vector<Message> SqlMessageRepository::List(const core::StoreId& store_id,
                                                const messaging::MessageFilter& filter) const {
  soci::session session(db_.pool());
  // Every bound value lives until the query has run (soci::use keeps references).
  std::vector<std::string> statuses;
  for (const Status status : filter.statuses)
    statuses.push_back(Text(messaging::StatusName(status)));
  std::sort(statuses.begin(), statuses.end());
  statuses.erase(std::unique(statuses.begin(), statuses.end()), statuses.end());
  const std::string channel = filter.channel ? Text(customers::ChannelName(*filter.channel)) : "";
  const std::string customer = filter.customer_id ? filter.customer_id->str() : "";
  const std::string before =
      filter.created_before ? core::FormatRfc3339(*filter.created_before) : "";
  int limit = std::max(0, filter.limit);
  soci::details::prepare_temp_type query = (session.prepare << "");
  // The newest `limit` of one status (or of any), read in index order. Placeholders get
  // the branch's number: SQLite binds one value to all those of the same name.
  const auto newest = [&](const std::string* status, std::size_t branch) {
    const std::string n = std::to_string(branch);
    std::string sql =
        std::string("SELECT ") + kMessageColumns + " FROM messages WHERE store_id = :store" + n;
    query, soci::use(store_id.str());
    if (status) {
      sql += " AND status = :status" + n;
      query, soci::use(*status);
    }
    if (filter.channel) {
      sql += " AND channel = :channel" + n;
      query, soci::use(channel);
    }
    if (filter.customer_id) {
      sql += " AND customer_id = :customer" + n;
      query, soci::use(customer);
    }
    if (filter.created_before) {
      sql += " AND created_at < :before" + n;
      query, soci::use(before);
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT :limit" + n;
    query, soci::use(limit);
    return sql;
  };
  std::string sql;
  if (statuses.size() <= 1) {
    sql = newest(statuses.empty() ? nullptr : &statuses.front(), 0);
  } else {
    // One branch per status, merged: each stops at the limit, where a single IN (...)
    // would sort every message of those statuses.
    for (std::size_t i = 0; i < statuses.size(); ++i) {
      sql += (i == 0 ? "" : " UNION ALL ") + std::string("SELECT * FROM (") +
             newest(&statuses[i], i) + ") AS s" + std::to_string(i);
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT :limit_all";
    query, soci::use(limit);
  }
  query << sql;
  std::vector<Message> messages;
  soci::rowset<soci::row> rows(query);
  for (const soci::row& row : rows) messages.push_back(MessageFromRow(row));
  return messages;
}

std::vector<MessageEvent> SqlMessageRepository::Events(const core::StoreId& store_id,
                                                       const std::string& message_id) const {
  soci::session session(db_.pool());
  std::vector<MessageEvent> events;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT message_id, at, status, detail, actor FROM message_events "
                          "WHERE message_id = :id AND store_id = :store ORDER BY at, seq",
       soci::use(message_id), soci::use(store_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    MessageEvent event;
    event.message_id = c.Text();
    event.at = c.Rfc3339();
    event.status = StatusOf(c.Text());
    event.detail = c.Text();
    event.actor = c.Text();
    events.push_back(std::move(event));
  }
  return events;
}

std::vector<std::pair<Status, std::int64_t>> SqlMessageRepository::CountByStatus(
    const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  std::array<std::int64_t, kAllStatuses.size()> counts{};
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT status, COUNT(*) FROM messages WHERE store_id = :store "
                          "GROUP BY status",
       soci::use(store_id.str()));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    const Status status = StatusOf(c.Text());
    const auto index = static_cast<std::size_t>(
        std::find(kAllStatuses.begin(), kAllStatuses.end(), status) - kAllStatuses.begin());
    counts.at(index) = c.Integer();
  }
  std::vector<std::pair<Status, std::int64_t>> by_status;
  for (std::size_t i = 0; i < kAllStatuses.size(); ++i) {
    by_status.emplace_back(kAllStatuses[i], counts[i]);
  }
  return by_status;
}

// =======================================================================================
// Inbound

void SqlMessageRepository::RecordInbound(const InboundRecord& record) {
  const auto lock = LockWrites();
  soci::session session(db_.pool());
  const std::string channel = Text(customers::ChannelName(record.channel));
  const std::string received_at = core::FormatRfc3339(record.received_at);
  session << "INSERT INTO message_inbound (id, store_id, channel, received_at, kind, sender, "
             "provider_id, text, outcome) VALUES (:id, :store, :channel, :at, :kind, :sender, "
             ":provider, :text, :outcome)",
      soci::use(record.id), soci::use(record.store_id.str()), soci::use(channel),
      soci::use(received_at), soci::use(record.kind), soci::use(record.sender),
      soci::use(record.provider_id), soci::use(record.text), soci::use(record.outcome);
}

std::vector<InboundRecord> SqlMessageRepository::Inbound(const core::StoreId& store_id,
                                                         int limit) const {
  soci::session session(db_.pool());
  int rows_wanted = std::max(0, limit);
  std::vector<InboundRecord> records;
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT id, store_id, channel, received_at, kind, sender, "
                          "provider_id, text, outcome FROM message_inbound WHERE store_id = "
                          ":store ORDER BY received_at DESC, id DESC LIMIT :limit",
       soci::use(store_id.str()), soci::use(rows_wanted));
  for (const soci::row& row : rows) {
    Columns c(row, kWhere);
    InboundRecord record;
    record.id = c.Text();
    record.store_id = core::StoreId::FromTrusted(c.Text());
    record.channel = ChannelOf(c.Text());
    record.received_at = c.Rfc3339();
    record.kind = c.Text();
    record.sender = c.Text();
    record.provider_id = c.Text();
    record.text = c.Text();
    record.outcome = c.Text();
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace fiado::storage
