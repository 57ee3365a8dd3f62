// The SenderFactory of the real channels: a Sender for each enabled channel, nullptr for
// one the shop has not enabled.

#include <memory>

#include "messaging/providers/curl_easy.h"
#include "messaging/providers/providers.h"

namespace fiado::messaging::providers {
namespace {

class RealSenderFactory final : public SenderFactory {
 public:
  std::unique_ptr<Sender> Make(customers::Channel channel,
                               const MessagingSettings& settings) override {
    switch (channel) {
      case customers::Channel::kEmail:
        return settings.email.enabled ? MakeSmtpSender(settings.email) : nullptr;
      case customers::Channel::kWhatsapp:
        return settings.whatsapp.enabled ? MakeWhatsappSender(settings.whatsapp) : nullptr;
      case customers::Channel::kSms:
        return settings.sms.enabled ? MakeSmsSender(settings.sms) : nullptr;
    }
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<SenderFactory> MakeSenderFactory() {
  internal::EnsureLibrariesReady();
  return std::make_unique<RealSenderFactory>();
}

}  // namespace fiado::messaging::providers
