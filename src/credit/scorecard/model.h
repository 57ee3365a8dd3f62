// A trained application scorecard as plain values: binned features with their WoE,
// coefficients and points, the intercept and the scaling. Train (train.h) builds one,
// json/scorecard_json reads and writes it, Scorer (scorer.h) applies it.
//
// Scale (Fiado's: 0 to 1000, higher = safer):
//   logit = α + Σ_j β_j × WoE_j            (log-odds of the event, the logistic model)
//   score = offset − factor × logit         (= offset + factor × ln(odds non-event:event))
//   factor = pdo / ln 2,  offset = base_points − factor × ln(base_odds)
// and the points of bin b of feature j (n features) are the standard allocation
//   points_b = −(β_j × WoE_b + α / n) × factor + offset / n,
// so a row's score is the sum of its bins' points, clamped to [min_score, max_score].
// Points are kept as doubles (displays round them), so the summed points and the logistic
// P(event) = 1 / (1 + e^−logit) always agree.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "credit/scorecard/binning.h"
#include "credit/scorecard/table.h"

namespace fiado::credit::scorecard {

// Version of the model's JSON form (json/scorecard_json.h); other versions are refused.
inline constexpr int kModelFormatVersion = 1;

struct Scaling {
  double base_points = 600.0;           // the score at base_odds
  double base_odds = 20.0;              // odds non-event:event worth base_points (20:1)
  double points_to_double_odds = 50.0;  // PDO: points that double the odds
  double min_score = 0.0;
  double max_score = 1000.0;

  double Factor() const;
  double Offset() const;
  friend bool operator==(const Scaling&, const Scaling&) = default;
};

struct Feature {
  std::string name;
  ColumnKind kind = ColumnKind::kNumeric;
  double coefficient = 0.0;  // β: negative when a higher (safer) WoE lowers P(event)
  double iv = 0.0;           // information value in training
  std::vector<Bin> bins;     // layout in binning.h
  friend bool operator==(const Feature&, const Feature&) = default;
};

// Why a candidate column is or is not in the model.
enum class Screening {
  kSelected,
  kLowIv,      // IV below the threshold
  kWrongSign,  // its coefficient came out positive (risk rising with WoE); dropped, refitted
};

struct Candidate {
  std::string name;
  ColumnKind kind = ColumnKind::kNumeric;
  double iv = 0.0;
  Screening screening = Screening::kSelected;
  friend bool operator==(const Candidate&, const Candidate&) = default;
};

struct TrainingSummary {
  std::int64_t rows = 0;    // rows trained on (split = train, or all)
  std::int64_t events = 0;  // of which events
  double auc = 0.0;         // AUC of P(event) on those rows
  double l2 = 0.0;          // λ of the logistic regression
  double min_iv = 0.0;      // IV threshold of the screening
  friend bool operator==(const TrainingSummary&, const TrainingSummary&) = default;
};

struct Model {
  std::string target;       // the target column
  std::string event_value;  // its value for the event ("Bad"); every other value is a non-event
  Scaling scaling;
  double intercept = 0.0;             // α
  std::vector<Feature> features;      // in the model, in column order
  std::vector<Candidate> candidates;  // every column considered, in column order
  std::vector<std::string> warnings;  // Portuguese, e.g. a possible leak
  TrainingSummary training;
  friend bool operator==(const Model&, const Model&) = default;
};

// Sets every bin's points from the coefficients, the intercept and the scaling (above).
void AssignPoints(Model& model);

double ProbabilityOfLogit(double logit);
// The clamped score of a row with this logit.
double ScoreOfLogit(const Scaling& scaling, double logit);

// The kinds of the model's columns, to parse data the model will score (table.h).
ParseOptions ParseOptionsFor(const Model& model);

// One reason a row lost points: its bin against the feature's best bin seen in training.
struct Reason {
  std::string feature;
  std::string bin_label;
  double points_lost = 0.0;
  friend bool operator==(const Reason&, const Reason&) = default;
};

// "income: 1.2 a 2.5 (−35 pontos)"
std::string ReasonText(const Reason& reason);

}  // namespace fiado::credit::scorecard
