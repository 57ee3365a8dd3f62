// SqlPaymentCodeRepository on SQLite and on a real PostgreSQL: codes are given once per
// installment in installment order, kept on every later call, numbered per store, found
// back by sequence, append-only; and concurrent issuers never share a sequence.
#include "storage/payment_code_repository.h"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <future>
#include <set>

#include "storage/customer_repository.h"
#include "storage/ledger_repository.h"
#include "support/engine_database.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using std::chrono::year;

const core::Instant kNow = std::chrono::sys_days{year{2026} / 11 / 22} + 13h;
const core::Date kToday = year{2026} / 11 / 22;

class PaymentCodeRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = fiado::testing::OpenMigrated(fiado::testing::TestDatabaseUrl(GetParam(), dir_), clock_);
    codes_ = std::make_unique<SqlPaymentCodeRepository>(*db_, clock_);
    store_a_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "11.222.333/0001-81", "A").id;
    store_b_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "00.000.000/0001-91", "B").id;
  }

  core::AuditEntry Audit(const core::StoreId& store, const std::string& type,
                         const std::string& id) {
    return core::AuditEntry{ids_.NextText(), store,        kNow,    "user:1", type, id,
                            "create",        std::nullopt, R"({})", ""};
  }

  // A sale of `count` installments for a new customer of `store`.
  sales::SaleId AddSale(const core::StoreId& store, const std::string& cpf, int count) {
    customers::CustomerDraft draft;
    draft.cpf = cpf;
    draft.full_name = "Cliente " + cpf;
    const auto customer =
        customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store, kNow).value();
    EXPECT_TRUE(
        SqlCustomerRepository(*db_).Create(customer, Audit(store, "customer", customer.id.str())));
    sales::SaleDraft sale_draft;
    sale_draft.customer_id = customer.id;
    sale_draft.description = "Sofá";
    sale_draft.price = core::Money::FromCents(120000);
    sale_draft.installment_count = count;
    sale_draft.sale_date = kToday;
    stores::CreditTerms terms;
    terms.default_monthly_rate = core::Rate::FromBps(300);
    auto sale = sales::MakeSale(sale_draft, terms, ids_.Next<sales::SaleTag>(), kToday).value();
    sale.store_id = store;
    sale.created_at = kNow;
    sale.created_by = "user:1";
    payments::SaleWrite write;
    write.decision.id = ids_.Next<sales::CreditDecisionTag>();
    write.decision.store_id = store;
    write.decision.customer_id = customer.id;
    write.decision.outcome = sales::CreditOutcome::kApproved;
    write.decision.decided_by = "user:1";
    write.decision.decided_at = kNow;
    sale.credit_decision_id = write.decision.id;
    write.sale = sale;
    write.audit = {Audit(store, "sale", sale.id.str())};
    SqlLedgerRepository ledger(*db_);
    const auto posted = ledger.CreateSale(store, customer.id, "", "",
                                          [&](const customers::Customer&, const payments::Book&) {
                                            return core::Result<payments::SaleWrite>(write);
                                          });
    EXPECT_TRUE(posted.has_value());
    return sale.id;
  }

  fiado::testing::TempDir dir_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlPaymentCodeRepository> codes_;
  core::StoreId store_a_;
  core::StoreId store_b_;
};

TEST_P(PaymentCodeRepositoryTest, GivesEachInstallmentTheNextSequenceOnceAndKeepsIt) {
  const auto first = AddSale(store_a_, "529.982.247-25", 3);
  const auto second = AddSale(store_a_, "111.444.777-35", 2);

  const auto codes = codes_->Issue(store_a_, first, 3);
  ASSERT_EQ(codes.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(codes[i].installment.sale_id, first);
    EXPECT_EQ(codes[i].installment.number, i + 1);
    EXPECT_EQ(codes[i].sequence, i + 1);
    EXPECT_EQ(codes[i].txid, payments::TxidOf(i + 1));
  }
  EXPECT_EQ(codes_->Issue(store_a_, first, 3), codes);  // printed again: the same codes

  const auto next = codes_->Issue(store_a_, second, 2);
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(next[0].sequence, 4);
  EXPECT_EQ(next[1].sequence, 5);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "payment_codes"), 5);

  const auto found = codes_->FindBySequence(store_a_, 4);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->installment.sale_id, second);
  EXPECT_EQ(found->installment.number, 1);
  EXPECT_FALSE(codes_->FindBySequence(store_b_, 4).has_value());
  EXPECT_FALSE(codes_->FindBySequence(store_a_, 6).has_value());
}

TEST_P(PaymentCodeRepositoryTest, SequencesArePerStore) {
  const auto in_a = AddSale(store_a_, "529.982.247-25", 2);
  const auto in_b = AddSale(store_b_, "111.444.777-35", 2);
  EXPECT_EQ(codes_->Issue(store_a_, in_a, 2)[1].sequence, 2);
  EXPECT_EQ(codes_->Issue(store_b_, in_b, 2)[0].sequence, 1);
}

TEST_P(PaymentCodeRepositoryTest, CodesCannotBeChangedOrRemoved) {
  const auto sale = AddSale(store_a_, "529.982.247-25", 1);
  codes_->Issue(store_a_, sale, 1);
  soci::session session(db_->pool());
  EXPECT_THROW(session << "UPDATE payment_codes SET sequence = 99", soci::soci_error);
  EXPECT_THROW(session << "DELETE FROM payment_codes", soci::soci_error);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "payment_codes"), 1);
}

TEST_P(PaymentCodeRepositoryTest, ConcurrentIssuersNeverShareASequence) {
  std::vector<sales::SaleId> sale_ids;
  const std::vector<std::string> cpfs = {"529.982.247-25", "111.444.777-35", "390.533.447-05",
                                         "123.456.789-09"};
  for (const auto& cpf : cpfs) sale_ids.push_back(AddSale(store_a_, cpf, 6));
  std::vector<std::future<std::vector<payments::InstallmentCode>>> issuers;
  for (const auto& sale : sale_ids) {
    issuers.push_back(
        std::async(std::launch::async, [&, sale] { return codes_->Issue(store_a_, sale, 6); }));
  }
  std::set<std::int64_t> sequences;
  for (auto& issuer : issuers) {
    for (const auto& code : issuer.get()) sequences.insert(code.sequence);
  }
  EXPECT_EQ(sequences.size(), 24u);
  EXPECT_EQ(*sequences.rbegin(), 24);
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentCodeRepositoryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

}  // namespace
}  // namespace fiado::storage
