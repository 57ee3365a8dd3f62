#include "app/slip_attachments.h"

#include <map>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/time_zone.h"

namespace fiado::app {

messaging::Prepared SlipAttachingCheck::Prepare(const messaging::Message& message,
                                                core::Instant now) {
  messaging::Prepared prepared = inner_.Prepare(message, now);
  if (prepared.kind == messaging::Prepared::Kind::kSend &&
      message.channel == messaging::Channel::kEmail) {
    Attach(message, now, prepared);
  }
  return prepared;
}

void SlipAttachingCheck::Attach(const messaging::Message& message, core::Instant now,
                                messaging::Prepared& prepared) {
  const auto settings = messages_.Settings(message.store_id);
  if (settings && !settings->email.attach_slips) return;
  const auto action = actions_.FindAction(message.store_id, message.id);
  const auto store = stores_.Find(message.store_id);
  if (!action || !store) return;
  const auto zone = core::TimeZone::Named(store->time_zone);
  if (!zone) return;
  std::map<std::string, documents::CarneRequest> by_sale;
  for (const auto& [installment, step] : action->action.steps) {
    documents::CarneRequest& request = by_sale[installment.sale_id.str()];
    request.sale_id = installment.sale_id;
    request.installments.push_back(installment.number);
    request.updated_to = zone->LocalDate(now);
  }
  for (const auto& [sale, request] : by_sale) {
    auto pdf = documents_.CarnePdf(message.store_id, request);
    if (!pdf) {
      spdlog::warn("outbox: no slip for message {} (sale {}): {}", message.id, sale,
                   pdf.error().message_pt);
      continue;
    }
    prepared.attachments.push_back({pdf->file_name, "application/pdf", std::move(pdf->bytes)});
  }
}

}  // namespace fiado::app
