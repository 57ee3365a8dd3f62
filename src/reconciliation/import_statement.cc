// Importing an OFX bank statement: its credits are matched to open installments
// (bankfiles::MatchCredits); the certain ones post, the rest wait in the queue.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "bankfiles/ofx.h"
#include "payments/codes.h"
#include "reconciliation/digest.h"
#include "reconciliation/service.h"

namespace fiado::reconciliation {
namespace {

using bankfiles::CreditMatch;
using bankfiles::StatementTransaction;

// Every "FD" + 10 digits in the credit's texts.
void CollectSequences(const StatementTransaction& credit, std::vector<std::int64_t>& out) {
  for (const std::string* text : {&credit.memo, &credit.name, &credit.fitid}) {
    for (std::size_t at = text->find("FD"); at != std::string::npos;
         at = text->find("FD", at + 1)) {
      if (auto sequence = payments::SequenceOfTxid(text->substr(at, 12))) out.push_back(*sequence);
    }
  }
}

BankEvent EventOf(const bankfiles::Statement& statement, const StatementTransaction& credit) {
  BankEvent event;
  event.key =
      fmt::format("ofx|{}|{}|{}|{}|{}", statement.account.bank_id, statement.account.account_id,
                  credit.fitid, core::FormatIso(credit.posted_on), credit.amount.cents());
  event.source = Source::kStatement;
  event.reference = credit.fitid;
  event.occurrence = "credito";
  event.occurred_on = credit.posted_on;
  event.paid = credit.amount;
  event.payer_name = credit.name;
  event.detail = credit.memo;
  return event;
}

std::string UnmatchedReason(const CreditMatch& match) {
  std::string reason = match.reason.empty() ? "nenhuma parcela corresponde" : match.reason;
  if (match.confidence == bankfiles::MatchConfidence::kProbable && match.installment) {
    reason += fmt::format(" (provável: {}, parcela {})", match.installment->customer_name,
                          match.installment->installment.number);
  }
  return reason;
}

PendingEvent PendingOf(const bankfiles::Statement& statement, const CreditMatch& match) {
  PendingEvent pending{EventOf(statement, *match.credit), TitleAction::kPayment};
  if (match.confidence == bankfiles::MatchConfidence::kCertain && match.installment) {
    pending.located = Located{match.installment->installment, match.installment->customer_id, 0};
  } else {
    pending.unmatched_reason = UnmatchedReason(match);
  }
  return pending;
}

}  // namespace

core::Result<ImportReport> ReconciliationService::ImportStatement(const core::Actor& actor,
                                                                  const std::string& path,
                                                                  const std::string& file_name) {
  auto opened = OpenReport(actor, path, file_name);
  if (!opened) return opened;
  ImportReport report = std::move(*opened);
  report.kind = "ofx";
  auto statement = bankfiles::ReadOfx(path);
  if (!statement) {
    report.refused = true;
    report.problems.push_back({0, statement.error().field, statement.error().message_pt});
  } else {
    report.bank_code = statement->account.bank_id;
    report.agreement = statement->account.account_id;
    SettleStatement(actor, *statement, report);
  }
  report.finished_at = clock_.Now();
  repository_.SaveImport(report);
  return report;
}

void ReconciliationService::SettleStatement(const core::Actor& actor,
                                            const bankfiles::Statement& statement,
                                            ImportReport& report) {
  std::vector<StatementTransaction> credits;
  std::vector<std::int64_t> sequences;
  for (const auto& transaction : statement.transactions) {
    if (!transaction.IsCredit()) continue;
    credits.push_back(transaction);
    CollectSequences(transaction, sequences);
  }
  if (credits.empty()) return;
  std::sort(credits.begin(), credits.end(),
            [](const auto& a, const auto& b) { return a.posted_on < b.posted_on; });
  const auto days = [](int n) { return std::chrono::days{n}; };
  const core::Date from{std::chrono::sys_days{credits.front().posted_on} +
                        days(bankfiles::kMatchDueFromDays)};
  const core::Date to{std::chrono::sys_days{credits.back().posted_on} +
                      days(bankfiles::kMatchDueToDays)};
  const auto open = repository_.OpenInstallments(actor.store_id, from, to, sequences);
  std::vector<PendingEvent> pending;
  for (const CreditMatch& match : bankfiles::MatchCredits(credits, open)) {
    pending.push_back(PendingOf(statement, match));
  }
  for (const EventRecord& record : Settle(actor, report.id, pending)) report.Count(record);
}

}  // namespace fiado::reconciliation
