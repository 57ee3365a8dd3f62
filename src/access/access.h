// Who may do what: staff users with a role, the permission table of the roles, server-side
// sign-in sessions, API keys for integrations, and the record of failed sign-ins that
// throttles password guessing. Secrets (passwords, session tokens, API keys) are never
// stored in clear: passwords as argon2id strings, tokens and keys as digests (secrets.h).
// The repositories are storage contracts, implemented in storage/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"

namespace fiado::access {

enum class Role { kOwner, kClerk, kCollector, kViewer };
std::string_view RoleName(Role role);  // "owner", "clerk", "collector", "viewer"
std::optional<Role> ParseRole(std::string_view name);

enum class Permission {
  kStoreRead,          // see the store's data
  kStoreWrite,         // change the store's data and settings
  kUsersManage,        // list, add, change and deactivate users
  kApiKeysManage,      // list, create and revoke API keys
  kCustomersRead,      // list, search and open customers
  kCustomersWrite,     // register, edit, block and unblock customers
  kAuditRead,          // read the audit log
  kSalesWrite,         // make installment sales
  kPaymentsWrite,      // take payments
  kPaymentsReverse,    // reverse a payment (returned cheque, mistake)
  kCreditManage,       // set credit limits and override a refused credit check
  kPaymentsReconcile,  // import bank files, settle the reconciliation queue, Pix webhooks
  kCollectionRead,     // see the régua: policies, preview, runs, actions, pauses
  kCollectionWork,     // pause a customer's collection (promise, dispute) or exempt him
  kCollectionManage,   // change policies, templates and contact rules; run the day by hand
};
std::string_view PermissionName(Permission permission);  // "customers:write", ...
// The permission table: owner everything; clerk store:read, customers:*, audit:read,
// sales:write, payments:write; collector store:read, customers:read, audit:read,
// payments:write, collection:read, collection:work; viewer store:read, customers:read,
// audit:read; clerk also collection:read.
bool RoleAllows(Role role, Permission permission);
std::vector<Permission> PermissionsOf(Role role);

struct UserTag {};
using UserId = core::Id<UserTag>;
struct ApiKeyTag {};
using ApiKeyId = core::Id<ApiKeyTag>;

struct User {
  UserId id;
  core::StoreId store_id;
  std::string email;  // lower case; unique in the installation (it is the sign-in name)
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash{};  // argon2id string (crypto_pwhash_str)
  bool active = true;           // deactivated users cannot sign in; never deleted
  core::Instant created_at{};
  core::Instant updated_at{};
};

// A signed-in browser. The cookie holds the token; the table holds its digest, so a copy
// of the database does not let anyone in. Shared by every server process.
struct Session {
  std::string token_digest;  // TokenDigest(token)
  UserId user_id;
  core::StoreId store_id;
  std::string csrf_token;  // sent back by the UI in X-CSRF-Token on unsafe methods
  core::Instant created_at{};
  core::Instant expires_at{};  // absolute; a session is not extended forever
  std::optional<core::Instant> revoked_at{};
  std::string address{};  // remote address at sign-in, for the owner's eyes
};

struct ApiKey {
  ApiKeyId id;
  core::StoreId store_id;
  std::string name;
  Role role = Role::kViewer;  // never owner
  std::string prefix;         // first characters of the secret, shown in lists
  std::string secret_digest;  // TokenDigest(secret)
  UserId created_by;
  core::Instant created_at{};
  std::optional<core::Instant> revoked_at{};
  std::optional<core::Instant> last_used_at{};
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // kConflict (field "email") when the e-mail is taken by any user of the installation.
  // The repository fills the audit entry's snapshots (never with the password hash).
  virtual core::Status Create(const User& user, const core::AuditEntry& audit) = 0;
  // kNotFound when the id is not in the user's store.
  virtual core::Status Update(const User& user, const core::AuditEntry& audit) = 0;
  virtual std::optional<User> Find(const core::StoreId& store_id, const UserId& id) const = 0;
  // The one lookup across stores: signing in knows only the e-mail.
  virtual std::optional<User> FindByEmail(const std::string& email) const = 0;
  virtual std::vector<User> List(const core::StoreId& store_id) const = 0;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual void Create(const Session& session) = 0;
  virtual std::optional<Session> Find(const std::string& token_digest) const = 0;
  virtual void Revoke(const std::string& token_digest, core::Instant at) = 0;
  // Every open session of the user, but the one to keep (password change).
  virtual void RevokeAllOfUser(const core::StoreId& store_id, const UserId& user_id,
                               const std::string& except_digest, core::Instant at) = 0;
};

class ApiKeyRepository {
 public:
  virtual ~ApiKeyRepository() = default;
  virtual void Create(const ApiKey& key, const core::AuditEntry& audit) = 0;
  virtual std::optional<ApiKey> FindByDigest(const std::string& secret_digest) const = 0;
  virtual std::optional<ApiKey> Find(const core::StoreId& store_id, const ApiKeyId& id) const = 0;
  virtual std::vector<ApiKey> List(const core::StoreId& store_id) const = 0;
  // kNotFound when not in this store; revoking twice keeps the first time.
  virtual core::Status Revoke(const core::StoreId& store_id, const ApiKeyId& id, core::Instant at,
                              const core::AuditEntry& audit) = 0;
  virtual void MarkUsed(const ApiKeyId& id, core::Instant at) = 0;
};

// Failed sign-ins, by key ("account:<email>" or "address:<ip>"). Shared by every server.
class LoginAttemptRepository {
 public:
  virtual ~LoginAttemptRepository() = default;
  virtual void RecordFailure(const std::string& key, core::Instant at) = 0;
  virtual int CountFailuresSince(const std::string& key, core::Instant since) const = 0;
  // Forget a key's failures (after a successful sign-in of that account).
  virtual void Clear(const std::string& key) = 0;
};

}  // namespace fiado::access
