#include "storage/ledger_repository.h"

#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "storage/audit_log.h"
#include "storage/columns.h"
#include "storage/credit_repository.h"
#include "storage/customer_repository.h"

namespace fiado::storage {
namespace {

using payments::Book;
using payments::Payment;
using payments::Posted;
using sales::CreditDecision;
using sales::Sale;

// ---------------------------------------------------------------------------------------
// Errors

core::Error CustomerNotFound() { return core::Error::NotFound("cliente não encontrado"); }
core::Error PaymentNotFound() { return core::Error::NotFound("pagamento não encontrado"); }

core::Error KeyConflict(const std::string& stored_id) {
  core::Error error;
  error.code = core::ErrorCode::kIdempotencyConflict;
  error.message_pt = "chave de idempotência já usada com outro pedido";
  error.related_id = stored_id;
  return error;
}

// A row that does not read back means a table was edited outside Fiado.
[[noreturn]] void BadRow(const std::string& what) {
  throw StorageError("dado inválido no livro de crédito: " + what);
}

// ---------------------------------------------------------------------------------------
// Enumerations as column text (the names the API uses)

template <typename Enum>
struct Named {
  Enum value;
  std::string_view name;
};

constexpr Named<sales::PaymentMethod> kMethods[] = {
    {sales::PaymentMethod::kCash, "cash"},
    {sales::PaymentMethod::kDebitCard, "debit_card"},
    {sales::PaymentMethod::kCreditCard, "credit_card"},
    {sales::PaymentMethod::kPix, "pix"},
    {sales::PaymentMethod::kBoleto, "boleto"},
    {sales::PaymentMethod::kTransfer, "transfer"},
    {sales::PaymentMethod::kCredit, "credit"}};
constexpr Named<sales::CreditOutcome> kOutcomes[] = {
    {sales::CreditOutcome::kApproved, "approved"},
    {sales::CreditOutcome::kRefused, "refused"},
    {sales::CreditOutcome::kOverridden, "overridden"}};
constexpr Named<payments::InstallmentStatus> kClosureKinds[] = {
    {payments::InstallmentStatus::kRenegotiated, "renegotiated"},
    {payments::InstallmentStatus::kWrittenOff, "written_off"}};

template <typename Enum, std::size_t N>
std::string NameOf(const Named<Enum> (&names)[N], Enum value) {
  for (const auto& each : names) {
    if (each.value == value) return std::string(each.name);
  }
  core::CheckFailed("value without a column name", __FILE__, __LINE__);
}

template <typename Enum, std::size_t N>
Enum ValueOf(const Named<Enum> (&names)[N], const std::string& name) {
  for (const auto& each : names) {
    if (each.name == name) return each.value;
  }
  BadRow("valor desconhecido: " + name);
}

// ---------------------------------------------------------------------------------------
// Reading rows

constexpr const char* kWhere = "no livro de crédito";  // for Columns' errors

// Rows of one SELECT whose WHERE binds :store then :key.
template <typename Each>
void ForEachRow(soci::session& session, const std::string& sql, const std::string& store,
                const std::string& key, Each each) {
  soci::rowset<soci::row> rows = (session.prepare << sql, soci::use(store), soci::use(key));
  for (const soci::row& row : rows) each(row);
}

// Which rows a read takes: a WHERE clause for the parent table and one for its children's
// tables, both binding :store and :key.
struct Scope {
  const char* parents;
  const char* children;
};
constexpr Scope kOfCustomer{"store_id = :store AND customer_id = :key",
                            "store_id = :store AND customer_id = :key"};
constexpr Scope kOneSale{"store_id = :store AND id = :key", "store_id = :store AND sale_id = :key"};
constexpr Scope kOnePayment{"store_id = :store AND id = :key",
                            "store_id = :store AND payment_id = :key"};

// ---------------------------------------------------------------------------------------
// Credit decisions

constexpr const char* kDecisionColumns =
    "id, store_id, customer_id, customer_status, credit_limit_cents, open_cents, "
    "requested_cents, outcome, reasons, override_reason, decided_by, decided_at";

std::vector<std::string> ReasonsFrom(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& error) {
    BadRow(std::string("reasons: ") + error.what());
  }
}

CreditDecision DecisionFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  CreditDecision decision;
  decision.id = sales::CreditDecisionId::FromTrusted(c.Text());
  decision.store_id = core::StoreId::FromTrusted(c.Text());
  decision.customer_id = customers::CustomerId::FromTrusted(c.Text());
  const std::string status = c.Text();
  const auto parsed_status = customers::ParseStatus(status);
  if (!parsed_status) BadRow("situação desconhecida: " + status);
  decision.inputs.customer_status = *parsed_status;
  decision.inputs.credit_limit = c.Cents();
  decision.inputs.open_amount = c.Cents();
  decision.inputs.requested = c.Cents();
  decision.outcome = ValueOf(kOutcomes, c.Text());
  decision.reasons_pt = ReasonsFrom(c.Text());
  decision.override_reason = c.Text();
  decision.decided_by = c.Text();
  decision.decided_at = c.Rfc3339();
  return decision;
}

std::vector<CreditDecision> ReadDecisions(soci::session& session, const char* where,
                                          const std::string& store, const std::string& key) {
  std::vector<CreditDecision> decisions;
  ForEachRow(session,
             std::string("SELECT ") + kDecisionColumns + " FROM credit_decisions WHERE " + where,
             store, key, [&](const soci::row& row) { decisions.push_back(DecisionFromRow(row)); });
  return decisions;
}

// ---------------------------------------------------------------------------------------
// Sales and installments

constexpr const char* kSaleColumns =
    "id, store_id, customer_id, description, sale_date, down_payment_method, due_day, "
    "price_cents, down_payment_cents, financed_cents, monthly_rate_units, annual_rate_units, "
    "cet_annual_units, late_fee_rate_units, moratory_monthly_rate_units, installment_count, "
    "installment_amount_cents, last_installment_amount_cents, total_with_financing_cents, "
    "total_without_financing_cents, total_interest_cents, credit_decision_id, created_at, "
    "created_by";

sales::Disclosure DisclosureFrom(Columns& c) {
  sales::Disclosure d;
  d.price = c.Cents();
  d.down_payment = c.Cents();
  d.financed = c.Cents();
  d.monthly_rate = c.RateUnits();
  d.annual_rate = c.RateUnits();
  if (auto cet = c.OptionalInteger()) d.cet_annual = core::Rate::FromUnits(*cet);
  d.late_fee_rate = c.RateUnits();
  d.moratory_monthly_rate = c.RateUnits();
  d.installment_count = c.SmallInteger();
  d.installment_amount = c.Cents();
  d.last_installment_amount = c.Cents();
  d.total_with_financing = c.Cents();
  d.total_without_financing = c.Cents();
  d.total_interest = c.Cents();
  return d;
}

Sale SaleFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  Sale sale;
  sale.id = sales::SaleId::FromTrusted(c.Text());
  sale.store_id = core::StoreId::FromTrusted(c.Text());
  sale.customer_id = customers::CustomerId::FromTrusted(c.Text());
  sale.description = c.Text();
  sale.sale_date = c.IsoDate();
  sale.down_payment_method = ValueOf(kMethods, c.Text());
  if (auto due_day = c.OptionalInteger()) sale.due_day = static_cast<int>(*due_day);
  sale.disclosure = DisclosureFrom(c);
  sale.credit_decision_id = sales::CreditDecisionId::FromTrusted(c.Text());
  sale.created_at = c.Rfc3339();
  sale.created_by = c.Text();
  return sale;
}

// Each installment row (sale_id first) appended to its sale, by number.
void AttachInstallments(soci::session& session, const char* where, const std::string& store,
                        const std::string& key, std::vector<Sale>& sales) {
  std::map<std::string, Sale*> by_id;
  for (Sale& sale : sales) by_id[sale.id.str()] = &sale;
  ForEachRow(session,
             std::string("SELECT sale_id, number, due_date, amount_cents, interest_cents, "
                         "amortization_cents FROM installments WHERE ") +
                 where + " ORDER BY sale_id, number",
             store, key, [&](const soci::row& row) {
               Columns c(row, kWhere);
               const auto sale = by_id.find(c.Text());
               if (sale == by_id.end()) BadRow("parcela de uma venda de outro cliente");
               sales::Installment installment;
               installment.number = c.SmallInteger();
               installment.due_date = c.IsoDate();
               installment.amount = c.Cents();
               installment.interest = c.Cents();
               installment.amortization = c.Cents();
               sale->second->installments.push_back(installment);
             });
}

std::vector<Sale> ReadSales(soci::session& session, const Scope& scope, const std::string& store,
                            const std::string& key) {
  std::vector<Sale> sales;
  ForEachRow(session,
             std::string("SELECT ") + kSaleColumns + " FROM sales WHERE " + scope.parents +
                 " ORDER BY sale_date, seq",
             store, key, [&](const soci::row& row) { sales.push_back(SaleFromRow(row)); });
  if (!sales.empty()) AttachInstallments(session, scope.children, store, key, sales);
  return sales;
}

// The next `seq` of the customer's rows in `table`; the caller holds the customer's lock.
int NextSeq(soci::session& session, const char* table, const std::string& store,
            const std::string& customer) {
  int seq = 0;
  session << std::string("SELECT COALESCE(MAX(seq), 0) + 1 FROM ") + table +
                 " WHERE store_id = :store AND customer_id = :customer",
      soci::use(store), soci::use(customer), soci::into(seq);
  return seq;
}

// An idempotency key column: NULL when the request carried none.
struct KeyColumn {
  explicit KeyColumn(const std::string& key)
      : text(key), null(key.empty() ? soci::i_null : soci::i_ok) {}
  const std::string& text;
  soci::indicator null;
};

// The column values of a sale's row, bound by reference, so the object outlives the
// statement.
struct SaleColumns {
  explicit SaleColumns(const Sale& s)
      : sale_date(core::FormatIso(s.sale_date)),
        method(NameOf(kMethods, s.down_payment_method)),
        due_day(s.due_day.value_or(0)),
        due_day_null(s.due_day ? soci::i_ok : soci::i_null),
        cents{s.disclosure.price.cents(),
              s.disclosure.down_payment.cents(),
              s.disclosure.financed.cents(),
              s.disclosure.installment_amount.cents(),
              s.disclosure.last_installment_amount.cents(),
              s.disclosure.total_with_financing.cents(),
              s.disclosure.total_without_financing.cents(),
              s.disclosure.total_interest.cents()},
        rates{s.disclosure.monthly_rate.units(), s.disclosure.annual_rate.units(),
              s.disclosure.late_fee_rate.units(), s.disclosure.moratory_monthly_rate.units()},
        cet(s.disclosure.cet_annual ? s.disclosure.cet_annual->units() : 0),
        cet_null(s.disclosure.cet_annual ? soci::i_ok : soci::i_null),
        created_at(core::FormatRfc3339(s.created_at)) {}
  std::string sale_date;
  std::string method;
  int due_day;
  soci::indicator due_day_null;
  long long cents[8];  // in the INSERT's order: price ... total_interest
  long long rates[4];  // monthly, annual, late fee, moratory
  long long cet;
  soci::indicator cet_null;
  std::string created_at;
};

void InsertSaleRow(soci::session& session, const Sale& s, int seq, const std::string& key_text,
                   const std::string& digest) {
  SaleColumns v(s);
  KeyColumn key(key_text);
  session << "INSERT INTO sales (id, store_id, customer_id, seq, description, sale_date, "
             "down_payment_method, due_day, price_cents, down_payment_cents, financed_cents, "
             "installment_amount_cents, last_installment_amount_cents, "
             "total_with_financing_cents, total_without_financing_cents, total_interest_cents, "
             "monthly_rate_units, annual_rate_units, late_fee_rate_units, "
             "moratory_monthly_rate_units, cet_annual_units, installment_count, "
             "credit_decision_id, idempotency_key, request_digest, created_at, created_by) "
             "VALUES (:id, :store, :customer, :seq, :description, :date, :method, :due_day, "
             ":price, :down, :financed, :installment, :last, :with, :without, :interest, "
             ":monthly, :annual, :late_fee, :moratory, :cet, :count, :decision, :key, :digest, "
             ":created_at, :created_by)",
      soci::use(s.id.str()), soci::use(s.store_id.str()), soci::use(s.customer_id.str()),
      soci::use(seq), soci::use(s.description), soci::use(v.sale_date), soci::use(v.method),
      soci::use(v.due_day, v.due_day_null), soci::use(v.cents[0]), soci::use(v.cents[1]),
      soci::use(v.cents[2]), soci::use(v.cents[3]), soci::use(v.cents[4]), soci::use(v.cents[5]),
      soci::use(v.cents[6]), soci::use(v.cents[7]), soci::use(v.rates[0]), soci::use(v.rates[1]),
      soci::use(v.rates[2]), soci::use(v.rates[3]), soci::use(v.cet, v.cet_null),
      soci::use(s.disclosure.installment_count), soci::use(s.credit_decision_id.str()),
      soci::use(key.text, key.null), soci::use(digest), soci::use(v.created_at),
      soci::use(s.created_by);
}

void InsertInstallments(soci::session& session, const Sale& sale) {
  int number = 0;
  std::string due_date;
  long long amount = 0;
  long long interest = 0;
  long long amortization = 0;
  soci::statement insert =
      (session.prepare << "INSERT INTO installments (sale_id, number, store_id, customer_id, "
                          "due_date, amount_cents, interest_cents, amortization_cents) VALUES "
                          "(:sale, :number, :store, :customer, :due, :amount, :interest, "
                          ":amortization)",
       soci::use(sale.id.str()), soci::use(number), soci::use(sale.store_id.str()),
       soci::use(sale.customer_id.str()), soci::use(due_date), soci::use(amount),
       soci::use(interest), soci::use(amortization));
  for (const sales::Installment& each : sale.installments) {
    number = each.number;
    due_date = core::FormatIso(each.due_date);
    amount = each.amount.cents();
    interest = each.interest.cents();
    amortization = each.amortization.cents();
    insert.execute(true);
  }
}

// ---------------------------------------------------------------------------------------
// Payments, their lines and reversals

constexpr const char* kPaymentColumns =
    "id, store_id, customer_id, paid_on, amount_cents, method, credit_change_cents, "
    "down_payment_of, idempotency_key, memo, recorded_at, recorded_by";

Payment PaymentFromRow(const soci::row& row) {
  Columns c(row, kWhere);
  Payment payment;
  payment.id = payments::PaymentId::FromTrusted(c.Text());
  payment.store_id = core::StoreId::FromTrusted(c.Text());
  payment.customer_id = customers::CustomerId::FromTrusted(c.Text());
  payment.paid_on = c.IsoDate();
  payment.amount = c.Cents();
  payment.method = ValueOf(kMethods, c.Text());
  payment.credit_change = c.Cents();
  if (auto sale = c.OptionalText()) payment.down_payment_of = sales::SaleId::FromTrusted(*sale);
  payment.idempotency_key = c.OptionalText().value_or("");
  payment.memo = c.Text();
  payment.recorded_at = c.Rfc3339();
  payment.recorded_by = c.Text();
  return payment;
}

payments::AllocationLine LineFrom(Columns& c) {
  payments::AllocationLine line;
  line.installment.sale_id = sales::SaleId::FromTrusted(c.Text());
  line.installment.number = c.SmallInteger();
  line.late_fee = c.Cents();
  line.interest = c.Cents();
  line.principal = c.Cents();
  line.discount = c.Cents();
  return line;
}

payments::Reversal ReversalFrom(Columns& c) {
  payments::Reversal reversal;
  reversal.on = c.IsoDate();
  reversal.reason = c.Text();
  reversal.recorded_at = c.Rfc3339();
  reversal.recorded_by = c.Text();
  return reversal;
}

// The payment a child row (payment_id first) belongs to.
Payment& OwnerOf(std::map<std::string, Payment*>& by_id, Columns& c) {
  const auto payment = by_id.find(c.Text());
  if (payment == by_id.end()) BadRow("linha de um pagamento de outro cliente");
  return *payment->second;
}

void AttachLinesAndReversals(soci::session& session, const char* where, const std::string& store,
                             const std::string& key, std::vector<Payment>& payments) {
  std::map<std::string, Payment*> by_id;
  for (Payment& payment : payments) by_id[payment.id.str()] = &payment;
  ForEachRow(session,
             std::string("SELECT payment_id, sale_id, installment_number, late_fee_cents, "
                         "interest_cents, principal_cents, discount_cents FROM payment_lines "
                         "WHERE ") +
                 where + " ORDER BY payment_id, line_number",
             store, key, [&](const soci::row& row) {
               Columns c(row, kWhere);
               Payment& payment = OwnerOf(by_id, c);
               payment.lines.push_back(LineFrom(c));
             });
  ForEachRow(session,
             std::string("SELECT payment_id, reversed_on, reason, recorded_at, recorded_by "
                         "FROM payment_reversals WHERE ") +
                 where,
             store, key, [&](const soci::row& row) {
               Columns c(row, kWhere);
               Payment& payment = OwnerOf(by_id, c);
               payment.reversal = ReversalFrom(c);
             });
}

std::vector<Payment> ReadPayments(soci::session& session, const Scope& scope,
                                  const std::string& store, const std::string& key) {
  std::vector<Payment> payments;
  ForEachRow(session,
             std::string("SELECT ") + kPaymentColumns + " FROM payments WHERE " + scope.parents +
                 " ORDER BY seq",
             store, key, [&](const soci::row& row) { payments.push_back(PaymentFromRow(row)); });
  if (!payments.empty()) AttachLinesAndReversals(session, scope.children, store, key, payments);
  return payments;
}

struct PaymentColumns {
  explicit PaymentColumns(const Payment& p)
      : paid_on(core::FormatIso(p.paid_on)),
        amount(p.amount.cents()),
        method(NameOf(kMethods, p.method)),
        credit_change(p.credit_change.cents()),
        down_payment_of(p.down_payment_of ? p.down_payment_of->str() : ""),
        down_payment_null(p.down_payment_of ? soci::i_ok : soci::i_null),
        recorded_at(core::FormatRfc3339(p.recorded_at)) {}
  std::string paid_on;
  long long amount;
  std::string method;
  long long credit_change;
  std::string down_payment_of;
  soci::indicator down_payment_null;
  std::string recorded_at;
};

void InsertPaymentRow(soci::session& session, const Payment& p, int seq,
                      const std::string& digest) {
  PaymentColumns v(p);
  KeyColumn key(p.idempotency_key);
  session << "INSERT INTO payments (id, store_id, customer_id, seq, paid_on, amount_cents, "
             "method, credit_change_cents, down_payment_of, idempotency_key, request_digest, "
             "memo, recorded_at, recorded_by) VALUES (:id, :store, :customer, :seq, :paid_on, "
             ":amount, :method, :credit, :down, :key, :digest, :memo, :at, :by)",
      soci::use(p.id.str()), soci::use(p.store_id.str()), soci::use(p.customer_id.str()),
      soci::use(seq), soci::use(v.paid_on), soci::use(v.amount), soci::use(v.method),
      soci::use(v.credit_change), soci::use(v.down_payment_of, v.down_payment_null),
      soci::use(key.text, key.null), soci::use(digest), soci::use(p.memo), soci::use(v.recorded_at),
      soci::use(p.recorded_by);
}

void InsertLines(soci::session& session, const Payment& p) {
  int line_number = 0;
  std::string sale_id;
  int installment = 0;
  long long cents[4] = {};
  soci::statement insert =
      (session.prepare << "INSERT INTO payment_lines (payment_id, line_number, store_id, "
                          "customer_id, sale_id, installment_number, late_fee_cents, "
                          "interest_cents, principal_cents, discount_cents) VALUES (:payment, "
                          ":line, :store, :customer, :sale, :number, :fee, :interest, "
                          ":principal, :discount)",
       soci::use(p.id.str()), soci::use(line_number), soci::use(p.store_id.str()),
       soci::use(p.customer_id.str()), soci::use(sale_id), soci::use(installment),
       soci::use(cents[0]), soci::use(cents[1]), soci::use(cents[2]), soci::use(cents[3]));
  for (const payments::AllocationLine& line : p.lines) {
    ++line_number;
    sale_id = line.installment.sale_id.str();
    installment = line.installment.number;
    cents[0] = line.late_fee.cents();
    cents[1] = line.interest.cents();
    cents[2] = line.principal.cents();
    cents[3] = line.discount.cents();
    insert.execute(true);
  }
}

void InsertPayment(soci::session& session, const Payment& payment, const std::string& digest) {
  const int seq = NextSeq(session, "payments", payment.store_id.str(), payment.customer_id.str());
  InsertPaymentRow(session, payment, seq, digest);
  InsertLines(session, payment);
}

void InsertReversal(soci::session& session, const Payment& payment,
                    const payments::Reversal& reversal) {
  const std::string on = core::FormatIso(reversal.on);
  const std::string recorded_at = core::FormatRfc3339(reversal.recorded_at);
  session << "INSERT INTO payment_reversals (payment_id, store_id, customer_id, reversed_on, "
             "reason, recorded_at, recorded_by) VALUES (:payment, :store, :customer, :on, "
             ":reason, :at, :by)",
      soci::use(payment.id.str()), soci::use(payment.store_id.str()),
      soci::use(payment.customer_id.str()), soci::use(on), soci::use(reversal.reason),
      soci::use(recorded_at), soci::use(reversal.recorded_by);
}

// ---------------------------------------------------------------------------------------
// Closures and the whole book

std::vector<payments::Closure> ReadClosures(soci::session& session, const std::string& store,
                                            const std::string& customer) {
  std::vector<payments::Closure> closures;
  ForEachRow(session,
             "SELECT sale_id, installment_number, kind, closed_on, reason, recorded_at, "
             "recorded_by FROM installment_closures WHERE store_id = :store AND customer_id = "
             ":key ORDER BY closed_on, sale_id, installment_number",
             store, customer, [&](const soci::row& row) {
               Columns c(row, kWhere);
               payments::Closure closure;
               closure.installment.sale_id = sales::SaleId::FromTrusted(c.Text());
               closure.installment.number = c.SmallInteger();
               closure.kind = ValueOf(kClosureKinds, c.Text());
               closure.on = c.IsoDate();
               closure.reason = c.Text();
               closure.recorded_at = c.Rfc3339();
               closure.recorded_by = c.Text();
               closures.push_back(std::move(closure));
             });
  return closures;
}

Book ReadBook(soci::session& session, const core::StoreId& store_id,
              const customers::CustomerId& customer_id) {
  Book book{customer_id, {}, {}};
  book.sales = ReadSales(session, kOfCustomer, store_id.str(), customer_id.str());
  book.payments = ReadPayments(session, kOfCustomer, store_id.str(), customer_id.str());
  book.closures = ReadClosures(session, store_id.str(), customer_id.str());
  return book;
}

// ---------------------------------------------------------------------------------------
// Idempotency

struct StoredKey {
  std::string id;
  std::string digest;
};

// The row of `table` ("sales" or "payments") holding `key` in the store.
std::optional<StoredKey> FindKey(soci::session& session, const char* table,
                                 const core::StoreId& store_id, const std::string& key) {
  if (key.empty()) return std::nullopt;
  std::optional<StoredKey> found;
  ForEachRow(session,
             std::string("SELECT id, request_digest FROM ") + table +
                 " WHERE store_id = :store AND idempotency_key = :key",
             store_id.str(), key, [&](const soci::row& row) {
               Columns c(row, kWhere);
               const std::string id = c.Text();
               found = StoredKey{id, c.Text()};
             });
  return found;
}

// What a request whose key is already stored gets: the stored value when the digests
// match, else kIdempotencyConflict. nullopt when the key is new.
template <typename T, typename Load>
std::optional<core::Result<Posted<T>>> Replay(soci::session& session, const char* table,
                                              const core::StoreId& store_id, const std::string& key,
                                              const std::string& digest, Load load) {
  const auto stored = FindKey(session, table, store_id, key);
  if (!stored) return std::nullopt;
  if (stored->digest != digest) {
    return core::Result<Posted<T>>(core::Fail(KeyConflict(stored->id)));
  }
  return core::Result<Posted<T>>(Posted<T>{load(session, store_id, stored->id), true});
}

Payment StoredPayment(soci::session& session, const core::StoreId& store_id,
                      const std::string& id) {
  auto found = ReadPayments(session, kOnePayment, store_id.str(), id);
  FIADO_CHECK(found.size() == 1);
  return std::move(found.front());
}

// A stored sale as CreateSale returned it (the audit entries aside).
payments::SaleWrite StoredSaleWrite(soci::session& session, const core::StoreId& store_id,
                                    const std::string& id) {
  auto sales = ReadSales(session, kOneSale, store_id.str(), id);
  FIADO_CHECK(sales.size() == 1);
  auto decisions = ReadDecisions(session, "store_id = :store AND id = :key", store_id.str(),
                                 sales.front().credit_decision_id.str());
  FIADO_CHECK(decisions.size() == 1);
  payments::SaleWrite write{std::move(decisions.front()), std::move(sales.front())};
  ForEachRow(session, "SELECT id FROM payments WHERE store_id = :store AND down_payment_of = :key",
             store_id.str(), id, [&](const soci::row& row) {
               write.down_payment = StoredPayment(session, store_id, row.get<std::string>(0));
             });
  return write;
}

std::optional<core::Result<Posted<payments::SaleWrite>>> ReplaySale(soci::session& session,
                                                                    const core::StoreId& store_id,
                                                                    const std::string& key,
                                                                    const std::string& digest) {
  return Replay<payments::SaleWrite>(session, "sales", store_id, key, digest, StoredSaleWrite);
}

std::optional<core::Result<Posted<Payment>>> ReplayPayment(soci::session& session,
                                                           const core::StoreId& store_id,
                                                           const std::string& key,
                                                           const std::string& digest) {
  return Replay<Payment>(session, "payments", store_id, key, digest, StoredPayment);
}

// ---------------------------------------------------------------------------------------
// Writes: what a decider returned must be about the customer it was asked about

void CheckAudit(const std::vector<core::AuditEntry>& entries, const core::StoreId& store_id) {
  for (const auto& entry : entries) FIADO_CHECK(entry.store_id == store_id);
}

void CheckSaleWrite(const payments::SaleWrite& write, const core::StoreId& store_id,
                    const customers::CustomerId& customer_id) {
  FIADO_CHECK(write.decision.store_id == store_id);
  FIADO_CHECK(write.decision.customer_id == customer_id);
  FIADO_CHECK(write.sale || !write.down_payment);
  if (write.sale) {
    FIADO_CHECK(write.sale->store_id == store_id && write.sale->customer_id == customer_id);
    FIADO_CHECK(write.sale->credit_decision_id == write.decision.id);
  }
  if (write.down_payment) {
    FIADO_CHECK(write.down_payment->store_id == store_id);
    FIADO_CHECK(write.down_payment->customer_id == customer_id);
    FIADO_CHECK(write.down_payment->down_payment_of == write.sale->id);
  }
  CheckAudit(write.audit, store_id);
}

void InsertSaleWrite(soci::session& session, const payments::SaleWrite& write,
                     const std::string& key, const std::string& digest) {
  InsertCreditDecision(session, write.decision);
  if (write.sale) {
    const Sale& sale = *write.sale;
    const int seq = NextSeq(session, "sales", sale.store_id.str(), sale.customer_id.str());
    InsertSaleRow(session, sale, seq, key, digest);
    InsertInstallments(session, sale);
  }
  // A down payment answers no payment request of its own: its digest stays empty.
  if (write.down_payment) InsertPayment(session, *write.down_payment, "");
  for (const auto& entry : write.audit) InsertAuditEntry(session, entry);
}

}  // namespace

// Phase 1: lock the customer. Phase 2: a stored key answers without deciding. Phase 3:
// decide on the book read in this transaction and write the decision (and the sale).
core::Result<Posted<payments::SaleWrite>> SqlLedgerRepository::CreateSaleOnce(
    const core::StoreId& store_id, const customers::CustomerId& customer_id,
    const std::string& idempotency_key, const std::string& request_digest,
    const payments::SaleDecider& decide) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  // Phase 1
  const auto customer = LockCustomer(session, db_.engine(), store_id, customer_id);
  if (!customer) return core::Fail(CustomerNotFound());
  // Phase 2
  if (auto replay = ReplaySale(session, store_id, idempotency_key, request_digest)) {
    return std::move(*replay);
  }
  // Phase 3
  auto write = decide(*customer, ReadBook(session, store_id, customer_id));
  if (!write) return core::Fail(std::move(write.error()));
  CheckSaleWrite(*write, store_id, customer_id);
  // A refusal has no sale row, so its key is not kept: retrying it decides again.
  InsertSaleWrite(session, *write, idempotency_key, request_digest);
  transaction.Commit();
  return Posted<payments::SaleWrite>{std::move(*write), false};
}

core::Result<Posted<payments::SaleWrite>> SqlLedgerRepository::CreateSale(
    const core::StoreId& store_id, const customers::CustomerId& customer_id,
    const std::string& idempotency_key, const std::string& request_digest,
    const payments::SaleDecider& decide) {
  try {
    return CreateSaleOnce(store_id, customer_id, idempotency_key, request_digest, decide);
  } catch (const soci::soci_error&) {
    // On PostgreSQL a request with the same key for another customer may commit first (the
    // customers' locks do not meet): the unique index refused ours and it rolled back.
    soci::session session(db_.pool());
    if (auto replay = ReplaySale(session, store_id, idempotency_key, request_digest)) {
      return std::move(*replay);
    }
    throw;
  }
}

core::Result<Posted<Payment>> SqlLedgerRepository::PostPaymentOnce(
    const core::StoreId& store_id, const customers::CustomerId& customer_id,
    const std::string& idempotency_key, const std::string& request_digest,
    const payments::PaymentDecider& decide) {
  if (db_.engine() == Engine::kSqlite) {
    std::optional<core::Result<Posted<Payment>>> result;
    group_commit_.Run([&](soci::session& session) {
      result =
          PostPaymentIn(session, store_id, customer_id, idempotency_key, request_digest, decide);
      return result->has_value() && !(*result)->replayed;
    });
    return std::move(*result);
  }
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  auto result =
      PostPaymentIn(session, store_id, customer_id, idempotency_key, request_digest, decide);
  if (result && !result->replayed) transaction.Commit();
  return result;
}

core::Result<Posted<Payment>> SqlLedgerRepository::PostPaymentIn(
    soci::session& session, const core::StoreId& store_id, const customers::CustomerId& customer_id,
    const std::string& idempotency_key, const std::string& request_digest,
    const payments::PaymentDecider& decide) {
  if (!LockCustomerRow(session, db_.engine(), store_id, customer_id)) {
    return core::Fail(CustomerNotFound());
  }
  if (auto replay = ReplayPayment(session, store_id, idempotency_key, request_digest)) {
    return std::move(*replay);
  }
  auto write = decide(ReadBook(session, store_id, customer_id));
  if (!write) return core::Fail(std::move(write.error()));
  Payment& payment = write->payment;
  FIADO_CHECK(payment.store_id == store_id && payment.customer_id == customer_id);
  FIADO_CHECK(write->audit.store_id == store_id);
  payment.idempotency_key = idempotency_key;
  InsertPayment(session, payment, request_digest);
  InsertAuditEntry(session, write->audit);
  return Posted<Payment>{std::move(payment), false};
}

core::Result<Posted<Payment>> SqlLedgerRepository::PostPayment(
    const core::StoreId& store_id, const customers::CustomerId& customer_id,
    const std::string& idempotency_key, const std::string& request_digest,
    const payments::PaymentDecider& decide) {
  try {
    return PostPaymentOnce(store_id, customer_id, idempotency_key, request_digest, decide);
  } catch (const soci::soci_error&) {
    // As in CreateSale: another customer's request with the same key committed first.
    soci::session session(db_.pool());
    if (auto replay = ReplayPayment(session, store_id, idempotency_key, request_digest)) {
      return std::move(*replay);
    }
    throw;
  }
}

// One transaction for the batch, one savepoint for each payment: a refusal or a replay
// rolls back to its savepoint alone.
std::vector<core::Result<Posted<Payment>>> SqlLedgerRepository::PostPayments(
    const core::StoreId& store_id, std::span<const payments::PaymentRequest> requests) {
  std::vector<core::Result<Posted<Payment>>> results;
  results.reserve(requests.size());
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  for (const payments::PaymentRequest& request : requests) {
    session << "SAVEPOINT fiado_batch_item";
    auto result = PostPaymentIn(session, store_id, request.customer_id, request.idempotency_key,
                                request.request_digest, request.decide);
    if (!result || result->replayed) session << "ROLLBACK TO SAVEPOINT fiado_batch_item";
    session << "RELEASE SAVEPOINT fiado_batch_item";
    results.push_back(std::move(result));
  }
  transaction.Commit();
  return results;
}

core::Result<Payment> SqlLedgerRepository::ReversePayment(const core::StoreId& store_id,
                                                          const payments::PaymentId& payment_id,
                                                          const payments::ReversalDecider& decide) {
  soci::session session(db_.pool());
  WriteTransaction transaction(session, db_.engine());
  std::optional<customers::CustomerId> owner;
  ForEachRow(session, "SELECT customer_id FROM payments WHERE store_id = :store AND id = :key",
             store_id.str(), payment_id.str(), [&](const soci::row& row) {
               owner = customers::CustomerId::FromTrusted(row.get<std::string>(0));
             });
  if (!owner) return core::Fail(PaymentNotFound());
  FIADO_CHECK(LockCustomerRow(session, db_.engine(), store_id, *owner));
  const Book book = ReadBook(session, store_id, *owner);
  const auto stored = std::find_if(book.payments.begin(), book.payments.end(),
                                   [&](const Payment& each) { return each.id == payment_id; });
  FIADO_CHECK(stored != book.payments.end());
  auto write = decide(book, *stored);
  if (!write) return core::Fail(std::move(write.error()));
  FIADO_CHECK(write->audit.store_id == store_id);
  InsertReversal(session, *stored, write->reversal);
  InsertAuditEntry(session, write->audit);
  transaction.Commit();
  Payment reversed = *stored;
  reversed.reversal = std::move(write->reversal);
  return reversed;
}

std::optional<Book> SqlLedgerRepository::LoadBook(const core::StoreId& store_id,
                                                  const customers::CustomerId& customer_id) const {
  soci::session session(db_.pool());
  int found = 0;
  session << "SELECT COUNT(*) FROM customers WHERE store_id = :store AND id = :id",
      soci::use(store_id.str()), soci::use(customer_id.str()), soci::into(found);
  if (found == 0) return std::nullopt;
  return ReadBook(session, store_id, customer_id);
}

std::optional<Sale> SqlLedgerRepository::FindSale(const core::StoreId& store_id,
                                                  const sales::SaleId& sale_id) const {
  soci::session session(db_.pool());
  auto found = ReadSales(session, kOneSale, store_id.str(), sale_id.str());
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<Payment> SqlLedgerRepository::FindPayment(
    const core::StoreId& store_id, const payments::PaymentId& payment_id) const {
  soci::session session(db_.pool());
  auto found = ReadPayments(session, kOnePayment, store_id.str(), payment_id.str());
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void InsertCreditDecision(soci::session& session, const CreditDecision& d) {
  const std::string status(customers::StatusName(d.inputs.customer_status));
  const long long limit = d.inputs.credit_limit.cents();
  const long long open = d.inputs.open_amount.cents();
  const long long requested = d.inputs.requested.cents();
  const std::string outcome = NameOf(kOutcomes, d.outcome);
  const std::string reasons = nlohmann::json(d.reasons_pt).dump();
  const std::string decided_at = core::FormatRfc3339(d.decided_at);
  session << "INSERT INTO credit_decisions (id, store_id, customer_id, customer_status, "
             "credit_limit_cents, open_cents, requested_cents, outcome, reasons, override_reason, "
             "decided_by, decided_at) VALUES (:id, :store, :customer, :status, :limit, :open, "
             ":requested, :outcome, :reasons, :override, :by, :at)",
      soci::use(d.id.str()), soci::use(d.store_id.str()), soci::use(d.customer_id.str()),
      soci::use(status), soci::use(limit), soci::use(open), soci::use(requested),
      soci::use(outcome), soci::use(reasons), soci::use(d.override_reason), soci::use(d.decided_by),
      soci::use(decided_at);
  InsertAnalysis(session, d);
}

std::vector<CreditDecision> SqlLedgerRepository::DecisionsOf(
    const core::StoreId& store_id, const customers::CustomerId& customer_id, int limit) const {
  soci::session session(db_.pool());
  std::vector<CreditDecision> decisions;
  soci::rowset<soci::row> rows =
      (session.prepare << std::string("SELECT ") + kDecisionColumns +
                              " FROM credit_decisions WHERE store_id = :store AND customer_id = "
                              ":customer ORDER BY decided_at DESC, id DESC LIMIT :limit",
       soci::use(store_id.str()), soci::use(customer_id.str()), soci::use(limit));
  for (const soci::row& row : rows) decisions.push_back(DecisionFromRow(row));
  AttachAnalyses(session, store_id, decisions);
  return decisions;
}

}  // namespace fiado::storage
