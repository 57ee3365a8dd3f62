#include "app/demo.h"

#include <array>

#include "access/secrets.h"
#include "app/generator.h"
#include "core/tax_id.h"
#include "core/time_zone.h"

namespace fiado::app {
namespace {

// The named customers may buy up to this much on credit, so a sale in the UI is approved.
constexpr core::Money kNamedCustomerLimit = core::Money::FromCents(200'000);
// The generated portfolio behind them: the same people in every fresh demo.
constexpr std::int64_t kGeneratedCustomers = 200;
constexpr std::uint64_t kDemoSeed = 20'240'601;

struct DemoCustomer {
  const char* cpf_base;  // first 9 digits; the check digits are computed
  const char* name;
  const char* phone;
  const char* city;
  std::int64_t income_cents;
};

constexpr std::array<DemoCustomer, 8> kCustomers = {{
    {"529982247", "Maria José da Silva", "(11) 98765-4321", "São Paulo", 250000},
    {"111444777", "João Conceição Pereira", "(11) 97654-3210", "Guarulhos", 180000},
    {"123456789", "Antônia Araújo Lima", "(21) 99876-5432", "Rio de Janeiro", 320000},
    {"987654321", "José Ribeiro Gonçalves", "(31) 98888-7777", "Belo Horizonte", 150000},
    {"246813579", "Francisca Fátima Souza", "(71) 99123-4567", "Salvador", 210000},
    {"135792468", "Luís Cláudio Nogueira", "(85) 98111-2233", "Fortaleza", 275000},
    {"314159265", "Ângela Márcia Barbosa", "(41) 99555-6677", "Curitiba", 198000},
    {"271828182", "Sebastião Brandão Costa", "(11) 3232-4545", "São Paulo", 130000},
}};

customers::CustomerDraft DraftOf(const DemoCustomer& demo) {
  customers::CustomerDraft draft;
  draft.cpf = std::string(demo.cpf_base) + core::CpfCheckDigits(demo.cpf_base);
  draft.full_name = demo.name;
  draft.phones = {demo.phone};
  draft.address.city = demo.city;
  draft.monthly_income_cents = demo.income_cents;
  draft.occupation = "autônomo(a)";
  draft.consents = {{customers::Channel::kWhatsapp, true, "in_store_form"},
                    {customers::Channel::kSms, true, "in_store_form"}};
  return draft;
}

stores::StoreDraft DemoStore() {
  stores::StoreDraft draft;
  draft.name = "Loja Demonstração";
  draft.legal_id = "11.222.333/0001-81";
  draft.address = {"Rua Direita", "100", "", "Centro", "São Paulo", "SP", "01002-000"};
  draft.phone = "(11) 3232-1000";
  draft.email = "contato@demo.fiado.com.br";
  draft.settings.credit.default_monthly_rate = kDemoMonthlyRate;
  // The carnê shows a Pix code (the shop's CNPJ as key) and a Banco do Brasil boleto.
  draft.pix_key = "11222333000181";
  draft.settings.bank_agreement = stores::BankAgreement{.bank_code = "001",
                                                        .agency = "4042",
                                                        .account = "61900",
                                                        .wallet = "18",
                                                        .agreement = "1238798"};
  return draft;
}

}  // namespace

std::optional<DemoLogin> SeedDemo(Wiring& wiring) {
  if (!wiring.stores().List().empty()) return std::nullopt;
  auto store = CreateStore(wiring, DemoStore(), "system");
  if (!store) throw std::runtime_error("demo: " + store.error().Describe());
  const core::Actor actor{store->id, "system", ""};
  DemoLogin login{kDemoOwnerEmail, access::NewToken().substr(0, 14)};
  auto owner = wiring.access().CreateUser(
      actor, access::NewUser{login.email, "Dona Maria (demonstração)", "owner", login.password});
  if (!owner) throw std::runtime_error("demo: " + owner.error().Describe());
  for (const DemoCustomer& demo : kCustomers) {
    auto customer = wiring.customers().Register(actor, DraftOf(demo));
    if (!customer) throw std::runtime_error("demo: " + customer.error().Describe());
    auto limited = wiring.customers().SetCreditLimit(actor, customer->id, kNamedCustomerLimit,
                                                     "limite inicial da demonstração");
    if (!limited) throw std::runtime_error("demo: " + limited.error().Describe());
  }
  // A portfolio with history to look at (synthetic bulk data: no audit entries).
  const core::Date today =
      core::TimeZone::Named(store->time_zone).value().LocalDate(wiring.clock().Now());
  GeneratePortfolio(wiring.db(), *store,
                    PortfolioOptions{kGeneratedCustomers, kDemoSeed, today, kGeneratedCustomers});
  return login;
}

}  // namespace fiado::app
