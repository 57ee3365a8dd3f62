#include "access/access.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fiado::access {
namespace {

constexpr Role kRoles[] = {Role::kOwner, Role::kClerk, Role::kCollector, Role::kViewer};

TEST(RoleTest, NamesRoundTrip) {
  for (Role role : kRoles) {
    SCOPED_TRACE(std::string(RoleName(role)));
    EXPECT_EQ(ParseRole(RoleName(role)), role);
  }
  EXPECT_EQ(RoleName(Role::kOwner), "owner");
  EXPECT_EQ(RoleName(Role::kClerk), "clerk");
  EXPECT_EQ(RoleName(Role::kCollector), "collector");
  EXPECT_EQ(RoleName(Role::kViewer), "viewer");
}

TEST(RoleTest, UnknownNamesAreRefused) {
  EXPECT_FALSE(ParseRole("").has_value());
  EXPECT_FALSE(ParseRole("Owner").has_value());
  EXPECT_FALSE(ParseRole("dono").has_value());
  EXPECT_FALSE(ParseRole("admin").has_value());
}

// The table of docs/api.md, row by row: owner, clerk, collector, viewer.
struct PermissionRow {
  Permission permission;
  const char* name;
  bool owner;
  bool clerk;
  bool collector;
  bool viewer;
};

constexpr PermissionRow kTable[] = {
    {Permission::kStoreRead, "store:read", true, true, true, true},
    {Permission::kStoreWrite, "store:write", true, false, false, false},
    {Permission::kUsersManage, "users:manage", true, false, false, false},
    {Permission::kApiKeysManage, "api_keys:manage", true, false, false, false},
    {Permission::kCustomersRead, "customers:read", true, true, true, true},
    {Permission::kCustomersWrite, "customers:write", true, true, false, false},
    {Permission::kAuditRead, "audit:read", true, true, true, true},
    {Permission::kSalesWrite, "sales:write", true, true, false, false},
    {Permission::kPaymentsWrite, "payments:write", true, true, true, false},
    {Permission::kPaymentsReverse, "payments:reverse", true, false, false, false},
    {Permission::kCreditManage, "credit:manage", true, false, false, false},
    {Permission::kPaymentsReconcile, "payments:reconcile", true, false, false, false},
    {Permission::kCollectionRead, "collection:read", true, true, true, false},
    {Permission::kCollectionWork, "collection:work", true, false, true, false},
    {Permission::kCollectionManage, "collection:manage", true, false, false, false},
};

TEST(PermissionTest, TableOfTheApiDocument) {
  for (const PermissionRow& row : kTable) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(PermissionName(row.permission), row.name);
    EXPECT_EQ(RoleAllows(Role::kOwner, row.permission), row.owner);
    EXPECT_EQ(RoleAllows(Role::kClerk, row.permission), row.clerk);
    EXPECT_EQ(RoleAllows(Role::kCollector, row.permission), row.collector);
    EXPECT_EQ(RoleAllows(Role::kViewer, row.permission), row.viewer);
  }
}

TEST(PermissionTest, PermissionsOfFollowsTheTableInItsOrder) {
  for (Role role : kRoles) {
    SCOPED_TRACE(std::string(RoleName(role)));
    std::vector<Permission> expected;
    for (const PermissionRow& row : kTable) {
      if (RoleAllows(role, row.permission)) expected.push_back(row.permission);
    }
    EXPECT_EQ(PermissionsOf(role), expected);
  }
  EXPECT_EQ(PermissionsOf(Role::kOwner).size(), 15u);
  EXPECT_EQ(PermissionsOf(Role::kClerk).size(), 7u);
  EXPECT_EQ(PermissionsOf(Role::kCollector).size(), 6u);
  EXPECT_EQ(PermissionsOf(Role::kViewer).size(), 3u);
}

}  // namespace
}  // namespace fiado::access
