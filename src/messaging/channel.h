// What a channel (SMTP, WhatsApp Cloud API, an SMS provider) is to the outbox worker: it
// takes one rendered message and answers sent (with the provider's id), a transient
// failure (retry later) or a permanent one (never retry), always with a reason. A channel
// never throws for a provider's answer, a timeout or garbage; the implementations live in
// messaging/providers (libcurl, JSON) so that this module knows no HTTP.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "customers/customer.h"
#include "messaging/settings.h"

namespace fiado::messaging {

struct Attachment {
  std::string filename{};      // "carne.pdf"
  std::string content_type{};  // "application/pdf"
  std::string data{};          // bytes
};

struct Outgoing {
  std::string message_id{};  // Fiado's id: Message-ID, WhatsApp biz_opaque_callback_data, {id}
  customers::Channel channel = customers::Channel::kEmail;
  std::string to{};       // "+5511987654321" or "ana@example.com"
  std::string to_name{};  // e-mail display name, may be empty
  std::string subject{};  // e-mail
  std::string text{};     // the plain text (SMS, WhatsApp text, e-mail text part)
  std::string html{};     // e-mail HTML part; empty = text only
  // Template variable → value, in the order the WhatsApp template's parameters take them
  // when the channel has no explicit parameter list for the template.
  std::string template_key{};
  std::vector<std::pair<std::string, std::string>> values{};
  std::vector<Attachment> attachments{};  // e-mail only
  std::string unsubscribe_url{};          // e-mail: List-Unsubscribe (one-click)
  // A free-text WhatsApp message (a reply inside the 24-hour window, e.g. the opt-out
  // confirmation) instead of a template.
  bool free_text = false;
};

// kUncertain: the request went out but no answer came back (a timeout or a connection
// lost after sending): the provider may have accepted it, so it is not retried by itself.
enum class Outcome { kSent, kTransient, kPermanent, kUncertain };

struct SendResult {
  Outcome outcome = Outcome::kPermanent;
  std::string provider_id{};  // kSent: the provider's id (wamid, SMS id, Message-ID)
  std::string reason{};       // failures: Portuguese, with the provider's own words
};

class Sender {
 public:
  virtual ~Sender() = default;
  // Blocking; bounded by the channel's timeout. One Sender is used by one thread at a
  // time (it may keep a connection open between calls).
  virtual SendResult Send(const Outgoing& message) = 0;
};

// Builds senders from a shop's settings. The worker asks one per (thread, store, channel)
// and keeps it while the settings' version is unchanged.
class SenderFactory {
 public:
  virtual ~SenderFactory() = default;
  // nullptr when the channel is not enabled in the settings.
  virtual std::unique_ptr<Sender> Make(customers::Channel channel,
                                       const MessagingSettings& settings) = 0;
};

}  // namespace fiado::messaging
