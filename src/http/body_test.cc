#include "http/body.h"

#include <gtest/gtest.h>

namespace fiado::http {
namespace {

using nlohmann::json;

TEST(ObjectReader, ReadsKnownFieldsAndRejectsUnknownOnes) {
  const json body = {{"name", "Ana"}, {"age", 30}, {"extra", true}};
  std::vector<core::FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.Text("name"), "Ana");
  EXPECT_EQ(reader.Integer("age"), 30);
  reader.RejectUnknown();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "extra");
  EXPECT_EQ(errors[0].message_pt, "campo desconhecido");
}

TEST(ObjectReader, NamesNestedPathsAndWrongTypes) {
  const json body = {{"address", {{"postal_code", 1234}}}, {"phones", {"1", 2}}};
  std::vector<core::FieldError> errors;
  ObjectReader reader(body, "", errors);
  ObjectReader address(*reader.Object("address"), reader.PathOf("address"), errors);
  EXPECT_EQ(address.Text("postal_code"), "");
  EXPECT_EQ(reader.TextArray("phones"), std::vector<std::string>{"1"});
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "address.postal_code");
  EXPECT_EQ(errors[0].message_pt, "deve ser um texto");
  EXPECT_EQ(errors[1].field, "phones[1]");
}

TEST(ObjectReader, RequiredFieldsAndNullAsAbsent) {
  const json body = {{"email", nullptr}};
  std::vector<core::FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.Text("email", true), "");
  EXPECT_FALSE(reader.Bool("active").has_value());
  EXPECT_FALSE(reader.Integer("count", true).has_value());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].field, "email");
  EXPECT_EQ(errors[0].message_pt, "campo obrigatório");
  EXPECT_EQ(errors[1].field, "count");
}

TEST(ObjectReader, ANonObjectBodyIsOneError) {
  const json body = json::array({1, 2});
  std::vector<core::FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_EQ(reader.Text("name", true), "");
  reader.RejectUnknown();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "body");
}

TEST(ObjectReader, RejectsIntegersBeyondInt64) {
  const json body = json::parse(R"({"n": 18446744073709551615, "f": 1.5})");
  std::vector<core::FieldError> errors;
  ObjectReader reader(body, "", errors);
  EXPECT_FALSE(reader.Integer("n").has_value());
  EXPECT_FALSE(reader.Integer("f").has_value());
  EXPECT_EQ(errors.size(), 2u);
}

}  // namespace
}  // namespace fiado::http
