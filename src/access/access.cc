#include "access/access.h"

#include <array>

namespace fiado::access {
namespace {

constexpr std::array kAllPermissions = {
    Permission::kStoreRead,       Permission::kStoreWrite,     Permission::kUsersManage,
    Permission::kApiKeysManage,   Permission::kCustomersRead,  Permission::kCustomersWrite,
    Permission::kAuditRead,       Permission::kSalesWrite,     Permission::kPaymentsWrite,
    Permission::kPaymentsReverse, Permission::kCreditManage,   Permission::kPaymentsReconcile,
    Permission::kCollectionRead,  Permission::kCollectionWork, Permission::kCollectionManage,
};

}  // namespace

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kClerk:
      return "clerk";
    case Role::kCollector:
      return "collector";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kOwner, Role::kClerk, Role::kCollector, Role::kViewer}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kStoreRead:
      return "store:read";
    case Permission::kStoreWrite:
      return "store:write";
    case Permission::kUsersManage:
      return "users:manage";
    case Permission::kApiKeysManage:
      return "api_keys:manage";
    case Permission::kCustomersRead:
      return "customers:read";
    case Permission::kCustomersWrite:
      return "customers:write";
    case Permission::kAuditRead:
      return "audit:read";
    case Permission::kSalesWrite:
      return "sales:write";
    case Permission::kPaymentsWrite:
      return "payments:write";
    case Permission::kPaymentsReverse:
      return "payments:reverse";
    case Permission::kCreditManage:
      return "credit:manage";
    case Permission::kPaymentsReconcile:
      return "payments:reconcile";
    case Permission::kCollectionRead:
      return "collection:read";
    case Permission::kCollectionWork:
      return "collection:work";
    case Permission::kCollectionManage:
      return "collection:manage";
  }
  return "unknown";
}

// The table of docs/api.md. Reading is open to every role; the owner alone manages the
// store, its users and its keys; a clerk also registers and edits customers.
bool RoleAllows(Role role, Permission permission) {
  switch (permission) {
    case Permission::kStoreRead:
    case Permission::kCustomersRead:
    case Permission::kAuditRead:
      return true;
    case Permission::kCustomersWrite:
    case Permission::kSalesWrite:
      return role == Role::kOwner || role == Role::kClerk;
    case Permission::kPaymentsWrite:
    case Permission::kCollectionRead:
      return role == Role::kOwner || role == Role::kClerk || role == Role::kCollector;
    case Permission::kCollectionWork:
      return role == Role::kOwner || role == Role::kCollector;
    case Permission::kStoreWrite:
    case Permission::kUsersManage:
    case Permission::kApiKeysManage:
    case Permission::kPaymentsReverse:
    case Permission::kCreditManage:
    case Permission::kPaymentsReconcile:
    case Permission::kCollectionManage:
      return role == Role::kOwner;
  }
  return false;
}

std::vector<Permission> PermissionsOf(Role role) {
  std::vector<Permission> allowed;
  for (Permission permission : kAllPermissions) {
    if (RoleAllows(role, permission)) allowed.push_back(permission);
  }
  return allowed;
}

}  // namespace fiado::access
