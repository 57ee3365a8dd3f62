// The import of a bank return file survives being killed: `fiado import cnab` is killed
// with SIGKILL at random moments while it imports the file, then run to the end; the
// payments it posted add up to the file's truth to the centavo, one per title, and a
// further import posts nothing. `make test` uses 20,000 titles (the sanitizer build imports
// about 160 a second); FIADO_CRASH_TITLES=100000 runs the full size.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <thread>

#include "support/bank_portfolio.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace fiado::testing {
namespace {

std::int64_t Titles() {
  const char* text = std::getenv("FIADO_CRASH_TITLES");
  return text != nullptr ? std::stoll(text) : 20'000;
}

struct Posted {
  long long count = 0;
  long long cents = 0;
  long long distinct_keys = 0;
};

Posted PostedByFiles(app::Wiring& wiring, const core::StoreId& store_id) {
  soci::session session(wiring.db().pool());
  Posted posted;
  session << "SELECT COUNT(*), COALESCE(SUM(amount_cents), 0), COUNT(DISTINCT idempotency_key) "
             "FROM payments WHERE store_id = :store AND idempotency_key LIKE 'cnab|%'",
      soci::use(store_id.str()), soci::into(posted.count), soci::into(posted.cents),
      soci::into(posted.distinct_keys);
  return posted;
}

ProcessResult Import(const std::string& url, const BankPortfolio& bank, const std::string& file) {
  Process import(
      {FIADO_BINARY, "import", "cnab", file, "--store", bank.store.id.str(), "--db", url});
  return import.Wait(std::chrono::minutes(10));
}

TEST(ImportCrash, KilledImportsResumeToTheFilesTruthWithoutDuplicates) {
  const std::int64_t kTitles = Titles();
  TempDir dir;
  const std::string url = "sqlite:" + dir.File("fiado.db");
  const std::string file = dir.File("retorno.ret");
  const core::SystemClock clock;
  const core::Date today =
      core::TimeZone::Named("America/Sao_Paulo").value().LocalDate(clock.Now());
  std::optional<BankPortfolio> bank;
  {
    app::Wiring wiring(url, 2, clock);
    // A generated customer has about 2.7 installments without any payment.
    bank = MakeBankPortfolio(wiring, kTitles / 2, kTitles, today, file);
  }
  ASSERT_EQ(bank->file.titles, kTitles) << "the portfolio has too few open installments";
  std::mt19937 random(20261122);
  // Random moments within the first part of the import (reading the file, then batches).
  std::uniform_int_distribution<int> delay_ms(
      300, static_cast<int>(std::max<std::int64_t>(kTitles / 20, 400)));
  for (int attempt = 0; attempt < 4; ++attempt) {
    Process import(
        {FIADO_BINARY, "import", "cnab", file, "--store", bank->store.id.str(), "--db", url});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    import.Signal(SIGKILL);
    import.Wait();
  }
  const ProcessResult finished = Import(url, *bank, file);
  ASSERT_EQ(finished.exit_code, 0) << finished.out << finished.err;
  app::Wiring wiring(url, 2, clock);
  const Posted posted = PostedByFiles(wiring, bank->store.id);
  EXPECT_EQ(posted.count, kTitles);
  EXPECT_EQ(posted.distinct_keys, kTitles);
  EXPECT_EQ(posted.cents, bank->file.paid_total.cents());

  const ProcessResult again = Import(url, *bank, file);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("lançados: 0 "), std::string::npos) << again.out;
  EXPECT_EQ(PostedByFiles(wiring, bank->store.id).cents, bank->file.paid_total.cents());
}

}  // namespace
}  // namespace fiado::testing
