// SqlCollectionRepository on SQLite and on a real PostgreSQL: settings, policies (with
// their version check) and templates round trip; ForEachAccount hands over exactly the
// open installments of the range with the settlements effective today, in batches by
// customer, with the customer's facts, pauses, exemptions and history; RecordActions does
// each (installment, step) once; the outbox and its keys are append-only; runs round
// trip; pauses and exemptions end once.
#include "storage/collection_repository.h"

#include <gtest/gtest.h>

#include <soci/soci.h>

#include <sstream>

#include "storage/customer_repository.h"
#include "storage/database.h"
#include "storage/ledger_repository.h"
#include "support/engine_database.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using collection::Account;
using collection::Action;
using collection::StepAction;
using core::Money;
using core::Rate;
using payments::InstallmentRef;
using payments::Payment;
using payments::PaymentWrite;
using payments::SaleWrite;
using sales::Sale;
using std::chrono::year;

const core::Instant kNow = std::chrono::sys_days{year{2026} / 11 / 22} + 13h;  // 10:00 in SP
const core::Date kToday = year{2026} / 11 / 22;

core::Date Day(int month, int day) { return year{2026} / month / day; }

// Every field the engine reads, as text, so a mismatch shows which one.
std::string Describe(const Account& a) {
  std::ostringstream out;
  out << a.full_name << " uf=" << a.state << " status=" << static_cast<int>(a.status)
      << " first=" << (a.first_sale_on ? core::FormatIso(*a.first_sale_on) : "none")
      << " consent=" << a.consent[0] << a.consent[1] << a.consent[2] << " phone=" << a.has_phone
      << " email=" << a.has_email << " address=" << a.has_address << " exempt=" << a.exempt << " |";
  for (const auto& i : a.installments) {
    out << ' ' << i.terms.ref.number << '@' << core::FormatIso(i.terms.due_date) << '='
        << i.terms.amount.cents() << '/' << i.terms.contract_interest.cents() << " sale "
        << core::FormatIso(i.terms.sale_date) << ' ' << i.terms.contract_monthly_rate.units() << ' '
        << i.terms.late_fee_rate.units() << ' ' << i.terms.moratory_monthly_rate.units() << " of "
        << i.installment_count << ' ' << i.description << (i.exempt ? " exempt" : "") << " [";
    for (const auto& s : i.settlements) {
      out << core::FormatIso(s.on) << ':' << s.late_fee.cents() << '/' << s.interest.cents() << '/'
          << s.principal.cents() << '/' << s.discount.cents() << ';';
    }
    out << ']';
  }
  return out.str();
}

std::string Describe(const std::vector<collection::PastAction>& history) {
  std::ostringstream out;
  for (const auto& h : history) {
    out << (h.step_key.empty() ? "contact" : h.step_key) << '#'
        << (h.installment ? h.installment->number : 0) << ' ' << static_cast<int>(h.action) << ' '
        << core::FormatIso(h.on) << ';';
  }
  return out.str();
}

class CollectionRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = fiado::testing::OpenMigrated(fiado::testing::TestDatabaseUrl(GetParam(), dir_), clock_);
    repo_ = std::make_unique<SqlCollectionRepository>(*db_);
    ledger_ = std::make_unique<SqlLedgerRepository>(*db_);
    store_a_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "11.222.333/0001-81", "A").id;
    store_b_ = fiado::testing::AddTestStore(*db_, ids_, clock_, "00.000.000/0001-91", "B").id;
    maria_ = AddCustomer(store_a_, "529.982.247-25", "Maria da Silva", true);
    joao_ = AddCustomer(store_a_, "111.444.777-35", "João", false);
    ana_ = AddCustomer(store_b_, "390.533.447-05", "Ana", false);
  }

  customers::CustomerId AddCustomer(const core::StoreId& store, const std::string& cpf,
                                    const std::string& name, bool reachable) {
    customers::CustomerDraft draft;
    draft.cpf = cpf;
    draft.full_name = name;
    if (reachable) {
      draft.phones = {"(11) 98765-4321"};
      draft.email = "maria@example.com";
      draft.address = {"Rua Augusta", "100", "", "Consolação", "São Paulo", "SP", "01305-000"};
      draft.consents = {{customers::Channel::kWhatsapp, true, "in_store_form"},
                        {customers::Channel::kEmail, true, "in_store_form"}};
    }
    const auto customer =
        customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store, kNow);
    EXPECT_TRUE(customer.has_value()) << customer.error().Describe();
    EXPECT_TRUE(SqlCustomerRepository(*db_)
                    .Create(*customer, Audit(store, "customer", customer->id.str()))
                    .has_value());
    return customer->id;
  }

  core::AuditEntry Audit(const core::StoreId& store, const std::string& type,
                         const std::string& id) {
    return core::AuditEntry{ids_.NextText(), store,        kNow,         "user:1", type, id,
                            "update",        std::nullopt, R"({"x":1})", "req-1"};
  }

  // Two installments of 12876 and 12877 cents due `first_due` and a month later.
  Sale AddSale(const core::StoreId& store, const customers::CustomerId& customer,
               core::Date sale_date, core::Date first_due) {
    SaleWrite write;
    sales::CreditDecision& decision = write.decision;
    decision.id = ids_.Next<sales::CreditDecisionTag>();
    decision.store_id = store;
    decision.customer_id = customer;
    decision.inputs = {customers::CustomerStatus::kActive, Money::FromCents(100000), Money{},
                       Money::FromCents(25000)};
    decision.outcome = sales::CreditOutcome::kApproved;
    decision.decided_by = "user:1";
    decision.decided_at = kNow;
    Sale sale;
    sale.id = ids_.Next<sales::SaleTag>();
    sale.store_id = store;
    sale.customer_id = customer;
    sale.description = "Geladeira";
    sale.sale_date = sale_date;
    sale.down_payment_method = sales::PaymentMethod::kPix;
    auto& d = sale.disclosure;
    d.price = d.financed = Money::FromCents(25000);
    d.monthly_rate = Rate::FromBps(200);
    d.annual_rate = Rate::FromUnits(26824179);
    d.late_fee_rate = Rate::FromBps(190);
    d.moratory_monthly_rate = Rate::FromBps(100);
    d.installment_count = 2;
    d.installment_amount = Money::FromCents(12876);
    d.last_installment_amount = Money::FromCents(12877);
    d.total_with_financing = Money::FromCents(25753);
    d.total_without_financing = d.price;
    d.total_interest = Money::FromCents(753);
    const core::Date second_due =
        std::chrono::year_month_day(std::chrono::sys_days(first_due) + std::chrono::days{30});
    sale.installments = {
        {1, first_due, Money::FromCents(12876), Money::FromCents(500), Money::FromCents(12376)},
        {2, second_due, Money::FromCents(12877), Money::FromCents(253), Money::FromCents(12624)}};
    sale.credit_decision_id = decision.id;
    sale.created_at = kNow;
    sale.created_by = "user:1";
    write.sale = sale;
    write.audit = {Audit(store, "sale", sale.id.str())};
    EXPECT_TRUE(ledger_
                    ->CreateSale(store, customer, "", "d",
                                 [&](const customers::Customer&, const payments::Book&) {
                                   return core::Result<SaleWrite>(write);
                                 })
                    .has_value());
    return sale;
  }

  // A payment of installment `number` on `paid_on`: 10 fee, 20 interest, the principal.
  Payment Pay(const Sale& sale, int number, core::Date paid_on, Money principal,
              Money discount = Money{}) {
    Payment payment;
    payment.id = ids_.Next<payments::PaymentTag>();
    payment.store_id = sale.store_id;
    payment.customer_id = sale.customer_id;
    payment.paid_on = paid_on;
    payment.amount = principal + Money::FromCents(30);
    payment.lines = {
        {{sale.id, number}, Money::FromCents(10), Money::FromCents(20), principal, discount}};
    payment.recorded_at = kNow;
    payment.recorded_by = "user:1";
    const PaymentWrite write{payment, Audit(sale.store_id, "payment", payment.id.str())};
    EXPECT_TRUE(
        ledger_
            ->PostPayment(sale.store_id, sale.customer_id, "", "d",
                          [&](const payments::Book&) { return core::Result<PaymentWrite>(write); })
            .has_value());
    return payment;
  }

  void Reverse(const Payment& payment, core::Date on) {
    const auto reversed = ledger_->ReversePayment(
        payment.store_id, payment.id, [&](const payments::Book&, const Payment&) {
          return core::Result<payments::ReversalWrite>(
              payments::ReversalWrite{{on, "cheque devolvido", kNow, "user:1"},
                                      Audit(payment.store_id, "payment", payment.id.str())});
        });
    EXPECT_TRUE(reversed.has_value());
  }

  void Close(const Sale& sale, int number, core::Date on) {
    soci::session session(db_->pool());
    const std::string sale_id = sale.id.str();
    const std::string store = sale.store_id.str();
    const std::string customer = sale.customer_id.str();
    const std::string closed_on = core::FormatIso(on);
    session << "INSERT INTO installment_closures (sale_id, installment_number, store_id, "
               "customer_id, kind, closed_on, reason, recorded_at, recorded_by) VALUES (:sale, "
               ":number, :store, :customer, 'renegotiated', :on, 'acordo', "
               "'2026-11-20T12:00:00Z', 'user:1')",
        soci::use(sale_id), soci::use(number), soci::use(store), soci::use(customer),
        soci::use(closed_on);
  }

  Action ActionFor(const Sale& sale, int number, const std::string& step, StepAction kind,
                   core::Instant send_at) {
    Action action;
    action.customer_id = sale.customer_id;
    action.policy_id = collection::PolicyId::FromTrusted("0190f3c2-7a1b-7c3d-8e4f-123456789abc");
    action.action = kind;
    action.template_key = "lembrete";
    action.send_at = send_at;
    action.steps = {{InstallmentRef{sale.id, number}, step}};
    action.listed = {{number, 2, "Geladeira", Day(11, 10), Money::FromCents(13000), 12}};
    action.open_total = Money::FromCents(13000);
    action.subject = "Lembrete";
    action.body = "Olá";
    return action;
  }

  std::vector<std::vector<Account>> Batches(core::Date from, core::Date to, int size) {
    std::vector<std::vector<Account>> batches;
    repo_->ForEachAccount(store_a_, from, to, kToday, zone_, size,
                          [&](std::vector<Account>& batch) { batches.push_back(batch); });
    return batches;
  }

  collection::PauseRecord PauseOf(const customers::CustomerId& customer,
                                  collection::PauseKind kind) {
    collection::PauseRecord record;
    record.pause.id = ids_.Next<collection::PauseTag>();
    record.pause.customer_id = customer;
    record.pause.kind = kind;
    record.pause.from = Day(11, 20);
    if (kind == collection::PauseKind::kPromise) record.pause.until = Day(11, 30);
    record.pause.reason = "prometeu pagar";
    record.created_at = kNow - 48h;
    record.created_by = "user:1";
    return record;
  }

  fiado::testing::TempDir dir_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  core::TimeZone zone_ = core::TimeZone::Named("America/Sao_Paulo").value();
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlCollectionRepository> repo_;
  std::unique_ptr<SqlLedgerRepository> ledger_;
  core::StoreId store_a_;
  core::StoreId store_b_;
  customers::CustomerId maria_;
  customers::CustomerId joao_;
  customers::CustomerId ana_;
};

TEST_P(CollectionRepositoryTest, SettingsRoundTrip) {
  EXPECT_FALSE(repo_->Settings(store_a_).has_value());
  collection::CollectionSettings settings;
  settings.run_minute = 8 * 60 + 30;
  settings.rules.daily_cap = 2;
  settings.rules.weekly_cap = 5;
  settings.rules.hours.by_weekday[6] = {9 * 60, 12 * 60};
  settings.rules.by_state["RJ"] = collection::ContactHours{};
  settings.payment_link = "https://loja.example.com/pagar";
  repo_->SaveSettings(store_a_, settings, Audit(store_a_, "collection_settings", "x"));
  EXPECT_EQ(repo_->Settings(store_a_), settings);
  settings.rules.by_state.clear();
  settings.payment_link.clear();
  repo_->SaveSettings(store_a_, settings, Audit(store_a_, "collection_settings", "x"));
  EXPECT_EQ(repo_->Settings(store_a_), settings);
  EXPECT_FALSE(repo_->Settings(store_b_).has_value());
  EXPECT_EQ(fiado::testing::CountRows(*db_, "audit_log WHERE entity_type = 'collection_settings'"),
            2);
}

TEST_P(CollectionRepositoryTest, PoliciesRoundTripAndRefuseAStaleVersion) {
  collection::Policy policy;
  policy.id = ids_.Next<collection::PolicyTag>();
  policy.store_id = store_a_;
  policy.name = "Varejo padrão";
  policy.priority = 10;
  policy.audience = {collection::Tenure::kNew, {"SP", "RJ"}, Money::FromCents(1000)};
  policy.steps = {{"d-3", -3, StepAction::kWhatsapp, "lembrete", Money{}, {}},
                  {"d+30",
                   30,
                   StepAction::kBureauNotice,
                   "",
                   Money::FromCents(5000),
                   {collection::Tenure::kEstablished, {"MG"}, Money::FromCents(1)}}};
  policy.updated_at = kNow;
  policy.updated_by = "user:1";
  ASSERT_TRUE(repo_->SavePolicy(policy, Audit(store_a_, "collection_policy", "p")).has_value());
  const auto read = [&] {
    auto policies = repo_->Policies(store_a_);
    EXPECT_EQ(policies.size(), 1u);
    return policies.empty() ? collection::Policy{} : policies.front();
  };
  auto stored = read();
  EXPECT_EQ(stored.id, policy.id);
  EXPECT_EQ(stored.name, policy.name);
  EXPECT_EQ(stored.priority, 10);
  EXPECT_TRUE(stored.active);
  EXPECT_EQ(stored.audience, policy.audience);
  EXPECT_EQ(stored.steps, policy.steps);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(stored.updated_at, kNow);
  EXPECT_EQ(stored.updated_by, "user:1");

  // The same new policy again: someone saved it meanwhile.
  EXPECT_EQ(repo_->SavePolicy(policy, Audit(store_a_, "collection_policy", "p")).error().code,
            core::ErrorCode::kConflict);
  policy.version = 2;
  policy.active = false;
  policy.steps.pop_back();
  ASSERT_TRUE(repo_->SavePolicy(policy, Audit(store_a_, "collection_policy", "p")).has_value());
  stored = read();
  EXPECT_EQ(stored.version, 2);
  EXPECT_FALSE(stored.active);
  EXPECT_EQ(stored.steps, policy.steps);
  // A second edit made from version 1.
  EXPECT_EQ(repo_->SavePolicy(policy, Audit(store_a_, "collection_policy", "p")).error().code,
            core::ErrorCode::kConflict);
  // Another store cannot touch it.
  policy.store_id = store_b_;
  policy.version = 3;
  EXPECT_FALSE(repo_->SavePolicy(policy, Audit(store_b_, "collection_policy", "p")).has_value());
  EXPECT_TRUE(repo_->Policies(store_b_).empty());
  EXPECT_EQ(fiado::testing::CountRows(*db_, "audit_log WHERE entity_type = 'collection_policy'"),
            2);
}

TEST_P(CollectionRepositoryTest, TemplatesRoundTripAndReplace) {
  collection::MessageTemplate email{"atraso", "Atraso", StepAction::kEmail, "Assunto", "Corpo"};
  collection::MessageTemplate whatsapp{"lembrete", "Lembrete", StepAction::kWhatsapp, "", "Oi"};
  repo_->SaveTemplate(store_a_, whatsapp, Audit(store_a_, "collection_template", "lembrete"));
  repo_->SaveTemplate(store_a_, email, Audit(store_a_, "collection_template", "atraso"));
  EXPECT_EQ(repo_->Templates(store_a_),
            (std::vector<collection::MessageTemplate>{email, whatsapp}));
  email.body = "Outro corpo";
  email.channel = StepAction::kLetter;
  repo_->SaveTemplate(store_a_, email, Audit(store_a_, "collection_template", "atraso"));
  EXPECT_EQ(repo_->Templates(store_a_),
            (std::vector<collection::MessageTemplate>{email, whatsapp}));
  EXPECT_TRUE(repo_->Templates(store_b_).empty());
  EXPECT_EQ(fiado::testing::CountRows(*db_, "audit_log WHERE entity_type = 'collection_template'"),
            3);
}

TEST_P(CollectionRepositoryTest, AccountsCarryTheOpenInstallmentsWithTodaysSettlements) {
  const Sale first = AddSale(store_a_, maria_, Day(10, 10), Day(11, 10));  // #2 12-10
  Pay(first, 1, Day(11, 15), Money::FromCents(5000));
  Reverse(Pay(first, 1, Day(11, 16), Money::FromCents(3000)), Day(11, 18));
  Reverse(Pay(first, 1, Day(11, 17), Money::FromCents(1000)), Day(11, 23));    // after today
  Pay(first, 1, Day(11, 25), Money::FromCents(2000));                          // after today
  const Sale second = AddSale(store_a_, maria_, Day(9, 1), Day(11, 5));        // #2 12-05
  Pay(second, 1, Day(11, 5), Money::FromCents(12000), Money::FromCents(876));  // face settled
  Close(second, 2, Day(11, 20));
  const Sale joaos = AddSale(store_a_, joao_, Day(10, 12), Day(11, 12));
  AddSale(store_b_, ana_, Day(10, 12), Day(11, 12));

  const auto batches = Batches(Day(11, 1), Day(11, 30), 1);
  ASSERT_EQ(batches.size(), 2u);
  ASSERT_EQ(batches[0].size(), 1u);
  ASSERT_EQ(batches[1].size(), 1u);
  const Account& maria = batches[0][0];
  EXPECT_EQ(maria.customer_id, maria_);
  EXPECT_EQ(Describe(maria),
            "Maria da Silva uf=SP status=0 first=2026-09-01 consent=101 phone=1 email=1 "
            "address=1 exempt=0 | 1@2026-11-10=12876/500 sale 2026-10-10 2000000 1900000 "
            "1000000 of 2 Geladeira [2026-11-15:10/20/5000/0;2026-11-17:10/20/1000/0;]");
  EXPECT_EQ(batches[1][0].customer_id, joao_);
  EXPECT_EQ(Describe(batches[1][0]),
            "João uf= status=0 first=2026-10-12 consent=000 phone=0 email=0 address=0 exempt=0 "
            "| 1@2026-11-12=12876/500 sale 2026-10-12 2000000 1900000 1000000 of 2 Geladeira []");
  EXPECT_EQ(joaos.customer_id, joao_);

  // A wider range, in one batch: Maria's installments by due date; the closed one out.
  const auto wide = Batches(Day(11, 1), Day(12, 31), 10);
  ASSERT_EQ(wide.size(), 1u);
  ASSERT_EQ(wide[0].size(), 2u);
  ASSERT_EQ(wide[0][0].installments.size(), 2u);
  EXPECT_EQ(wide[0][0].installments[1].terms.ref, (InstallmentRef{first.id, 2}));
  EXPECT_EQ(wide[0][1].installments.size(), 2u);

  // One customer's account on the same terms.
  const auto account = repo_->AccountOf(store_a_, maria_, Day(11, 1), Day(11, 30), kToday, zone_);
  ASSERT_TRUE(account.has_value());
  EXPECT_EQ(Describe(*account), Describe(maria));
  EXPECT_FALSE(repo_->AccountOf(store_a_, maria_, Day(1, 1), Day(2, 1), kToday, zone_));
  EXPECT_FALSE(repo_->AccountOf(store_a_, ana_, Day(11, 1), Day(11, 30), kToday, zone_));
}

TEST_P(CollectionRepositoryTest, AccountsCarryPausesExemptionsAndHistory) {
  const Sale marias = AddSale(store_a_, maria_, Day(10, 10), Day(11, 10));
  const Sale joaos = AddSale(store_a_, joao_, Day(10, 12), Day(11, 12));
  // Maria: a promise in force, a dispute ended yesterday (gone), an agreement ended today.
  const auto promise = PauseOf(maria_, collection::PauseKind::kPromise);
  repo_->AddPause(store_a_, promise, Audit(store_a_, "collection_pause", "p"));
  const auto dispute = PauseOf(maria_, collection::PauseKind::kDispute);
  repo_->AddPause(store_a_, dispute, Audit(store_a_, "collection_pause", "d"));
  ASSERT_TRUE(repo_->EndPause(store_a_, dispute.pause.id.str(), kNow - 24h, "resolvida",
                              Audit(store_a_, "collection_pause", "d")));
  const auto agreement = PauseOf(maria_, collection::PauseKind::kAgreement);
  repo_->AddPause(store_a_, agreement, Audit(store_a_, "collection_pause", "a"));
  ASSERT_TRUE(repo_->EndPause(store_a_, agreement.pause.id.str(), kNow - 1h, "quebrado",
                              Audit(store_a_, "collection_pause", "a")));
  // Maria was exempt (ended); João's installment 1 is.
  collection::Exemption whole{"0190f3c2-7a1b-7c3d-8e4f-000000000001",
                              maria_,
                              std::nullopt,
                              "falecimento",
                              kNow - 72h,
                              "user:1"};
  repo_->AddExemption(store_a_, whole, Audit(store_a_, "collection_exemption", whole.id));
  ASSERT_TRUE(repo_->EndExemption(store_a_, whole.id, kNow - 48h, "engano",
                                  Audit(store_a_, "collection_exemption", whole.id)));
  collection::Exemption one{"0190f3c2-7a1b-7c3d-8e4f-000000000002",
                            joao_,
                            InstallmentRef{joaos.id, 1},
                            "contestada",
                            kNow - 72h,
                            "user:1"};
  repo_->AddExemption(store_a_, one, Audit(store_a_, "collection_exemption", one.id));
  // History: Maria's step today, João's step 10 days ago (not a recent contact).
  const std::vector<Action> actions = {
      ActionFor(marias, 1, "p/d+1", StepAction::kEmail, kNow + 2h),
      ActionFor(joaos, 1, "p/d-3", StepAction::kWhatsapp, kNow - 240h),
      ActionFor(marias, 2, "p/d-3", StepAction::kSms, kNow - 24h)};
  ASSERT_EQ(repo_->RecordActions(store_a_, "run-1", actions, kNow), 3);

  const auto batches = Batches(Day(11, 1), Day(11, 30), 100);
  ASSERT_EQ(batches.size(), 1u);
  ASSERT_EQ(batches[0].size(), 2u);
  const Account& maria = batches[0][0];
  EXPECT_FALSE(maria.exempt);
  ASSERT_EQ(maria.pauses.size(), 2u);
  EXPECT_EQ(maria.pauses[0].id, promise.pause.id);
  EXPECT_EQ(maria.pauses[0].until, Day(11, 30));
  EXPECT_FALSE(maria.pauses[0].ended_on.has_value());
  EXPECT_EQ(maria.pauses[1].kind, collection::PauseKind::kAgreement);
  EXPECT_EQ(maria.pauses[1].ended_on, kToday);
  // Steps of the listed installment only (#2 is out of range); both recent contacts.
  EXPECT_EQ(Describe(maria.history),
            "p/d+1#1 2 2026-11-22;contact#0 1 2026-11-21;contact#0 2 2026-11-22;");
  const Account& joao = batches[0][1];
  EXPECT_FALSE(joao.exempt);
  EXPECT_TRUE(joao.installments[0].exempt);
  EXPECT_TRUE(joao.pauses.empty());
  EXPECT_EQ(Describe(joao.history), "p/d-3#1 0 2026-11-12;");

  const auto pauses = repo_->PausesOf(store_a_, maria_);
  ASSERT_EQ(pauses.size(), 3u);
  EXPECT_EQ(pauses[1].pause.ended_on, Day(11, 21));
  EXPECT_EQ(pauses[1].ended_at, kNow - 24h);
  EXPECT_EQ(pauses[1].end_reason, "resolvida");
  EXPECT_EQ(pauses[0].created_by, "user:1");
  const auto exemptions = repo_->ExemptionsOf(store_a_, joao_);
  ASSERT_EQ(exemptions.size(), 1u);
  EXPECT_EQ(exemptions[0].installment, (InstallmentRef{joaos.id, 1}));
  EXPECT_EQ(exemptions[0].reason, "contestada");
  EXPECT_FALSE(exemptions[0].ended_at.has_value());
  EXPECT_EQ(repo_->ExemptionsOf(store_a_, maria_).at(0).end_reason, "engano");
  EXPECT_TRUE(repo_->PausesOf(store_b_, maria_).empty());
}

TEST_P(CollectionRepositoryTest, PausesAndExemptionsEndOnce) {
  const auto pause = PauseOf(maria_, collection::PauseKind::kDispute);
  repo_->AddPause(store_a_, pause, Audit(store_a_, "collection_pause", "p"));
  const std::string id = pause.pause.id.str();
  EXPECT_EQ(repo_->EndPause(store_b_, id, kNow, "x", Audit(store_b_, "collection_pause", id))
                .error()
                .code,
            core::ErrorCode::kNotFound);
  ASSERT_TRUE(repo_->EndPause(store_a_, id, kNow, "x", Audit(store_a_, "collection_pause", id)));
  const auto again =
      repo_->EndPause(store_a_, id, kNow, "y", Audit(store_a_, "collection_pause", id));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(
      repo_->EndExemption(store_a_, id, kNow, "x", Audit(store_a_, "collection_exemption", id))
          .error()
          .code,
      core::ErrorCode::kNotFound);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "audit_log WHERE entity_type = 'collection_pause'"), 2);
}

TEST_P(CollectionRepositoryTest, EachStepIsRecordedOnce) {
  const Sale sale = AddSale(store_a_, maria_, Day(10, 10), Day(11, 10));
  const Action email = ActionFor(sale, 1, "p/d+1", StepAction::kEmail, kNow);
  EXPECT_EQ(repo_->RecordActions(store_a_, "run-1", std::span(&email, 1), kNow), 1);
  EXPECT_EQ(repo_->RecordActions(store_a_, "run-2", std::span(&email, 1), kNow), 0);
  // An action one of whose keys is stored is skipped whole; the others go in.
  Action both = ActionFor(sale, 2, "p/d+1", StepAction::kEmail, kNow);
  both.steps.push_back({InstallmentRef{sale.id, 1}, "p/d+1"});
  const Action call = ActionFor(sale, 1, "p/d+7", StepAction::kCallTask, kNow + 1h);
  const std::vector<Action> batch = {both, call};
  EXPECT_EQ(repo_->RecordActions(store_a_, "run-2", batch, kNow), 1);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "collection_actions"), 2);
  EXPECT_EQ(fiado::testing::CountRows(*db_, "collection_action_steps"), 2);

  const auto stored = repo_->Actions(store_a_, {});
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].run_id, "run-1");
  EXPECT_EQ(stored[0].customer_name, "Maria da Silva");
  EXPECT_EQ(stored[0].created_at, kNow);
  const Action& read = stored[0].action;
  EXPECT_EQ(read.customer_id, email.customer_id);
  EXPECT_EQ(read.policy_id, email.policy_id);
  EXPECT_EQ(read.action, StepAction::kEmail);
  EXPECT_EQ(read.template_key, "lembrete");
  EXPECT_EQ(read.send_at, kNow);
  EXPECT_FALSE(read.deferred);
  EXPECT_EQ(read.steps, email.steps);
  ASSERT_EQ(read.listed.size(), 1u);
  EXPECT_EQ(read.listed[0].due_date, Day(11, 10));
  EXPECT_EQ(read.listed[0].open, Money::FromCents(13000));
  EXPECT_EQ(read.listed[0].days_late, 12);
  EXPECT_EQ(read.open_total, Money::FromCents(13000));
  EXPECT_EQ(read.subject, "Lembrete");
  EXPECT_EQ(read.body, "Olá");
  EXPECT_EQ(stored[1].run_id, "run-2");

  collection::ActionFilter filter;
  filter.action = StepAction::kCallTask;
  EXPECT_EQ(repo_->Actions(store_a_, filter).size(), 1u);
  filter = {};
  filter.send_from = kNow + 1s;
  EXPECT_EQ(repo_->Actions(store_a_, filter).size(), 1u);
  filter.send_from.reset();
  filter.send_to = kNow + 1s;
  filter.customer_id = maria_;
  EXPECT_EQ(repo_->Actions(store_a_, filter).size(), 1u);
  filter = {};
  filter.limit = 1;
  EXPECT_EQ(repo_->Actions(store_a_, filter).size(), 1u);
  EXPECT_TRUE(repo_->Actions(store_b_, {}).empty());
}

TEST_P(CollectionRepositoryTest, TheOutboxAndItsKeysAreAppendOnly) {
  const Sale sale = AddSale(store_a_, maria_, Day(10, 10), Day(11, 10));
  const Action email = ActionFor(sale, 1, "p/d+1", StepAction::kEmail, kNow);
  ASSERT_EQ(repo_->RecordActions(store_a_, "run-1", std::span(&email, 1), kNow), 1);
  soci::session session(db_->pool());
  for (const char* sql :
       {"UPDATE collection_actions SET body = 'outro'", "DELETE FROM collection_actions",
        "UPDATE collection_action_steps SET step_key = 'x'",
        "DELETE FROM collection_action_steps"}) {
    EXPECT_THROW(session << sql, soci::soci_error) << sql;
  }
  EXPECT_EQ(fiado::testing::CountRows(*db_, "collection_action_steps"), 1);
}

TEST_P(CollectionRepositoryTest, RunsRoundTrip) {
  const auto run = [&](const std::string& id, bool dry_run, core::Instant started) {
    collection::RunRecord record;
    record.id = id;
    record.store_id = store_a_;
    record.run_date = kToday;
    record.trigger = "scheduler";
    record.dry_run = dry_run;
    record.started_at = started;
    record.finished_at = started + 5s;
    record.customers = 10;
    record.installments = 25;
    record.actions = 7;
    record.deferred = 2;
    record.skipped = {{"already_done", 12}, {"promise", 3}};
    record.actor = "system";
    repo_->SaveRun(record);
    return record;
  };
  const auto real = run("run-1", false, kNow);
  run("run-2", true, kNow + 1h);
  const auto runs = repo_->Runs(store_a_, 10);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].id, "run-2");
  EXPECT_TRUE(runs[0].dry_run);
  const auto& read = runs[1];
  EXPECT_EQ(read.store_id, store_a_);
  EXPECT_EQ(read.run_date, kToday);
  EXPECT_EQ(read.trigger, "scheduler");
  EXPECT_EQ(read.started_at, real.started_at);
  EXPECT_EQ(read.finished_at, real.finished_at);
  EXPECT_EQ(read.customers, 10);
  EXPECT_EQ(read.installments, 25);
  EXPECT_EQ(read.actions, 7);
  EXPECT_EQ(read.deferred, 2);
  EXPECT_EQ(read.skipped, real.skipped);
  EXPECT_EQ(read.actor, "system");
  EXPECT_EQ(repo_->Runs(store_a_, 1).size(), 1u);
  ASSERT_TRUE(repo_->RunOn(store_a_, kToday).has_value());
  EXPECT_EQ(repo_->RunOn(store_a_, kToday)->id, "run-1");
  EXPECT_FALSE(repo_->RunOn(store_a_, Day(11, 21)).has_value());
  EXPECT_FALSE(repo_->RunOn(store_b_, kToday).has_value());
}

INSTANTIATE_TEST_SUITE_P(Engines, CollectionRepositoryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

}  // namespace
}  // namespace fiado::storage
