// Payment posting through the REST API on the embedded engine (SQLite, WAL,
// synchronous=FULL): each request authenticates an API key, reads the customer's book,
// allocates, and commits the payment, its lines and its audit entry durably. Clients post
// from several threads over loopback, as counters of a shop would.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <thread>

#include "app/wiring.h"
#include "core/tax_id.h"
#include "http/server.h"

namespace fiado::bench {
namespace {

constexpr int kCustomers = 2000;

struct Shop {
  std::filesystem::path dir;
  core::SystemClock clock;
  std::unique_ptr<app::Wiring> wiring;
  std::unique_ptr<http::Server> server;
  std::thread thread;
  std::string api_key;
  std::vector<std::string> customer_ids;
};

void AddCustomers(Shop& shop, const core::Actor& actor) {
  for (int i = 0; i < kCustomers; ++i) {
    char base[16];
    std::snprintf(base, sizeof base, "%09d", 200000000 + i * 7);
    customers::CustomerDraft draft;
    draft.cpf = std::string(base) + core::CpfCheckDigits(base);
    draft.full_name = "Cliente " + std::to_string(i);
    auto customer = shop.wiring->customers().Register(actor, draft);
    FIADO_CHECK(customer.has_value());
    FIADO_CHECK(
        shop.wiring->customers()
            .SetCreditLimit(actor, customer->id, core::Money::FromCents(10'000'000), "bench")
            .has_value());
    sales::SaleDraft sale{customer->id, "Sofá", core::Money::FromCents(240000), core::Money(), 12};
    sale.sale_date = *shop.wiring->ledger().Today(actor.store_id);
    auto made =
        shop.wiring->ledger().CreateSale(actor, sale, "", false, "sale-" + std::to_string(i), "");
    FIADO_CHECK(made.has_value());
    shop.customer_ids.push_back(customer->id.str());
  }
}

Shop& TheShop() {
  static Shop* shop = [] {
    auto* made = new Shop;
    made->dir =
        std::filesystem::temp_directory_path() / ("fiado-pay-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(made->dir);
    made->wiring =
        std::make_unique<app::Wiring>("sqlite:" + (made->dir / "f.db").string(), 8, made->clock);
    stores::StoreDraft draft;
    draft.name = "Loja Bench";
    draft.legal_id = "11.222.333/0001-81";
    draft.address.city = "São Paulo";
    draft.address.state = "SP";
    draft.settings.credit.default_monthly_rate = core::Rate::FromBps(299);
    auto store = app::CreateStore(*made->wiring, draft, "cli");
    FIADO_CHECK(store.has_value());
    const core::Actor actor{store->id, "cli"};
    auto user = made->wiring->access().CreateUser(
        actor, {"dono@bench.com.br", "Dono", "owner", "senha-forte-1"});
    FIADO_CHECK(user.has_value());
    access::Principal owner{store->id, access::Role::kOwner, user->id};
    auto key = made->wiring->access().CreateApiKey(actor, owner, "caixa", "clerk");
    FIADO_CHECK(key.has_value());
    made->api_key = key->secret;
    AddCustomers(*made, actor);
    made->server = std::make_unique<http::Server>(
        http::ServerOptions{"127.0.0.1", 0, 8},
        http::ServerDependencies{[] { return http::HealthReport{true, "", "", 0, 0, ""}; },
                                 &made->wiring->api(), ""});
    FIADO_CHECK(made->server->Bind().has_value());
    made->thread = std::thread([made] { made->server->Run(); });
    return made;
  }();
  return *shop;
}

std::atomic<long> next_key{0};

void BM_PostPaymentThroughApi(benchmark::State& state) {
  Shop& shop = TheShop();
  httplib::Client client("127.0.0.1", shop.server->port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  const httplib::Headers base = {{"Authorization", "Bearer " + shop.api_key}};
  const std::string body = R"({"amount_cents":1000,"method":"pix"})";
  for (auto _ : state) {
    const long n = next_key.fetch_add(1);
    const std::string& customer = shop.customer_ids[static_cast<std::size_t>(n % kCustomers)];
    httplib::Headers headers = base;
    headers.emplace("Idempotency-Key", "bench-" + std::to_string(n));
    auto reply = client.Post("/api/v1/customers/" + customer + "/payments", headers, body,
                             "application/json");
    if (!reply || reply->status != 201) {
      state.SkipWithError(reply ? reply->body.c_str() : "sem resposta");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostPaymentThroughApi)
    ->Threads(1)
    ->Threads(4)
    ->Threads(8)
    ->UseRealTime()
    ->MinTime(2.0);

// The same posting without HTTP: the service, the allocation and the durable write.
void BM_PostPaymentInProcess(benchmark::State& state) {
  Shop& shop = TheShop();
  const core::StoreId store = shop.wiring->stores().List().front().id;
  const core::Actor actor{store, "bench"};
  for (auto _ : state) {
    const long n = next_key.fetch_add(1);
    payments::PaymentDraft draft{
        *customers::CustomerId::Parse(shop.customer_ids[static_cast<std::size_t>(n % kCustomers)]),
        core::Money::FromCents(1000), sales::PaymentMethod::kPix};
    auto posted =
        shop.wiring->ledger().PostPayment(actor, draft, "direct-" + std::to_string(n), "d");
    if (!posted) {
      state.SkipWithError(posted.error().Describe().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PostPaymentInProcess)->Threads(1)->Threads(4)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace fiado::bench
