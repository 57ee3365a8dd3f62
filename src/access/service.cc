#include "access/service.h"

#include <cstddef>
#include <utility>

#include "access/secrets.h"
#include "core/email.h"
#include "core/text.h"

namespace fiado::access {
namespace {

using core::ErrorCode;
using core::FieldError;

constexpr std::size_t kMaxUserNameCharacters = 120;
constexpr std::size_t kMaxKeyNameCharacters = 80;
constexpr std::size_t kKeyPrefixLength = 12;
constexpr std::string_view kApiKeyPrefix = "fiado_";

// An argon2id hash (interactive limits, like real ones) of a password nobody types. Signing
// in with an unknown e-mail verifies against it, so the answer takes as long as for a real
// account and response times do not tell which e-mails exist.
constexpr const char* kDummyPasswordHash =
    "$argon2id$v=19$m=65536,t=2,p=1$4Gt3EgDKGX+mOjr4W3ToSA$"
    "cafwGAK5upbJEvWEpi63kEcMK2Gw5s0TU3GRZYGoZFQ";

constexpr const char* kBadCredentials = "e-mail ou senha incorretos";
constexpr const char* kThrottled =
    "muitas tentativas de entrada; tente novamente em alguns minutos";
constexpr const char* kSessionGone = "sessão expirada; entre novamente";
constexpr const char* kBadApiKey = "chave de API inválida ou revogada";
constexpr const char* kUserNotFound = "usuário não encontrado";
constexpr const char* kBadRole = "papel inválido: use owner, clerk, collector ou viewer";

core::Error MakeError(ErrorCode code, std::string message_pt) {
  core::Error error;
  error.code = code;
  error.message_pt = std::move(message_pt);
  return error;
}

std::size_t CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// A required display name, trimmed; adds the field's problem to `errors` when it has one.
std::string CheckName(std::string_view raw, std::size_t max_characters,
                      std::vector<FieldError>& errors) {
  std::string name = core::Trim(raw);
  if (name.empty()) {
    errors.push_back({"name", "não informado"});
  } else if (!core::IsValidUtf8(name)) {
    errors.push_back({"name", "contém caracteres inválidos"});
  } else if (CountCodePoints(name) > max_characters) {
    errors.push_back(
        {"name", "deve ter no máximo " + std::to_string(max_characters) + " caracteres"});
  }
  return name;
}

// What the service hands out never carries the password hash.
User WithoutHash(User user) {
  user.password_hash.clear();
  return user;
}

// The entry a change writes; the repository fills its before/after snapshots.
core::AuditEntry EntryFor(core::IdGenerator& ids, const core::Actor& actor, core::Instant at,
                          std::string entity_type, std::string entity_id, std::string action) {
  core::AuditEntry entry;
  entry.id = ids.NextText();
  entry.store_id = actor.store_id;
  entry.occurred_at = at;
  entry.actor = actor.actor;
  entry.entity_type = std::move(entity_type);
  entry.entity_id = std::move(entity_id);
  entry.action = std::move(action);
  entry.request_id = actor.request_id;
  return entry;
}

std::string AccountKey(const std::string& email) { return "account:" + email; }
std::string AddressKey(const std::string& address) { return "address:" + address; }

}  // namespace

std::string Principal::ActorText() const {
  if (user_id) return "user:" + user_id->str();
  FIADO_CHECK(api_key_id.has_value());
  return "api_key:" + api_key_id->str();
}

core::Actor Principal::AsActor(std::string request_id) const {
  return core::Actor{store_id, ActorText(), std::move(request_id)};
}

AccessService::AccessService(UserRepository& users, SessionRepository& sessions,
                             ApiKeyRepository& keys, LoginAttemptRepository& attempts,
                             core::IdGenerator& ids, const core::Clock& clock, AccessPolicy policy)
    : users_(users),
      sessions_(sessions),
      keys_(keys),
      attempts_(attempts),
      ids_(ids),
      clock_(clock),
      policy_(policy) {
  InitSecrets();
}

// Phase 1: normalise the e-mail; a malformed one cannot belong to an account, so only the
//          address is throttled for it.
// Phase 2: refuse while the account or the address is throttled, before any password check.
// Phase 3: verify the password (against a dummy hash for an unknown e-mail).
// Phase 4: on failure record it for both keys; on success forget the account's failures
//          and open a session.
core::Result<SignedIn> AccessService::SignIn(const std::string& email, const std::string& password,
                                             const std::string& address) {
  const core::Instant now = clock_.Now();
  // Phase 1
  std::optional<std::string> account;
  if (auto parsed = core::Email::Parse(email)) account = parsed->Lowercase();
  const std::string address_key = AddressKey(address);
  const std::optional<std::string> account_key =
      account ? std::optional(AccountKey(*account)) : std::nullopt;

  // Phase 2
  const core::Instant since = now - policy_.failure_window;
  const bool throttled =
      attempts_.CountFailuresSince(address_key, since) >= policy_.max_failures ||
      (account_key && attempts_.CountFailuresSince(*account_key, since) >= policy_.max_failures);
  if (throttled) return core::Fail(MakeError(ErrorCode::kRateLimited, kThrottled));

  // Phase 3
  std::optional<User> user = account ? users_.FindByEmail(*account) : std::nullopt;
  const bool password_ok =
      account && VerifyPassword(user ? user->password_hash : kDummyPasswordHash, password);

  // Phase 4
  if (!user || !password_ok || !user->active) {
    if (account_key) attempts_.RecordFailure(*account_key, now);
    attempts_.RecordFailure(address_key, now);
    return core::Fail(MakeError(ErrorCode::kUnauthenticated, kBadCredentials));
  }
  attempts_.Clear(*account_key);

  SignedIn signed_in;
  signed_in.session_token = NewToken();
  signed_in.session.token_digest = TokenDigest(signed_in.session_token);
  signed_in.session.user_id = user->id;
  signed_in.session.store_id = user->store_id;
  signed_in.session.csrf_token = NewToken();
  signed_in.session.created_at = now;
  signed_in.session.expires_at = now + policy_.session_lifetime;
  signed_in.session.address = address;
  sessions_.Create(signed_in.session);
  signed_in.user = WithoutHash(std::move(*user));
  return signed_in;
}

void AccessService::SignOut(const std::string& session_token) {
  if (session_token.empty()) return;
  sessions_.Revoke(TokenDigest(session_token), clock_.Now());
}

core::Result<Principal> AccessService::AuthenticateSession(const std::string& session_token) const {
  const auto gone = [] { return core::Fail(MakeError(ErrorCode::kUnauthenticated, kSessionGone)); };
  if (session_token.empty()) return gone();
  const std::optional<Session> session = sessions_.Find(TokenDigest(session_token));
  if (!session || session->revoked_at || clock_.Now() >= session->expires_at) return gone();
  const std::optional<User> user = users_.Find(session->store_id, session->user_id);
  if (!user || !user->active) return gone();

  Principal principal;
  principal.store_id = user->store_id;
  principal.role = user->role;
  principal.user_id = user->id;
  principal.name = user->name;
  principal.email = user->email;
  principal.csrf_token = session->csrf_token;
  principal.session_digest = session->token_digest;
  principal.session_expires_at = session->expires_at;
  return principal;
}

constexpr std::chrono::seconds kKeyUseGranularity{60};

core::Result<Principal> AccessService::AuthenticateApiKey(const std::string& secret) {
  const auto invalid = [] {
    return core::Fail(MakeError(ErrorCode::kUnauthenticated, kBadApiKey));
  };
  if (!secret.starts_with(kApiKeyPrefix)) return invalid();
  const std::optional<ApiKey> key = keys_.FindByDigest(TokenDigest(secret));
  if (!key || key->revoked_at) return invalid();
  // Record use at most once a minute: a busy integration must not pay a write per call.
  const core::Instant now = clock_.Now();
  if (!key->last_used_at || now - *key->last_used_at >= kKeyUseGranularity) {
    keys_.MarkUsed(key->id, now);
  }

  Principal principal;
  principal.store_id = key->store_id;
  principal.role = key->role;
  principal.api_key_id = key->id;
  principal.name = key->name;
  return principal;
}

core::Status AccessService::ChangePassword(const Principal& who,
                                           const std::string& current_password,
                                           const std::string& new_password) {
  if (!who.user_id) {
    return core::Fail(MakeError(ErrorCode::kPermissionDenied,
                                "somente um usuário com sessão pode trocar a senha"));
  }
  std::optional<User> user = users_.Find(who.store_id, *who.user_id);
  if (!user) return core::Fail(core::Error::NotFound(kUserNotFound));
  if (!VerifyPassword(user->password_hash, current_password)) {
    return core::Invalid("current_password", "senha atual incorreta");
  }
  if (auto policy = CheckPasswordPolicy(new_password, "new_password"); !policy) return policy;
  if (new_password == current_password) {
    return core::Invalid("new_password", "a nova senha deve ser diferente da atual");
  }
  auto hash = HashPassword(new_password);
  if (!hash) return core::Fail(hash.error());

  const core::Instant now = clock_.Now();
  user->password_hash = std::move(*hash);
  user->updated_at = now;
  const core::AuditEntry audit =
      EntryFor(ids_, who.AsActor(""), now, "user", user->id.str(), "password_change");
  if (auto updated = users_.Update(*user, audit); !updated) return updated;
  sessions_.RevokeAllOfUser(who.store_id, user->id, who.session_digest, now);
  return {};
}

core::Result<User> AccessService::CreateUser(const core::Actor& actor, const NewUser& draft) {
  // Every field is checked, so the form shows all of its mistakes at once.
  std::vector<FieldError> errors;
  std::string email;
  if (auto parsed = core::Email::Parse(draft.email, "email")) {
    email = parsed->Lowercase();
  } else {
    errors.push_back({parsed.error().field, parsed.error().message_pt});
  }
  std::string name = CheckName(draft.name, kMaxUserNameCharacters, errors);
  const std::optional<Role> role = ParseRole(draft.role);
  if (!role) errors.push_back({"role", kBadRole});
  if (auto policy = CheckPasswordPolicy(draft.password, "password"); !policy) {
    errors.push_back({policy.error().field, policy.error().message_pt});
  }
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));

  if (std::optional<User> existing = users_.FindByEmail(email)) {
    core::Error error = core::Error::Conflict("já existe um usuário com este e-mail");
    error.field = "email";
    // Another store's user id is none of this store's business.
    if (existing->store_id == actor.store_id) error.related_id = existing->id.str();
    return core::Fail(std::move(error));
  }
  auto hash = HashPassword(draft.password);
  if (!hash) return core::Fail(hash.error());

  const core::Instant now = clock_.Now();
  User user;
  user.id = ids_.Next<UserTag>();
  user.store_id = actor.store_id;
  user.email = std::move(email);
  user.name = std::move(name);
  user.role = *role;
  user.password_hash = std::move(*hash);
  user.active = true;
  user.created_at = now;
  user.updated_at = now;
  const core::AuditEntry audit = EntryFor(ids_, actor, now, "user", user.id.str(), "create");
  if (auto created = users_.Create(user, audit); !created) return core::Fail(created.error());
  return WithoutHash(std::move(user));
}

core::Result<User> AccessService::ChangeUser(const core::Actor& actor, const Principal& who,
                                             const UserId& id, const UserChange& change) {
  std::optional<User> user = users_.Find(actor.store_id, id);
  if (!user) return core::Fail(core::Error::NotFound(kUserNotFound));

  std::vector<FieldError> errors;
  std::optional<std::string> name;
  if (change.name) name = CheckName(*change.name, kMaxUserNameCharacters, errors);
  std::optional<Role> role;
  if (change.role) {
    role = ParseRole(*change.role);
    if (!role) errors.push_back({"role", kBadRole});
  }
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));

  const bool self = who.user_id && *who.user_id == id;
  const bool loses_owner = role && *role != Role::kOwner;
  const bool deactivates = change.active && !*change.active;
  if (self && user->role == Role::kOwner && (loses_owner || deactivates)) {
    return core::Fail(MakeError(ErrorCode::kFailedPrecondition,
                                "você não pode remover seu próprio acesso de dono"));
  }

  User updated = *user;
  if (name) updated.name = *name;
  if (role) updated.role = *role;
  if (change.active) updated.active = *change.active;
  if (updated.name == user->name && updated.role == user->role && updated.active == user->active) {
    return WithoutHash(std::move(updated));  // nothing to change, nothing to audit
  }
  const core::Instant now = clock_.Now();
  updated.updated_at = now;
  const core::AuditEntry audit = EntryFor(ids_, actor, now, "user", id.str(), "update");
  if (auto saved = users_.Update(updated, audit); !saved) return core::Fail(saved.error());
  // A deactivated user is signed out everywhere at once.
  if (!updated.active && user->active) sessions_.RevokeAllOfUser(actor.store_id, id, "", now);
  return WithoutHash(std::move(updated));
}

core::Result<User> AccessService::GetUser(const core::StoreId& store_id, const UserId& id) const {
  std::optional<User> user = users_.Find(store_id, id);
  if (!user) return core::Fail(core::Error::NotFound(kUserNotFound));
  return WithoutHash(std::move(*user));
}

std::vector<User> AccessService::ListUsers(const core::StoreId& store_id) const {
  std::vector<User> users = users_.List(store_id);
  for (User& user : users) user.password_hash.clear();
  return users;
}

core::Result<CreatedApiKey> AccessService::CreateApiKey(const core::Actor& actor,
                                                        const Principal& who,
                                                        const std::string& name,
                                                        const std::string& role) {
  if (!who.user_id) {
    return core::Fail(
        MakeError(ErrorCode::kPermissionDenied, "uma chave de API não pode criar outras chaves"));
  }
  std::vector<FieldError> errors;
  std::string key_name = CheckName(name, kMaxKeyNameCharacters, errors);
  const std::optional<Role> key_role = ParseRole(role);
  if (!key_role) {
    errors.push_back({"role", kBadRole});
  } else if (*key_role == Role::kOwner) {
    errors.push_back({"role", "chaves de API não podem ter o papel de dono"});
  }
  if (!errors.empty()) return core::Fail(core::Error::InvalidFields(std::move(errors)));

  const core::Instant now = clock_.Now();
  CreatedApiKey created;
  created.secret = NewToken(kApiKeyPrefix);
  ApiKey& key = created.key;
  key.id = ids_.Next<ApiKeyTag>();
  key.store_id = actor.store_id;
  key.name = std::move(key_name);
  key.role = *key_role;
  key.prefix = created.secret.substr(0, kKeyPrefixLength);
  key.secret_digest = TokenDigest(created.secret);
  key.created_by = *who.user_id;
  key.created_at = now;
  const core::AuditEntry audit = EntryFor(ids_, actor, now, "api_key", key.id.str(), "create");
  keys_.Create(key, audit);
  return created;
}

std::vector<ApiKey> AccessService::ListApiKeys(const core::StoreId& store_id) const {
  return keys_.List(store_id);
}

core::Status AccessService::RevokeApiKey(const core::Actor& actor, const ApiKeyId& id) {
  const core::Instant now = clock_.Now();
  const core::AuditEntry audit = EntryFor(ids_, actor, now, "api_key", id.str(), "revoke");
  return keys_.Revoke(actor.store_id, id, now, audit);
}

}  // namespace fiado::access
