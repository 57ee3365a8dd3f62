#include "app/tools.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace fiado::app {
namespace {

struct Output {
  int code;
  nlohmann::json json;
  std::string err;
};

Output Call(int (*tool)(const std::string&, std::ostream&, std::ostream&), const std::string& in) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = tool(in, out, err);
  return {code, nlohmann::json::parse(out.str()), err.str()};
}

TEST(CpfTool, ValidPrintsTheNormalisedForms) {
  auto result = Call(CheckCpfTool, "52998224725");
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.json["valid"], true);
  EXPECT_EQ(result.json["formatted"], "529.982.247-25");
  EXPECT_TRUE(result.err.empty());
}

TEST(CpfTool, InvalidExitsOneWithTheReasonOnStderr) {
  auto result = Call(CheckCpfTool, "111.444.777-36");
  EXPECT_EQ(result.code, 1);
  EXPECT_EQ(result.json["valid"], false);
  EXPECT_NE(result.err.find("dígito verificador"), std::string::npos) << result.err;
}

TEST(CnpjTool, AcceptsTheAlphanumericExample) {
  auto result = Call(CheckCnpjTool, "12.ABC.345/01DE-35");
  EXPECT_EQ(result.code, 0);
  EXPECT_EQ(result.json["value"], "12ABC34501DE35");
  EXPECT_EQ(result.json["alphanumeric"], true);
  EXPECT_EQ(Call(CheckCnpjTool, "12.ABC.345/01DE-36").code, 1);
}

TEST(HolidaysTool, ListsThe2026BankHolidays) {
  auto result = Call(HolidaysTool, "2026");
  EXPECT_EQ(result.code, 0);
  ASSERT_EQ(result.json["holidays"].size(), 13u);
  EXPECT_EQ(result.json["holidays"][1]["date"], "2026-02-16");
  EXPECT_EQ(result.json["holidays"][1]["kind"], "bank");
  EXPECT_EQ(result.json["holidays"][0]["kind"], "national");
}

TEST(HolidaysTool, RejectsAYearThatIsNotOne) {
  for (const char* bad : {"20x6", "", "-5", "99999", "1800"}) {
    auto result = Call(HolidaysTool, bad);
    EXPECT_EQ(result.code, 1) << bad;
    EXPECT_NE(result.err.find("ano inválido"), std::string::npos);
  }
}

}  // namespace
}  // namespace fiado::app
