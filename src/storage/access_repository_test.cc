// The access repositories, on SQLite and on a real PostgreSQL that the test starts itself,
// like contract_test.cc: users, sessions, API keys and failed sign-ins behave the same on
// both engines and never reach another store's rows.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <thread>

#include "storage/access_repository.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"
#include "support/engine_database.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using fiado::testing::TempDir;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;
// Any text will do: these tests do not verify passwords.
constexpr const char* kHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

class AccessStorage : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    url_ = fiado::testing::TestDatabaseUrl(GetParam(), dir_);
    db_ = fiado::testing::OpenMigrated(url_, clock_);
    users_ = std::make_unique<SqlUserRepository>(*db_);
    sessions_ = std::make_unique<SqlSessionRepository>(*db_);
    keys_ = std::make_unique<SqlApiKeyRepository>(*db_);
    attempts_ = std::make_unique<SqlLoginAttemptRepository>(*db_, ids_);
    store_a_ = AddStore("11.222.333/0001-81", "Loja A");
    store_b_ = AddStore("00.000.000/0001-91", "Loja B");
  }

  core::StoreId AddStore(const std::string& legal_id, const std::string& name) {
    return fiado::testing::AddTestStore(*db_, ids_, clock_, legal_id, name).id;
  }

  access::User MakeUser(const core::StoreId& store, const std::string& email,
                        const std::string& name, access::Role role) {
    access::User user;
    user.id = ids_.Next<access::UserTag>();
    user.store_id = store;
    user.email = email;
    user.name = name;
    user.role = role;
    user.password_hash = kHash;
    user.created_at = clock_.Now();
    user.updated_at = clock_.Now();
    return user;
  }

  // What the service passes: no snapshots (the repository fills them).
  core::AuditEntry AuditFor(const core::StoreId& store, const std::string& type,
                            const std::string& id, const std::string& action) {
    return core::AuditEntry{ids_.NextText(), store,        clock_.Now(), "user:dono", type, id,
                            action,          std::nullopt, std::nullopt, "req-1"};
  }

  access::User AddUser(const core::StoreId& store, const std::string& email,
                       const std::string& name, access::Role role) {
    access::User user = MakeUser(store, email, name, role);
    EXPECT_TRUE(users_->Create(user, AuditFor(store, "user", user.id.str(), "create")).has_value());
    return user;
  }

  access::Session MakeSession(const access::User& user, const std::string& digest) {
    access::Session session;
    session.token_digest = digest;
    session.user_id = user.id;
    session.store_id = user.store_id;
    session.csrf_token = "csrf-" + digest;
    session.created_at = clock_.Now();
    session.expires_at = clock_.Now() + 12h;
    session.address = "10.0.0.1";
    return session;
  }

  access::ApiKey MakeKey(const access::User& owner, const std::string& name,
                         const std::string& digest) {
    access::ApiKey key;
    key.id = ids_.Next<access::ApiKeyTag>();
    key.store_id = owner.store_id;
    key.name = name;
    key.role = access::Role::kClerk;
    key.prefix = "fiado_abcdef";
    key.secret_digest = digest;
    key.created_by = owner.id;
    key.created_at = clock_.Now();
    return key;
  }

  int CountRows(const std::string& table) { return fiado::testing::CountRows(*db_, table); }

  TempDir dir_;
  std::string url_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
  core::StoreId store_a_;
  core::StoreId store_b_;
  // Built in SetUp, once the database is open.
  std::unique_ptr<SqlUserRepository> users_;
  std::unique_ptr<SqlSessionRepository> sessions_;
  std::unique_ptr<SqlApiKeyRepository> keys_;
  std::unique_ptr<SqlLoginAttemptRepository> attempts_;
};

TEST_P(AccessStorage, UserRoundTrips) {
  const access::User user =
      AddUser(store_a_, "dona.maria@loja.com.br", "Dona Maria", access::Role::kOwner);
  auto found = users_->Find(store_a_, user.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, user.id);
  EXPECT_EQ(found->store_id, store_a_);
  EXPECT_EQ(found->email, "dona.maria@loja.com.br");
  EXPECT_EQ(found->name, "Dona Maria");
  EXPECT_EQ(found->role, access::Role::kOwner);
  EXPECT_EQ(found->password_hash, kHash);
  EXPECT_TRUE(found->active);
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow);

  auto by_email = users_->FindByEmail("dona.maria@loja.com.br");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, user.id);
  EXPECT_FALSE(users_->FindByEmail("ninguem@loja.com.br").has_value());
  EXPECT_FALSE(users_->Find(store_a_, ids_.Next<access::UserTag>()).has_value());
}

TEST_P(AccessStorage, FindInAnotherStoreIsNothing) {
  const access::User user = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  EXPECT_FALSE(users_->Find(store_b_, user.id).has_value());
}

TEST_P(AccessStorage, EmailIsUniqueAcrossStores) {
  const access::User first = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  const access::User same_store =
      MakeUser(store_a_, "ana@loja.com.br", "Ana 2", access::Role::kViewer);
  auto here = users_->Create(same_store, AuditFor(store_a_, "user", same_store.id.str(), "create"));
  ASSERT_FALSE(here.has_value());
  EXPECT_EQ(here.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(here.error().field, "email");
  EXPECT_EQ(here.error().related_id, first.id.str());

  const access::User other_store =
      MakeUser(store_b_, "ana@loja.com.br", "Ana B", access::Role::kOwner);
  auto there =
      users_->Create(other_store, AuditFor(store_b_, "user", other_store.id.str(), "create"));
  ASSERT_FALSE(there.has_value());
  EXPECT_EQ(there.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(there.error().field, "email");
  EXPECT_TRUE(there.error().related_id.empty());  // another store's id is not told
  EXPECT_EQ(CountRows("users"), 1);
  EXPECT_EQ(CountRows("audit_log"), 3);  // two stores and one user
}

TEST_P(AccessStorage, ListHoldsOnlyTheStoresUsersByName) {
  AddUser(store_a_, "zeca@loja.com.br", "Zeca", access::Role::kViewer);
  AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  AddUser(store_b_, "bia@outra.com.br", "Bia", access::Role::kOwner);
  const auto users = users_->List(store_a_);
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "Ana");
  EXPECT_EQ(users[1].name, "Zeca");
  EXPECT_EQ(users_->List(store_b_).size(), 1u);
}

TEST_P(AccessStorage, UpdateIsAuditedWithoutTheHash) {
  SqlAuditLog audit_log(*db_);
  access::User user = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  clock_.Advance(60s);
  user.name = "Ana Souza";
  user.role = access::Role::kCollector;
  user.active = false;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$outro$outrohash";
  user.updated_at = clock_.Now();
  ASSERT_TRUE(
      users_->Update(user, AuditFor(store_a_, "user", user.id.str(), "update")).has_value());

  const access::User stored = users_->Find(store_a_, user.id).value();
  EXPECT_EQ(stored.name, "Ana Souza");
  EXPECT_EQ(stored.role, access::Role::kCollector);
  EXPECT_FALSE(stored.active);
  EXPECT_EQ(stored.password_hash, user.password_hash);
  EXPECT_EQ(stored.updated_at, kNow + 60s);
  EXPECT_EQ(stored.created_at, kNow);

  const auto history = audit_log.ListForEntity(store_a_, "user", user.id.str(), 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_FALSE(history[0].before.has_value());
  ASSERT_TRUE(history[0].after.has_value());
  EXPECT_NE(history[0].after->find("\"email\":\"ana@loja.com.br\""), std::string::npos);
  EXPECT_EQ(history[1].action, "update");
  ASSERT_TRUE(history[1].before.has_value());
  ASSERT_TRUE(history[1].after.has_value());
  EXPECT_NE(history[1].before->find("\"name\":\"Ana\""), std::string::npos);
  EXPECT_NE(history[1].after->find("\"name\":\"Ana Souza\""), std::string::npos);
  EXPECT_NE(history[1].after->find("\"active\":false"), std::string::npos);
  EXPECT_EQ(history[1].actor, "user:dono");
  EXPECT_EQ(history[1].request_id, "req-1");
  for (const auto& entry : history) {
    for (const auto& snapshot : {entry.before, entry.after}) {
      if (!snapshot) continue;
      EXPECT_EQ(snapshot->find("password"), std::string::npos) << *snapshot;
      EXPECT_EQ(snapshot->find("argon2"), std::string::npos) << *snapshot;
    }
  }
}

TEST_P(AccessStorage, UpdateInTheWrongStoreIsNotFoundAndUnaudited) {
  access::User user = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  const int audits = CountRows("audit_log");
  access::User intruder = user;
  intruder.store_id = store_b_;
  intruder.name = "Invasora";
  auto result = users_->Update(intruder, AuditFor(store_b_, "user", user.id.str(), "update"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(users_->Find(store_a_, user.id)->name, "Ana");
  EXPECT_EQ(CountRows("audit_log"), audits);
}

TEST_P(AccessStorage, SessionsCreateFindRevoke) {
  const access::User user = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  const access::Session session = MakeSession(user, std::string(64, 'a'));
  sessions_->Create(session);

  auto found = sessions_->Find(session.token_digest);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, user.id);
  EXPECT_EQ(found->store_id, store_a_);
  EXPECT_EQ(found->csrf_token, session.csrf_token);
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->expires_at, kNow + 12h);
  EXPECT_FALSE(found->revoked_at.has_value());
  EXPECT_EQ(found->address, "10.0.0.1");
  EXPECT_FALSE(sessions_->Find(std::string(64, 'b')).has_value());

  sessions_->Revoke(session.token_digest, kNow + 1min);
  sessions_->Revoke(session.token_digest, kNow + 2min);  // the first time stands
  EXPECT_EQ(sessions_->Find(session.token_digest)->revoked_at, kNow + 1min);
  sessions_->Revoke(std::string(64, 'c'), kNow);  // unknown: nothing happens
}

TEST_P(AccessStorage, RevokeAllOfUserKeepsOneAndSparesOthers) {
  const access::User ana = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  const access::User bia = AddUser(store_a_, "bia@loja.com.br", "Bia", access::Role::kClerk);
  sessions_->Create(MakeSession(ana, "keep"));
  sessions_->Create(MakeSession(ana, "drop-1"));
  sessions_->Create(MakeSession(ana, "drop-2"));
  sessions_->Create(MakeSession(bia, "other-user"));

  sessions_->RevokeAllOfUser(store_b_, ana.id, "keep", kNow + 1min);  // wrong store: nothing
  EXPECT_FALSE(sessions_->Find("drop-1")->revoked_at.has_value());

  sessions_->RevokeAllOfUser(store_a_, ana.id, "keep", kNow + 2min);
  EXPECT_FALSE(sessions_->Find("keep")->revoked_at.has_value());
  EXPECT_EQ(sessions_->Find("drop-1")->revoked_at, kNow + 2min);
  EXPECT_EQ(sessions_->Find("drop-2")->revoked_at, kNow + 2min);
  EXPECT_FALSE(sessions_->Find("other-user")->revoked_at.has_value());
}

TEST_P(AccessStorage, SessionOfAnotherStoresUserIsRefused) {
  const access::User ana = AddUser(store_a_, "ana@loja.com.br", "Ana", access::Role::kClerk);
  access::Session session = MakeSession(ana, "mismatch");
  session.store_id = store_b_;
  EXPECT_THROW(sessions_->Create(session), soci::soci_error);
}

TEST_P(AccessStorage, ApiKeysCreateFindListRevoke) {
  SqlAuditLog audit_log(*db_);
  const access::User owner = AddUser(store_a_, "dono@loja.com.br", "Dono", access::Role::kOwner);
  const access::ApiKey erp = MakeKey(owner, "ERP", std::string(64, 'e'));
  keys_->Create(erp, AuditFor(store_a_, "api_key", erp.id.str(), "create"));
  clock_.Advance(1s);
  const access::ApiKey site = MakeKey(owner, "Site", std::string(64, 'f'));
  keys_->Create(site, AuditFor(store_a_, "api_key", site.id.str(), "create"));

  auto found = keys_->FindByDigest(erp.secret_digest);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, erp.id);
  EXPECT_EQ(found->store_id, store_a_);
  EXPECT_EQ(found->name, "ERP");
  EXPECT_EQ(found->role, access::Role::kClerk);
  EXPECT_EQ(found->prefix, "fiado_abcdef");
  EXPECT_EQ(found->created_by, owner.id);
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_FALSE(found->revoked_at.has_value());
  EXPECT_FALSE(found->last_used_at.has_value());
  EXPECT_FALSE(keys_->FindByDigest(std::string(64, '0')).has_value());
  EXPECT_TRUE(keys_->Find(store_a_, site.id).has_value());
  EXPECT_FALSE(keys_->Find(store_b_, site.id).has_value());

  const auto listed = keys_->List(store_a_);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "ERP");
  EXPECT_EQ(listed[1].name, "Site");
  EXPECT_TRUE(keys_->List(store_b_).empty());

  ASSERT_TRUE(keys_
                  ->Revoke(store_a_, erp.id, kNow + 1h,
                           AuditFor(store_a_, "api_key", erp.id.str(), "revoke"))
                  .has_value());
  ASSERT_TRUE(keys_
                  ->Revoke(store_a_, erp.id, kNow + 2h,
                           AuditFor(store_a_, "api_key", erp.id.str(), "revoke"))
                  .has_value());
  EXPECT_EQ(keys_->Find(store_a_, erp.id)->revoked_at, kNow + 1h);  // the first time stands
  EXPECT_EQ(CountRows("api_keys"), 2);                              // the row stays

  const auto history = audit_log.ListForEntity(store_a_, "api_key", erp.id.str(), 10);
  ASSERT_EQ(history.size(), 2u);  // create and one revoke
  EXPECT_EQ(history[1].action, "revoke");
  EXPECT_NE(history[1].before->find("\"revoked_at\":null"), std::string::npos);
  EXPECT_NE(history[1].after->find("\"revoked_at\":\"2026-11-22T14:00:00Z\""), std::string::npos);
  for (const auto& entry : history) {
    for (const auto& snapshot : {entry.before, entry.after}) {
      if (!snapshot) continue;
      EXPECT_EQ(snapshot->find("digest"), std::string::npos) << *snapshot;
      EXPECT_EQ(snapshot->find(erp.secret_digest), std::string::npos) << *snapshot;
    }
  }
}

TEST_P(AccessStorage, RevokeInTheWrongStoreIsNotFound) {
  const access::User owner = AddUser(store_a_, "dono@loja.com.br", "Dono", access::Role::kOwner);
  const access::ApiKey key = MakeKey(owner, "ERP", std::string(64, 'e'));
  keys_->Create(key, AuditFor(store_a_, "api_key", key.id.str(), "create"));
  auto result =
      keys_->Revoke(store_b_, key.id, kNow, AuditFor(store_b_, "api_key", key.id.str(), "revoke"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(keys_->Find(store_a_, key.id)->revoked_at.has_value());
  auto missing = keys_->Revoke(store_a_, ids_.Next<access::ApiKeyTag>(), kNow,
                               AuditFor(store_a_, "api_key", "x", "revoke"));
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_P(AccessStorage, MarkUsedOnlyMovesForward) {
  const access::User owner = AddUser(store_a_, "dono@loja.com.br", "Dono", access::Role::kOwner);
  const access::ApiKey key = MakeKey(owner, "ERP", std::string(64, 'e'));
  keys_->Create(key, AuditFor(store_a_, "api_key", key.id.str(), "create"));
  keys_->MarkUsed(key.id, kNow + 10min);
  EXPECT_EQ(keys_->Find(store_a_, key.id)->last_used_at, kNow + 10min);
  keys_->MarkUsed(key.id, kNow + 5min);  // a slower request finishing late
  EXPECT_EQ(keys_->Find(store_a_, key.id)->last_used_at, kNow + 10min);
  keys_->MarkUsed(key.id, kNow + 20min);
  EXPECT_EQ(keys_->Find(store_a_, key.id)->last_used_at, kNow + 20min);
}

TEST_P(AccessStorage, LoginFailuresCountWithinTheWindowAndClear) {
  const std::string account = "account:ana@loja.com.br";
  const std::string address = "address:192.0.2.7";
  attempts_->RecordFailure(account, kNow);
  attempts_->RecordFailure(account, kNow);  // the same instant twice: two failures
  attempts_->RecordFailure(account, kNow + 10min);
  attempts_->RecordFailure(address, kNow + 10min);

  EXPECT_EQ(attempts_->CountFailuresSince(account, kNow), 3);
  EXPECT_EQ(attempts_->CountFailuresSince(account, kNow + 1s), 1);
  EXPECT_EQ(attempts_->CountFailuresSince(account, kNow + 11min), 0);
  EXPECT_EQ(attempts_->CountFailuresSince(address, kNow), 1);
  EXPECT_EQ(attempts_->CountFailuresSince("account:outra@loja.com.br", kNow), 0);

  attempts_->Clear(account);
  EXPECT_EQ(attempts_->CountFailuresSince(account, kNow), 0);
  EXPECT_EQ(attempts_->CountFailuresSince(address, kNow), 1);
}

TEST_P(AccessStorage, OldLoginFailuresArePruned) {
  attempts_->RecordFailure("address:192.0.2.7", kNow);
  attempts_->RecordFailure("address:192.0.2.8", kNow + 23h);
  EXPECT_EQ(CountRows("login_failures"), 2);
  attempts_->RecordFailure("address:192.0.2.9", kNow + 25h);
  EXPECT_EQ(CountRows("login_failures"), 2);
  EXPECT_EQ(attempts_->CountFailuresSince("address:192.0.2.7", kNow), 0);
}

// Writers racing for one e-mail: exactly one wins, the others get a conflict, none a crash
// (the unique index backs up the check when the race slips between check and insert).
TEST_P(AccessStorage, RacingCreatesOfOneEmailGiveOneUserAndConflicts) {
  constexpr int kWriters = 4;
  std::vector<access::User> candidates;
  std::vector<core::AuditEntry> audits;
  for (int i = 0; i < kWriters; ++i) {
    candidates.push_back(MakeUser(store_a_, "disputado@a.com.br", "Pessoa", access::Role::kClerk));
    audits.push_back(AuditFor(store_a_, "user", candidates.back().id.str(), "create"));
  }
  std::vector<core::Status> results(kWriters);
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      results[static_cast<std::size_t>(i)] = users_->Create(candidates[static_cast<std::size_t>(i)],
                                                            audits[static_cast<std::size_t>(i)]);
    });
  }
  for (auto& writer : writers) writer.join();
  int created = 0;
  for (const auto& result : results) {
    if (result) {
      ++created;
    } else {
      EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(users_->List(store_a_).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccessStorage,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

}  // namespace
}  // namespace fiado::storage
