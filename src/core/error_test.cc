#include "core/error.h"

#include <gtest/gtest.h>

namespace fiado::core {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return Invalid("quantidade", "deve ser maior que zero");
  return value;
}

TEST(Error, InvalidNamesTheFieldAndTheReason) {
  auto result = ParsePositive(0);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().Describe(), "quantidade: deve ser maior que zero");
}

TEST(Error, ValuesPassThrough) { EXPECT_EQ(ParsePositive(3).value(), 3); }

TEST(Error, CodeNamesAreStableSnakeCase) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kIdempotencyConflict), "idempotency_conflict");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
}

TEST(Error, DescribeWithoutFieldIsTheMessage) {
  EXPECT_EQ(Error::NotFound("cliente não encontrado").Describe(), "cliente não encontrado");
}

TEST(ErrorDeathTest, CheckAbortsOnBrokenInvariant) {
  EXPECT_DEATH(FIADO_CHECK(1 + 1 == 3), "FIADO_CHECK failed: 1 \\+ 1 == 3");
}

}  // namespace
}  // namespace fiado::core
