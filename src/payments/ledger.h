// The ledger of a customer (STANDARDS §5.3, §5.6, §7.4): sales with their installments,
// payments with how each was allocated, and reversals. Entries are only ever added;
// everything else — what is open, the late charges at a date, an installment's status,
// the customer's credit — is derived from them by the pure functions below.
//
// Late charges are computed at a date, never stored in advance:
//  - the charge-free deadline of an installment is its due date or, when that is not a
//    business day, the next business day (Lei 7.089/1983); paying after it loses the
//    grace and charges count from the original due date (STJ REsp 1.954.924);
//  - late fee (multa) = round(face still open at the deadline × late-fee rate), once;
//  - moratory interest = round(monthly rate × Σ open face × calendar days late / 30),
//    simple, over the open face day by day from the due date, rounded once;
//  - what earlier payments paid of each is subtracted.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/id.h"
#include "core/money.h"
#include "core/rate.h"
#include "sales/sale.h"

namespace fiado::payments {

struct PaymentTag {};
using PaymentId = core::Id<PaymentTag>;

enum class InstallmentStatus { kOpen, kPartiallyPaid, kPaid, kRenegotiated, kWrittenOff };
std::string_view StatusName(InstallmentStatus status);  // "open", "partially_paid", ...
// Open or partially paid: still owed and still accruing.
bool IsOpen(InstallmentStatus status);

// Which installment: the sale and its number (1..n).
struct InstallmentRef {
  sales::SaleId sale_id{};
  int number = 0;
  friend auto operator<=>(const InstallmentRef&, const InstallmentRef&) = default;
};

// What one payment did to one installment. principal + discount reduce the face.
struct AllocationLine {
  InstallmentRef installment{};
  core::Money late_fee{};
  core::Money interest{};
  core::Money principal{};
  core::Money discount;  // early-payment reduction of interest (art. 52 §2); not money
  core::Money Cash() const { return late_fee + interest + principal; }
  friend bool operator==(const AllocationLine&, const AllocationLine&) = default;
};

struct Reversal {
  core::Date on{};
  std::string reason{};
  core::Instant recorded_at{};
  std::string recorded_by{};
};

struct Payment {
  PaymentId id{};
  core::StoreId store_id{};
  customers::CustomerId customer_id{};
  core::Date paid_on{};
  core::Money amount;  // cash received (0 when the payment only used credit)
  sales::PaymentMethod method = sales::PaymentMethod::kCash;
  std::vector<AllocationLine> lines{};
  // Signed change of the customer's credit: > 0 overpayment kept, < 0 credit used.
  core::Money credit_change{};
  std::optional<sales::SaleId> down_payment_of{};  // set for the down payment of a sale
  std::optional<Reversal> reversal{};
  std::string idempotency_key{};
  std::string memo{};
  core::Instant recorded_at{};
  std::string recorded_by{};
  // Cash in = cash allocated + credit kept − credit used; FIADO_CHECKed on posting.
  core::Money Allocated() const;
};

// The terms an installment carries for its whole life (copied from the sale).
struct InstallmentTerms {
  InstallmentRef ref{};
  core::Date sale_date{};
  core::Date due_date{};
  core::Money amount{};             // face value
  core::Money contract_interest{};  // the Price interest inside it
  core::Rate contract_monthly_rate{};
  core::Rate late_fee_rate{};
  core::Rate moratory_monthly_rate{};
};

// A payment's effect on one installment, as the position calculation sees it.
struct Settlement {
  core::Date on{};
  core::Money late_fee{};
  core::Money interest{};
  core::Money principal{};
  core::Money discount{};
};

// An installment at a date.
struct Position {
  InstallmentStatus status = InstallmentStatus::kOpen;
  core::Date charge_free_until{};  // due date or the next business day
  int days_late = 0;               // calendar days after the due date; 0 while in grace
  core::Money principal_open{};    // face − principal paid − discounts
  core::Money late_fee_total{};    // charged up to the date
  core::Money interest_total{};
  core::Money late_fee_open{};  // charged − paid
  core::Money interest_open{};
  core::Money paid;  // cash allocated (fee + interest + principal)
  core::Money discount{};
  core::Money UpdatedValue() const { return principal_open + late_fee_open + interest_open; }
};

// The position of one installment on `as_of`, given the settlements effective on that
// date (in any order; those dated after `as_of` are ignored). Charges accrue only while
// some face is open.
Position PositionAt(const InstallmentTerms& terms, std::span<const Settlement> settlements,
                    const core::BusinessCalendar& calendar, core::Date as_of);

// What paying `cash` today on an installment not yet due settles (art. 52 §2): the face
// is discounted at the contract rate, compounded, for the calendar days left until the
// due date (days/30 months), and all the discounts of one installment together never exceed the
// contract interest carried by the face they settled. Returns the face value that `cash` settles (≤
// `open_face`).
struct EarlySettlement {
  core::Money cash{};       // what is taken from the payment
  core::Money principal{};  // face settled by that cash
  core::Money discount{};   // principal − cash
};
// `discounted_before`: what earlier payments already took off this installment.
EarlySettlement SettleEarly(const InstallmentTerms& terms, core::Money open_face,
                            core::Money cash_available, core::Date paid_on,
                            core::Money discounted_before = core::Money());

// An installment taken off the open portfolio: renegotiated into an agreement or written
// off as a loss. From `on`, its status is the closure's and no charges accrue.
struct Closure {
  InstallmentRef installment{};
  InstallmentStatus kind = InstallmentStatus::kWrittenOff;  // or kRenegotiated
  core::Date on{};
  std::string reason{};
  core::Instant recorded_at{};
  std::string recorded_by{};
};

// Everything of one customer that the ledger needs, as loaded from storage.
struct Book {
  customers::CustomerId customer_id{};
  std::vector<sales::Sale> sales{};  // by sale date, then creation
  std::vector<Payment> payments{};   // by recording order
  std::vector<Closure> closures{};
};

// The terms of every installment of the book, oldest due first (then sale, number).
std::vector<InstallmentTerms> TermsOf(const Book& book);

// The settlements of `ref` effective on `as_of`: payments dated on or before it and not
// reversed by then. A payment reversed on or before `as_of` counts as never made.
std::vector<Settlement> SettlementsOf(const Book& book, const InstallmentRef& ref,
                                      core::Date as_of);

// The customer's credit balance on `as_of` (Σ credit_change of effective payments).
core::Money CreditOn(const Book& book, core::Date as_of);

struct InstallmentView {
  InstallmentTerms terms{};
  Position position{};
};
// Every installment of the book with its position on `as_of`, oldest due first.
std::vector<InstallmentView> PositionsOn(const Book& book, const core::BusinessCalendar& calendar,
                                         core::Date as_of);

// Σ principal_open over the book's open or partially paid installments on `as_of`: the
// amount the credit limit is measured against.
core::Money OpenPrincipal(const Book& book, const core::BusinessCalendar& calendar,
                          core::Date as_of);

}  // namespace fiado::payments
