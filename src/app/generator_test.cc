#include "app/generator.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <array>
#include <memory>
#include <sstream>
#include <utility>

#include "app/demo.h"
#include "app/wiring.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace fiado::app {
namespace {

using std::chrono::June;

constexpr core::Date kToday{std::chrono::year{2025}, June, std::chrono::day{16}};
constexpr std::uint64_t kSeed = 42;
constexpr std::int64_t kCustomers = 300;

// A program over one database whose clock stands at noon of kToday in São Paulo.
struct Program {
  explicit Program(const std::string& url)
      : clock(core::Instant(std::chrono::sys_days(kToday)) + std::chrono::hours(15)),
        wiring(url, 2, clock) {}
  core::FixedClock clock;
  Wiring wiring;
};

struct GeneratedRun {
  stores::Store store;
  PortfolioSummary summary;
};

GeneratedRun Generate(Program& program, std::uint64_t seed, std::int64_t batch_customers = 2'500) {
  GeneratedRun run{FindOrCreateSyntheticStore(program.wiring.stores(), seed, kToday).value(), {}};
  run.summary = GeneratePortfolio(program.wiring.db(), run.store,
                                  PortfolioOptions{kCustomers, seed, kToday, batch_customers});
  return run;
}

long long Count(Program& program, const std::string& sql) {
  soci::session session(program.wiring.db().pool());
  long long count = 0;
  session << sql, soci::into(count);
  return count;
}

std::string Cell(const soci::row& row, std::size_t column) {
  if (row.get_indicator(column) == soci::i_null) return "NULL";
  switch (row.get_properties(column).get_data_type()) {
    case soci::dt_string:
      return row.get<std::string>(column);
    case soci::dt_integer:
      return std::to_string(row.get<int>(column));
    case soci::dt_long_long:
      return std::to_string(row.get<long long>(column));
    case soci::dt_unsigned_long_long:
      return std::to_string(row.get<unsigned long long>(column));
    default:
      return "?";
  }
}

// Every generated table, each in a fixed order, as text: equal dumps mean equal rows.
std::string Dump(Program& program) {
  constexpr std::array<std::pair<const char*, const char*>, 8> kTables = {
      {{"stores", "id"},
       {"customers", "id"},
       {"customer_search_terms", "customer_id, term"},
       {"credit_decisions", "id"},
       {"sales", "id"},
       {"installments", "sale_id, number"},
       {"payments", "id"},
       {"payment_lines", "payment_id, line_number"}}};
  soci::session session(program.wiring.db().pool());
  std::ostringstream dump;
  for (const auto& [table, order] : kTables) {
    dump << "## " << table << '\n';
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY " + order;
    soci::rowset<soci::row> rows = session.prepare << sql;
    for (const soci::row& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        dump << row.get_properties(i).get_name() << '=' << Cell(row, i) << ';';
      }
      dump << '\n';
    }
  }
  return dump.str();
}

std::vector<customers::CustomerId> CustomerIds(Program& program) {
  soci::session session(program.wiring.db().pool());
  std::vector<customers::CustomerId> ids;
  soci::rowset<std::string> rows = session.prepare << "SELECT id FROM customers ORDER BY id";
  for (const std::string& id : rows) ids.push_back(customers::CustomerId::FromTrusted(id));
  return ids;
}

class GeneratorTest : public ::testing::Test {
 protected:
  fiado::testing::TempDir dir_;
  std::string Url(const std::string& name) const { return "sqlite:" + dir_.File(name); }
};

TEST_F(GeneratorTest, WritesAPlausiblePortfolio) {
  Program program(Url("a.db"));
  const GeneratedRun run = Generate(program, kSeed);
  EXPECT_EQ(run.summary.customers, kCustomers);
  EXPECT_EQ(run.summary.skipped, 0);
  EXPECT_EQ(Count(program, "SELECT COUNT(*) FROM customers"), kCustomers);
  EXPECT_EQ(Count(program, "SELECT COUNT(*) FROM installments"), run.summary.installments);
  EXPECT_EQ(Count(program, "SELECT COUNT(*) FROM payment_lines"), run.summary.payment_lines);
  const double installments_each = static_cast<double>(run.summary.installments) / kCustomers;
  EXPECT_GE(installments_each, 7.0);
  EXPECT_LE(installments_each, 13.0);
  EXPECT_GE(run.summary.sales, kCustomers);
  EXPECT_LE(run.summary.sales, 3 * kCustomers);
  // One approved decision per sale; sales and payments numbered 1, 2, ... per customer.
  EXPECT_EQ(Count(program, "SELECT COUNT(*) FROM credit_decisions WHERE outcome = 'approved'"),
            run.summary.sales);
  EXPECT_EQ(Count(program,
                  "SELECT COUNT(*) FROM sales s WHERE s.seq > (SELECT COUNT(*) FROM "
                  "sales o WHERE o.customer_id = s.customer_id)"),
            0);
  EXPECT_EQ(Count(program,
                  "SELECT COUNT(*) FROM payments p WHERE p.seq > (SELECT COUNT(*) FROM "
                  "payments o WHERE o.customer_id = p.customer_id)"),
            0);
  // Nothing was paid of an installment due today or later.
  EXPECT_EQ(Count(program,
                  "SELECT COUNT(*) FROM payment_lines l JOIN installments i ON "
                  "i.sale_id = l.sale_id AND i.number = l.installment_number WHERE "
                  "i.due_date >= '2025-06-16'"),
            0);
  // Some history of each kind: late charges, early discounts, credit kept.
  EXPECT_GT(Count(program, "SELECT COUNT(*) FROM payment_lines WHERE late_fee_cents > 0"), 0);
  EXPECT_GT(Count(program, "SELECT COUNT(*) FROM payment_lines WHERE discount_cents > 0"), 0);
  EXPECT_GT(Count(program, "SELECT COUNT(*) FROM payments WHERE credit_change_cents > 0"), 0);
  EXPECT_GT(Count(program, "SELECT COUNT(*) FROM payments WHERE down_payment_of IS NOT NULL"), 0);
}

TEST_F(GeneratorTest, StatementsLoadAndEveryPaymentBalances) {
  Program program(Url("a.db"));
  const GeneratedRun run = Generate(program, kSeed);
  int overdue = 0;
  int payments = 0;
  for (const customers::CustomerId& id : CustomerIds(program)) {
    auto statement = program.wiring.ledger().StatementOf(run.store.id, id, kToday);
    ASSERT_TRUE(statement.has_value()) << statement.error().Describe();
    if (statement->totals.overdue_installments > 0) ++overdue;
    for (const payments::StatementEvent& event : statement->events) {
      if (event.kind == payments::EventKind::kDownPayment) {
        EXPECT_TRUE(event.lines.empty());
        continue;
      }
      if (event.kind != payments::EventKind::kPayment) continue;
      ++payments;
      core::Money allocated;
      for (const payments::AllocationLine& line : event.lines) allocated += line.Cash();
      // Money in = money allocated + credit kept (− credit used).
      EXPECT_EQ(event.amount, allocated + event.credit_change) << event.reference_id;
    }
  }
  EXPECT_GT(payments, kCustomers);
  const double overdue_share = static_cast<double>(overdue) / kCustomers;
  EXPECT_GE(overdue_share, 0.05);
  EXPECT_LE(overdue_share, 0.40);
}

TEST_F(GeneratorTest, SearchFindsGeneratedCustomers) {
  Program program(Url("a.db"));
  const GeneratedRun run = Generate(program, kSeed);
  auto all = program.wiring.customers().Search({.store_id = run.store.id, .limit = 10});
  ASSERT_TRUE(all.has_value());
  ASSERT_FALSE(all->items.empty());
  const customers::Customer& first = all->items.front();
  const std::string surname = first.full_name.substr(first.full_name.rfind(' ') + 1);
  auto by_name =
      program.wiring.customers().Search({.store_id = run.store.id, .text = surname, .limit = 200});
  ASSERT_TRUE(by_name.has_value());
  EXPECT_FALSE(by_name->items.empty());
  auto by_cpf = program.wiring.customers().Search(
      {.store_id = run.store.id, .text = first.cpf.digits().substr(0, 6), .limit = 10});
  ASSERT_TRUE(by_cpf.has_value());
  EXPECT_FALSE(by_cpf->items.empty());
}

TEST_F(GeneratorTest, SameSeedSameRowsWhateverTheBatchSize) {
  Program first(Url("a.db"));
  Program second(Url("b.db"));
  Program other(Url("c.db"));
  Generate(first, kSeed);
  Generate(second, kSeed, 64);
  Generate(other, kSeed + 1);
  const std::string dump = Dump(first);
  EXPECT_TRUE(dump == Dump(second)) << "two runs of one seed differ";
  EXPECT_FALSE(dump == Dump(other)) << "two seeds gave the same rows";
}

TEST_F(GeneratorTest, RunningTheSeedAgainSkipsWhatIsThere) {
  Program program(Url("a.db"));
  Generate(program, kSeed);
  const std::string before = Dump(program);
  const GeneratedRun again = Generate(program, kSeed);
  EXPECT_EQ(again.summary.customers, 0);
  EXPECT_EQ(again.summary.skipped, kCustomers);
  EXPECT_TRUE(before == Dump(program));
}

TEST_F(GeneratorTest, PostgresqlGetsTheSameRows) {
  std::string url;
  try {
    url = fiado::testing::PostgresCluster::Shared().CreateDatabase();
  } catch (const std::exception& error) {
    GTEST_SKIP() << "sem PostgreSQL: " << error.what();
  }
  Program sqlite(Url("a.db"));
  Program postgresql(url);
  Generate(sqlite, kSeed);
  Generate(postgresql, kSeed);
  EXPECT_TRUE(Dump(sqlite) == Dump(postgresql));
}

TEST_F(GeneratorTest, DemoHasNamedCustomersAndAPortfolio) {
  Program program(Url("demo.db"));
  ASSERT_TRUE(SeedDemo(program.wiring).has_value());
  EXPECT_EQ(Count(program, "SELECT COUNT(*) FROM customers"), 208);
  EXPECT_EQ(Count(program,
                  "SELECT COUNT(*) FROM customers WHERE credit_limit_cents = 200000 "
                  "AND credit_limit_reason = 'limite inicial da demonstração'"),
            8);
  const auto stores = program.wiring.stores().List();
  ASSERT_EQ(stores.size(), 1u);
  EXPECT_EQ(stores.front().settings.credit.default_monthly_rate, core::Rate::FromBps(499));
  EXPECT_GT(Count(program, "SELECT COUNT(*) FROM payments"), 200);
}

}  // namespace
}  // namespace fiado::app
