// The customer registry on the embedded engine with a large store: registering one
// customer (row, search terms and audit entry in one durable transaction) and the searches
// the customers screen makes (first page, name prefix, CPF prefix, a deep page by cursor).
#include <benchmark/benchmark.h>
#include <soci/soci.h>
#include <stdlib.h>

#include <array>
#include <filesystem>
#include <map>
#include <memory>

#include "core/tax_id.h"
#include "customers/registry.h"
#include "json/store_json.h"
#include "storage/customer_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"

namespace fiado::storage {
namespace {

constexpr std::array<const char*, 16> kFirstNames = {
    "Maria",   "José",  "Ana",     "João",  "Antônia", "Francisco", "Francisca", "Carlos",
    "Adriana", "Paulo", "Juliana", "Lucas", "Márcia",  "Luís",      "Fernanda",  "Sebastião"};
constexpr std::array<const char*, 16> kSurnames = {
    "Silva", "Santos", "Oliveira", "Souza",    "Rodrigues", "Ferreira",  "Alves",     "Pereira",
    "Lima",  "Gomes",  "Ribeiro",  "Carvalho", "Araújo",    "Conceição", "Gonçalves", "Brandão"};

customers::CustomerDraft SyntheticDraft(int index) {
  const auto at = [](int i, int salt) { return static_cast<std::size_t>((i / salt) % 16); };
  char base[16];
  std::snprintf(base, sizeof base, "%09d", 100000000 + index * 7);
  customers::CustomerDraft draft;
  draft.cpf = std::string(base) + core::CpfCheckDigits(base);
  draft.full_name = std::string(kFirstNames[at(index, 1)]) + " " + kSurnames[at(index, 16)] + " " +
                    kSurnames[at(index * 7 + 3, 1)];
  char phone[16];
  std::snprintf(phone, sizeof phone, "119%08d", index);
  draft.phones = {phone};
  draft.monthly_income_cents = 150000 + (index % 50) * 1000;
  return draft;
}

customers::Customer Registered(customers::Registry& registry, const core::Actor& actor, int index) {
  auto customer = registry.Register(actor, SyntheticDraft(index));
  if (!customer) {
    std::fprintf(stderr, "customer %d: %s\n", index, customer.error().Describe().c_str());
    std::abort();
  }
  return *customer;
}

// One SQLite database per portfolio size, filled once and shared by the benchmarks.
class Portfolio {
 public:
  static Portfolio& OfSize(int customers) {
    static std::map<int, std::unique_ptr<Portfolio>> cache;
    auto& slot = cache[customers];
    if (!slot) slot = std::make_unique<Portfolio>(customers);
    return *slot;
  }

  explicit Portfolio(int customers)
      : clock_(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22}), ids_(clock_) {
    std::string pattern = (std::filesystem::temp_directory_path() / "fiado-bench-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    db_ = Database::Open(DatabaseUrl::Parse("sqlite:" + dir_ + "/bench.db").value(), 1);
    Migrator(*db_, clock_).Migrate();
    repository_ = std::make_unique<SqlCustomerRepository>(*db_);
    registry_ = std::make_unique<customers::Registry>(*repository_, ids_, clock_);
    CreateStore();
    Fill(customers);
  }
  ~Portfolio() {
    registry_.reset();
    repository_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  customers::Registry& registry() { return *registry_; }
  const core::Actor& actor() const { return actor_; }
  customers::CustomerQuery Query(std::string text) const {
    customers::CustomerQuery query{actor_.store_id};
    query.text = std::move(text);
    return query;
  }

 private:
  void CreateStore() {
    stores::StoreDraft draft;
    draft.name = "Loja de Medição";
    draft.legal_id = "11.222.333/0001-81";
    draft.address.city = "Campinas";
    draft.address.state = "SP";
    const auto store = stores::MakeStore(draft, ids_.Next<core::StoreTag>(), clock_.Now()).value();
    const core::AuditEntry audit{ids_.NextText(),
                                 store.id,
                                 clock_.Now(),
                                 "bench",
                                 "store",
                                 store.id.str(),
                                 "create",
                                 std::nullopt,
                                 json::StoreJson(store).dump(),
                                 ""};
    if (!SqlStoreRepository(*db_).Create(store, audit)) std::abort();
    actor_ = core::Actor{store.id, "bench"};
  }

  // Filling is not what is measured: commits skip the fsync meanwhile.
  void Fill(int customers) {
    {
      soci::session session(db_->pool());
      session << "PRAGMA synchronous=OFF";
    }
    for (int i = 0; i < customers; ++i) Registered(*registry_, actor_, i);
    soci::session session(db_->pool());
    session << "PRAGMA synchronous=FULL";
  }

  core::FixedClock clock_;
  core::IdGenerator ids_;
  std::string dir_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlCustomerRepository> repository_;
  std::unique_ptr<customers::Registry> registry_;
  core::Actor actor_{core::StoreId{}, ""};
};

void BM_CustomerRegisterDurable(benchmark::State& state) {
  Portfolio& portfolio = Portfolio::OfSize(static_cast<int>(state.range(0)));
  static int next = 50'000'000;  // the function runs again for each repetition
  for (auto _ : state) {
    Registered(portfolio.registry(), portfolio.actor(), next++);
  }
  state.SetItemsProcessed(state.iterations());
}

void Search(benchmark::State& state, const std::string& text) {
  Portfolio& portfolio = Portfolio::OfSize(static_cast<int>(state.range(0)));
  const auto query = portfolio.Query(text);
  std::size_t found = 0;
  for (auto _ : state) found = portfolio.registry().Search(query).value().items.size();
  state.counters["found"] = static_cast<double>(found);
}

void BM_CustomerFirstPage(benchmark::State& state) { Search(state, ""); }
void BM_CustomerSearchCommonName(benchmark::State& state) { Search(state, "maria"); }
void BM_CustomerSearchTwoWords(benchmark::State& state) { Search(state, "jose conc"); }
void BM_CustomerSearchRareName(benchmark::State& state) { Search(state, "sebastiao brandao"); }
void BM_CustomerSearchCpfPrefix(benchmark::State& state) { Search(state, "1000070"); }
void BM_CustomerSearchNoMatch(benchmark::State& state) { Search(state, "zzz"); }

// The 21st page of 50, reached by following cursors (what "Carregar mais" costs late).
void BM_CustomerDeepPage(benchmark::State& state) {
  Portfolio& portfolio = Portfolio::OfSize(static_cast<int>(state.range(0)));
  auto query = portfolio.Query("");
  for (int page = 0; page < 20; ++page) {
    query.cursor = portfolio.registry().Search(query).value().next_cursor;
  }
  for (auto _ : state) benchmark::DoNotOptimize(portfolio.registry().Search(query).value());
}

constexpr int kSmall = 1'000;
constexpr int kLarge = 50'000;

BENCHMARK(BM_CustomerRegisterDurable)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerFirstPage)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerSearchCommonName)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerSearchTwoWords)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerSearchRareName)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerSearchCpfPrefix)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerSearchNoMatch)->Arg(kSmall)->Arg(kLarge)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CustomerDeepPage)->Arg(kLarge)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace fiado::storage
