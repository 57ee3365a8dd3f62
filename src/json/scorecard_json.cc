#include "json/scorecard_json.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

namespace fiado::json {
namespace {

namespace sc = credit::scorecard;
using nlohmann::json;
using Written = nlohmann::ordered_json;  // keeps the fields in the order written

constexpr double kInfinity = std::numeric_limits<double>::infinity();

template <typename Enum>
struct EnumName {
  Enum value;
  const char* name;
};
constexpr EnumName<sc::ColumnKind> kColumnKinds[] = {{sc::ColumnKind::kNumeric, "numeric"},
                                                     {sc::ColumnKind::kCategorical, "categorical"}};
constexpr EnumName<sc::BinKind> kBinKinds[] = {{sc::BinKind::kRange, "range"},
                                               {sc::BinKind::kCategories, "categories"},
                                               {sc::BinKind::kOther, "other"},
                                               {sc::BinKind::kMissing, "missing"}};
constexpr EnumName<sc::Screening> kScreenings[] = {{sc::Screening::kSelected, "selected"},
                                                   {sc::Screening::kLowIv, "low_iv"},
                                                   {sc::Screening::kWrongSign, "wrong_sign"}};

template <typename Enum, std::size_t N>
const char* NameOf(const EnumName<Enum> (&names)[N], Enum value) {
  for (const auto& entry : names) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

// ---- Writing ----

Written EdgeJson(double edge) { return std::isinf(edge) ? Written(nullptr) : Written(edge); }

Written BinJson(const sc::Bin& bin) {
  Written out = {{"kind", NameOf(kBinKinds, bin.kind)}};
  if (bin.kind == sc::BinKind::kRange) {
    out["lower"] = EdgeJson(bin.lower);
    out["upper"] = EdgeJson(bin.upper);
  }
  if (bin.kind == sc::BinKind::kCategories || bin.kind == sc::BinKind::kOther) {
    out["categories"] = bin.categories;
  }
  out["events"] = bin.events;
  out["non_events"] = bin.non_events;
  out["woe"] = bin.woe;
  out["points"] = bin.points;
  return out;
}

Written FeatureJson(const sc::Feature& feature) {
  Written bins = Written::array();
  for (const sc::Bin& bin : feature.bins) bins.push_back(BinJson(bin));
  return {{"name", feature.name},
          {"kind", NameOf(kColumnKinds, feature.kind)},
          {"coefficient", feature.coefficient},
          {"iv", feature.iv},
          {"bins", std::move(bins)}};
}

Written ScalingJson(const sc::Scaling& scaling) {
  return {{"base_points", scaling.base_points},
          {"base_odds", scaling.base_odds},
          {"points_to_double_odds", scaling.points_to_double_odds},
          {"min_score", scaling.min_score},
          {"max_score", scaling.max_score}};
}

Written TrainingJson(const sc::TrainingSummary& training) {
  return {{"rows", training.rows},
          {"events", training.events},
          {"auc", training.auc},
          {"l2", training.l2},
          {"min_iv", training.min_iv}};
}

// ---- Reading: a missing or mistyped field throws BadField, turned into a Result at the edge.

struct BadField {
  std::string path;
  std::string message_pt;
};

std::string PathOf(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

const json& FieldOf(const json& object, std::string_view key, const std::string& parent) {
  const std::string path = PathOf(parent, key);
  if (!object.is_object()) throw BadField{parent, "deveria ser um objeto"};
  const auto found = object.find(key);
  if (found == object.end()) throw BadField{path, fmt::format("falta o campo '{}'", path)};
  return *found;
}

double NumberOf(const json& object, std::string_view key, const std::string& parent) {
  const json& value = FieldOf(object, key, parent);
  if (!value.is_number()) throw BadField{PathOf(parent, key), "deveria ser um número"};
  return value.get<double>();
}

std::int64_t IntegerOf(const json& object, std::string_view key, const std::string& parent) {
  const json& value = FieldOf(object, key, parent);
  if (!value.is_number_integer()) throw BadField{PathOf(parent, key), "deveria ser um inteiro"};
  return value.get<std::int64_t>();
}

std::string TextOf(const json& object, std::string_view key, const std::string& parent) {
  const json& value = FieldOf(object, key, parent);
  if (!value.is_string()) throw BadField{PathOf(parent, key), "deveria ser um texto"};
  return value.get<std::string>();
}

const json& ArrayOf(const json& object, std::string_view key, const std::string& parent) {
  const json& value = FieldOf(object, key, parent);
  if (!value.is_array()) throw BadField{PathOf(parent, key), "deveria ser uma lista"};
  return value;
}

// A range edge: a number, or null for the infinite `infinite` end.
double EdgeOf(const json& object, std::string_view key, const std::string& parent,
              double infinite) {
  const json& value = FieldOf(object, key, parent);
  if (value.is_null()) return infinite;
  if (!value.is_number()) throw BadField{PathOf(parent, key), "deveria ser um número ou null"};
  return value.get<double>();
}

template <typename Enum, std::size_t N>
Enum EnumOf(const EnumName<Enum> (&names)[N], const json& object, std::string_view key,
            const std::string& parent) {
  const std::string text = TextOf(object, key, parent);
  for (const auto& entry : names) {
    if (text == entry.name) return entry.value;
  }
  throw BadField{PathOf(parent, key), fmt::format("valor desconhecido '{}'", text)};
}

std::vector<std::string> TextsOf(const json& object, std::string_view key,
                                 const std::string& parent) {
  const json& array = ArrayOf(object, key, parent);
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      throw BadField{fmt::format("{}[{}]", PathOf(parent, key), i), "deveria ser um texto"};
    }
    texts.push_back(array[i].get<std::string>());
  }
  return texts;
}

sc::Bin BinOf(const json& item, const std::string& path) {
  sc::Bin bin;
  bin.kind = EnumOf(kBinKinds, item, "kind", path);
  if (bin.kind == sc::BinKind::kRange) {
    bin.lower = EdgeOf(item, "lower", path, -kInfinity);
    bin.upper = EdgeOf(item, "upper", path, kInfinity);
  }
  if (bin.kind == sc::BinKind::kCategories || bin.kind == sc::BinKind::kOther) {
    bin.categories = TextsOf(item, "categories", path);
  }
  bin.events = IntegerOf(item, "events", path);
  bin.non_events = IntegerOf(item, "non_events", path);
  bin.woe = NumberOf(item, "woe", path);
  bin.points = NumberOf(item, "points", path);
  return bin;
}

// The layout binning.h promises, which the scorer relies on.
void CheckLayout(const sc::Feature& feature, const std::string& path) {
  const auto& bins = feature.bins;
  const std::string where = path + ".bins";
  if (bins.empty() || bins.back().kind != sc::BinKind::kMissing) {
    throw BadField{where, "a última faixa deveria ser a de valores ausentes"};
  }
  const std::size_t body = bins.size() - 1;
  if (feature.kind == sc::ColumnKind::kNumeric) {
    for (std::size_t i = 0; i < body; ++i) {
      const bool first = i == 0;
      const bool last = i + 1 == body;
      const bool sound = bins[i].kind == sc::BinKind::kRange &&
                         (first ? std::isinf(bins[i].lower) : bins[i].lower == bins[i - 1].upper) &&
                         (last ? std::isinf(bins[i].upper) : bins[i].lower < bins[i].upper);
      if (!sound) throw BadField{fmt::format("{}[{}]", where, i), "faixas fora de ordem"};
    }
    if (body == 0) throw BadField{where, "faltam as faixas de valores"};
    return;
  }
  if (body == 0 || bins[body - 1].kind != sc::BinKind::kOther) {
    throw BadField{where, "a penúltima faixa deveria ser a de outras categorias"};
  }
  for (std::size_t i = 0; i + 1 < body; ++i) {
    if (bins[i].kind != sc::BinKind::kCategories) {
      throw BadField{fmt::format("{}[{}]", where, i), "deveria ser uma faixa de categorias"};
    }
  }
}

sc::Feature FeatureOf(const json& item, const std::string& path) {
  sc::Feature feature;
  feature.name = TextOf(item, "name", path);
  feature.kind = EnumOf(kColumnKinds, item, "kind", path);
  feature.coefficient = NumberOf(item, "coefficient", path);
  feature.iv = NumberOf(item, "iv", path);
  const json& bins = ArrayOf(item, "bins", path);
  for (std::size_t b = 0; b < bins.size(); ++b) {
    feature.bins.push_back(BinOf(bins[b], fmt::format("{}.bins[{}]", path, b)));
  }
  CheckLayout(feature, path);
  return feature;
}

sc::Candidate CandidateOf(const json& item, const std::string& path) {
  return sc::Candidate{TextOf(item, "name", path), EnumOf(kColumnKinds, item, "kind", path),
                       NumberOf(item, "iv", path), EnumOf(kScreenings, item, "screening", path)};
}

sc::Model ModelOf(const json& root) {
  sc::Model model;
  model.target = TextOf(root, "target", "");
  model.event_value = TextOf(root, "event_value", "");
  const json& scaling = FieldOf(root, "scaling", "");
  model.scaling.base_points = NumberOf(scaling, "base_points", "scaling");
  model.scaling.base_odds = NumberOf(scaling, "base_odds", "scaling");
  model.scaling.points_to_double_odds = NumberOf(scaling, "points_to_double_odds", "scaling");
  model.scaling.min_score = NumberOf(scaling, "min_score", "scaling");
  model.scaling.max_score = NumberOf(scaling, "max_score", "scaling");
  model.intercept = NumberOf(root, "intercept", "");
  const json& features = ArrayOf(root, "features", "");
  for (std::size_t f = 0; f < features.size(); ++f) {
    model.features.push_back(FeatureOf(features[f], fmt::format("features[{}]", f)));
  }
  const json& candidates = ArrayOf(root, "candidates", "");
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    model.candidates.push_back(CandidateOf(candidates[c], fmt::format("candidates[{}]", c)));
  }
  model.warnings = TextsOf(root, "warnings", "");
  const json& training = FieldOf(root, "training", "");
  model.training.rows = IntegerOf(training, "rows", "training");
  model.training.events = IntegerOf(training, "events", "training");
  model.training.auc = NumberOf(training, "auc", "training");
  model.training.l2 = NumberOf(training, "l2", "training");
  model.training.min_iv = NumberOf(training, "min_iv", "training");
  return model;
}

}  // namespace

std::string ModelToJson(const sc::Model& model) {
  Written features = Written::array();
  for (const sc::Feature& feature : model.features) features.push_back(FeatureJson(feature));
  Written candidates = Written::array();
  for (const sc::Candidate& candidate : model.candidates) {
    candidates.push_back({{"name", candidate.name},
                          {"kind", NameOf(kColumnKinds, candidate.kind)},
                          {"iv", candidate.iv},
                          {"screening", NameOf(kScreenings, candidate.screening)}});
  }
  const Written root = {{"format_version", sc::kModelFormatVersion},
                        {"target", model.target},
                        {"event_value", model.event_value},
                        {"scaling", ScalingJson(model.scaling)},
                        {"intercept", model.intercept},
                        {"features", std::move(features)},
                        {"candidates", std::move(candidates)},
                        {"warnings", model.warnings},
                        {"training", TrainingJson(model.training)}};
  return root.dump(2) + "\n";
}

core::Result<sc::Model> ModelFromJson(std::string_view text) {
  const json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) {
    return core::Invalid("modelo", "o arquivo do modelo não é um JSON válido");
  }
  try {
    const std::int64_t version = IntegerOf(root, "format_version", "");
    if (version != sc::kModelFormatVersion) {
      return core::Invalid("format_version",
                           fmt::format("modelo de versão {}; esta versão do Fiado lê a versão {}",
                                       version, sc::kModelFormatVersion));
    }
    return ModelOf(root);
  } catch (const BadField& bad) {
    const std::string path = bad.path.empty() ? "modelo" : bad.path;
    const bool names_itself = bad.message_pt.find(path) != std::string::npos;
    return core::Invalid(path, names_itself
                                   ? "modelo: " + bad.message_pt
                                   : fmt::format("modelo, campo {}: {}", path, bad.message_pt));
  }
}

}  // namespace fiado::json
