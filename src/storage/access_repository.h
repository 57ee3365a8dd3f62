// Users, sessions, API keys and failed sign-ins over SQL (migration 0004). Writes of users
// and keys commit together with their audit entry, whose snapshots these repositories fill
// and which never hold a password hash or a secret digest. Sessions and failures live in
// the database, so every server process sees the same ones.
#pragma once

#include "access/access.h"
#include "core/id.h"
#include "storage/database.h"

namespace fiado::storage {

class SqlUserRepository final : public access::UserRepository {
 public:
  explicit SqlUserRepository(Database& db) : db_(db) {}
  core::Status Create(const access::User& user, const core::AuditEntry& audit) override;
  core::Status Update(const access::User& user, const core::AuditEntry& audit) override;
  std::optional<access::User> Find(const core::StoreId& store_id,
                                   const access::UserId& id) const override;
  std::optional<access::User> FindByEmail(const std::string& email) const override;
  std::vector<access::User> List(const core::StoreId& store_id) const override;

 private:
  Database& db_;
};

class SqlSessionRepository final : public access::SessionRepository {
 public:
  explicit SqlSessionRepository(Database& db) : db_(db) {}
  void Create(const access::Session& session) override;
  std::optional<access::Session> Find(const std::string& token_digest) const override;
  void Revoke(const std::string& token_digest, core::Instant at) override;
  void RevokeAllOfUser(const core::StoreId& store_id, const access::UserId& user_id,
                       const std::string& except_digest, core::Instant at) override;

 private:
  Database& db_;
};

class SqlApiKeyRepository final : public access::ApiKeyRepository {
 public:
  explicit SqlApiKeyRepository(Database& db) : db_(db) {}
  void Create(const access::ApiKey& key, const core::AuditEntry& audit) override;
  std::optional<access::ApiKey> FindByDigest(const std::string& secret_digest) const override;
  std::optional<access::ApiKey> Find(const core::StoreId& store_id,
                                     const access::ApiKeyId& id) const override;
  std::vector<access::ApiKey> List(const core::StoreId& store_id) const override;
  core::Status Revoke(const core::StoreId& store_id, const access::ApiKeyId& id, core::Instant at,
                      const core::AuditEntry& audit) override;
  void MarkUsed(const access::ApiKeyId& id, core::Instant at) override;

 private:
  Database& db_;
};

// Failures older than a day are pruned as new ones arrive, so the throttling window must
// stay shorter than that (it is 15 minutes).
class SqlLoginAttemptRepository final : public access::LoginAttemptRepository {
 public:
  SqlLoginAttemptRepository(Database& db, core::IdGenerator& ids) : db_(db), ids_(ids) {}
  void RecordFailure(const std::string& key, core::Instant at) override;
  int CountFailuresSince(const std::string& key, core::Instant since) const override;
  void Clear(const std::string& key) override;

 private:
  Database& db_;
  core::IdGenerator& ids_;
};

}  // namespace fiado::storage
