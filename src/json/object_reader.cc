#include "json/object_reader.h"

namespace fiado::json {

using nlohmann::json;

ObjectReader::ObjectReader(const json& object, std::string path,
                           std::vector<core::FieldError>& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {
  if (!object_.is_object()) {
    valid_ = false;
    errors_.push_back({path_.empty() ? "body" : path_, "deve ser um objeto JSON"});
  }
}

std::string ObjectReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string IndexPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

void ObjectReader::Add(std::string_view key, std::string message_pt) {
  errors_.push_back({PathOf(key), std::move(message_pt)});
}

const json* ObjectReader::Find(std::string_view key) {
  if (!valid_) return nullptr;
  read_.emplace(key);
  const auto found = object_.find(key);
  if (found == object_.end() || found->is_null()) return nullptr;
  return &*found;
}

std::string ObjectReader::Text(std::string_view key, bool required) {
  const json* value = Find(key);
  if (value == nullptr) {
    if (required && valid_) Add(key, "campo obrigatório");
    return {};
  }
  if (!value->is_string()) {
    Add(key, "deve ser um texto");
    return {};
  }
  return value->get<std::string>();
}

std::optional<std::int64_t> ObjectReader::Integer(std::string_view key, bool required) {
  const json* value = Find(key);
  if (value == nullptr) {
    if (required && valid_) Add(key, "campo obrigatório");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    Add(key, "deve ser um número inteiro");
    return std::nullopt;
  }
  if (value->is_number_unsigned() && value->get<std::uint64_t>() > INT64_MAX) {
    Add(key, "número grande demais");
    return std::nullopt;
  }
  return value->get<std::int64_t>();
}

std::optional<bool> ObjectReader::Bool(std::string_view key, bool required) {
  const json* value = Find(key);
  if (value == nullptr) {
    if (required && valid_) Add(key, "campo obrigatório");
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    Add(key, "deve ser true ou false");
    return std::nullopt;
  }
  return value->get<bool>();
}

const json* ObjectReader::Object(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return nullptr;
  if (!value->is_object()) {
    Add(key, "deve ser um objeto");
    return nullptr;
  }
  return value;
}

const json* ObjectReader::Array(std::string_view key) {
  const json* value = Find(key);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    Add(key, "deve ser uma lista");
    return nullptr;
  }
  return value;
}

std::vector<std::string> ObjectReader::TextArray(std::string_view key) {
  std::vector<std::string> texts;
  const json* array = Array(key);
  if (array == nullptr) return texts;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json& item = (*array)[i];
    if (!item.is_string()) {
      errors_.push_back({IndexPath(PathOf(key), i), "deve ser um texto"});
      continue;
    }
    texts.push_back(item.get<std::string>());
  }
  return texts;
}

void ObjectReader::RejectUnknown() {
  if (!valid_) return;
  for (const auto& [key, value] : object_.items()) {
    if (read_.find(key) == read_.end()) Add(key, "campo desconhecido");
  }
}

}  // namespace fiado::json
