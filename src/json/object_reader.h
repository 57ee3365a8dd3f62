// Strict reading of JSON objects (request bodies, stored settings): every field must be known and
// of the expected type. Mistakes are collected, each under its path ("address.postal_code",
// "phones[1]"), so one answer names every field at fault. Absent and null read as "not given".
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"

namespace fiado::json {

class ObjectReader {
 public:
  // `object` must outlive the reader. A non-object records one error at `path`.
  ObjectReader(const nlohmann::json& object, std::string path,
               std::vector<core::FieldError>& errors);

  std::string Text(std::string_view key, bool required = false);
  std::optional<std::int64_t> Integer(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key, bool required = false);
  // The object or array at key, or nullptr when absent, null or of another type (recorded).
  const nlohmann::json* Object(std::string_view key);
  const nlohmann::json* Array(std::string_view key);
  std::vector<std::string> TextArray(std::string_view key);
  // The value at key whatever its type (the caller checks it), or nullptr when absent/null.
  const nlohmann::json* Raw(std::string_view key) { return Find(key); }

  // Records every field that was not read as unknown. Call after reading the known ones.
  void RejectUnknown();

  std::string PathOf(std::string_view key) const;
  std::vector<core::FieldError>& errors() { return errors_; }

 private:
  const nlohmann::json* Find(std::string_view key);
  void Add(std::string_view key, std::string message_pt);

  const nlohmann::json& object_;
  std::string path_;
  std::vector<core::FieldError>& errors_;
  std::set<std::string, std::less<>> read_;
  bool valid_ = true;
};

// "phones[2]" from ("phones", 2).
std::string IndexPath(const std::string& path, std::size_t index);

}  // namespace fiado::json
