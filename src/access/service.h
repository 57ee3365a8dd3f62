// The access service: signing in and out, resolving a request's credentials to a
// Principal, users, passwords and API keys. It owns the rules (throttling, password
// policy, who may create what); the HTTP layer only carries tokens to and from it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "access/access.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/id.h"

namespace fiado::access {

// Who is behind a request, once authenticated.
struct Principal {
  core::StoreId store_id;
  Role role = Role::kViewer;
  std::optional<UserId> user_id{};                    // a signed-in user
  std::optional<ApiKeyId> api_key_id{};               // or an API key
  std::string name{};                                 // user name or key name
  std::string email{};                                // users only
  std::string csrf_token{};                           // sessions only
  std::string session_digest{};                       // sessions only
  std::optional<core::Instant> session_expires_at{};  // sessions only

  bool Can(Permission permission) const { return RoleAllows(role, permission); }
  // "user:<id>" or "api_key:<id>", for audit entries.
  std::string ActorText() const;
  core::Actor AsActor(std::string request_id) const;
};

struct AccessPolicy {
  std::chrono::seconds session_lifetime = std::chrono::hours(12);
  int max_failures = 5;  // per account and per address, within the window
  std::chrono::seconds failure_window = std::chrono::minutes(15);
};

struct SignedIn {
  std::string session_token;  // goes into the cookie; shown nowhere else
  Session session;
  User user;
};

struct NewUser {
  std::string email;
  std::string name;
  std::string role;      // "owner", "clerk", "collector", "viewer"
  std::string password;  // at least 8 characters (field "password")
};

struct UserChange {
  std::optional<std::string> name{};
  std::optional<std::string> role{};
  std::optional<bool> active{};
};

struct CreatedApiKey {
  ApiKey key;
  std::string secret;  // "fiado_" + random; shown once, never stored
};

class AccessService {
 public:
  AccessService(UserRepository& users, SessionRepository& sessions, ApiKeyRepository& keys,
                LoginAttemptRepository& attempts, core::IdGenerator& ids, const core::Clock& clock,
                AccessPolicy policy = {});

  // kUnauthenticated "e-mail ou senha incorretos" for an unknown e-mail, a wrong password
  // or an inactive user (the same words, so e-mails cannot be probed); kRateLimited when
  // the account or the address had max_failures failures within the window (checked
  // before the password, so a throttled guess learns nothing).
  core::Result<SignedIn> SignIn(const std::string& email, const std::string& password,
                                const std::string& address);
  void SignOut(const std::string& session_token);
  // kUnauthenticated for an unknown, expired or revoked session or an inactive user.
  core::Result<Principal> AuthenticateSession(const std::string& session_token) const;
  // kUnauthenticated for an unknown or revoked key.
  core::Result<Principal> AuthenticateApiKey(const std::string& secret);

  // Only a signed-in user; checks the current password; revokes the user's other sessions.
  core::Status ChangePassword(const Principal& who, const std::string& current_password,
                              const std::string& new_password);

  // The caller checked kUsersManage. Errors list every field at fault.
  core::Result<User> CreateUser(const core::Actor& actor, const NewUser& user);
  // An owner cannot demote or deactivate themself (kFailedPrecondition), so a store always
  // keeps an owner who can sign in.
  core::Result<User> ChangeUser(const core::Actor& actor, const Principal& who, const UserId& id,
                                const UserChange& change);
  core::Result<User> GetUser(const core::StoreId& store_id, const UserId& id) const;
  std::vector<User> ListUsers(const core::StoreId& store_id) const;

  // role must not be owner (field "role").
  core::Result<CreatedApiKey> CreateApiKey(const core::Actor& actor, const Principal& who,
                                           const std::string& name, const std::string& role);
  std::vector<ApiKey> ListApiKeys(const core::StoreId& store_id) const;
  core::Status RevokeApiKey(const core::Actor& actor, const ApiKeyId& id);

  const AccessPolicy& policy() const { return policy_; }

 private:
  UserRepository& users_;
  SessionRepository& sessions_;
  ApiKeyRepository& keys_;
  LoginAttemptRepository& attempts_;
  core::IdGenerator& ids_;
  const core::Clock& clock_;
  AccessPolicy policy_;
};

}  // namespace fiado::access
