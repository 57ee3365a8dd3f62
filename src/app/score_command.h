// `fiado score …`: trains an application scorecard from a CSV, applies it to a CSV and
// reports its quality (credit/scorecard). Each Run* prints to `out`, puts the reason of a
// failure on `err` in Portuguese ("erro: …") and returns the exit code: 0 success, 1 failure.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace CLI {  // NOLINT(readability-identifier-naming): CLI11's namespace
class App;
}  // namespace CLI

namespace fiado::app {

struct ScoreTrainOptions {
  std::string data;                  // CSV with a header row (and optionally a split column)
  std::string target;                // the outcome column
  std::string event;                 // its value for the event ("Bad")
  std::vector<std::string> exclude;  // columns left out of the model
  double l2 = 5.0;                   // λ of the logistic regression
  std::string out;                   // the model's JSON file
};

struct ScoreApplyOptions {
  std::string model;  // a model written by `score train`
  std::string data;   // CSV with the model's columns
  std::string out;    // CSV written: row,p_event,score,reasons
};

struct ScoreReportOptions {
  std::string model;
  std::string data;  // CSV with the model's columns and the target
};

// Storage for the options of the three subcommands; must outlive the parse.
struct ScoreArguments {
  ScoreTrainOptions train;
  ScoreApplyOptions apply;
  ScoreReportOptions report;
};

int RunScoreTrain(const ScoreTrainOptions& options, std::ostream& out, std::ostream& err);
int RunScoreApply(const ScoreApplyOptions& options, std::ostream& out, std::ostream& err);
int RunScoreReport(const ScoreReportOptions& options, std::ostream& out, std::ostream& err);

// Declares `score` with `train`, `apply` and `report` on `app`; the chosen subcommand's
// callback stores its exit code in `exit_code` (output on std::cout, errors on std::cerr).
void AddScoreCommands(CLI::App& app, ScoreArguments& args, int& exit_code);

}  // namespace fiado::app
