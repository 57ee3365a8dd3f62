// The customer statement (extrato) as of a date: every sale, payment and reversal up to
// it in order, each installment with its position, and the totals: what is open, its
// updated value with late charges on that date, and the customer's credit.
#pragma once

#include <string>
#include <vector>

#include "payments/ledger.h"

namespace fiado::payments {

enum class EventKind { kSale, kDownPayment, kPayment, kReversal, kClosure };
std::string_view EventKindName(EventKind kind);  // "sale", "down_payment", ...

struct StatementEvent {
  core::Date on{};
  EventKind kind = EventKind::kSale;
  std::string reference_id{};           // sale or payment id
  core::Money amount{};                 // sale: financed; payment: cash; reversal: −cash
  std::string description{};            // sale description, payment method, reversal reason
  std::vector<AllocationLine> lines{};  // for payments and reversals (negated)
  core::Money credit_change{};
};

struct StatementTotals {
  core::Money principal_open{};
  core::Money late_fee_open{};
  core::Money interest_open{};
  core::Money updated_value{};  // principal + charges
  core::Money overdue_value{};  // updated value of installments past their deadline
  core::Money credit{};         // customer credit available
  int open_installments = 0;
  int overdue_installments = 0;
};

struct Statement {
  customers::CustomerId customer_id{};
  core::Date as_of{};
  std::vector<StatementEvent> events{};         // oldest first
  std::vector<InstallmentView> installments{};  // oldest due first
  StatementTotals totals{};
};

Statement BuildStatement(const Book& book, const core::BusinessCalendar& calendar,
                         core::Date as_of);

}  // namespace fiado::payments
