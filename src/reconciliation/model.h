// What the banks tell a shop about its money — CNAB return titles, Pix notifications,
// statement credits — normalised as bank events, and the reconciliation queue where a
// person settles what could not be matched. Events are only ever added: the key of each
// (its idempotency key) is unique per shop, so reading the same file or notification
// again adds nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "customers/customer.h"
#include "payments/ledger.h"

namespace fiado::reconciliation {

enum class Source { kCnab, kPix, kStatement };
std::string_view SourceName(Source source);  // "cnab", "pix", "statement"
std::optional<Source> ParseSource(std::string_view name);

// What Fiado did with an event.
enum class Outcome {
  kPosted,                // a payment was posted
  kAlreadyImported,       // the same event was read before; nothing changed
  kQueued,                // waits in the reconciliation queue for a person
  kRegistered,            // the bank confirmed the boleto's registration (CNAB 02)
  kRegistrationRejected,  // the bank refused it (CNAB 03); the reasons are in the note
  kReversed,              // a cheque came back (CNAB 44): the payment was reversed
  kInformational,         // anything else (baixa, tarifa, alteração…), kept for the record
};
std::string_view OutcomeName(Outcome outcome);  // "posted", "already_imported", ...
std::optional<Outcome> ParseOutcome(std::string_view name);

// One thing the bank says happened.
struct BankEvent {
  std::string key{};  // idempotency key, unique in the shop
  Source source = Source::kCnab;
  std::int64_t line = 0;                    // line of the file; 0 for notifications
  std::string reference{};                  // nosso número, txid or the statement's FITID
  std::string occurrence{};                 // CNAB movement code, "pix", "credito"
  std::optional<core::Date> occurred_on{};  // the payment's date
  core::Money paid{};
  core::Money fee{};      // what the bank charged the shop
  core::Money charges{};  // late fee and interest the payer paid
  core::Money face{};     // face value the bank knows
  std::string payer_name{};
  std::string detail{};  // end-to-end id, memo, the bank's reasons
};

// The installment a payment code (sequence) was issued for, and its customer.
struct Located {
  payments::InstallmentRef installment{};
  customers::CustomerId customer_id{};
  std::int64_t sequence = 0;
};

// What an event asks of the ledger.
enum class TitleAction {
  kPayment,               // money in: post it
  kReturnedCheque,        // the cheque that paid it came back: reverse
  kRegistered,            // registration confirmed
  kRegistrationRejected,  // registration refused
  kOther,                 // recorded only
};

// An event on its way to the ledger: the installment is found through `sequence` (the
// payment code of the nosso número or txid), nullopt when the reference names none.
struct PendingEvent {
  BankEvent event{};
  TitleAction action = TitleAction::kOther;
  std::optional<std::int64_t> sequence{};
  std::optional<Located> located{};  // already known (a statement match): no lookup
  std::string unmatched_reason{};    // why it names no installment, when the caller knows
};

sales::PaymentMethod MethodOf(Source source);  // boleto, pix, transfer

// An event as stored, with what was done about it.
struct EventRecord {
  BankEvent event{};
  Outcome outcome = Outcome::kInformational;
  std::string import_id{};  // empty for notifications
  std::optional<payments::InstallmentRef> installment{};
  std::optional<payments::PaymentId> payment_id{};
  std::string note{};  // why it was queued, the bank's rejection reasons
  core::Instant recorded_at{};
};

enum class Resolution { kAssigned, kDismissed };

// How a person settled a queue item: assigned to an installment (a payment was posted)
// or dismissed, always with a reason.
struct QueueResolution {
  Resolution action = Resolution::kDismissed;
  std::optional<payments::InstallmentRef> installment{};
  std::optional<payments::PaymentId> payment_id{};
  std::string reason{};
  core::Instant resolved_at{};
  std::string resolved_by{};
};

struct QueueItem {
  std::string id{};
  core::StoreId store_id{};
  BankEvent event{};
  std::string reason{};  // why it could not be posted by itself
  std::string import_id{};
  core::Instant created_at{};
  std::optional<QueueResolution> resolution{};
};

// A problem that made a file unreadable or refused.
struct FileProblem {
  std::int64_t line = 0;
  std::string field{};
  std::string message{};
};

// The result of one import of a file.
struct ImportReport {
  std::string id{};
  core::StoreId store_id{};
  std::string kind{};  // "cnab240", "cnab400", "ofx"
  std::string file_name{};
  std::string file_sha256{};
  std::string bank_code{};
  std::string agreement{};
  std::string duplicate_of{};  // an earlier import of the same bytes
  bool refused = false;        // problems: nothing was imported
  std::vector<FileProblem> problems{};
  std::int64_t records = 0;  // titles, transactions
  std::int64_t posted = 0;
  std::int64_t already_imported = 0;
  std::int64_t queued = 0;
  std::int64_t registered = 0;
  std::int64_t registration_rejected = 0;
  std::int64_t reversed = 0;
  std::int64_t informational = 0;
  core::Money posted_total{};
  core::Money already_imported_total{};
  core::Money queued_total{};
  core::Money fee_total{};
  core::Instant started_at{};
  core::Instant finished_at{};
  std::string started_by{};
  void Count(const EventRecord& record);
};

// A Pix payment notified by a provider (BCB Pix API: {"pix":[{endToEndId, txid, valor,
// horario, infoPagador}]}), already parsed.
struct PixNotification {
  std::string end_to_end_id{};
  std::string txid{};
  core::Money amount{};
  core::Instant paid_at{};
  std::string payer_info{};
};

// A provider allowed to notify Pix payments to a shop: the path segment it calls
// (/webhooks/pix/{id}) and how it proves itself.
enum class WebhookAuth { kToken, kHmacSha256 };
std::string_view WebhookAuthName(WebhookAuth auth);  // "token", "hmac-sha256"
std::optional<WebhookAuth> ParseWebhookAuth(std::string_view name);

struct PixWebhook {
  std::string id{};
  core::StoreId store_id{};
  std::string provider{};  // the shop's name for it: "Banco X", "Gerencianet"
  WebhookAuth auth = WebhookAuth::kToken;
  std::string secret{};  // the shared secret (kept: an HMAC needs it)
  core::Instant created_at{};
  std::string created_by{};
  bool revoked = false;
};

}  // namespace fiado::reconciliation
