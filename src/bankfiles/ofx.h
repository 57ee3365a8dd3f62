// OFX bank statements (OFX 1.x SGML, as Brazilian banks export them, and OFX 2 XML) read
// through libofx, and a pure matcher that pairs the statement's credits with the shop's
// open installments. A Statement holds exact centavos, the dates the bank wrote and UTF-8
// text; the matcher never decides alone what a person must confirm (only a txid of ours
// together with the exact amount is "certain").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"
#include "customers/customer.h"
#include "payments/ledger.h"

namespace fiado::bankfiles {

// OFX <TRNTYPE>.
enum class OfxTransactionType {
  kCredit,
  kDebit,
  kInterest,
  kDividend,
  kFee,
  kServiceCharge,
  kDeposit,
  kAtm,
  kPointOfSale,
  kTransfer,
  kCheck,
  kPayment,
  kCash,
  kDirectDeposit,
  kDirectDebit,
  kRepeatPayment,
  kOther,
};
// "credit", "debit", "interest", "dividend", "fee", "service_charge", "deposit", "atm",
// "pos", "transfer", "check", "payment", "cash", "direct_deposit", "direct_debit",
// "repeat_payment", "other".
std::string_view OfxTransactionTypeName(OfxTransactionType type);

// <BANKACCTFROM>/<CCACCTFROM> as written (leading zeros and dashes kept).
struct StatementAccount {
  std::string bank_id{};     // <BANKID>, "0341"; empty for card statements
  std::string branch_id{};   // <BRANCHID>, "1234"; empty when absent
  std::string account_id{};  // <ACCTID>, "56789-0"
  friend bool operator==(const StatementAccount&, const StatementAccount&) = default;
};

// One <STMTTRN>. Text is UTF-8; fields the file lacks are empty.
struct StatementTransaction {
  std::string fitid{};  // the bank's id of the transaction; not checked unique (banks repeat)
  OfxTransactionType type = OfxTransactionType::kOther;
  core::Date posted_on{};      // the date part of <DTPOSTED> exactly as the bank wrote it
  core::Money amount{};        // signed: > 0 is money in
  std::string name{};          // <NAME>
  std::string memo{};          // <MEMO>
  std::string payee_id{};      // <PAYEEID>
  std::string check_number{};  // <CHECKNUM>
  bool IsCredit() const { return amount.IsPositive(); }
};

struct Statement {
  StatementAccount account{};
  std::string currency{};                            // <CURDEF>, ISO 4217; always "BRL"
  std::optional<core::Date> starts_on{};             // <DTSTART> as written
  std::optional<core::Date> ends_on{};               // <DTEND> as written
  std::vector<StatementTransaction> transactions{};  // in file order
};

// Reads the OFX file at `path`: exactly one bank or card statement in reais. Every error is
// kInvalidArgument on field "arquivo" with a Portuguese message: unreadable or empty file,
// not OFX, truncated (no </OFX>, or fewer transactions read than the file has), several
// accounts, another currency, a transaction without FITID, date or readable amount, one
// that libofx read differently from what is written, or one that corrects another
// (<CORRECTFITID>, not supported). Calls are serialised (libofx keeps global state).
//
// libofx parses; the text of each <STMTTRN> as written checks it and supplies what it
// loses. What libofx 0.10.9 does, and what is done about it:
//  - its return code is an error for any deviation from the OFX DTD (no <LEDGERBAL>,
//    elements out of order, unknown tags), which real bank files have, after delivering
//    the data: it is ignored, and completeness is checked here instead;
//  - it silently drops elements out of DTD order or after an unknown tag (a NAME or MEMO
//    before CHECKNUM, a FITID), reads an absent TRNAMT as 0 and "1.234,56" as 1.234: a
//    FITID or NAME/MEMO it lost is taken as written (entities left undecoded), and the
//    amount must equal the written one;
//  - it turns dates into UTC instants (a date alone is 10:59 UTC, a time with a zone is
//    shifted, so 23:30 of the 17th at -3 is the 18th, and "[-0300]" is read as -300 hours):
//    dates are the 8 digits written, paired with libofx's transactions in file order
//    (checked by FITID);
//  - it gives amounts as double (atof); MoneyFromOfxAmount recovers the written decimals;
//  - it converts SGML text from the declared CHARSET but stops a text at the first byte its
//    iconv rejects, and passes OFX 2 XML bytes unconverted: it is given a copy of the file
//    as UTF-8 declared so (bytes that are valid UTF-8 are taken as UTF-8 whatever the
//    header says; others as Windows-1252);
//  - its text fields are fixed arrays, not NUL-terminated when full (a MEMO keeps 391
//    bytes) and possibly cut inside a UTF-8 sequence, which is dropped;
//  - it prints diagnostics to stderr: they are switched off.
core::Result<Statement> ReadOfx(const std::string& path);

// The centavos of an amount libofx parsed with atof. The shortest decimal text that reads
// back as the same double is the text the file had, whenever that had at most 15
// significant digits (every |amount| < 10^13 reais with 2 decimals), so this is exact where
// llround(amount * 100) is not (1.005 is 1.00499999999999989… as a double). Decimals
// beyond the centavo are rounded half away from zero on the written digits: 1.005 → 1,01;
// -1.005 → -1,01. NaN, infinities and |amount| ≥ 10^13 are an Error on "arquivo".
core::Result<core::Money> MoneyFromOfxAmount(double amount);

// ---------------------------------------------------------------------------------------
// Matching credits to open installments.

// An installment still owed, as the caller sees it on the statement's credit dates.
struct OpenInstallment {
  payments::InstallmentRef installment{};
  customers::CustomerId customer_id{};
  std::string customer_name{};
  std::string txid{};  // "FD0000000042", or empty when the installment has no code yet
  core::Date due_date{};
  core::Money updated_value{};  // what it costs on the credit's date, computed by the caller
  core::Money face_value{};
};

enum class MatchConfidence { kCertain, kProbable, kNone };
std::string_view MatchConfidenceName(MatchConfidence confidence);  // "certain", ...

struct CreditMatch {
  const StatementTransaction* credit = nullptr;  // into the span given to MatchCredits
  std::optional<OpenInstallment> installment{};  // set for kCertain and kProbable
  MatchConfidence confidence = MatchConfidence::kNone;
  int score_0_100 = 0;   // 100 certain … 0 none; orders a review screen, nothing more
  std::string reason{};  // Portuguese: "txid FD0000000042 no histórico e valor igual"
  std::vector<OpenInstallment> candidates{};  // when ambiguous: up to 5, closest due first
};

// Due dates an amount-only match accepts, relative to the credit's date (due − credit).
inline constexpr int kMatchDueFromDays = -5;
inline constexpr int kMatchDueToDays = 35;
inline constexpr std::size_t kMaxMatchCandidates = 5;

// One CreditMatch per credit (amount > 0) of `credits`, in their order; debits and zero
// amounts are skipped. Pure, no I/O; about O(credits + open) with hash indexes by txid and
// by amount. The txids of `open` are unique (FIADO_CHECK). Rules:
//  1. Txid. The memo, name and FITID are scanned for "FD" + ≥ 10 digits (either case);
//     the run of digits, or its first 10, must be the txid of an open installment.
//      - one such installment, amount = its updated or face value → kCertain (100 or 95);
//      - one, amount differs → kProbable (75): a partial or late payment, a person looks;
//      - several different ones → kNone, listed as candidates;
//     Credits whose amount equals are resolved first, so an exact payment wins the
//     installment over a differing one, whatever their order in the statement.
//  2. One credit per installment. An installment already taken by an earlier credit of
//     this statement is never taken again: a second credit with its txid is kProbable (50,
//     "possível pagamento em duplicidade") and amount matching skips it (rule 3).
//  3. Amount, for credits with no txid of an open installment. The candidates are the
//     installments not yet taken whose updated or face value equals the amount and whose
//     due date lies kMatchDueFromDays..kMatchDueToDays from the credit's date:
//      - exactly one → kProbable (65 on the updated value, 60 on the face), never
//        kCertain: money without our txid needs a person's confirmation;
//      - several → kNone with up to kMaxMatchCandidates ("3 parcelas com o mesmo valor");
//      - none, but some taken by another credit → kNone listing those;
//      - none → kNone.
//     A txid-shaped text that names no open installment is only mentioned in the reason.
std::vector<CreditMatch> MatchCredits(std::span<const StatementTransaction> credits,
                                      std::span<const OpenInstallment> open);

}  // namespace fiado::bankfiles
