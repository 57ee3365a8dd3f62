#include "http/collection_body.h"

#include <algorithm>
#include <cctype>

#include "http/body.h"
#include "json/collection_json.h"

namespace fiado::http {

namespace {

using nlohmann::json;

// "08:00" → 480; "24:00" is the end of the day.
std::optional<int> ReadMinutes(ObjectReader& reader, std::string_view key) {
  const std::string text = reader.Text(key, true);
  if (text.empty()) return std::nullopt;
  const bool shaped = text.size() == 5 && text[2] == ':' && std::isdigit(text[0]) &&
                      std::isdigit(text[1]) && std::isdigit(text[3]) && std::isdigit(text[4]);
  const int hours = shaped ? (text[0] - '0') * 10 + (text[1] - '0') : -1;
  const int minutes = shaped ? (text[3] - '0') * 10 + (text[4] - '0') : -1;
  if (!shaped || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
    reader.errors().push_back({reader.PathOf(key), "use o formato HH:MM (00:00 a 24:00)"});
    return std::nullopt;
  }
  return hours * 60 + minutes;
}

collection::ContactHours ReadHours(ObjectReader& parent, std::string_view key) {
  collection::ContactHours hours;
  const json* object = parent.Object(key);
  if (object == nullptr) {
    parent.errors().push_back({parent.PathOf(key), "informe os horários de contato"});
    return hours;
  }
  ObjectReader reader(*object, parent.PathOf(key), parent.errors());
  for (std::size_t day = 0; day < 7; ++day) {
    const json* value = reader.Object(fiado::json::kWeekdayNames[day]);
    if (value == nullptr) continue;  // null or absent: closed
    ObjectReader day_reader(*value, reader.PathOf(fiado::json::kWeekdayNames[day]),
                            reader.errors());
    const auto open = ReadMinutes(day_reader, "open");
    const auto close = ReadMinutes(day_reader, "close");
    day_reader.RejectUnknown();
    if (open && close) hours.by_weekday[day] = {*open, *close};
  }
  reader.RejectUnknown();
  return hours;
}

std::map<std::string, collection::ContactHours> ReadByState(ObjectReader& parent) {
  std::map<std::string, collection::ContactHours> by_state;
  const json* object = parent.Object("by_state");
  if (object == nullptr) return by_state;
  ObjectReader reader(*object, parent.PathOf("by_state"), parent.errors());
  for (const auto& [uf, value] : object->items()) {
    const json* state = reader.Object(uf);
    if (state == nullptr) continue;
    ObjectReader state_reader(*state, reader.PathOf(uf), reader.errors());
    by_state[uf] = ReadHours(state_reader, "hours");
    state_reader.RejectUnknown();
  }
  return by_state;
}

core::Money ReadCents(ObjectReader& reader, std::string_view key) {
  const auto cents = reader.Integer(key);
  if (cents && *cents < 0) {
    reader.errors().push_back({reader.PathOf(key), "o valor não pode ser negativo"});
  }
  return core::Money::FromCents(cents.value_or(0));
}

collection::Audience ReadAudience(ObjectReader& parent) {
  collection::Audience audience;
  const json* object = parent.Object("audience");
  if (object == nullptr) return audience;
  ObjectReader reader(*object, parent.PathOf("audience"), parent.errors());
  const std::string tenure = reader.Text("tenure");
  if (!tenure.empty()) {
    if (auto parsed = collection::ParseTenure(tenure)) {
      audience.tenure = *parsed;
    } else {
      reader.errors().push_back({reader.PathOf("tenure"), "use any, new ou established"});
    }
  }
  audience.states = reader.TextArray("states");
  audience.min_open = ReadCents(reader, "min_open_cents");
  reader.RejectUnknown();
  return audience;
}

collection::Step ReadStep(const json& value, const std::string& path,
                          std::vector<core::FieldError>& errors) {
  ObjectReader reader(value, path, errors);
  collection::Step step;
  step.key = reader.Text("key", true);
  step.day_offset = static_cast<int>(
      std::clamp<std::int64_t>(reader.Integer("day_offset", true).value_or(0), -100000, 100000));
  const std::string action = reader.Text("action", true);
  if (auto parsed = collection::ParseAction(action)) {
    step.action = *parsed;
  } else if (!action.empty()) {
    errors.push_back({reader.PathOf("action"), "ação desconhecida"});
  }
  step.template_key = reader.Text("template_key");
  step.min_open = ReadCents(reader, "min_open_cents");
  step.audience = ReadAudience(reader);
  reader.RejectUnknown();
  return step;
}

}  // namespace

collection::CollectionSettings ReadCollectionSettings(const json& body,
                                                      std::vector<core::FieldError>& errors) {
  ObjectReader reader(body, "", errors);
  collection::CollectionSettings settings;
  if (auto minutes = ReadMinutes(reader, "run_time")) settings.run_minute = *minutes;
  settings.rules.daily_cap = static_cast<int>(
      std::clamp<std::int64_t>(reader.Integer("daily_cap", true).value_or(1), -1000, 1000));
  settings.rules.weekly_cap = static_cast<int>(
      std::clamp<std::int64_t>(reader.Integer("weekly_cap", true).value_or(3), -1000, 1000));
  settings.payment_link = reader.Text("payment_link");
  settings.rules.hours = ReadHours(reader, "hours");
  settings.rules.by_state = ReadByState(reader);
  reader.RejectUnknown();
  return settings;
}

collection::Policy ReadPolicy(const json& body, std::vector<core::FieldError>& errors) {
  ObjectReader reader(body, "", errors);
  collection::Policy policy;
  reader.Text("id");  // echoed back by editors; the path names the policy
  policy.name = reader.Text("name", true);
  policy.priority = static_cast<int>(
      std::clamp<std::int64_t>(reader.Integer("priority").value_or(100), -1000000, 1000000));
  policy.active = reader.Bool("active").value_or(true);
  policy.audience = ReadAudience(reader);
  policy.version = static_cast<int>(reader.Integer("version").value_or(0));
  if (const json* steps = reader.Array("steps")) {
    for (std::size_t i = 0; i < steps->size(); ++i) {
      policy.steps.push_back(ReadStep((*steps)[i], IndexPath("steps", i), errors));
    }
  }
  reader.Text("updated_at");  // echoed back by editors; ignored
  reader.Text("updated_by");
  reader.RejectUnknown();
  return policy;
}

collection::MessageTemplate ReadTemplate(const json& body, std::vector<core::FieldError>& errors) {
  ObjectReader reader(body, "", errors);
  collection::MessageTemplate t;
  t.key = reader.Text("key");
  t.name = reader.Text("name");
  const std::string channel = reader.Text("channel", true);
  if (auto parsed = collection::ParseAction(channel)) {
    t.channel = *parsed;
  } else if (!channel.empty()) {
    errors.push_back({"channel", "canal desconhecido"});
  }
  t.subject = reader.Text("subject");
  t.body = reader.Text("body", true);
  reader.Text("customer_id");  // the preview's; read by its handler
  reader.RejectUnknown();
  return t;
}

}  // namespace fiado::http
