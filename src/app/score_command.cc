#include "app/score_command.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "core/error.h"
#include "credit/scorecard/report.h"
#include "credit/scorecard/scorer.h"
#include "credit/scorecard/train.h"
#include "json/scorecard_json.h"

namespace fiado::app {
namespace {

namespace sc = credit::scorecard;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailure = 1;
constexpr std::size_t kApplyChunkRows = 65536;

double MillisecondsSince(Clock::time_point started) {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// Points as displays show them: whole, and never "-0".
double DisplayPoints(double points) { return std::round(points) + 0.0; }

int Fail(std::ostream& err, const core::Error& error) {
  err << "erro: " << error.message_pt << '\n';
  return kExitFailure;
}

core::Result<std::string> ReadText(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return core::Invalid(path, fmt::format("não foi possível ler o arquivo '{}'", path));
  std::ostringstream text;
  text << input.rdbuf();
  return text.str();
}

core::Result<sc::Table> LoadTable(const std::string& path, const sc::ParseOptions& options) {
  auto text = ReadText(path);
  if (!text) return core::Fail(text.error());
  auto table = sc::ParseTable(*text, options);
  if (!table) {
    return core::Invalid(table.error().field, path + ": " + table.error().message_pt);
  }
  return table;
}

core::Result<sc::Model> LoadModel(const std::string& path) {
  auto text = ReadText(path);
  if (!text) return core::Fail(text.error());
  auto model = json::ModelFromJson(*text);
  if (!model) return core::Invalid(model.error().field, path + ": " + model.error().message_pt);
  return model;
}

core::Status WriteText(const std::string& path, std::string_view text) {
  std::ofstream output(path, std::ios::binary | std::ios::trunc);
  output.write(text.data(), static_cast<std::streamsize>(text.size()));
  output.close();
  if (!output) {
    return core::Invalid(path, fmt::format("não foi possível gravar o arquivo '{}'", path));
  }
  return {};
}

std::string ScreeningText(sc::Screening screening) {
  switch (screening) {
    case sc::Screening::kSelected:
      return "no modelo";
    case sc::Screening::kLowIv:
      return "IV baixo";
    case sc::Screening::kWrongSign:
      return "efeito no sentido oposto ao esperado";
  }
  return "";
}

void PrintTrainSummary(const sc::Model& model, const std::optional<sc::Report>& test,
                       double train_ms, std::ostream& out) {
  out << fmt::format("modelo treinado em {:.0f} ms com {} linhas ({} com '{}' = '{}')\n", train_ms,
                     model.training.rows, model.training.events, model.target, model.event_value);
  out << "variáveis no modelo (IV):\n";
  for (const sc::Feature& feature : model.features) {
    out << fmt::format("  {:<28} {:.3f}\n", feature.name, feature.iv);
  }
  bool header_printed = false;
  for (const sc::Candidate& candidate : model.candidates) {
    if (candidate.screening == sc::Screening::kSelected) continue;
    if (!header_printed) out << "fora do modelo (IV, motivo):\n";
    header_printed = true;
    out << fmt::format("  {:<28} {:.3f}  {}\n", candidate.name, candidate.iv,
                       ScreeningText(candidate.screening));
  }
  out << fmt::format("AUC no treino: {:.3f}\n", model.training.auc);
  if (test) {
    out << fmt::format("AUC no teste:  {:.3f} (Gini {:.3f}, KS {:.3f}; {} linhas)\n",
                       test->metrics.auc, test->metrics.gini, test->metrics.ks, test->metrics.rows);
  }
  for (const std::string& warning : model.warnings) out << "atenção: " << warning << '\n';
}

// A CSV field, quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string ReasonsField(const std::vector<sc::Reason>& reasons) {
  std::string joined;
  for (const sc::Reason& reason : reasons) {
    if (!joined.empty()) joined += " | ";
    joined += sc::ReasonText(reason);
  }
  return CsvField(joined);
}

// Scores every row chunk by chunk and writes `row,p_event,score,reasons`.
core::Status WriteScores(const sc::BoundScorer& bound, const std::string& path) {
  std::ofstream output(path, std::ios::binary | std::ios::trunc);
  if (!output) {
    return core::Invalid(path, fmt::format("não foi possível gravar o arquivo '{}'", path));
  }
  output << "row,p_event,score,reasons\n";
  std::vector<double> p_event(kApplyChunkRows);
  std::vector<double> score(kApplyChunkRows);
  fmt::memory_buffer buffer;
  for (std::size_t first = 0; first < bound.RowCount(); first += kApplyChunkRows) {
    const std::size_t rows = std::min(kApplyChunkRows, bound.RowCount() - first);
    bound.Score(first, std::span<double>(p_event.data(), rows),
                std::span<double>(score.data(), rows));
    buffer.clear();
    for (std::size_t i = 0; i < rows; ++i) {
      fmt::format_to(std::back_inserter(buffer), "{},{:.6f},{:.0f},{}\n", first + i + 1, p_event[i],
                     DisplayPoints(score[i]), ReasonsField(bound.Reasons(first + i)));
    }
    output.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  }
  output.close();
  if (!output) {
    return core::Invalid(path, fmt::format("não foi possível gravar o arquivo '{}'", path));
  }
  return {};
}

std::string RateText(double rate) {
  return std::isnan(rate) ? "-" : fmt::format("{:.1f}%", 100.0 * rate);
}

// The bins table; bins without rows in training nor here (an empty `outros` or missing
// bin) are left out.
void PrintReport(const sc::Model& model, const sc::Report& report, std::ostream& out) {
  out << fmt::format("linhas avaliadas: {} ({}; {} com '{}' = '{}')\n", report.metrics.rows,
                     report.test_rows_only ? "split = test" : "todas as linhas",
                     report.metrics.events, model.target, model.event_value);
  out << fmt::format("AUC {:.3f}  Gini {:.3f}  KS {:.3f}\n\n", report.metrics.auc,
                     report.metrics.gini, report.metrics.ks);
  std::size_t feature_width = 8;
  std::size_t label_width = 5;
  for (const sc::BinReport& bin : report.bins) {
    feature_width = std::max(feature_width, bin.feature.size());
    label_width = std::max(label_width, bin.label.size());
  }
  out << fmt::format("{:<{}}  {:<{}}  {:>7}  {:>14}  {:>7}  {:>7}  {:>7}\n", "variável",
                     feature_width, "faixa", label_width, "linhas", "taxa de evento", "WoE",
                     "pontos", "IV");
  std::size_t bin_index = 0;
  for (const sc::Feature& feature : model.features) {
    for (const sc::Bin& trained : feature.bins) {
      const sc::BinReport& bin = report.bins[bin_index++];
      if (trained.Count() == 0 && bin.count == 0) continue;
      out << fmt::format("{:<{}}  {:<{}}  {:>7}  {:>14}  {:>7.3f}  {:>7.0f}  {:>7.4f}\n",
                         bin.feature, feature_width, bin.label, label_width, bin.count,
                         RateText(bin.event_rate), bin.woe, DisplayPoints(bin.points), bin.iv);
    }
  }
}

}  // namespace

int RunScoreTrain(const ScoreTrainOptions& options, std::ostream& out, std::ostream& err) {
  auto table = LoadTable(options.data, {});
  if (!table) return Fail(err, table.error());
  sc::TrainOptions train;
  train.target = options.target;
  train.event_value = options.event;
  train.exclude = options.exclude;
  train.logistic.l2 = options.l2;
  const Clock::time_point started = Clock::now();
  auto model = sc::Train(*table, train);
  const double train_ms = MillisecondsSince(started);
  if (!model) return Fail(err, model.error());
  std::optional<sc::Report> test;
  if (table->Find(sc::kSplitColumn) != nullptr && !sc::SplitRows(*table, "test").empty()) {
    auto report = sc::Evaluate(*model, *table);
    if (!report) return Fail(err, report.error());
    test = std::move(*report);
  }
  if (auto written = WriteText(options.out, json::ModelToJson(*model)); !written) {
    return Fail(err, written.error());
  }
  PrintTrainSummary(*model, test, train_ms, out);
  out << "modelo gravado em " << options.out << '\n';
  return 0;
}

int RunScoreApply(const ScoreApplyOptions& options, std::ostream& out, std::ostream& err) {
  auto model = LoadModel(options.model);
  if (!model) return Fail(err, model.error());
  auto table = LoadTable(options.data, sc::ParseOptionsFor(*model));
  if (!table) return Fail(err, table.error());
  const Clock::time_point started = Clock::now();
  const sc::Scorer scorer(*model);
  auto bound = scorer.Bind(*table);
  if (!bound) return Fail(err, bound.error());
  if (auto written = WriteScores(*bound, options.out); !written) return Fail(err, written.error());
  out << fmt::format("{} linhas pontuadas em {:.0f} ms; gravadas em {}\n", table->row_count,
                     MillisecondsSince(started), options.out);
  return 0;
}

int RunScoreReport(const ScoreReportOptions& options, std::ostream& out, std::ostream& err) {
  auto model = LoadModel(options.model);
  if (!model) return Fail(err, model.error());
  auto table = LoadTable(options.data, sc::ParseOptionsFor(*model));
  if (!table) return Fail(err, table.error());
  auto report = sc::Evaluate(*model, *table);
  if (!report) return Fail(err, report.error());
  PrintReport(*model, *report, out);
  return 0;
}

void AddScoreCommands(CLI::App& app, ScoreArguments& args, int& exit_code) {
  CLI::App* score = app.add_subcommand(
      "score", "escore de aplicação: treina com um CSV, aplica e mede a qualidade");
  score->require_subcommand(1);
  CLI::App* train = score->add_subcommand(
      "train", "treina um modelo (WoE + regressão logística) com as linhas split = train");
  train->add_option("--data", args.train.data, "o CSV de treino (cabeçalho na primeira linha)")
      ->required()
      ->type_name("ARQUIVO");
  train->add_option("--target", args.train.target, "a coluna do resultado")->required();
  train->add_option("--event", args.train.event, "o valor do evento (o mau pagador), como Bad")
      ->required();
  train
      ->add_option("--exclude", args.train.exclude,
                   "colunas a deixar de fora, separadas por vírgula")
      ->delimiter(',');
  train->add_option("--l2", args.train.l2, "regularização L2 da regressão logística")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber.description(""))
      ->type_name("NÚMERO");
  train->add_option("--out", args.train.out, "o arquivo JSON do modelo a gravar")
      ->required()
      ->type_name("ARQUIVO");
  train->callback([&] { exit_code = RunScoreTrain(args.train, std::cout, std::cerr); });

  CLI::App* apply =
      score->add_subcommand("apply", "pontua as linhas de um CSV: grava row,p_event,score,reasons");
  apply->add_option("--model", args.apply.model, "o modelo (JSON)")
      ->required()
      ->type_name("ARQUIVO");
  apply->add_option("--data", args.apply.data, "o CSV a pontuar")->required()->type_name("ARQUIVO");
  apply->add_option("--out", args.apply.out, "o CSV de saída")->required()->type_name("ARQUIVO");
  apply->callback([&] { exit_code = RunScoreApply(args.apply, std::cout, std::cerr); });

  CLI::App* report = score->add_subcommand(
      "report", "mede AUC, Gini e KS nas linhas split = test (ou em todas) e mostra as faixas");
  report->add_option("--model", args.report.model, "o modelo (JSON)")
      ->required()
      ->type_name("ARQUIVO");
  report->add_option("--data", args.report.data, "o CSV com a coluna do resultado")
      ->required()
      ->type_name("ARQUIVO");
  report->callback([&] { exit_code = RunScoreReport(args.report, std::cout, std::cerr); });
}

}  // namespace fiado::app
