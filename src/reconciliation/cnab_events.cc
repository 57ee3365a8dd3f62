#include "reconciliation/cnab_events.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/date.h"

namespace fiado::reconciliation {
namespace {

bool OneOf(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TitleAction ActionOf400(std::string_view bank, std::string_view occurrence) {
  if (occurrence == "02") return TitleAction::kRegistered;
  if (occurrence == "03") return TitleAction::kRegistrationRejected;
  if (bank == "104") {
    return OneOf(occurrence, {"21", "22"}) ? TitleAction::kPayment : TitleAction::kOther;
  }
  if (OneOf(occurrence, {"05", "06", "07", "08", "15", "17"})) return TitleAction::kPayment;
  return TitleAction::kOther;
}

std::string WithoutLeadingZeros(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  const auto first = digits.find_first_not_of('0');
  return first == std::string::npos ? std::string() : digits.substr(first);
}

std::string DateKey(const std::optional<core::Date>& date) {
  return date ? core::FormatIso(*date) : std::string("-");
}

}  // namespace

TitleAction ActionOf(const bankfiles::CnabFileInfo& info, std::string_view occurrence) {
  if (info.layout == bankfiles::CnabLayout::k400) return ActionOf400(info.bank_code, occurrence);
  if (OneOf(occurrence, {"06", "17"})) return TitleAction::kPayment;
  if (occurrence == "44") return TitleAction::kReturnedCheque;
  if (occurrence == "02") return TitleAction::kRegistered;
  if (occurrence == "03") return TitleAction::kRegistrationRejected;
  return TitleAction::kOther;
}

std::string EventKey(const bankfiles::CnabFileInfo& info, const stores::BankAgreement& agreement,
                     const bankfiles::ReturnTitle& title) {
  const std::string& account =
      agreement.agreement.empty() ? agreement.account : agreement.agreement;
  return fmt::format("cnab|{}|{}|{}|{}|{}|{}", info.bank_code, account, title.nosso_numero,
                     title.occurrence, DateKey(title.occurrence_date), title.paid.cents());
}

BankEvent EventOf(const bankfiles::CnabFileInfo& info, const stores::BankAgreement& agreement,
                  const bankfiles::ReturnTitle& title) {
  BankEvent event;
  event.key = EventKey(info, agreement, title);
  event.source = Source::kCnab;
  event.line = title.line;
  event.reference = title.nosso_numero;
  event.occurrence = title.occurrence;
  event.occurred_on = title.occurrence_date;
  event.paid = title.paid;
  event.fee = title.fee;
  event.charges = title.charges;
  event.face = title.face_value;
  event.payer_name = title.payer_name;
  for (const std::string& reason : title.reasons) {
    event.detail += (event.detail.empty() ? "motivos " : " ") + reason;
  }
  return event;
}

core::Status CheckFileAgreement(const bankfiles::CnabFileInfo& info,
                                const stores::BankAgreement& agreement) {
  if (info.bank_code != agreement.bank_code) {
    return core::Invalid("arquivo", fmt::format("arquivo do banco {}, mas o convênio da loja é do "
                                                "banco {}",
                                                info.bank_code, agreement.bank_code));
  }
  const std::string ours = WithoutLeadingZeros(agreement.agreement);
  const std::string theirs = WithoutLeadingZeros(info.agreement);
  if (!ours.empty() && !theirs.empty()) {
    if (theirs.find(ours) != std::string::npos) return {};
    return core::Invalid("arquivo", fmt::format("arquivo do convênio {}, mas o da loja é {}",
                                                info.agreement, agreement.agreement));
  }
  const std::string our_account = WithoutLeadingZeros(agreement.account);
  const std::string their_account = WithoutLeadingZeros(info.account);
  if (!our_account.empty() && !their_account.empty() &&
      their_account.find(our_account) == std::string::npos) {
    return core::Invalid("arquivo", fmt::format("arquivo da conta {}, mas a da loja é {}",
                                                info.account, agreement.account));
  }
  return {};
}

}  // namespace fiado::reconciliation
