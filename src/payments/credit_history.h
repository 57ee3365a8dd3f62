// What the credit module needs from a customer's book: the payment history the behavioural
// score reads, the monthly commitment affordability checks, the installments paid on time
// the limit ladder counts, and the figures of profitability.
#pragma once

#include "core/calendar.h"
#include "core/date.h"
#include "core/money.h"
#include "credit/behaviour.h"
#include "credit/profitability.h"
#include "payments/ledger.h"

namespace fiado::payments {

// Installments (with the date each became fully paid, or its renegotiation), tenure and
// the principal open on `today`. Promises, agreements and the limit are left for the
// caller. Payments dated after `today`, or reversed by then, do not count.
credit::BehaviourHistory BehaviourHistoryOf(const Book& book, core::Date today);

// One installment a month of every sale with something still open: what the customer
// already pays per month to this shop.
core::Money MonthlyCommitment(const Book& book, core::Date today);

// Installments fully paid on or before their due date, paid on or after `since`.
int PaidOnTimeSince(const Book& book, core::Date since, core::Date today);

// Principal financed, interest and charges received, discounts and losses (written off, or
// more than `loss_after_days` late on `today`). Name and id are left for the caller.
credit::CustomerFigures FiguresOf(const Book& book, const core::BusinessCalendar& calendar,
                                  core::Date today, int loss_after_days = 180);

}  // namespace fiado::payments
