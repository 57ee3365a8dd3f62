// The quality bar on the public credit data sets of ../shared/data/credit (README.md there):
// train on the `train` rows with the library's defaults, measure on the `test` rows. The
// thresholds are the scikit-learn logistic-regression baselines (docs/scorecard.md).
#include <gtest/gtest.h>

#include <chrono>

#include "credit/scorecard/report.h"
#include "credit/scorecard/train.h"
#include "support/shared_data.h"

namespace fiado::credit::scorecard {
namespace {

struct DataSet {
  const char* file;
  const char* target;
  const char* event_value;
  std::vector<std::string> exclude;
  double min_test_auc;
};

Report TrainAndEvaluate(const DataSet& data) {
  const std::string relative = std::string("data/credit/") + data.file;
  const auto table = ParseTable(fiado::testing::ReadSharedText(relative));
  EXPECT_TRUE(table.has_value()) << table.error().message_pt;
  TrainOptions options;
  options.target = data.target;
  options.event_value = data.event_value;
  options.exclude = data.exclude;
  const auto started = std::chrono::steady_clock::now();
  const auto model = Train(*table, options);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(model.has_value()) << model.error().message_pt;
  const auto report = Evaluate(*model, *table);
  EXPECT_TRUE(report.has_value()) << report.error().message_pt;
  std::cout << data.file << ": " << model->features.size() << " features, train AUC "
            << model->training.auc << ", test AUC " << report->metrics.auc << ", Gini "
            << report->metrics.gini << ", KS " << report->metrics.ks << ", trained in "
            << std::chrono::duration<double, std::milli>(elapsed).count() << " ms\n";
  return *report;
}

TEST(Quality, GermanCredit) {
  FIADO_REQUIRE_SHARED("data/credit/german_credit.csv");
  const Report report = TrainAndEvaluate({"german_credit.csv", "Class", "Bad", {}, 0.79});
  EXPECT_TRUE(report.test_rows_only);
  EXPECT_EQ(report.metrics.rows, 300);
  EXPECT_GE(report.metrics.auc, 0.79);
}

TEST(Quality, Hmda) {
  FIADO_REQUIRE_SHARED("data/credit/hmda.csv");
  const Report report = TrainAndEvaluate({"hmda.csv", "deny", "yes", {"afam"}, 0.84});
  EXPECT_EQ(report.metrics.rows, 714);
  EXPECT_GE(report.metrics.auc, 0.84);
}

TEST(Quality, CreditCardWithoutLeakingColumns) {
  FIADO_REQUIRE_SHARED("data/credit/credit_card_greene.csv");
  const Report report =
      TrainAndEvaluate({"credit_card_greene.csv", "card", "no", {"expenditure", "share"}, 0.83});
  EXPECT_EQ(report.metrics.rows, 396);
  EXPECT_GE(report.metrics.auc, 0.83);
}

TEST(Quality, LeakingColumnsRaiseAWarning) {
  FIADO_REQUIRE_SHARED("data/credit/credit_card_greene.csv");
  const auto table =
      ParseTable(fiado::testing::ReadSharedText("data/credit/credit_card_greene.csv"));
  ASSERT_TRUE(table.has_value());
  TrainOptions options;
  options.target = "card";
  options.event_value = "no";
  const auto model = Train(*table, options);
  ASSERT_TRUE(model.has_value());
  bool warned = false;
  for (const std::string& warning : model->warnings) {
    warned = warned || warning.find("expenditure") != std::string::npos;
  }
  EXPECT_TRUE(warned);
}

}  // namespace
}  // namespace fiado::credit::scorecard
