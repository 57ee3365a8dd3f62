// The access service over small in-memory repositories; the SQL ones are tested in
// storage/access_repository_test.cc.
#include "access/service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <utility>

#include "access/secrets.h"

namespace fiado::access {
namespace {

using namespace std::chrono_literals;
using core::ErrorCode;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;
constexpr const char* kPassword = "cafe-com-leite-42";

class FakeUsers final : public UserRepository {
 public:
  core::Status Create(const User& user, const core::AuditEntry& audit) override {
    for (const auto& [id, other] : users_) {
      if (other.email == user.email) {
        core::Error error = core::Error::Conflict("já existe um usuário com este e-mail");
        error.field = "email";
        return core::Fail(error);
      }
    }
    users_[user.id.str()] = user;
    audits.push_back(audit);
    return {};
  }
  core::Status Update(const User& user, const core::AuditEntry& audit) override {
    auto found = users_.find(user.id.str());
    if (found == users_.end() || found->second.store_id != user.store_id) {
      return core::Fail(core::Error::NotFound("usuário não encontrado"));
    }
    found->second = user;
    audits.push_back(audit);
    return {};
  }
  std::optional<User> Find(const core::StoreId& store_id, const UserId& id) const override {
    auto found = users_.find(id.str());
    if (found == users_.end() || found->second.store_id != store_id) return std::nullopt;
    return found->second;
  }
  std::optional<User> FindByEmail(const std::string& email) const override {
    for (const auto& [id, user] : users_) {
      if (user.email == email) return user;
    }
    return std::nullopt;
  }
  std::vector<User> List(const core::StoreId& store_id) const override {
    std::vector<User> result;
    for (const auto& [id, user] : users_) {
      if (user.store_id == store_id) result.push_back(user);
    }
    return result;
  }

  std::vector<core::AuditEntry> audits;

 private:
  std::map<std::string, User> users_;
};

class FakeSessions final : public SessionRepository {
 public:
  void Create(const Session& session) override { sessions_[session.token_digest] = session; }
  std::optional<Session> Find(const std::string& token_digest) const override {
    auto found = sessions_.find(token_digest);
    if (found == sessions_.end()) return std::nullopt;
    return found->second;
  }
  void Revoke(const std::string& token_digest, core::Instant at) override {
    auto found = sessions_.find(token_digest);
    if (found != sessions_.end() && !found->second.revoked_at) found->second.revoked_at = at;
  }
  void RevokeAllOfUser(const core::StoreId& store_id, const UserId& user_id,
                       const std::string& except_digest, core::Instant at) override {
    for (auto& [digest, session] : sessions_) {
      if (session.store_id == store_id && session.user_id == user_id && digest != except_digest &&
          !session.revoked_at) {
        session.revoked_at = at;
      }
    }
  }
  std::size_t size() const { return sessions_.size(); }

 private:
  std::map<std::string, Session> sessions_;
};

class FakeKeys final : public ApiKeyRepository {
 public:
  void Create(const ApiKey& key, const core::AuditEntry& audit) override {
    keys_[key.id.str()] = key;
    audits.push_back(audit);
  }
  std::optional<ApiKey> FindByDigest(const std::string& secret_digest) const override {
    for (const auto& [id, key] : keys_) {
      if (key.secret_digest == secret_digest) return key;
    }
    return std::nullopt;
  }
  std::optional<ApiKey> Find(const core::StoreId& store_id, const ApiKeyId& id) const override {
    auto found = keys_.find(id.str());
    if (found == keys_.end() || found->second.store_id != store_id) return std::nullopt;
    return found->second;
  }
  std::vector<ApiKey> List(const core::StoreId& store_id) const override {
    std::vector<ApiKey> result;
    for (const auto& [id, key] : keys_) {
      if (key.store_id == store_id) result.push_back(key);
    }
    return result;
  }
  core::Status Revoke(const core::StoreId& store_id, const ApiKeyId& id, core::Instant at,
                      const core::AuditEntry& audit) override {
    auto found = keys_.find(id.str());
    if (found == keys_.end() || found->second.store_id != store_id) {
      return core::Fail(core::Error::NotFound("chave de API não encontrada"));
    }
    if (!found->second.revoked_at) {
      found->second.revoked_at = at;
      audits.push_back(audit);
    }
    return {};
  }
  void MarkUsed(const ApiKeyId& id, core::Instant at) override {
    keys_.at(id.str()).last_used_at = at;
  }

  std::vector<core::AuditEntry> audits;

 private:
  std::map<std::string, ApiKey> keys_;
};

class FakeAttempts final : public LoginAttemptRepository {
 public:
  void RecordFailure(const std::string& key, core::Instant at) override {
    failures_.emplace_back(key, at);
  }
  int CountFailuresSince(const std::string& key, core::Instant since) const override {
    return static_cast<int>(std::count_if(failures_.begin(), failures_.end(), [&](const auto& f) {
      return f.first == key && f.second >= since;
    }));
  }
  void Clear(const std::string& key) override {
    std::erase_if(failures_, [&](const auto& f) { return f.first == key; });
  }

 private:
  std::vector<std::pair<std::string, core::Instant>> failures_;
};

class AccessServiceTest : public ::testing::Test {
 protected:
  // One argon2id hash for the whole suite: hashing is slow on purpose.
  static const std::string& PasswordHash() {
    static const std::string hash = HashPassword(kPassword).value();
    return hash;
  }

  void SetUp() override {
    store_ = ids_.Next<core::StoreTag>();
    other_store_ = ids_.Next<core::StoreTag>();
    owner_ = AddUser(store_, "dona.maria@loja.com.br", "Dona Maria", Role::kOwner);
  }

  User AddUser(const core::StoreId& store, const std::string& email, const std::string& name,
               Role role, bool active = true) {
    User user;
    user.id = ids_.Next<UserTag>();
    user.store_id = store;
    user.email = email;
    user.name = name;
    user.role = role;
    user.password_hash = PasswordHash();
    user.active = active;
    user.created_at = clock_.Now();
    user.updated_at = clock_.Now();
    core::AuditEntry audit;
    audit.id = ids_.NextText();
    audit.store_id = store;
    audit.action = "create";
    EXPECT_TRUE(users_.Create(user, audit).has_value());
    return user;
  }

  Principal SignedInOwner() {
    auto signed_in = service_.SignIn(owner_.email, kPassword, "10.0.0.1");
    EXPECT_TRUE(signed_in.has_value());
    return service_.AuthenticateSession(signed_in->session_token).value();
  }

  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  FakeUsers users_;
  FakeSessions sessions_;
  FakeKeys keys_;
  FakeAttempts attempts_;
  AccessService service_{users_, sessions_, keys_, attempts_, ids_, clock_};
  core::StoreId store_;
  core::StoreId other_store_;
  User owner_;
};

// --- Signing in -------------------------------------------------------------------------

TEST_F(AccessServiceTest, SignInOpensASessionWithACsrfToken) {
  auto signed_in = service_.SignIn("  Dona.Maria@LOJA.com.br ", kPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.has_value()) << signed_in.error().Describe();
  EXPECT_EQ(signed_in->user.id, owner_.id);
  EXPECT_TRUE(signed_in->user.password_hash.empty());  // never handed out
  const Session& session = signed_in->session;
  EXPECT_EQ(session.token_digest, TokenDigest(signed_in->session_token));
  EXPECT_NE(session.token_digest, signed_in->session_token);
  EXPECT_EQ(session.user_id, owner_.id);
  EXPECT_EQ(session.store_id, store_);
  EXPECT_EQ(session.csrf_token.size(), 43u);
  EXPECT_NE(session.csrf_token, signed_in->session_token);
  EXPECT_EQ(session.created_at, kNow);
  EXPECT_EQ(session.expires_at, kNow + 12h);
  EXPECT_EQ(session.address, "10.0.0.1");
  ASSERT_TRUE(sessions_.Find(session.token_digest).has_value());

  auto principal = service_.AuthenticateSession(signed_in->session_token);
  ASSERT_TRUE(principal.has_value()) << principal.error().Describe();
  EXPECT_EQ(principal->store_id, store_);
  EXPECT_EQ(principal->role, Role::kOwner);
  EXPECT_EQ(principal->user_id, owner_.id);
  EXPECT_FALSE(principal->api_key_id.has_value());
  EXPECT_EQ(principal->name, "Dona Maria");
  EXPECT_EQ(principal->email, "dona.maria@loja.com.br");
  EXPECT_EQ(principal->csrf_token, session.csrf_token);
  EXPECT_EQ(principal->session_digest, session.token_digest);
  EXPECT_TRUE(principal->Can(Permission::kUsersManage));
  EXPECT_EQ(principal->ActorText(), "user:" + owner_.id.str());
  const core::Actor actor = principal->AsActor("req-7");
  EXPECT_EQ(actor.store_id, store_);
  EXPECT_EQ(actor.actor, "user:" + owner_.id.str());
  EXPECT_EQ(actor.request_id, "req-7");
}

TEST_F(AccessServiceTest, WrongPasswordUnknownEmailAndInactiveUserSayTheSame) {
  AddUser(store_, "ex@loja.com.br", "Ex-funcionário", Role::kClerk, /*active=*/false);
  const std::vector<std::pair<std::string, std::string>> attempts = {
      {owner_.email, "senha-errada-1"},
      {"ninguem@loja.com.br", kPassword},
      {"ex@loja.com.br", kPassword},
      {"isto não é e-mail", kPassword},
  };
  for (const auto& [email, password] : attempts) {
    SCOPED_TRACE(email);
    auto result = service_.SignIn(email, password, "10.0.0.1");
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(result.error().message_pt, "e-mail ou senha incorretos");
    EXPECT_TRUE(result.error().field.empty());
  }
  EXPECT_EQ(sessions_.size(), 0u);
}

TEST_F(AccessServiceTest, FiveFailuresForOneAccountThrottleIt) {
  for (int i = 0; i < 5; ++i) {
    // From different addresses: the account alone is counted.
    auto result = service_.SignIn(owner_.email, "senha-errada-1", "10.0.1." + std::to_string(i));
    ASSERT_EQ(result.error().code, ErrorCode::kUnauthenticated);
  }
  // The sixth attempt, with the RIGHT password, is refused before the password is checked.
  auto refused = service_.SignIn(owner_.email, kPassword, "10.0.2.1");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().message_pt,
            "muitas tentativas de entrada; tente novamente em alguns minutos");
  // Other accounts are not affected.
  const User clerk = AddUser(store_, "caixa@loja.com.br", "Caixa", Role::kClerk);
  EXPECT_TRUE(service_.SignIn(clerk.email, kPassword, "10.0.2.1").has_value());

  clock_.Advance(14min + 59s);
  EXPECT_EQ(service_.SignIn(owner_.email, kPassword, "10.0.2.1").error().code,
            ErrorCode::kRateLimited);
  clock_.Advance(2s);  // the window has passed
  EXPECT_TRUE(service_.SignIn(owner_.email, kPassword, "10.0.2.1").has_value());
}

TEST_F(AccessServiceTest, FiveFailuresFromOneAddressThrottleIt) {
  for (int i = 0; i < 5; ++i) {
    // Different e-mails, some unknown: the address alone is counted.
    auto result =
        service_.SignIn("visitante" + std::to_string(i) + "@loja.com.br", kPassword, "192.0.2.9");
    ASSERT_EQ(result.error().code, ErrorCode::kUnauthenticated);
  }
  auto refused = service_.SignIn(owner_.email, kPassword, "192.0.2.9");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  // The same account from another address still signs in.
  EXPECT_TRUE(service_.SignIn(owner_.email, kPassword, "192.0.2.10").has_value());

  clock_.Advance(15min + 1s);
  EXPECT_TRUE(service_.SignIn(owner_.email, kPassword, "192.0.2.9").has_value());
}

TEST_F(AccessServiceTest, SuccessForgetsTheAccountsFailuresButNotTheAddresss) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(service_.SignIn(owner_.email, "senha-errada-1", "10.0.0.1").has_value());
  }
  ASSERT_TRUE(service_.SignIn(owner_.email, kPassword, "10.0.0.2").has_value());
  // The account starts over: four more failures do not throttle it...
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(service_.SignIn(owner_.email, "senha-errada-1", "10.0.0.3").error().code,
              ErrorCode::kUnauthenticated);
  }
  EXPECT_TRUE(service_.SignIn(owner_.email, kPassword, "10.0.0.4").has_value());
  // ...but the address 10.0.0.1 keeps its four: one more failure from there throttles it.
  EXPECT_FALSE(service_.SignIn("ninguem@loja.com.br", "x-senha-errada", "10.0.0.1").has_value());
  EXPECT_EQ(service_.SignIn(owner_.email, kPassword, "10.0.0.1").error().code,
            ErrorCode::kRateLimited);
}

// --- Sessions ---------------------------------------------------------------------------

TEST_F(AccessServiceTest, SessionExpiresAfterItsLifetime) {
  auto signed_in = service_.SignIn(owner_.email, kPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.has_value());
  clock_.Advance(12h - 1s);
  EXPECT_TRUE(service_.AuthenticateSession(signed_in->session_token).has_value());
  clock_.Advance(1s);
  auto expired = service_.AuthenticateSession(signed_in->session_token);
  ASSERT_FALSE(expired.has_value());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(expired.error().message_pt, "sessão expirada; entre novamente");
}

TEST_F(AccessServiceTest, SignOutRevokesTheSession) {
  auto signed_in = service_.SignIn(owner_.email, kPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.has_value());
  clock_.Advance(1min);
  service_.SignOut(signed_in->session_token);
  EXPECT_EQ(sessions_.Find(signed_in->session.token_digest)->revoked_at, kNow + 1min);
  EXPECT_EQ(service_.AuthenticateSession(signed_in->session_token).error().code,
            ErrorCode::kUnauthenticated);
  service_.SignOut(signed_in->session_token);  // twice: nothing happens
  service_.SignOut("nunca-existiu");
  service_.SignOut("");
}

TEST_F(AccessServiceTest, UnknownTokensAndDeactivatedUsersAreUnauthenticated) {
  EXPECT_EQ(service_.AuthenticateSession("").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_.AuthenticateSession(NewToken()).error().code, ErrorCode::kUnauthenticated);
  User clerk = AddUser(store_, "caixa@loja.com.br", "Caixa", Role::kClerk);
  auto signed_in = service_.SignIn(clerk.email, kPassword, "10.0.0.1");
  ASSERT_TRUE(signed_in.has_value());
  clerk.active = false;
  ASSERT_TRUE(users_.Update(clerk, core::AuditEntry{}).has_value());
  EXPECT_EQ(service_.AuthenticateSession(signed_in->session_token).error().code,
            ErrorCode::kUnauthenticated);
}

// --- Passwords --------------------------------------------------------------------------

TEST_F(AccessServiceTest, PasswordChangeRevokesTheOtherSessions) {
  auto here = service_.SignIn(owner_.email, kPassword, "10.0.0.1");
  auto elsewhere = service_.SignIn(owner_.email, kPassword, "10.0.0.2");
  ASSERT_TRUE(here.has_value());
  ASSERT_TRUE(elsewhere.has_value());
  const Principal who = service_.AuthenticateSession(here->session_token).value();

  auto changed = service_.ChangePassword(who, kPassword, "nova-senha-forte");
  ASSERT_TRUE(changed.has_value()) << changed.error().Describe();
  EXPECT_TRUE(service_.AuthenticateSession(here->session_token).has_value());
  EXPECT_FALSE(service_.AuthenticateSession(elsewhere->session_token).has_value());
  EXPECT_FALSE(service_.SignIn(owner_.email, kPassword, "10.0.0.3").has_value());
  EXPECT_TRUE(service_.SignIn(owner_.email, "nova-senha-forte", "10.0.0.3").has_value());

  ASSERT_FALSE(users_.audits.empty());
  const core::AuditEntry& audit = users_.audits.back();
  EXPECT_EQ(audit.action, "password_change");
  EXPECT_EQ(audit.entity_type, "user");
  EXPECT_EQ(audit.entity_id, owner_.id.str());
  EXPECT_EQ(audit.actor, "user:" + owner_.id.str());
  EXPECT_EQ(audit.store_id, store_);
}

TEST_F(AccessServiceTest, PasswordChangeChecksCurrentAndNew) {
  const Principal who = SignedInOwner();
  auto wrong = service_.ChangePassword(who, "nao-e-essa", "nova-senha-forte");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(wrong.error().field, "current_password");
  EXPECT_EQ(wrong.error().message_pt, "senha atual incorreta");

  auto weak = service_.ChangePassword(who, kPassword, "curta");
  ASSERT_FALSE(weak.has_value());
  EXPECT_EQ(weak.error().field, "new_password");

  auto same = service_.ChangePassword(who, kPassword, kPassword);
  ASSERT_FALSE(same.has_value());
  EXPECT_EQ(same.error().field, "new_password");

  Principal key;
  key.store_id = store_;
  key.role = Role::kClerk;
  key.api_key_id = ids_.Next<ApiKeyTag>();
  EXPECT_EQ(service_.ChangePassword(key, kPassword, "nova-senha-forte").error().code,
            ErrorCode::kPermissionDenied);
}

// --- Users ------------------------------------------------------------------------------

TEST_F(AccessServiceTest, CreateUserListsEveryFieldAtFault) {
  const core::Actor actor = SignedInOwner().AsActor("req-1");
  auto result = service_.CreateUser(actor, NewUser{"sem-arroba", "  ", "gerente", "curta"});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(result.error().fields.size(), 4u);
  EXPECT_EQ(result.error().fields[0].field, "email");
  EXPECT_EQ(result.error().fields[1].field, "name");
  EXPECT_EQ(result.error().fields[2].field, "role");
  EXPECT_EQ(result.error().fields[3].field, "password");
  EXPECT_EQ(result.error().fields[3].message_pt, "a senha deve ter pelo menos 8 caracteres");

  auto long_name = service_.CreateUser(
      actor, NewUser{"ana@loja.com.br", std::string(121, 'a'), "clerk", kPassword});
  ASSERT_FALSE(long_name.has_value());
  EXPECT_EQ(long_name.error().field, "name");
}

TEST_F(AccessServiceTest, CreateUserNormalisesAndAudits) {
  const core::Actor actor = SignedInOwner().AsActor("req-2");
  auto created = service_.CreateUser(
      actor, NewUser{" Ana.Souza@Loja.COM.br ", "  Ana Souza ", "clerk", "senha-da-ana"});
  ASSERT_TRUE(created.has_value()) << created.error().Describe();
  EXPECT_EQ(created->email, "ana.souza@loja.com.br");
  EXPECT_EQ(created->name, "Ana Souza");
  EXPECT_EQ(created->role, Role::kClerk);
  EXPECT_EQ(created->store_id, store_);
  EXPECT_TRUE(created->active);
  EXPECT_TRUE(created->password_hash.empty());
  const User stored = users_.Find(store_, created->id).value();
  EXPECT_TRUE(VerifyPassword(stored.password_hash, "senha-da-ana"));
  const core::AuditEntry& audit = users_.audits.back();
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.entity_type, "user");
  EXPECT_EQ(audit.entity_id, created->id.str());
  EXPECT_EQ(audit.actor, actor.actor);
  EXPECT_EQ(audit.request_id, "req-2");
  EXPECT_EQ(service_.ListUsers(store_).size(), 2u);
  EXPECT_TRUE(service_.ListUsers(other_store_).empty());
}

TEST_F(AccessServiceTest, DuplicateEmailNamesTheUserOnlyInTheSameStore) {
  const User foreign = AddUser(other_store_, "outra@loja.com.br", "Outra", Role::kOwner);
  const core::Actor actor = SignedInOwner().AsActor("");
  auto same_store = service_.CreateUser(
      actor, NewUser{"DONA.MARIA@loja.com.br", "Maria", "clerk", "senha-qualquer"});
  ASSERT_FALSE(same_store.has_value());
  EXPECT_EQ(same_store.error().code, ErrorCode::kConflict);
  EXPECT_EQ(same_store.error().field, "email");
  EXPECT_EQ(same_store.error().message_pt, "já existe um usuário com este e-mail");
  EXPECT_EQ(same_store.error().related_id, owner_.id.str());

  auto other_store =
      service_.CreateUser(actor, NewUser{foreign.email, "Outra", "clerk", "senha-qualquer"});
  ASSERT_FALSE(other_store.has_value());
  EXPECT_EQ(other_store.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(other_store.error().related_id.empty());
}

TEST_F(AccessServiceTest, OwnerCannotDemoteOrDeactivateThemself) {
  const Principal who = SignedInOwner();
  const core::Actor actor = who.AsActor("");
  for (const UserChange& change : {UserChange{std::nullopt, "clerk", std::nullopt},
                                   UserChange{std::nullopt, std::nullopt, false}}) {
    auto result = service_.ChangeUser(actor, who, owner_.id, change);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(result.error().message_pt, "você não pode remover seu próprio acesso de dono");
  }
  auto renamed =
      service_.ChangeUser(actor, who, owner_.id, UserChange{"Maria", std::nullopt, true});
  ASSERT_TRUE(renamed.has_value()) << renamed.error().Describe();
  EXPECT_EQ(renamed->name, "Maria");
  EXPECT_EQ(renamed->role, Role::kOwner);
}

TEST_F(AccessServiceTest, ChangeUserUpdatesAnotherUserAndSignsOutTheDeactivated) {
  const Principal who = SignedInOwner();
  const core::Actor actor = who.AsActor("req-3");
  const User clerk = AddUser(store_, "caixa@loja.com.br", "Caixa", Role::kClerk);
  auto clerk_session = service_.SignIn(clerk.email, kPassword, "10.0.0.5");
  ASSERT_TRUE(clerk_session.has_value());

  clock_.Advance(1h);
  auto changed =
      service_.ChangeUser(actor, who, clerk.id, UserChange{std::nullopt, "viewer", false});
  ASSERT_TRUE(changed.has_value()) << changed.error().Describe();
  EXPECT_EQ(changed->role, Role::kViewer);
  EXPECT_FALSE(changed->active);
  EXPECT_EQ(changed->updated_at, kNow + 1h);
  EXPECT_EQ(users_.audits.back().action, "update");
  EXPECT_EQ(users_.audits.back().entity_id, clerk.id.str());
  EXPECT_TRUE(sessions_.Find(clerk_session->session.token_digest)->revoked_at.has_value());

  auto bad_role = service_.ChangeUser(actor, who, clerk.id, UserChange{"", "chefe", std::nullopt});
  ASSERT_FALSE(bad_role.has_value());
  EXPECT_EQ(bad_role.error().fields.size(), 2u);

  const User foreign = AddUser(other_store_, "outra@loja.com.br", "Outra", Role::kClerk);
  auto not_here =
      service_.ChangeUser(actor, who, foreign.id, UserChange{"X", std::nullopt, std::nullopt});
  ASSERT_FALSE(not_here.has_value());
  EXPECT_EQ(not_here.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(not_here.error().message_pt, "usuário não encontrado");
  EXPECT_EQ(service_.GetUser(store_, foreign.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(service_.GetUser(store_, clerk.id)->name, "Caixa");
}

// --- API keys ---------------------------------------------------------------------------

TEST_F(AccessServiceTest, ApiKeyCreateAuthenticateRevoke) {
  const Principal who = SignedInOwner();
  const core::Actor actor = who.AsActor("req-4");
  auto created = service_.CreateApiKey(actor, who, "  ERP da loja ", "clerk");
  ASSERT_TRUE(created.has_value()) << created.error().Describe();
  EXPECT_TRUE(created->secret.starts_with("fiado_"));
  EXPECT_EQ(created->key.prefix, created->secret.substr(0, 12));
  EXPECT_EQ(created->key.secret_digest, TokenDigest(created->secret));
  EXPECT_EQ(created->key.name, "ERP da loja");
  EXPECT_EQ(created->key.role, Role::kClerk);
  EXPECT_EQ(created->key.created_by, owner_.id);
  EXPECT_EQ(created->key.store_id, store_);
  EXPECT_EQ(keys_.audits.back().action, "create");
  EXPECT_EQ(keys_.audits.back().entity_type, "api_key");
  EXPECT_EQ(service_.ListApiKeys(store_).size(), 1u);
  EXPECT_TRUE(service_.ListApiKeys(other_store_).empty());

  clock_.Advance(5min);
  auto principal = service_.AuthenticateApiKey(created->secret);
  ASSERT_TRUE(principal.has_value()) << principal.error().Describe();
  EXPECT_EQ(principal->store_id, store_);
  EXPECT_EQ(principal->role, Role::kClerk);
  EXPECT_EQ(principal->api_key_id, created->key.id);
  EXPECT_FALSE(principal->user_id.has_value());
  EXPECT_EQ(principal->name, "ERP da loja");
  EXPECT_TRUE(principal->csrf_token.empty());
  EXPECT_EQ(principal->ActorText(), "api_key:" + created->key.id.str());
  EXPECT_EQ(keys_.Find(store_, created->key.id)->last_used_at, kNow + 5min);
  // Within a minute another use is not written; after it, it is.
  clock_.Advance(30s);
  ASSERT_TRUE(service_.AuthenticateApiKey(created->secret));
  EXPECT_EQ(keys_.Find(store_, created->key.id)->last_used_at, kNow + 5min);
  clock_.Advance(30s);
  ASSERT_TRUE(service_.AuthenticateApiKey(created->secret));
  EXPECT_EQ(keys_.Find(store_, created->key.id)->last_used_at, kNow + 6min);

  // A key cannot make keys nor change a password.
  EXPECT_EQ(
      service_.CreateApiKey(principal->AsActor(""), *principal, "outra", "viewer").error().code,
      ErrorCode::kPermissionDenied);

  EXPECT_EQ(service_.RevokeApiKey(actor, created->key.id).has_value(), true);
  EXPECT_EQ(keys_.audits.back().action, "revoke");
  auto revoked = service_.AuthenticateApiKey(created->secret);
  ASSERT_FALSE(revoked.has_value());
  EXPECT_EQ(revoked.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(revoked.error().message_pt, "chave de API inválida ou revogada");

  core::Actor foreign = actor;
  foreign.store_id = other_store_;
  EXPECT_EQ(service_.RevokeApiKey(foreign, created->key.id).error().code, ErrorCode::kNotFound);
}

TEST_F(AccessServiceTest, ApiKeyRulesAndBadSecrets) {
  const Principal who = SignedInOwner();
  const core::Actor actor = who.AsActor("");
  auto owner_key = service_.CreateApiKey(actor, who, "Chave", "owner");
  ASSERT_FALSE(owner_key.has_value());
  EXPECT_EQ(owner_key.error().field, "role");
  EXPECT_EQ(owner_key.error().message_pt, "chaves de API não podem ter o papel de dono");

  auto both = service_.CreateApiKey(actor, who, std::string(81, 'k'), "boss");
  ASSERT_FALSE(both.has_value());
  ASSERT_EQ(both.error().fields.size(), 2u);
  EXPECT_EQ(both.error().fields[0].field, "name");
  EXPECT_EQ(both.error().fields[1].field, "role");

  EXPECT_EQ(service_.AuthenticateApiKey("").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_.AuthenticateApiKey(NewToken()).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(service_.AuthenticateApiKey(NewToken("fiado_")).error().code,
            ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace fiado::access
