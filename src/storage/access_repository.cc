#include "storage/access_repository.h"

#include "json/access_json.h"
#include "storage/audit_log.h"

#include <soci/soci.h>

#include <chrono>

namespace fiado::storage {
namespace {

constexpr const char* kUserColumns =
    "id, store_id, email, name, role, password_hash, active, created_at, updated_at";
constexpr const char* kSessionColumns =
    "token_digest, store_id, user_id, csrf_token, created_at, expires_at, revoked_at, address";
constexpr const char* kKeyColumns =
    "id, store_id, name, role, prefix, secret_digest, created_by, created_at, revoked_at, "
    "last_used_at";

// Failed sign-ins are kept this long, far beyond any throttling window.
constexpr std::chrono::hours kFailureRetention{24};

// --- Reading rows -------------------------------------------------------------------------

// An integer column, whatever type the engine reports for it.
int IntAt(const soci::row& row, std::size_t column) {
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_integer:
      return row.get<int>(column);
    case soci::dt_long_long:
      return static_cast<int>(row.get<long long>(column));
    case soci::dt_unsigned_long_long:
      return static_cast<int>(row.get<unsigned long long>(column));
    case soci::dt_string:
      return std::stoi(row.get<std::string>(column));
    default:
      throw StorageError("coluna inteira com tipo inesperado: " +
                         row.get_properties(column).get_name());
  }
}

core::Instant InstantAt(const soci::row& row, std::size_t column) {
  auto instant = core::ParseRfc3339(row.get<std::string>(column));
  if (!instant) throw StorageError("data e hora inválida no banco: " + instant.error().Describe());
  return *instant;
}

std::optional<core::Instant> OptionalInstantAt(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return std::nullopt;
  return InstantAt(row, column);
}

access::Role RoleAt(const soci::row& row, std::size_t column) {
  const std::string name = row.get<std::string>(column);
  auto role = access::ParseRole(name);
  if (!role) throw StorageError("papel desconhecido no banco: " + name);
  return *role;
}

access::User UserFromRow(const soci::row& row) {
  access::User user;
  user.id = access::UserId::FromTrusted(row.get<std::string>(0));
  user.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  user.email = row.get<std::string>(2);
  user.name = row.get<std::string>(3);
  user.role = RoleAt(row, 4);
  user.password_hash = row.get<std::string>(5);
  user.active = IntAt(row, 6) != 0;
  user.created_at = InstantAt(row, 7);
  user.updated_at = InstantAt(row, 8);
  return user;
}

access::Session SessionFromRow(const soci::row& row) {
  access::Session session;
  session.token_digest = row.get<std::string>(0);
  session.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  session.user_id = access::UserId::FromTrusted(row.get<std::string>(2));
  session.csrf_token = row.get<std::string>(3);
  session.created_at = InstantAt(row, 4);
  session.expires_at = InstantAt(row, 5);
  session.revoked_at = OptionalInstantAt(row, 6);
  session.address = row.get<std::string>(7);
  return session;
}

access::ApiKey KeyFromRow(const soci::row& row) {
  access::ApiKey key;
  key.id = access::ApiKeyId::FromTrusted(row.get<std::string>(0));
  key.store_id = core::StoreId::FromTrusted(row.get<std::string>(1));
  key.name = row.get<std::string>(2);
  key.role = RoleAt(row, 3);
  key.prefix = row.get<std::string>(4);
  key.secret_digest = row.get<std::string>(5);
  key.created_by = access::UserId::FromTrusted(row.get<std::string>(6));
  key.created_at = InstantAt(row, 7);
  key.revoked_at = OptionalInstantAt(row, 8);
  key.last_used_at = OptionalInstantAt(row, 9);
  return key;
}

// --- Audit snapshots: everything but the secrets --------------------------------------------

std::string UserSnapshot(const access::User& user) { return fiado::json::UserJson(user).dump(); }

std::string KeySnapshot(const access::ApiKey& key) { return fiado::json::ApiKeyJson(key).dump(); }

void InsertAudit(soci::session& session, const core::AuditEntry& audit,
                 std::optional<std::string> before, std::optional<std::string> after) {
  core::AuditEntry entry = audit;
  entry.before = std::move(before);
  entry.after = std::move(after);
  InsertAuditEntry(session, entry);
}

// --- Users ------------------------------------------------------------------------------------

std::optional<access::User> FindUser(soci::session& session, const core::StoreId& store_id,
                                     const access::UserId& id) {
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kUserColumns
                       << " FROM users WHERE store_id = :store AND id = :id",
       soci::use(store_id.str()), soci::use(id.str()));
  for (const soci::row& row : rows) return UserFromRow(row);
  return std::nullopt;
}

std::optional<access::User> FindUserByEmail(soci::session& session, const std::string& email) {
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kUserColumns << " FROM users WHERE email = :email",
       soci::use(email));
  for (const soci::row& row : rows) return UserFromRow(row);
  return std::nullopt;
}

// The user of another id holding `email`, if any: the e-mail is unique in the installation.
std::optional<access::User> EmailHolder(soci::session& session, const access::User& user) {
  std::optional<access::User> holder = FindUserByEmail(session, user.email);
  if (holder && holder->id == user.id) return std::nullopt;
  return holder;
}

core::Error EmailConflict(const access::User& user, const access::User& holder) {
  core::Error error = core::Error::Conflict("já existe um usuário com este e-mail");
  error.field = "email";
  // Another store's user id is none of this store's business.
  if (holder.store_id == user.store_id) error.related_id = holder.id.str();
  return error;
}

struct UserColumnValues {
  explicit UserColumnValues(const access::User& user)
      : role(access::RoleName(user.role)),
        active(user.active ? 1 : 0),
        created_at(core::FormatRfc3339(user.created_at)),
        updated_at(core::FormatRfc3339(user.updated_at)) {}
  std::string role;
  int active;
  std::string created_at;
  std::string updated_at;
};

// --- API keys -----------------------------------------------------------------------------

std::optional<access::ApiKey> FindKey(soci::session& session, const core::StoreId& store_id,
                                      const access::ApiKeyId& id) {
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kKeyColumns
                       << " FROM api_keys WHERE store_id = :store AND id = :id",
       soci::use(store_id.str()), soci::use(id.str()));
  for (const soci::row& row : rows) return KeyFromRow(row);
  return std::nullopt;
}

}  // namespace

core::Status SqlUserRepository::Create(const access::User& user, const core::AuditEntry& audit) {
  try {
    soci::session session(db_.pool());
    WriteTransaction transaction(session, db_.engine());
    if (auto holder = EmailHolder(session, user)) return core::Fail(EmailConflict(user, *holder));
    const UserColumnValues values(user);
    session << "INSERT INTO users (id, store_id, email, name, role, password_hash, active, "
               "created_at, updated_at) VALUES (:id, :store, :email, :name, :role, :hash, "
               ":active, :created, :updated)",
        soci::use(user.id.str()), soci::use(user.store_id.str()), soci::use(user.email),
        soci::use(user.name), soci::use(values.role), soci::use(user.password_hash),
        soci::use(values.active), soci::use(values.created_at), soci::use(values.updated_at);
    InsertAudit(session, audit, std::nullopt, UserSnapshot(user));
    transaction.Commit();
    return {};
  } catch (const soci::soci_error&) {
    // The unique e-mail index is the backstop when another writer took the e-mail between
    // the check and the insert; the transaction has rolled back.
    soci::session session(db_.pool());
    if (auto holder = EmailHolder(session, user)) return core::Fail(EmailConflict(user, *holder));
    throw;
  }
}

core::Status SqlUserRepository::Update(const access::User& user, const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::optional<access::User> stored = FindUser(session, user.store_id, user.id);
  if (!stored) return core::Fail(core::Error::NotFound("usuário não encontrado"));
  if (auto holder = EmailHolder(session, user)) return core::Fail(EmailConflict(user, *holder));
  const UserColumnValues values(user);
  session << "UPDATE users SET email = :email, name = :name, role = :role, password_hash = :hash, "
             "active = :active, updated_at = :updated WHERE store_id = :store AND id = :id",
      soci::use(user.email), soci::use(user.name), soci::use(values.role),
      soci::use(user.password_hash), soci::use(values.active), soci::use(values.updated_at),
      soci::use(user.store_id.str()), soci::use(user.id.str());
  InsertAudit(session, audit, UserSnapshot(*stored), UserSnapshot(user));
  transaction.Commit();
  return {};
}

std::optional<access::User> SqlUserRepository::Find(const core::StoreId& store_id,
                                                    const access::UserId& id) const {
  soci::session session(db_.pool());
  return FindUser(session, store_id, id);
}

// Across stores on purpose: signing in knows only the e-mail, and the user found tells
// which store the session belongs to.
std::optional<access::User> SqlUserRepository::FindByEmail(const std::string& email) const {
  soci::session session(db_.pool());
  return FindUserByEmail(session, email);
}

std::vector<access::User> SqlUserRepository::List(const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kUserColumns
                       << " FROM users WHERE store_id = :store ORDER BY name, id",
       soci::use(store_id.str()));
  std::vector<access::User> users;
  for (const soci::row& row : rows) users.push_back(UserFromRow(row));
  return users;
}

// --- Sessions -------------------------------------------------------------------------------

void SqlSessionRepository::Create(const access::Session& s) {
  soci::session session(db_.pool());
  const std::string created_at = core::FormatRfc3339(s.created_at);
  const std::string expires_at = core::FormatRfc3339(s.expires_at);
  const std::string revoked_at = s.revoked_at ? core::FormatRfc3339(*s.revoked_at) : "";
  soci::indicator revoked_null = s.revoked_at ? soci::i_ok : soci::i_null;
  session << "INSERT INTO sessions (token_digest, store_id, user_id, csrf_token, created_at, "
             "expires_at, revoked_at, address) VALUES (:digest, :store, :user, :csrf, :created, "
             ":expires, :revoked, :address)",
      soci::use(s.token_digest), soci::use(s.store_id.str()), soci::use(s.user_id.str()),
      soci::use(s.csrf_token), soci::use(created_at), soci::use(expires_at),
      soci::use(revoked_at, revoked_null), soci::use(s.address);
}

// By digest alone: it is the credential itself (a BLAKE2b digest of an unguessable token);
// the session found tells which store the request belongs to.
std::optional<access::Session> SqlSessionRepository::Find(const std::string& token_digest) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows = (session.prepare << "SELECT " << kSessionColumns
                                                  << " FROM sessions WHERE token_digest = :digest",
                                  soci::use(token_digest));
  for (const soci::row& row : rows) return SessionFromRow(row);
  return std::nullopt;
}

// By digest alone, like Find: whoever holds the token may end its session. Revoking twice
// keeps the first time.
void SqlSessionRepository::Revoke(const std::string& token_digest, core::Instant at) {
  soci::session session(db_.pool());
  const std::string revoked_at = core::FormatRfc3339(at);
  session << "UPDATE sessions SET revoked_at = :at "
             "WHERE token_digest = :digest AND revoked_at IS NULL",
      soci::use(revoked_at), soci::use(token_digest);
}

void SqlSessionRepository::RevokeAllOfUser(const core::StoreId& store_id,
                                           const access::UserId& user_id,
                                           const std::string& except_digest, core::Instant at) {
  soci::session session(db_.pool());
  const std::string revoked_at = core::FormatRfc3339(at);
  session << "UPDATE sessions SET revoked_at = :at WHERE store_id = :store AND user_id = :user "
             "AND token_digest <> :keep AND revoked_at IS NULL",
      soci::use(revoked_at), soci::use(store_id.str()), soci::use(user_id.str()),
      soci::use(except_digest);
}

// --- API keys -------------------------------------------------------------------------------

void SqlApiKeyRepository::Create(const access::ApiKey& key, const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string role(access::RoleName(key.role));
  const std::string created_at = core::FormatRfc3339(key.created_at);
  session << "INSERT INTO api_keys (id, store_id, name, role, prefix, secret_digest, created_by, "
             "created_at) VALUES (:id, :store, :name, :role, :prefix, :digest, :by, :created)",
      soci::use(key.id.str()), soci::use(key.store_id.str()), soci::use(key.name), soci::use(role),
      soci::use(key.prefix), soci::use(key.secret_digest), soci::use(key.created_by.str()),
      soci::use(created_at);
  access::ApiKey stored = key;  // a new key has not been used or revoked
  stored.revoked_at.reset();
  stored.last_used_at.reset();
  InsertAudit(session, audit, std::nullopt, KeySnapshot(stored));
  transaction.Commit();
}

// By digest alone: it is the credential itself (a BLAKE2b digest of the secret); the key
// found tells which store the request belongs to.
std::optional<access::ApiKey> SqlApiKeyRepository::FindByDigest(
    const std::string& secret_digest) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows = (session.prepare << "SELECT " << kKeyColumns
                                                  << " FROM api_keys WHERE secret_digest = :digest",
                                  soci::use(secret_digest));
  for (const soci::row& row : rows) return KeyFromRow(row);
  return std::nullopt;
}

std::optional<access::ApiKey> SqlApiKeyRepository::Find(const core::StoreId& store_id,
                                                        const access::ApiKeyId& id) const {
  soci::session session(db_.pool());
  return FindKey(session, store_id, id);
}

std::vector<access::ApiKey> SqlApiKeyRepository::List(const core::StoreId& store_id) const {
  soci::session session(db_.pool());
  soci::rowset<soci::row> rows =
      (session.prepare << "SELECT " << kKeyColumns
                       << " FROM api_keys WHERE store_id = :store ORDER BY created_at, id",
       soci::use(store_id.str()));
  std::vector<access::ApiKey> keys;
  for (const soci::row& row : rows) keys.push_back(KeyFromRow(row));
  return keys;
}

core::Status SqlApiKeyRepository::Revoke(const core::StoreId& store_id, const access::ApiKeyId& id,
                                         core::Instant at, const core::AuditEntry& audit) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::optional<access::ApiKey> stored = FindKey(session, store_id, id);
  if (!stored) return core::Fail(core::Error::NotFound("chave de API não encontrada"));
  if (stored->revoked_at) return {};  // revoked already: the first time stands, unaudited
  const std::string revoked_at = core::FormatRfc3339(at);
  session << "UPDATE api_keys SET revoked_at = :at WHERE store_id = :store AND id = :id",
      soci::use(revoked_at), soci::use(store_id.str()), soci::use(id.str());
  access::ApiKey revoked = *stored;
  revoked.revoked_at = at;
  InsertAudit(session, audit, KeySnapshot(*stored), KeySnapshot(revoked));
  transaction.Commit();
  return {};
}

// By primary key alone: the id comes from FindByDigest an instant before, never from a
// request. Only moves forward, so concurrent requests cannot set it back.
void SqlApiKeyRepository::MarkUsed(const access::ApiKeyId& id, core::Instant at) {
  soci::session session(db_.pool());
  const std::string used_at = core::FormatRfc3339(at);
  session << "UPDATE api_keys SET last_used_at = :at "
             "WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at2)",
      soci::use(used_at), soci::use(id.str()), soci::use(used_at);
}

// --- Failed sign-ins (installation-wide: a failure belongs to no store) ---------------------

void SqlLoginAttemptRepository::RecordFailure(const std::string& key, core::Instant at) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  const std::string id = ids_.NextText();
  const std::string failed_at = core::FormatRfc3339(at);
  const std::string cutoff = core::FormatRfc3339(at - kFailureRetention);
  session << "DELETE FROM login_failures WHERE failed_at < :cutoff", soci::use(cutoff);
  session << "INSERT INTO login_failures (id, failure_key, failed_at) VALUES (:id, :key, :at)",
      soci::use(id), soci::use(key), soci::use(failed_at);
  transaction.Commit();
}

int SqlLoginAttemptRepository::CountFailuresSince(const std::string& key,
                                                  core::Instant since) const {
  soci::session session(db_.pool());
  const std::string since_text = core::FormatRfc3339(since);
  int count = 0;
  session << "SELECT COUNT(*) FROM login_failures WHERE failure_key = :key AND failed_at >= :since",
      soci::use(key), soci::use(since_text), soci::into(count);
  return count;
}

void SqlLoginAttemptRepository::Clear(const std::string& key) {
  soci::session session(db_.pool());
  session << "DELETE FROM login_failures WHERE failure_key = :key", soci::use(key);
}

}  // namespace fiado::storage
