// SqlLedgerRepository on SQLite and on a real PostgreSQL: every field of a sale, its
// installments, decision and down payment read back; idempotent payments; refusals and
// failing deciders; reversals; append-only tables; store isolation; writers of one customer
// queue; a key raced by two customers is stored once. And the store's credit terms.
#include "storage/ledger_repository.h"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <future>
#include <latch>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "json/store_json.h"
#include "storage/customer_repository.h"
#include "storage/database.h"
#include "storage/store_repository.h"
#include "support/engine_database.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using core::Money;
using core::Rate;
using payments::Book;
using payments::Payment;
using payments::PaymentWrite;
using payments::Posted;
using payments::ReversalWrite;
using payments::SaleWrite;
using sales::CreditDecision;
using sales::Sale;
using std::chrono::year;

const core::Instant kNow = std::chrono::sys_days{year{2026} / 11 / 22} + 13h;
const core::Date kToday = year{2026} / 11 / 22;

core::Error Refusal(core::ErrorCode code, const std::string& message) {
  core::Error error = core::Error::NotFound(message);
  error.code = code;
  return error;
}

// --- Every field as text, so a mismatch shows which one -------------------------------------

std::string Describe(const Sale& s) {
  const auto& d = s.disclosure;
  std::ostringstream out;
  out << s.id.str() << ' ' << s.store_id.str() << ' ' << s.customer_id.str() << ' ' << s.description
      << ' ' << core::FormatIso(s.sale_date) << ' ' << static_cast<int>(s.down_payment_method)
      << " due_day=" << s.due_day.value_or(-1) << " | " << d.price.cents() << ' '
      << d.down_payment.cents() << ' ' << d.financed.cents() << ' ' << d.monthly_rate.units() << ' '
      << d.annual_rate.units()
      << " cet=" << (d.cet_annual ? std::to_string(d.cet_annual->units()) : "none") << ' '
      << d.late_fee_rate.units() << ' ' << d.moratory_monthly_rate.units() << ' '
      << d.installment_count << ' ' << d.installment_amount.cents() << ' '
      << d.last_installment_amount.cents() << ' ' << d.total_with_financing.cents() << ' '
      << d.total_without_financing.cents() << ' ' << d.total_interest.cents() << " |";
  for (const auto& i : s.installments) {
    out << ' ' << i.number << '@' << core::FormatIso(i.due_date) << '=' << i.amount.cents() << '/'
        << i.interest.cents() << '/' << i.amortization.cents();
  }
  out << " | " << s.credit_decision_id.str() << ' ' << core::FormatRfc3339(s.created_at) << ' '
      << s.created_by;
  return out.str();
}

std::string Describe(const Payment& p) {
  std::ostringstream out;
  out << p.id.str() << ' ' << p.store_id.str() << ' ' << p.customer_id.str() << ' '
      << core::FormatIso(p.paid_on) << ' ' << p.amount.cents() << ' ' << static_cast<int>(p.method)
      << " credit=" << p.credit_change.cents()
      << " down_of=" << (p.down_payment_of ? p.down_payment_of->str() : "none") << " |";
  for (const auto& l : p.lines) {
    out << ' ' << l.installment.sale_id.str() << '#' << l.installment.number << '='
        << l.late_fee.cents() << '/' << l.interest.cents() << '/' << l.principal.cents() << '/'
        << l.discount.cents();
  }
  out << " | reversal=";
  if (p.reversal) {
    out << core::FormatIso(p.reversal->on) << ' ' << p.reversal->reason << ' '
        << core::FormatRfc3339(p.reversal->recorded_at) << ' ' << p.reversal->recorded_by;
  } else {
    out << "none";
  }
  out << " | " << p.idempotency_key << ' ' << p.memo << ' ' << core::FormatRfc3339(p.recorded_at)
      << ' ' << p.recorded_by;
  return out.str();
}

std::string Describe(const CreditDecision& d) {
  std::ostringstream out;
  out << d.id.str() << ' ' << d.store_id.str() << ' ' << d.customer_id.str() << ' '
      << static_cast<int>(d.inputs.customer_status) << ' ' << d.inputs.credit_limit.cents() << ' '
      << d.inputs.open_amount.cents() << ' ' << d.inputs.requested.cents() << ' '
      << static_cast<int>(d.outcome) << " [";
  for (const auto& reason : d.reasons_pt) out << reason << ';';
  out << "] " << d.override_reason << ' ' << d.decided_by << ' '
      << core::FormatRfc3339(d.decided_at);
  return out.str();
}

class LedgerRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    url_ = fiado::testing::TestDatabaseUrl(GetParam(), dir_);
    db_ = fiado::testing::OpenMigrated(url_, clock_);
    ledger_ = std::make_unique<SqlLedgerRepository>(*db_);
    store_a_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "11.222.333/0001-81", "A").id;
    store_b_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "00.000.000/0001-91", "B").id;
    maria_ = AddCustomer(store_a_, "529.982.247-25", "Maria");
  }

  customers::CustomerId AddCustomer(const core::StoreId& store, const std::string& cpf,
                                    const std::string& name) {
    customers::CustomerDraft draft;
    draft.cpf = cpf;
    draft.full_name = name;
    const auto customer =
        customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store, kNow).value();
    EXPECT_TRUE(SqlCustomerRepository(*db_)
                    .Create(customer, Audit(store, "customer", customer.id.str(), "create"))
                    .has_value());
    return customer.id;
  }

  core::AuditEntry Audit(const core::StoreId& store, const std::string& type, const std::string& id,
                         const std::string& action) {
    return core::AuditEntry{ids_.NextText(), store,        kNow,         "user:1", type, id,
                            action,          std::nullopt, R"({"x":1})", "req-1"};
  }

  CreditDecision Decision(const core::StoreId& store, const customers::CustomerId& customer,
                          sales::CreditOutcome outcome) {
    CreditDecision decision;
    decision.id = ids_.Next<sales::CreditDecisionTag>();
    decision.store_id = store;
    decision.customer_id = customer;
    decision.inputs = {customers::CustomerStatus::kActive, Money::FromCents(100000),
                       Money::FromCents(1234), Money::FromCents(25000)};
    decision.outcome = outcome;
    if (outcome != sales::CreditOutcome::kApproved) {
      decision.reasons_pt = {"limite excedido", "cliente novo: \"sem histórico\""};
    }
    if (outcome == sales::CreditOutcome::kOverridden) {
      decision.override_reason = "conheço a família";
    }
    decision.decided_by = "user:1";
    decision.decided_at = kNow;
    return decision;
  }

  // R$ 250,00 financed in two installments at 2 % a month, after `down_payment`. Values
  // differ from one another, so columns swapped on the way show.
  Sale HandSale(const CreditDecision& decision, Money down_payment) {
    Sale sale;
    sale.id = ids_.Next<sales::SaleTag>();
    sale.store_id = decision.store_id;
    sale.customer_id = decision.customer_id;
    sale.description = "Geladeira Frost Free 'Inox' 300 L";
    sale.sale_date = kToday;
    sale.down_payment_method = sales::PaymentMethod::kPix;
    sale.due_day = 22;
    auto& d = sale.disclosure;
    d.price = down_payment + Money::FromCents(25000);
    d.down_payment = down_payment;
    d.financed = Money::FromCents(25000);
    d.monthly_rate = Rate::FromBps(200);
    d.annual_rate = Rate::FromUnits(26824179);
    d.cet_annual = Rate::FromUnits(27000001);
    d.late_fee_rate = Rate::FromBps(190);
    d.moratory_monthly_rate = Rate::FromBps(100);
    d.installment_count = 2;
    d.installment_amount = Money::FromCents(12876);
    d.last_installment_amount = Money::FromCents(12877);
    d.total_with_financing = down_payment + Money::FromCents(25753);
    d.total_without_financing = d.price;
    d.total_interest = Money::FromCents(753);
    sale.installments = {{1, year{2026} / 12 / 22, Money::FromCents(12876), Money::FromCents(500),
                          Money::FromCents(12376)},
                         {2, year{2027} / 1 / 22, Money::FromCents(12877), Money::FromCents(253),
                          Money::FromCents(12624)}};
    sale.credit_decision_id = decision.id;
    sale.created_at = kNow;
    sale.created_by = "user:1";
    return sale;
  }

  Payment NewPayment(const core::StoreId& store, const customers::CustomerId& customer,
                     Money amount) {
    Payment payment;
    payment.id = ids_.Next<payments::PaymentTag>();
    payment.store_id = store;
    payment.customer_id = customer;
    payment.paid_on = kToday;
    payment.amount = amount;
    payment.method = sales::PaymentMethod::kCash;
    payment.memo = "pago no balcão";
    payment.recorded_at = kNow;
    payment.recorded_by = "user:1";
    return payment;
  }

  // A payment of installment `number`: some late fee and interest, the rest principal.
  PaymentWrite PaymentOf(const Sale& sale, int number, Money amount) {
    Payment payment = NewPayment(sale.store_id, sale.customer_id, amount);
    payment.lines = {{{sale.id, number},
                      Money::FromCents(100),
                      Money::FromCents(50),
                      amount - Money::FromCents(150),
                      Money::FromCents(7)}};
    return PaymentWrite{payment, Audit(sale.store_id, "payment", payment.id.str(), "create")};
  }

  SaleWrite ApprovedSale(const core::StoreId& store, const customers::CustomerId& customer,
                         Money down_payment) {
    SaleWrite write{Decision(store, customer, sales::CreditOutcome::kApproved)};
    write.sale = HandSale(write.decision, down_payment);
    if (down_payment.IsPositive()) {
      Payment down = NewPayment(store, customer, down_payment);
      down.method = sales::PaymentMethod::kPix;
      down.down_payment_of = write.sale->id;
      down.idempotency_key = "sale-down";
      down.memo = "entrada";
      write.down_payment = down;
    }
    write.audit = {Audit(store, "sale", write.sale->id.str(), "create"),
                   Audit(store, "credit_decision", write.decision.id.str(), "create")};
    return write;
  }

  // A sale for the customer, through CreateSale.
  Sale CreatedSale(const customers::CustomerId& customer, Money down_payment = Money{}) {
    const SaleWrite write = ApprovedSale(store_a_, customer, down_payment);
    auto posted = ledger_->CreateSale(
        store_a_, customer, "sale-" + write.sale->id.str(), "d",
        [&](const customers::Customer&, const Book&) { return core::Result<SaleWrite>(write); });
    EXPECT_TRUE(posted.has_value());
    return *write.sale;
  }

  core::Result<Posted<Payment>> Post(const std::string& key, const std::string& digest,
                                     const PaymentWrite& write, int* calls = nullptr) {
    return ledger_->PostPayment(store_a_, write.payment.customer_id, key, digest, [&](const Book&) {
      if (calls) ++*calls;
      return core::Result<PaymentWrite>(write);
    });
  }

  payments::ReversalDecider Reverser(int* calls = nullptr) {
    return [this, calls](const Book&, const Payment& payment) -> core::Result<ReversalWrite> {
      if (calls) ++*calls;
      if (payment.reversal) {
        return core::Fail(Refusal(core::ErrorCode::kFailedPrecondition, "já estornado"));
      }
      const payments::Reversal reversal{year{2026} / 11 / 23, "cobrado em duplicidade", kNow + 1h,
                                        "user:2"};
      return ReversalWrite{reversal,
                           Audit(payment.store_id, "payment", payment.id.str(), "reverse")};
    };
  }

  int CountRows(const std::string& table) { return fiado::testing::CountRows(*db_, table); }

  fiado::testing::TempDir dir_;
  std::string url_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlLedgerRepository> ledger_;
  core::StoreId store_a_;
  core::StoreId store_b_;
  customers::CustomerId maria_;
};

TEST_P(LedgerRepositoryTest, ASaleRoundTripsEveryField) {
  const SaleWrite write = ApprovedSale(store_a_, maria_, Money::FromCents(5000));
  int calls = 0;
  const payments::SaleDecider decide = [&](const customers::Customer& customer, const Book& book) {
    ++calls;
    EXPECT_EQ(customer.id, maria_);
    EXPECT_TRUE(book.sales.empty());
    return core::Result<SaleWrite>(write);
  };
  auto posted = ledger_->CreateSale(store_a_, maria_, "sale-1", "digest-1", decide);
  ASSERT_TRUE(posted.has_value()) << posted.error().Describe();
  EXPECT_FALSE(posted->replayed);
  EXPECT_EQ(Describe(*posted->value.sale), Describe(*write.sale));

  const auto book = ledger_->LoadBook(store_a_, maria_);
  ASSERT_TRUE(book.has_value());
  EXPECT_EQ(book->customer_id, maria_);
  ASSERT_EQ(book->sales.size(), 1u);
  EXPECT_EQ(Describe(book->sales[0]), Describe(*write.sale));
  ASSERT_EQ(book->payments.size(), 1u);
  EXPECT_EQ(Describe(book->payments[0]), Describe(*write.down_payment));
  EXPECT_TRUE(book->closures.empty());
  EXPECT_EQ(Describe(*ledger_->FindSale(store_a_, write.sale->id)), Describe(*write.sale));
  EXPECT_EQ(Describe(*ledger_->FindPayment(store_a_, write.down_payment->id)),
            Describe(*write.down_payment));
  const auto decisions = ledger_->DecisionsOf(store_a_, maria_, 10);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(Describe(decisions[0]), Describe(write.decision));
  EXPECT_EQ(CountRows("audit_log WHERE entity_type IN ('sale', 'credit_decision')"), 2);
  EXPECT_EQ(CountRows("installments WHERE due_date = '2027-01-22'"), 1);

  // The same request again: the stored sale, without deciding.
  auto again = ledger_->CreateSale(store_a_, maria_, "sale-1", "digest-1", decide);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Describe(*again->value.sale), Describe(*write.sale));
  EXPECT_EQ(Describe(again->value.decision), Describe(write.decision));
  ASSERT_TRUE(again->value.down_payment.has_value());
  EXPECT_EQ(Describe(*again->value.down_payment), Describe(*write.down_payment));

  // The key with another request.
  auto other = ledger_->CreateSale(store_a_, maria_, "sale-1", "digest-2", decide);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, core::ErrorCode::kIdempotencyConflict);
  EXPECT_EQ(other.error().message_pt, "chave de idempotência já usada com outro pedido");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(CountRows("sales"), 1);
}

TEST_P(LedgerRepositoryTest, OptionalSaleFieldsRoundTripEmpty) {
  SaleWrite write = ApprovedSale(store_a_, maria_, Money{});
  write.decision = Decision(store_a_, maria_, sales::CreditOutcome::kOverridden);
  write.sale->credit_decision_id = write.decision.id;
  write.sale->due_day.reset();
  write.sale->disclosure.cet_annual.reset();
  ASSERT_TRUE(ledger_
                  ->CreateSale(store_a_, maria_, "", "",
                               [&](const customers::Customer&, const Book&) {
                                 return core::Result<SaleWrite>(write);
                               })
                  .has_value());
  EXPECT_EQ(Describe(*ledger_->FindSale(store_a_, write.sale->id)), Describe(*write.sale));
  EXPECT_EQ(Describe(ledger_->DecisionsOf(store_a_, maria_, 1).at(0)), Describe(write.decision));
  EXPECT_EQ(CountRows("payments"), 0);
}

TEST_P(LedgerRepositoryTest, ARefusalStoresOnlyTheDecision) {
  SaleWrite refusal{Decision(store_a_, maria_, sales::CreditOutcome::kRefused)};
  refusal.audit = {Audit(store_a_, "credit_decision", refusal.decision.id.str(), "create")};
  auto posted = ledger_->CreateSale(
      store_a_, maria_, "sale-1", "d",
      [&](const customers::Customer&, const Book&) { return core::Result<SaleWrite>(refusal); });
  ASSERT_TRUE(posted.has_value());
  EXPECT_FALSE(posted->replayed);
  EXPECT_FALSE(posted->value.sale.has_value());
  EXPECT_EQ(CountRows("sales"), 0);
  EXPECT_EQ(CountRows("installments"), 0);
  EXPECT_EQ(CountRows("payments"), 0);
  EXPECT_EQ(CountRows("audit_log WHERE entity_type = 'credit_decision'"), 1);
  const auto decisions = ledger_->DecisionsOf(store_a_, maria_, 10);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(Describe(decisions[0]), Describe(refusal.decision));

  // Not kept under the key: the retry decides again, and is approved.
  const SaleWrite approval = ApprovedSale(store_a_, maria_, Money{});
  clock_.Advance(1s);
  auto retried = ledger_->CreateSale(
      store_a_, maria_, "sale-1", "d",
      [&](const customers::Customer&, const Book&) { return core::Result<SaleWrite>(approval); });
  ASSERT_TRUE(retried.has_value());
  EXPECT_FALSE(retried->replayed);
  EXPECT_EQ(CountRows("sales"), 1);
  EXPECT_EQ(ledger_->DecisionsOf(store_a_, maria_, 10).size(), 2u);
  EXPECT_EQ(ledger_->DecisionsOf(store_a_, maria_, 1).size(), 1u);
}

TEST_P(LedgerRepositoryTest, AFailingDeciderWritesNothing) {
  const auto fail_sale = [](const customers::Customer&, const Book&) -> core::Result<SaleWrite> {
    return core::Fail(Refusal(core::ErrorCode::kInvalidArgument, "preço inválido"));
  };
  auto sale = ledger_->CreateSale(store_a_, maria_, "sale-1", "d", fail_sale);
  ASSERT_FALSE(sale.has_value());
  EXPECT_EQ(sale.error().message_pt, "preço inválido");

  const auto fail_payment = [](const Book&) -> core::Result<PaymentWrite> {
    return core::Fail(Refusal(core::ErrorCode::kFailedPrecondition, "nada em aberto"));
  };
  auto payment = ledger_->PostPayment(store_a_, maria_, "pay-1", "d", fail_payment);
  ASSERT_FALSE(payment.has_value());
  EXPECT_EQ(payment.error().code, core::ErrorCode::kFailedPrecondition);
  const char* ledger_audit = "audit_log WHERE entity_type NOT IN ('store', 'customer')";
  for (const char* table :
       {"credit_decisions", "sales", "installments", "payments", "payment_lines", ledger_audit}) {
    EXPECT_EQ(CountRows(table), 0) << table;
  }
}

TEST_P(LedgerRepositoryTest, APaymentIsPostedOncePerKey) {
  const Sale sale = CreatedSale(maria_);
  const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(5000));
  int calls = 0;
  auto first = Post("pay-1", "digest-1", write, &calls);
  ASSERT_TRUE(first.has_value()) << first.error().Describe();
  EXPECT_FALSE(first->replayed);
  EXPECT_EQ(first->value.idempotency_key, "pay-1");

  auto again = Post("pay-1", "digest-1", write, &calls);
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(Describe(again->value), Describe(first->value));
  EXPECT_EQ(CountRows("payments"), 1);
  EXPECT_EQ(CountRows("payment_lines"), 1);

  auto other = Post("pay-1", "digest-2", PaymentOf(sale, 2, Money::FromCents(900)), &calls);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code, core::ErrorCode::kIdempotencyConflict);
  EXPECT_EQ(other.error().related_id, write.payment.id.str());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(CountRows("payments"), 1);
  EXPECT_EQ(CountRows("payment_lines"), 1);
  EXPECT_EQ(CountRows("audit_log WHERE entity_type = 'payment'"), 1);

  const auto book = ledger_->LoadBook(store_a_, maria_);
  ASSERT_EQ(book->payments.size(), 1u);
  EXPECT_EQ(Describe(book->payments[0]), Describe(first->value));
}

TEST_P(LedgerRepositoryTest, TheBookKeepsRecordingOrderAndGroupsChildren) {
  const Sale first_sale = CreatedSale(maria_, Money::FromCents(1000));
  const Sale second_sale = CreatedSale(maria_);
  PaymentWrite split = PaymentOf(second_sale, 1, Money::FromCents(3000));
  split.payment.lines.push_back(
      {{first_sale.id, 2}, Money{}, Money{}, Money::FromCents(1000), Money{}});
  ASSERT_TRUE(Post("pay-1", "d", split).has_value());
  ASSERT_TRUE(Post("pay-2", "d", PaymentOf(first_sale, 1, Money::FromCents(500))).has_value());

  const auto book = ledger_->LoadBook(store_a_, maria_);
  ASSERT_EQ(book->sales.size(), 2u);
  EXPECT_EQ(book->sales[0].id, first_sale.id);
  EXPECT_EQ(book->sales[1].installments.size(), 2u);
  ASSERT_EQ(book->payments.size(), 3u);
  EXPECT_EQ(book->payments[0].down_payment_of, first_sale.id);
  Payment expected = split.payment;
  expected.idempotency_key = "pay-1";
  EXPECT_EQ(Describe(book->payments[1]), Describe(expected));
  EXPECT_EQ(book->payments[1].lines, split.payment.lines);
  EXPECT_EQ(book->payments[2].idempotency_key, "pay-2");
}

TEST_P(LedgerRepositoryTest, AReversalRoundTripsAndHappensOnce) {
  const Sale sale = CreatedSale(maria_);
  const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(5000));
  ASSERT_TRUE(Post("pay-1", "d", write).has_value());

  int calls = 0;
  auto reversed = ledger_->ReversePayment(store_a_, write.payment.id, Reverser(&calls));
  ASSERT_TRUE(reversed.has_value()) << reversed.error().Describe();
  ASSERT_TRUE(reversed->reversal.has_value());
  EXPECT_EQ(reversed->reversal->reason, "cobrado em duplicidade");
  const auto found = ledger_->FindPayment(store_a_, write.payment.id);
  EXPECT_EQ(Describe(*found), Describe(*reversed));
  EXPECT_EQ(core::FormatIso(found->reversal->on), "2026-11-23");
  EXPECT_EQ(found->reversal->recorded_at, kNow + 1h);
  EXPECT_EQ(found->reversal->recorded_by, "user:2");
  EXPECT_EQ(Describe(ledger_->LoadBook(store_a_, maria_)->payments.at(0)), Describe(*reversed));

  // The decider sees the reversal and refuses a second one.
  auto twice = ledger_->ReversePayment(store_a_, write.payment.id, Reverser(&calls));
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(CountRows("payment_reversals"), 1);
  EXPECT_EQ(CountRows("audit_log WHERE action = 'reverse'"), 1);
}

TEST_P(LedgerRepositoryTest, TheLedgerIsAppendOnly) {
  const Sale sale = CreatedSale(maria_, Money::FromCents(2000));
  const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(5000));
  ASSERT_TRUE(Post("pay-1", "d", write).has_value());
  ASSERT_TRUE(ledger_->ReversePayment(store_a_, write.payment.id, Reverser()).has_value());
  soci::session session(db_->pool());
  session << "INSERT INTO installment_closures (sale_id, installment_number, store_id, "
             "customer_id, kind, closed_on, reason, recorded_at, recorded_by) VALUES (:sale, 2, "
             ":store, :customer, 'written_off', '2027-06-01', 'perda', '2027-06-01T12:00:00Z', "
             "'user:1')",
      soci::use(sale.id.str()), soci::use(store_a_.str()), soci::use(maria_.str());

  const auto book = ledger_->LoadBook(store_a_, maria_);
  ASSERT_EQ(book->closures.size(), 1u);
  EXPECT_EQ(book->closures[0].installment, (payments::InstallmentRef{sale.id, 2}));
  EXPECT_EQ(book->closures[0].kind, payments::InstallmentStatus::kWrittenOff);
  EXPECT_EQ(core::FormatIso(book->closures[0].on), "2027-06-01");
  EXPECT_EQ(book->closures[0].reason, "perda");

  for (const char* table : {"credit_decisions", "sales", "installments", "payments",
                            "payment_lines", "payment_reversals", "installment_closures"}) {
    ASSERT_GT(CountRows(table), 0) << table;
    EXPECT_THROW(session << std::string("UPDATE ") + table + " SET store_id = store_id",
                 soci::soci_error)
        << table;
    EXPECT_THROW(session << std::string("DELETE FROM ") + table, soci::soci_error) << table;
  }
  EXPECT_THROW(session << "UPDATE payments SET amount_cents = 1", soci::soci_error);
  EXPECT_EQ(ledger_->FindPayment(store_a_, write.payment.id)->amount, Money::FromCents(5000));
}

TEST_P(LedgerRepositoryTest, TheSchemaRefusesImpossibleAmounts) {
  const Sale sale = CreatedSale(maria_);
  soci::session session(db_->pool());
  const auto insert = [&](const core::StoreId& store, int amount, int interest) {
    session << "INSERT INTO installments (sale_id, number, store_id, customer_id, due_date, "
               "amount_cents, interest_cents, amortization_cents) VALUES (:sale, 3, :store, "
               ":customer, '2027-02-22', :amount, :interest, 100)",
        soci::use(sale.id.str()), soci::use(store.str()), soci::use(maria_.str()),
        soci::use(amount), soci::use(interest);
  };
  EXPECT_THROW(insert(store_a_, 0, 0), soci::soci_error);    // nothing to pay
  EXPECT_THROW(insert(store_a_, 100, 5), soci::soci_error);  // parts do not sum
  EXPECT_THROW(insert(store_b_, 100, 0), soci::soci_error);  // the sale is of another store
  EXPECT_EQ(CountRows("installments"), 2);
}

TEST_P(LedgerRepositoryTest, AnotherStoreSeesAndReversesNothing) {
  const Sale sale = CreatedSale(maria_);
  const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(5000));
  ASSERT_TRUE(Post("pay-1", "d", write).has_value());

  EXPECT_FALSE(ledger_->FindPayment(store_b_, write.payment.id).has_value());
  EXPECT_FALSE(ledger_->FindSale(store_b_, sale.id).has_value());
  EXPECT_FALSE(ledger_->LoadBook(store_b_, maria_).has_value());
  EXPECT_TRUE(ledger_->DecisionsOf(store_b_, maria_, 10).empty());
  int calls = 0;
  auto reversal = ledger_->ReversePayment(store_b_, write.payment.id, Reverser(&calls));
  ASSERT_FALSE(reversal.has_value());
  EXPECT_EQ(reversal.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(calls, 0);

  auto foreign_sale =
      ledger_->CreateSale(store_b_, maria_, "k", "d", [&](const customers::Customer&, const Book&) {
        ++calls;
        return core::Result<SaleWrite>(SaleWrite{});
      });
  ASSERT_FALSE(foreign_sale.has_value());
  EXPECT_EQ(foreign_sale.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(foreign_sale.error().message_pt, "cliente não encontrado");
  auto in_b = ledger_->PostPayment(store_b_, maria_, "k2", "d", [&](const Book&) {
    ++calls;
    return core::Result<PaymentWrite>(write);
  });
  ASSERT_FALSE(in_b.has_value());
  EXPECT_EQ(in_b.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(calls, 0);

  // Keys are per store: store B's customer may use store A's key.
  const auto joana = AddCustomer(store_b_, "111.444.777-35", "Joana");
  PaymentWrite credit_only{NewPayment(store_b_, joana, Money::FromCents(700)),
                           Audit(store_b_, "payment", "p", "create")};
  credit_only.payment.credit_change = Money::FromCents(700);
  auto b_posted = ledger_->PostPayment(store_b_, joana, "pay-1", "d", [&](const Book& book) {
    EXPECT_TRUE(book.payments.empty());
    return core::Result<PaymentWrite>(credit_only);
  });
  ASSERT_TRUE(b_posted.has_value());
  EXPECT_FALSE(b_posted->replayed);
  EXPECT_EQ(Describe(*ledger_->FindPayment(store_b_, credit_only.payment.id)),
            Describe(b_posted->value));
}

TEST_P(LedgerRepositoryTest, WritersOfOneCustomerQueue) {
  const Sale sale = CreatedSale(maria_);
  std::promise<void> first_inside;
  std::size_t seen[2] = {99, 99};
  const auto post = [&](int index, const std::string& key) {
    const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(1000));
    return ledger_->PostPayment(store_a_, maria_, key, "d", [&, index](const Book& book) {
      seen[index] = book.payments.size();
      if (index == 0) {
        first_inside.set_value();
        std::this_thread::sleep_for(300ms);
      }
      return core::Result<PaymentWrite>(write);
    });
  };
  core::Result<Posted<Payment>> first_result;
  core::Result<Posted<Payment>> second_result;
  std::thread first([&] { first_result = post(0, "pay-a"); });
  first_inside.get_future().wait();
  std::thread second([&] { second_result = post(1, "pay-b"); });
  first.join();
  second.join();
  ASSERT_TRUE(first_result.has_value());
  ASSERT_TRUE(second_result.has_value());
  EXPECT_EQ(seen[0], 0u);
  EXPECT_EQ(seen[1], 1u);
  const auto book = ledger_->LoadBook(store_a_, maria_);
  ASSERT_EQ(book->payments.size(), 2u);
  EXPECT_EQ(book->payments[0].idempotency_key, "pay-a");
  EXPECT_EQ(book->payments[1].idempotency_key, "pay-b");
}

TEST_P(LedgerRepositoryTest, AKeyRacedByTwoCustomersIsStoredOnce) {
  if (GetParam() == Engine::kSqlite) GTEST_SKIP() << "SQLite serialises every writer";
  const auto joao = AddCustomer(store_a_, "111.444.777-35", "João");
  const Sale sale_maria = CreatedSale(maria_);
  const Sale sale_joao = CreatedSale(joao);
  std::latch both_inside(2);
  const auto post = [&](const Sale& sale) {
    const PaymentWrite write = PaymentOf(sale, 1, Money::FromCents(1000));
    return ledger_->PostPayment(store_a_, sale.customer_id, "same-key", "d", [&](const Book&) {
      both_inside.arrive_and_wait();
      return core::Result<PaymentWrite>(write);
    });
  };
  core::Result<Posted<Payment>> for_maria;
  core::Result<Posted<Payment>> for_joao;
  std::thread first([&] { for_maria = post(sale_maria); });
  std::thread second([&] { for_joao = post(sale_joao); });
  first.join();
  second.join();
  ASSERT_TRUE(for_maria.has_value()) << for_maria.error().Describe();
  ASSERT_TRUE(for_joao.has_value()) << for_joao.error().Describe();
  EXPECT_NE(for_maria->replayed, for_joao->replayed);
  EXPECT_EQ(for_maria->value.id, for_joao->value.id);
  EXPECT_EQ(CountRows("payments WHERE idempotency_key = 'same-key'"), 1);
  EXPECT_EQ(CountRows("audit_log WHERE entity_type = 'payment'"), 1);
}

TEST_P(LedgerRepositoryTest, TheStoresCreditTermsRoundTrip) {
  SqlStoreRepository stores(*db_);
  stores::Store store = *stores.Find(store_a_);
  EXPECT_EQ(store.settings.credit, stores::CreditTerms{});
  store.settings.credit.default_monthly_rate = Rate::FromUnits(1'990'000);  // 1,99 %
  store.settings.credit.max_monthly_rate = Rate::FromBps(500);
  store.settings.credit.moratory_monthly_rate = Rate::FromBps(50);
  ASSERT_TRUE(stores.Update(store, Audit(store.id, "store", store.id.str(), "update")).has_value());
  EXPECT_EQ(stores.Find(store_a_)->settings.credit, store.settings.credit);
}

INSTANTIATE_TEST_SUITE_P(Engines, LedgerRepositoryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

// --- The credit terms in the store's settings JSON ------------------------------------------

TEST(StoreCreditTermsJson, WritesPercentTextWithADot) {
  stores::StoreSettings settings;
  settings.credit.default_monthly_rate = Rate::FromUnits(1'990'000);
  settings.credit.moratory_monthly_rate = Rate::FromUnits(82'000);  // 0,082 %
  const nlohmann::json expected = {{"default_monthly_rate_percent", "1.99"},
                                   {"max_monthly_rate_percent", "20"},
                                   {"late_fee_percent", "2"},
                                   {"moratory_monthly_rate_percent", "0.082"}};
  const nlohmann::json written = json::StoreSettingsJson(settings);
  EXPECT_EQ(written["credit"], expected);
  EXPECT_EQ(json::StoreSettingsFromJson(written, "settings")->credit, settings.credit);
}

TEST(StoreCreditTermsJson, MissingTermsTakeTheDefaults) {
  EXPECT_EQ(json::StoreSettingsFromJson(nlohmann::json::object(), "settings")->credit,
            stores::CreditTerms{});
  const auto partial = json::StoreSettingsFromJson(
      nlohmann::json{{"credit", {{"late_fee_percent", "1,5"}}}}, "settings");
  ASSERT_TRUE(partial.has_value()) << partial.error().Describe();
  stores::CreditTerms expected;
  expected.late_fee_rate = Rate::FromBps(150);
  EXPECT_EQ(partial->credit, expected);
}

TEST(StoreCreditTermsJson, ErrorsNameTheField) {
  const auto field_of = [](const nlohmann::json& credit) {
    auto parsed = json::StoreSettingsFromJson(nlohmann::json{{"credit", credit}}, "settings");
    return parsed ? std::string("ok") : parsed.error().field;
  };
  EXPECT_EQ(field_of({{"late_fee_percent", 2}}), "settings.credit.late_fee_percent");
  EXPECT_EQ(field_of({{"max_monthly_rate_percent", "vinte"}}),
            "settings.credit.max_monthly_rate_percent");
  EXPECT_EQ(field_of({{"monthly", "1"}}), "settings.credit.monthly");
  EXPECT_EQ(field_of("2"), "settings.credit");
}

}  // namespace
}  // namespace fiado::storage
