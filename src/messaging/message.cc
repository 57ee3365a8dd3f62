#include "messaging/message.h"

#include <array>

namespace fiado::messaging {
namespace {

struct StatusInfo {
  Status status;
  std::string_view name;
  std::string_view pt;
};

constexpr std::array<StatusInfo, 9> kStatusInfo = {{
    {Status::kQueued, "queued", "na fila"},
    {Status::kSending, "sending", "enviando"},
    {Status::kSent, "sent", "enviada"},
    {Status::kDelivered, "delivered", "entregue"},
    {Status::kRead, "read", "lida"},
    {Status::kFailed, "failed", "falhou"},
    {Status::kCancelled, "cancelled", "cancelada"},
    {Status::kUncertain, "uncertain", "envio incerto"},
    {Status::kManual, "manual", "aguardando envio manual"},
}};

constexpr std::array<std::pair<Source, std::string_view>, 3> kSourceNames = {{
    {Source::kCollection, "collection"},
    {Source::kTest, "test"},
    {Source::kOptOutConfirmation, "opt_out_confirmation"},
}};

const StatusInfo& InfoOf(Status status) {
  for (const StatusInfo& info : kStatusInfo) {
    if (info.status == status) return info;
  }
  return kStatusInfo.front();
}

}  // namespace

std::string_view StatusName(Status status) { return InfoOf(status).name; }
std::string_view StatusPt(Status status) { return InfoOf(status).pt; }

std::optional<Status> ParseStatus(std::string_view name) {
  for (const StatusInfo& info : kStatusInfo) {
    if (info.name == name) return info.status;
  }
  return std::nullopt;
}

bool IsDeadLetter(Status status) {
  return status == Status::kFailed || status == Status::kUncertain;
}

std::string_view SourceName(Source source) {
  for (const auto& [value, name] : kSourceNames) {
    if (value == source) return name;
  }
  return "collection";
}

std::optional<Source> ParseSource(std::string_view name) {
  for (const auto& [value, text] : kSourceNames) {
    if (text == name) return value;
  }
  return std::nullopt;
}

}  // namespace fiado::messaging
