// CollectionService::PrepareMessage: the régua's last word on a message about to leave.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "collection/service.h"
#include "collection/shop.h"

namespace fiado::collection {
namespace {

constexpr std::chrono::seconds kShopCacheTtl{60};

messaging::Prepared Cancel(std::string reason) {
  messaging::Prepared prepared;
  prepared.kind = messaging::Prepared::Kind::kCancel;
  prepared.reason = std::move(reason);
  return prepared;
}

StepAction StepOf(customers::Channel channel) {
  switch (channel) {
    case customers::Channel::kWhatsapp:
      return StepAction::kWhatsapp;
    case customers::Channel::kSms:
      return StepAction::kSms;
    case customers::Channel::kEmail:
      return StepAction::kEmail;
  }
  return StepAction::kEmail;
}

std::size_t IndexOf(customers::Channel channel) {
  return static_cast<std::size_t>(
      std::find(customers::kChannels.begin(), customers::kChannels.end(), channel) -
      customers::kChannels.begin());
}

// The account narrowed to `keep`.
Account Narrowed(const Account& account,
                 const std::function<bool(const AccountInstallment&)>& keep) {
  Account narrowed = account;
  narrowed.installments.clear();
  for (const AccountInstallment& installment : account.installments) {
    if (keep(installment)) narrowed.installments.push_back(installment);
  }
  return narrowed;
}

// Why the account may not be contacted now; empty when it may.
std::string Hold(const Account& account, customers::Channel channel, core::Date today) {
  if (account.exempt) return "o cliente foi isentado da cobrança";
  for (const Pause& pause : account.pauses) {
    if (!pause.IsActiveOn(today)) continue;
    switch (pause.kind) {
      case PauseKind::kPromise:
        return "há uma promessa de pagamento em vigor";
      case PauseKind::kAgreement:
        return "há um acordo em aberto";
      case PauseKind::kDispute:
        return "há uma contestação em aberto";
    }
  }
  if (!account.consent[IndexOf(channel)])
    return "o cliente retirou o consentimento para este canal";
  return "";
}

}  // namespace

std::shared_ptr<const CollectionService::Shop> CollectionService::CachedShop(
    const core::StoreId& store_id, core::Instant now) {
  {
    std::lock_guard lock(shops_mutex_);
    auto found = shops_.find(store_id.str());
    if (found != shops_.end() && now < found->second.first + kShopCacheTtl &&
        now >= found->second.first) {
      return found->second.second;
    }
  }
  auto shop = ShopOf(store_id, std::nullopt);
  if (!shop) throw std::runtime_error(shop.error().message_pt);
  std::shared_ptr<const Shop> shared = std::move(*shop);
  std::lock_guard lock(shops_mutex_);
  shops_[store_id.str()] = {now, shared};
  return shared;
}

messaging::Prepared CollectionService::PrepareMessage(const messaging::Message& message,
                                                      core::Instant now) {
  const auto stored = repository_.FindAction(message.store_id, message.id);
  if (!stored || !message.customer_id) return Cancel("a ação da régua não foi encontrada");
  const auto shop = CachedShop(message.store_id, now);
  ShopContext context = shop->context;
  context.now = now;
  context.today = shop->zone.LocalDate(now);
  const auto customer = customers_.Find(message.store_id, *message.customer_id);
  if (!customer) return Cancel("o cliente não foi encontrado");
  const auto account = repository_.AccountOf(message.store_id, *message.customer_id, shop->due_from,
                                             shop->due_to, context.today, shop->zone);
  std::set<payments::InstallmentRef> own;
  for (const auto& [ref, step] : stored->action.steps) own.insert(ref);
  auto is_own = [&](const AccountInstallment& i) { return own.contains(i.terms.ref) && !i.exempt; };
  if (!account || ValuesFor(context, Narrowed(*account, is_own)).installments.empty()) {
    return Cancel("as parcelas desta mensagem foram pagas ou isentadas depois da decisão");
  }
  if (std::string hold = Hold(*account, message.channel, context.today); !hold.empty()) {
    return Cancel(std::move(hold));
  }
  messaging::Prepared prepared;
  prepared.recipient_name = customer->full_name;
  if (message.channel == customers::Channel::kEmail) {
    prepared.recipient = customer->email;
  } else if (!customer->phones_e164.empty()) {
    prepared.recipient = customer->phones_e164.front();
  }
  if (prepared.recipient.empty()) return Cancel("o cliente não tem mais contato para este canal");
  const ContactHours hours = HoursFor(context.rules, account->state);
  if (!IsAllowed(hours, shop->calendar, shop->zone, now)) {
    const auto next = NextAllowedMoment(hours, shop->calendar, shop->zone, now);
    if (!next) return Cancel("não há horário permitido de contato nos próximos 14 dias");
    prepared.kind = messaging::Prepared::Kind::kDefer;
    prepared.defer_to = *next;
    prepared.reason = "fora do horário permitido de contato";
    return prepared;
  }
  const Account listed = Narrowed(*account, [&](const AccountInstallment& i) {
    return !i.exempt && (own.contains(i.terms.ref) || i.terms.due_date <= context.today);
  });
  const TemplateValues values = ValuesFor(context, listed);
  const auto found =
      std::find_if(context.templates.begin(), context.templates.end(),
                   [&](const MessageTemplate& t) { return t.key == message.template_key; });
  if (found == context.templates.end() || found->channel != StepOf(message.channel)) {
    prepared.subject = message.subject;  // the template is gone: the text decided that day
    prepared.text = message.body;
    return prepared;
  }
  prepared.subject = RenderTemplate(found->subject, values);
  prepared.text = RenderTemplate(found->body, values);
  prepared.values = TemplateParameters(found->body, values);
  return prepared;
}

}  // namespace fiado::collection
