// Training, points, scoring, reasons, reports and the JSON form of a model.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "credit/scorecard/model.h"
#include "credit/scorecard/report.h"
#include "credit/scorecard/scorer.h"
#include "credit/scorecard/test_data.h"
#include "credit/scorecard/train.h"
#include "json/scorecard_json.h"

namespace fiado::credit::scorecard {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Bin Range(double lower, double upper, double woe) {
  Bin bin;
  bin.kind = BinKind::kRange;
  bin.lower = lower;
  bin.upper = upper;
  bin.woe = woe;
  bin.events = 10;
  bin.non_events = 10;
  return bin;
}

Bin Missing() {
  Bin bin;
  bin.kind = BinKind::kMissing;
  return bin;
}

// A numeric feature: < 2 has WoE -0.5 (riskier), >= 2 has WoE +0.5, missing WoE 0.
Feature Numeric(std::string name, double coefficient) {
  return Feature{std::move(name),
                 ColumnKind::kNumeric,
                 coefficient,
                 0.25,
                 {Range(-kInf, 2, -0.5), Range(2, kInf, 0.5), Missing()}};
}

Model HandModel(std::vector<Feature> features, double intercept) {
  Model model;
  model.target = "status";
  model.event_value = "bad";
  model.intercept = intercept;
  model.features = std::move(features);
  AssignPoints(model);
  return model;
}

TEST(Points, MatchTheHandComputedAllocation) {
  // Defaults: 600 points at odds 20:1, PDO 50. factor = 50 / ln 2 = 72.13475204444818;
  // offset = 600 − factor × ln 20 = 383.9035952556319. One feature (n = 1), β = −1, α = −1:
  //   < 2:     −(−1 × −0.5 + −1) × factor + offset = 0.5 factor + offset = 419.970971277856
  //   ≥ 2:     −(−1 ×  0.5 + −1) × factor + offset = 1.5 factor + offset = 492.10572332230413
  //   missing: −(0 − 1) × factor + offset = factor + offset = 456.0383473000801
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  EXPECT_NEAR(model.scaling.Factor(), 72.13475204444818, 1e-12);
  EXPECT_NEAR(model.scaling.Offset(), 383.9035952556319, 1e-12);
  const auto& bins = model.features[0].bins;
  EXPECT_NEAR(bins[0].points, 419.970971277856, 1e-9);
  EXPECT_NEAR(bins[1].points, 492.10572332230413, 1e-9);
  EXPECT_NEAR(bins[2].points, 456.0383473000801, 1e-9);
  // The score of logit −1.5 (income ≥ 2) is the same number; P(event) = 1 / (1 + e^1.5).
  EXPECT_NEAR(ScoreOfLogit(model.scaling, -1.5), 492.10572332230413, 1e-9);
  EXPECT_NEAR(ProbabilityOfLogit(-1.5), 0.18242552380635635, 1e-15);
}

TEST(Points, ScoresAreClampedToTheScale) {
  const Scaling scaling;
  EXPECT_EQ(ScoreOfLogit(scaling, 50.0), 0.0);
  EXPECT_EQ(ScoreOfLogit(scaling, -50.0), 1000.0);
}

Table HandTable() {
  std::vector<Column> columns;
  columns.push_back(MakeNumericColumn("income", {1.0, 3.0, std::nan("")}));
  return MakeTable(std::move(columns)).value();
}

TEST(Scorer, SumOfPointsIsTheScoreAndMatchesTheProbability) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  const Table table = HandTable();
  const auto scored = ScoreTable(model, table);
  ASSERT_TRUE(scored.has_value());
  const auto& bins = model.features[0].bins;
  EXPECT_NEAR(scored->score[0], bins[0].points, 1e-9);
  EXPECT_NEAR(scored->score[1], bins[1].points, 1e-9);
  EXPECT_NEAR(scored->score[2], bins[2].points, 1e-9) << "missing value: the missing bin";
  // logit = α + β × WoE: −1 + (−1 × −0.5) = −0.5 below 2, −1 + (−1 × 0.5) = −1.5 above.
  EXPECT_NEAR(scored->p_event[0], ProbabilityOfLogit(-0.5), 1e-15);
  EXPECT_NEAR(scored->p_event[1], ProbabilityOfLogit(-1.5), 1e-15);
}

TEST(Scorer, UnseenCategoryGoesToOther) {
  Bin north;
  north.kind = BinKind::kCategories;
  north.categories = {"norte"};
  north.woe = -1.0;
  Bin other;
  other.kind = BinKind::kOther;
  other.woe = 0.3;
  Feature region{"region", ColumnKind::kCategorical, -1.0, 0.1, {north, other, Missing()}};
  const Model model = HandModel({region}, 0.0);
  std::vector<Column> columns;
  columns.push_back(MakeCategoricalColumn("region", {"norte", "oeste", ""}));
  const Table table = MakeTable(std::move(columns)).value();
  const auto scored = ScoreTable(model, table);
  ASSERT_TRUE(scored.has_value());
  EXPECT_NEAR(scored->p_event[0], ProbabilityOfLogit(1.0), 1e-15);
  EXPECT_NEAR(scored->p_event[1], ProbabilityOfLogit(-0.3), 1e-15);
  EXPECT_NEAR(scored->p_event[2], ProbabilityOfLogit(0.0), 1e-15);
}

TEST(Scorer, BindNamesAMissingColumnAndAWrongKind) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  const Scorer scorer(model);
  std::vector<Column> columns;
  columns.push_back(MakeNumericColumn("other", {1.0}));
  const Table without = MakeTable(std::move(columns)).value();
  const auto unbound = scorer.Bind(without);
  ASSERT_FALSE(unbound.has_value());
  EXPECT_EQ(unbound.error().message_pt, "coluna 'income' do modelo não existe nos dados");
  std::vector<Column> text_columns;
  text_columns.push_back(MakeCategoricalColumn("income", {"x"}));
  const Table text = MakeTable(std::move(text_columns)).value();
  EXPECT_EQ(scorer.Bind(text).error().message_pt, "coluna income: o modelo espera números");
}

TEST(Reasons, OrderedByPointsLostThenName) {
  // zeta, alfa and meio are identical (β = −1): a row below 2 loses 1 × factor = 72.13
  // points on each against the ≥ 2 bin; idade (β = −0.2) loses 0.2 × factor = 14.43.
  const Model model = HandModel(
      {Numeric("zeta", -1.0), Numeric("alfa", -1.0), Numeric("idade", -0.2), Numeric("meio", -1.0)},
      -1.0);
  std::vector<Column> columns;
  for (const char* name : {"zeta", "alfa", "idade", "meio"}) {
    columns.push_back(MakeNumericColumn(name, {1.0, 5.0}));
  }
  const Table table = MakeTable(std::move(columns)).value();
  const Scorer scorer(model);
  const auto bound = scorer.Bind(table);
  ASSERT_TRUE(bound.has_value());
  const std::vector<Reason> reasons = bound->Reasons(0);
  ASSERT_EQ(reasons.size(), 3U);
  EXPECT_EQ(reasons[0].feature, "alfa");
  EXPECT_EQ(reasons[1].feature, "meio");
  EXPECT_EQ(reasons[2].feature, "zeta");
  EXPECT_EQ(ReasonText(reasons[0]), "alfa: < 2 (−72 pontos)");
  const std::vector<Reason> all = bound->Reasons(0, 10);
  ASSERT_EQ(all.size(), 4U);
  EXPECT_EQ(ReasonText(all[3]), "idade: < 2 (−14 pontos)");
  EXPECT_TRUE(bound->Reasons(1).empty()) << "the best bin everywhere: nothing lost";
  EXPECT_EQ(bound->Reasons(0), reasons) << "stable";
}

TrainOptions SyntheticOptions() {
  TrainOptions options;
  options.target = "status";
  options.event_value = "bad";
  return options;
}

TEST(Train, LearnsTheSyntheticRisk) {
  const Table table = testing::SyntheticTable(3000);
  const auto model = Train(table, SyntheticOptions());
  ASSERT_TRUE(model.has_value()) << model.error().message_pt;
  EXPECT_EQ(model->training.rows, 2000) << "only the split = train rows";
  ASSERT_GE(model->features.size(), 2U);
  EXPECT_EQ(model->features[0].name, "income");
  EXPECT_LT(model->features[0].coefficient, 0.0);
  EXPECT_EQ(model->features[1].name, "region");
  EXPECT_GT(model->training.auc, 0.75);
  const auto report = Evaluate(*model, table);
  ASSERT_TRUE(report.has_value()) << report.error().message_pt;
  EXPECT_TRUE(report->test_rows_only);
  EXPECT_EQ(report->metrics.rows, 1000);
  EXPECT_GT(report->metrics.auc, 0.75);
  std::size_t bins = 0;
  for (const Feature& feature : model->features) bins += feature.bins.size();
  EXPECT_EQ(report->bins.size(), bins);
}

TEST(Train, IsDeterministic) {
  const Table table = testing::SyntheticTable(1000);
  EXPECT_EQ(Train(table, SyntheticOptions()).value(), Train(table, SyntheticOptions()).value());
}

TEST(Train, RejectsAMissingTargetColumn) {
  TrainOptions options = SyntheticOptions();
  options.target = "Class";
  const auto model = Train(testing::SyntheticTable(100), options);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().message_pt, "coluna alvo 'Class' não existe");
}

TEST(Train, RejectsAnUnknownExcludedColumn) {
  TrainOptions options = SyntheticOptions();
  options.exclude = {"nada"};
  EXPECT_EQ(Train(testing::SyntheticTable(100), options).error().message_pt,
            "coluna 'nada' a excluir não existe");
}

TEST(Train, RejectsOneClassOnly) {
  const auto table = ParseTable("status,x\ngood,1\ngood,2\ngood,3\n");
  const auto model = Train(table.value(), SyntheticOptions());
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().message_pt,
            "as linhas de treino têm uma só classe na coluna alvo 'status' ('good'); são precisas "
            "as duas");
}

TEST(Train, RejectsAnEventValueNeverSeen) {
  TrainOptions options = SyntheticOptions();
  options.event_value = "Bad";
  const auto model = Train(testing::SyntheticTable(100), options);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().message_pt,
            "o valor de evento 'Bad' não aparece na coluna alvo 'status' (valores: bad, good)");
}

TEST(Train, NamesTheLineOfAMissingTarget) {
  const auto table = ParseTable("status,x\ngood,1\nbad,2\n,3\n");
  const auto model = Train(table.value(), SyntheticOptions());
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().message_pt, "linha 4: falta o valor da coluna alvo 'status'");
}

TEST(Train, RejectsWhenNoColumnIsInformative) {
  TrainOptions options = SyntheticOptions();
  options.exclude = {"income", "region"};
  options.min_iv = 0.5;
  const auto model = Train(testing::SyntheticTable(600), options);
  ASSERT_FALSE(model.has_value());
  EXPECT_EQ(model.error().field, "features");
}

TEST(Train, TrainsOnEveryRowWithoutSplit) {
  const auto table =
      ParseTable("status,x\nbad,1\nbad,2\ngood,3\ngood,4\nbad,1\ngood,5\ngood,6\nbad,2\n");
  TrainOptions options = SyntheticOptions();
  options.binning.min_bin_share = 0.0;
  const auto model = Train(table.value(), options);
  ASSERT_TRUE(model.has_value()) << model.error().message_pt;
  EXPECT_EQ(model->training.rows, 8);
  EXPECT_EQ(model->training.events, 4);
}

TEST(Apply, TextInANumericColumnNamesLineAndColumn) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  const auto table = ParseTable("id,income\n1,2.5\n2,abc\n", ParseOptionsFor(model));
  ASSERT_FALSE(table.has_value());
  EXPECT_EQ(table.error().message_pt, "linha 3, coluna income: 'abc' não é um número");
}

TEST(ModelJson, RoundTripsExactly) {
  const Table table = testing::SyntheticTable(1500);
  const Model model = Train(table, SyntheticOptions()).value();
  const std::string text = json::ModelToJson(model);
  const auto read = json::ModelFromJson(text);
  ASSERT_TRUE(read.has_value()) << read.error().message_pt;
  EXPECT_EQ(*read, model);
  EXPECT_EQ(json::ModelToJson(*read), text);
  const auto before = ScoreTable(model, table).value();
  const auto after = ScoreTable(*read, table).value();
  EXPECT_EQ(before.p_event, after.p_event);
  EXPECT_EQ(before.score, after.score);
}

TEST(ModelJson, RefusesAnotherVersion) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  nlohmann::json document = nlohmann::json::parse(json::ModelToJson(model));
  document["format_version"] = 2;
  const auto read = json::ModelFromJson(document.dump());
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().message_pt, "modelo de versão 2; esta versão do Fiado lê a versão 1");
}

TEST(ModelJson, NamesAMissingField) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  nlohmann::json document = nlohmann::json::parse(json::ModelToJson(model));
  document["features"][0]["bins"][1].erase("woe");
  const auto read = json::ModelFromJson(document.dump());
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().field, "features[0].bins[1].woe");
  EXPECT_EQ(read.error().message_pt, "modelo: falta o campo 'features[0].bins[1].woe'");
}

TEST(ModelJson, NamesAMistypedField) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  nlohmann::json document = nlohmann::json::parse(json::ModelToJson(model));
  document["intercept"] = "x";
  const auto read = json::ModelFromJson(document.dump());
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().message_pt, "modelo, campo intercept: deveria ser um número");
}

TEST(ModelJson, RefusesBinsOutOfLayout) {
  const Model model = HandModel({Numeric("income", -1.0)}, -1.0);
  nlohmann::json document = nlohmann::json::parse(json::ModelToJson(model));
  document["features"][0]["bins"].erase(2);  // the missing bin
  const auto read = json::ModelFromJson(document.dump());
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().field, "features[0].bins");
}

TEST(ModelJson, RefusesText) {
  const auto read = json::ModelFromJson("not json {");
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().message_pt, "o arquivo do modelo não é um JSON válido");
}

}  // namespace
}  // namespace fiado::credit::scorecard
