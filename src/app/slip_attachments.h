// The updated carnê slips of a collection e-mail: a SendCheck around the régua's that, when
// the shop's e-mail settings ask for it (attach_slips), attaches to each collection e-mail
// about to leave the PDF slips of its installments, charging today's updated amounts
// (with their Pix and boleto codes). A slip that cannot be drawn leaves the e-mail without
// it: the message is never held back for an attachment.
#pragma once

#include "collection/repository.h"
#include "documents/service.h"
#include "messaging/repository.h"
#include "messaging/worker.h"
#include "stores/store.h"

namespace fiado::app {

class SlipAttachingCheck final : public messaging::SendCheck {
 public:
  SlipAttachingCheck(messaging::SendCheck& inner, collection::CollectionRepository& actions,
                     documents::DocumentService& documents, messaging::MessageRepository& messages,
                     stores::StoreRepository& stores)
      : inner_(inner),
        actions_(actions),
        documents_(documents),
        messages_(messages),
        stores_(stores) {}

  messaging::Prepared Prepare(const messaging::Message& message, core::Instant now) override;

 private:
  void Attach(const messaging::Message& message, core::Instant now, messaging::Prepared& prepared);

  messaging::SendCheck& inner_;
  collection::CollectionRepository& actions_;
  documents::DocumentService& documents_;
  messaging::MessageRepository& messages_;
  stores::StoreRepository& stores_;
};

}  // namespace fiado::app
