// SqlCustomerRepository on SQLite and on a real PostgreSQL (the storage contract's approach:
// one suite, both engines): round trips, the CPF rule per store, tenant isolation, versioned
// updates with their audit snapshots, search by name, CPF and phone, keyset pagination.
#include "storage/customer_repository.h"

#include <gtest/gtest.h>

#include <soci/soci.h>
#include <set>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "storage/audit_log.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/store_repository.h"
#include "support/engine_database.h"
#include "support/postgres_cluster.h"
#include "support/temp_dir.h"

namespace fiado::storage {
namespace {

using namespace std::chrono_literals;
using customers::Customer;
using customers::CustomerQuery;
using customers::CustomerSort;
using fiado::testing::TempDir;

using Names = std::vector<std::string>;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;

// A valid CPF made from a small number: 9 digits, then the two check digits.
std::string TestCpf(int n) {
  std::string first9 = std::to_string(100000000 + n * 7919);
  return first9 + core::CpfCheckDigits(first9);
}

class CustomerRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    url_ = fiado::testing::TestDatabaseUrl(GetParam(), dir_);
    db_ = fiado::testing::OpenMigrated(url_, clock_);
    repository_ = std::make_unique<SqlCustomerRepository>(*db_);
    store_a_ = CreateStore("11.222.333/0001-81", "Loja A");
    store_b_ = CreateStore("00.000.000/0001-91", "Loja B");
  }

  core::StoreId CreateStore(const std::string& legal_id, const std::string& name) {
    return fiado::testing::AddTestStore(*db_, ids_, clock_, legal_id, name).id;
  }

  Customer NewCustomer(const core::StoreId& store, const std::string& cpf, const std::string& name,
                       std::vector<std::string> phones = {}) {
    customers::CustomerDraft draft;
    draft.cpf = cpf;
    draft.full_name = name;
    draft.phones = std::move(phones);
    auto customer =
        customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store, clock_.Now());
    EXPECT_TRUE(customer.has_value()) << customer.error().Describe();
    return *customer;
  }

  core::AuditEntry AuditFor(const Customer& customer, const std::string& action) {
    return core::AuditEntry{
        ids_.NextText(), customer.store_id, clock_.Now(), "user:1", "customer", customer.id.str(),
        action,          std::nullopt,      std::nullopt, "req-1"};
  }

  Customer Created(Customer customer) {
    auto created = repository_->Create(customer, AuditFor(customer, "create"));
    EXPECT_TRUE(created.has_value()) << created.error().Describe();
    return customer;
  }

  // A change as ReviseCustomer makes it: next version, updated now.
  Customer Revised(const Customer& current, const std::string& new_name) {
    Customer next = current;
    next.full_name = new_name;
    next.version = current.version + 1;
    next.updated_at = clock_.Now();
    return next;
  }

  int CountRows(const std::string& table) { return fiado::testing::CountRows(*db_, table); }

  std::vector<std::string> NamesFound(const core::StoreId& store, const std::string& text,
                                      std::optional<customers::CustomerStatus> status = {}) {
    CustomerQuery query{store, text, status};
    auto page = repository_->Search(query);
    EXPECT_TRUE(page.has_value()) << page.error().Describe();
    std::vector<std::string> names;
    if (page) {
      for (const auto& each : page->items) names.push_back(each.full_name);
    }
    return names;
  }

  // Every id of the store in `sort` order, walking pages of `limit`.
  std::vector<std::string> WalkPages(CustomerSort sort, int limit, int* pages = nullptr) {
    std::vector<std::string> ids;
    CustomerQuery query{store_a_};
    query.sort = sort;
    query.limit = limit;
    int count = 0;
    do {
      auto page = repository_->Search(query);
      if (!page) {
        ADD_FAILURE() << page.error().Describe();
        break;
      }
      EXPECT_LE(page->items.size(), static_cast<std::size_t>(limit));
      for (const auto& each : page->items) ids.push_back(each.id.str());
      query.cursor = page->next_cursor;
      if (++count > 20) {
        ADD_FAILURE() << "pagination does not end";
        break;
      }
    } while (!query.cursor.empty());
    if (pages) *pages = count;
    return ids;
  }

  TempDir dir_;
  std::string url_;
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  std::unique_ptr<Database> db_;
  std::unique_ptr<SqlCustomerRepository> repository_;
  core::StoreId store_a_;
  core::StoreId store_b_;
};

TEST_P(CustomerRepositoryTest, RoundTripsEveryField) {
  customers::CustomerDraft draft;
  draft.cpf = "529.982.247-25";
  draft.full_name = "Maria José da Silva";
  draft.birth_date = "1985-03-14";
  draft.phones = {"(11) 98765-4321", "(11) 3456-7890"};
  draft.email = "maria@example.com";
  draft.address = {"Av. Paulista", "1000", "ap. 12", "Bela Vista", "São Paulo", "SP", "01310-100"};
  draft.monthly_income_cents = 250000;
  draft.occupation = "costureira";
  draft.employer = "Ateliê Ponto Fino";
  draft.references = {customers::Reference{"Ana", "(11) 91234-5678", "irmã"},
                      customers::Reference{"Pedro Vizinho", "", ""}};
  draft.guarantor = customers::Guarantor{"João", "111.444.777-35", "(11) 95555-4444"};
  draft.consents = {customers::ConsentDraft{customers::Channel::kWhatsapp, true, "in_store_form"},
                    customers::ConsentDraft{customers::Channel::kEmail, false, "signed_contract"}};
  draft.notes = "Linha 1\nLinha 2 com \"aspas\" e 'apóstrofo'";
  const Customer customer =
      customers::MakeCustomer(draft, ids_.Next<customers::CustomerTag>(), store_a_, kNow).value();
  Created(customer);

  auto found = repository_->Find(store_a_, customer.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(CustomerToJson(*found), CustomerToJson(customer));
  EXPECT_EQ(found->cpf.digits(), "52998224725");
  EXPECT_EQ(found->birth_date, customer.birth_date);
  EXPECT_EQ(found->phones_e164, customer.phones_e164);
  EXPECT_EQ(found->monthly_income, core::Money::FromCents(250000));
  EXPECT_EQ(found->references, customer.references);
  EXPECT_EQ(found->guarantor, customer.guarantor);
  EXPECT_EQ(found->consents, customer.consents);
  EXPECT_EQ(found->notes, customer.notes);
  EXPECT_EQ(found->address.city, "São Paulo");
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->version, 1);

  auto by_cpf = repository_->FindByCpf(store_a_, customer.cpf);
  ASSERT_TRUE(by_cpf.has_value());
  EXPECT_EQ(by_cpf->id, customer.id);
}

TEST_P(CustomerRepositoryTest, RoundTripsAnAlmostEmptyCustomer) {
  const Customer customer = Created(NewCustomer(store_a_, "123.456.789-09", "Xuxa"));
  auto found = repository_->Find(store_a_, customer.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(CustomerToJson(*found), CustomerToJson(customer));
  EXPECT_FALSE(found->birth_date.has_value());
  EXPECT_FALSE(found->monthly_income.has_value());
  EXPECT_FALSE(found->guarantor.has_value());
  EXPECT_TRUE(found->phones_e164.empty());
  EXPECT_FALSE(found->ConsentFor(customers::Channel::kSms).recorded_at.has_value());
  EXPECT_FALSE(repository_->Find(store_a_, ids_.Next<customers::CustomerTag>()).has_value());
}

TEST_P(CustomerRepositoryTest, CustomerJsonHasTheApiShape) {
  const Customer customer = Created(NewCustomer(store_a_, "529.982.247-25", "Maria"));
  const auto json = nlohmann::json::parse(CustomerToJson(customer));
  EXPECT_EQ(json["cpf"], "52998224725");
  EXPECT_TRUE(json["birth_date"].is_null());
  EXPECT_TRUE(json["monthly_income_cents"].is_null());
  EXPECT_TRUE(json["guarantor"].is_null());
  EXPECT_EQ(json["status"], "active");
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["created_at"], "2026-11-22T13:00:00Z");
  ASSERT_EQ(json["consents"].size(), 3u);
  EXPECT_EQ(json["consents"][0]["channel"], "whatsapp");
  EXPECT_TRUE(json["consents"][0]["recorded_at"].is_null());
  EXPECT_EQ(json["address"]["postal_code"], "");
  EXPECT_FALSE(json.contains("store_id"));
}

TEST_P(CustomerRepositoryTest, SameCpfInTheStoreIsAConflictNamingTheFirst) {
  const Customer first = Created(NewCustomer(store_a_, "529.982.247-25", "Maria"));
  const Customer second = NewCustomer(store_a_, "52998224725", "Outra Maria");
  auto result = repository_->Create(second, AuditFor(second, "create"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(result.error().field, "cpf");
  EXPECT_EQ(result.error().related_id, first.id.str());
  EXPECT_EQ(CountRows("customers"), 1);
  EXPECT_EQ(CountRows("audit_log WHERE entity_type = 'customer'"), 1);

  // The same person may be a customer of another store.
  Created(NewCustomer(store_b_, "529.982.247-25", "Maria"));
  EXPECT_EQ(CountRows("customers"), 2);
}

TEST_P(CustomerRepositoryTest, TheUniqueIndexBacksTheCpfCheck) {
  Created(NewCustomer(store_a_, "529.982.247-25", "Maria"));
  soci::session session(db_->pool());
  EXPECT_THROW(
      session << "INSERT INTO customers (id, store_id, cpf, full_name, name_key, consents, "
                 "status, version, created_at, updated_at) SELECT 'other', store_id, cpf, "
                 "full_name, name_key, consents, status, version, created_at, updated_at "
                 "FROM customers",
      soci::soci_error);
  EXPECT_EQ(CountRows("customers"), 1);
}

TEST_P(CustomerRepositoryTest, StoresNeverSeeEachOther) {
  const Customer a =
      Created(NewCustomer(store_a_, "529.982.247-25", "Maria Alves", {"11987654321"}));
  const Customer b =
      Created(NewCustomer(store_b_, "111.444.777-35", "Maria Borges", {"11987654322"}));
  EXPECT_FALSE(repository_->Find(store_a_, b.id).has_value());
  EXPECT_FALSE(repository_->Find(store_b_, a.id).has_value());
  EXPECT_FALSE(repository_->FindByCpf(store_a_, b.cpf).has_value());
  EXPECT_EQ(NamesFound(store_a_, ""), (Names{"Maria Alves"}));
  EXPECT_EQ(NamesFound(store_a_, "maria"), (Names{"Maria Alves"}));
  EXPECT_EQ(NamesFound(store_a_, "borges"), (Names{}));
  EXPECT_EQ(NamesFound(store_a_, "111444"), (Names{}));
  EXPECT_EQ(NamesFound(store_a_, "119876543"), (Names{"Maria Alves"}));
  EXPECT_EQ(NamesFound(store_b_, "maria"), (Names{"Maria Borges"}));

  // Updating store B's customer as if it were store A's is "not found".
  clock_.Advance(1min);
  Customer moved = Revised(b, "Maria Borges Sobrinha");
  moved.store_id = store_a_;
  auto result = repository_->Update(moved, AuditFor(moved, "update"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(repository_->Find(store_b_, b.id)->full_name, "Maria Borges");
}

TEST_P(CustomerRepositoryTest, UpdatesWithTheVersionAndAuditsBeforeAndAfter) {
  SqlAuditLog audit(*db_);
  const Customer first = Created(NewCustomer(store_a_, "529.982.247-25", "Maria Silva"));
  clock_.Advance(1min);
  const Customer second = Revised(first, "Maria Souza");
  ASSERT_TRUE(repository_->Update(second, AuditFor(second, "update")).has_value());

  auto found = repository_->Find(store_a_, first.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->full_name, "Maria Souza");
  EXPECT_EQ(found->version, 2);
  EXPECT_EQ(found->created_at, kNow);
  EXPECT_EQ(found->updated_at, kNow + 1min);

  auto history = audit.ListForEntity(store_a_, "customer", first.id.str(), 10);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_FALSE(history[0].before.has_value());
  EXPECT_EQ(history[0].after, CustomerToJson(first));
  EXPECT_EQ(history[1].action, "update");
  EXPECT_EQ(history[1].before, CustomerToJson(first));
  EXPECT_EQ(history[1].after, CustomerToJson(second));
  EXPECT_EQ(history[1].actor, "user:1");
  EXPECT_EQ(history[1].request_id, "req-1");
  EXPECT_EQ(history[1].occurred_at, kNow + 1min);

  // Someone saving from the page they loaded before: version 2 again.
  const Customer stale = Revised(first, "Maria Santos");
  auto result = repository_->Update(stale, AuditFor(stale, "update"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(result.error().message_pt,
            "este cliente foi alterado por outra pessoa; recarregue a página");
  EXPECT_EQ(repository_->Find(store_a_, first.id)->full_name, "Maria Souza");
  EXPECT_EQ(audit.ListForEntity(store_a_, "customer", first.id.str(), 10).size(), 2u);

  const Customer ghost = NewCustomer(store_a_, "111.444.777-35", "Fantasma");
  Customer ghost_v2 = Revised(ghost, "Fantasma");
  auto missing = repository_->Update(ghost_v2, AuditFor(ghost_v2, "update"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message_pt, "cliente não encontrado");
}

TEST_P(CustomerRepositoryTest, CreditLimitRoundTripsOnCreateAndUpdate) {
  Customer customer = NewCustomer(store_a_, "529.982.247-25", "Maria");
  EXPECT_EQ(customer.credit_limit, core::Money::FromCents(0));
  customer.credit_limit = core::Money::FromCents(150000);
  customer.credit_limit_reason = "renda comprovada";
  Created(customer);
  auto found = repository_->Find(store_a_, customer.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->credit_limit, core::Money::FromCents(150000));
  EXPECT_EQ(found->credit_limit_reason, "renda comprovada");

  Customer raised = Revised(*found, "Maria");
  raised.credit_limit = core::Money::FromCents(300000);
  raised.credit_limit_reason = "bom pagador há um ano";
  ASSERT_TRUE(repository_->Update(raised, AuditFor(raised, "credit_limit")).has_value());
  found = repository_->Find(store_a_, customer.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->credit_limit, core::Money::FromCents(300000));
  EXPECT_EQ(found->credit_limit_reason, "bom pagador há um ano");
  EXPECT_EQ(CustomerToJson(*found), CustomerToJson(raised));
  const auto json = nlohmann::json::parse(CustomerToJson(*found));
  EXPECT_EQ(json["credit_limit_cents"], 300000);
  EXPECT_EQ(json["credit_limit_reason"], "bom pagador há um ano");
}

TEST_P(CustomerRepositoryTest, UpdateToAnotherCustomersCpfIsAConflict) {
  const Customer maria = Created(NewCustomer(store_a_, "529.982.247-25", "Maria"));
  const Customer joao = Created(NewCustomer(store_a_, "111.444.777-35", "João"));
  Customer changed = Revised(joao, "João");
  changed.cpf = maria.cpf;
  auto result = repository_->Update(changed, AuditFor(changed, "update"));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(result.error().field, "cpf");
  EXPECT_EQ(result.error().related_id, maria.id.str());

  // Changing one's own CPF to a free one is fine.
  changed.cpf = core::Cpf::Parse("123.456.789-09").value();
  ASSERT_TRUE(repository_->Update(changed, AuditFor(changed, "update")).has_value());
  EXPECT_EQ(repository_->FindByCpf(store_a_, changed.cpf)->id, joao.id);
  EXPECT_FALSE(repository_->FindByCpf(store_a_, joao.cpf).has_value());
}

TEST_P(CustomerRepositoryTest, AFailedUpdateLeavesNothingBehind) {
  const Customer first = Created(NewCustomer(store_a_, "529.982.247-25", "Maria Silva"));
  const int audit_rows = CountRows("audit_log");
  const int term_rows = CountRows("customer_search_terms");
  clock_.Advance(1min);
  const Customer second = Revised(first, "Joana Prado");
  // The audit insert fails (its id is taken) after the row and its terms were written.
  core::AuditEntry clashing = AuditFor(second, "update");
  {
    soci::session session(db_->pool());
    session << "SELECT id FROM audit_log ORDER BY id LIMIT 1", soci::into(clashing.id);
  }
  EXPECT_THROW((void)repository_->Update(second, clashing), soci::soci_error);

  auto found = repository_->Find(store_a_, first.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->full_name, "Maria Silva");
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(CountRows("audit_log"), audit_rows);
  EXPECT_EQ(CountRows("customer_search_terms"), term_rows);
  EXPECT_EQ(NamesFound(store_a_, "joana"), (Names{}));
  EXPECT_EQ(NamesFound(store_a_, "silva"), (Names{"Maria Silva"}));

  // The same change with a fresh audit entry goes through.
  ASSERT_TRUE(repository_->Update(second, AuditFor(second, "update")).has_value());
  EXPECT_EQ(NamesFound(store_a_, "joana"), (Names{"Joana Prado"}));
  EXPECT_EQ(NamesFound(store_a_, "silva"), (Names{}));
}

TEST_P(CustomerRepositoryTest, SearchesNamesByWordPrefixIgnoringAccents) {
  Created(NewCustomer(store_a_, TestCpf(1), "José da Silva"));
  Created(NewCustomer(store_a_, TestCpf(2), "Maria José Conceição"));
  Created(NewCustomer(store_a_, TestCpf(3), "Joselito Souza"));
  Created(NewCustomer(store_a_, TestCpf(4), "Ana Paula Zózimo"));
  // Results come sorted by name.
  const Names kJoses = {"José da Silva", "Joselito Souza", "Maria José Conceição"};
  EXPECT_EQ(NamesFound(store_a_, "jose"), kJoses);
  EXPECT_EQ(NamesFound(store_a_, "JOSÉ"), kJoses);
  EXPECT_EQ(NamesFound(store_a_, "concei"), (Names{"Maria José Conceição"}));
  EXPECT_EQ(NamesFound(store_a_, "jose sil"), (Names{"José da Silva"}));
  EXPECT_EQ(NamesFound(store_a_, "  silva   JOSE "), (Names{"José da Silva"}));
  EXPECT_EQ(NamesFound(store_a_, "maria jo co"), (Names{"Maria José Conceição"}));
  EXPECT_EQ(NamesFound(store_a_, "zoz"), (Names{"Ana Paula Zózimo"}));
  EXPECT_EQ(NamesFound(store_a_, "z"), (Names{"Ana Paula Zózimo"}));  // "z" to "{"
  EXPECT_EQ(NamesFound(store_a_, "osé"), (Names{}));                  // the start of a word only
  EXPECT_EQ(NamesFound(store_a_, "jose pedro"), (Names{}));
  EXPECT_EQ(NamesFound(store_a_, "!!!"), (Names{}));
  EXPECT_EQ(NamesFound(store_a_, "j"), kJoses);
}

TEST_P(CustomerRepositoryTest, SearchesDigitsInCpfAndPhones) {
  Created(NewCustomer(store_a_, "529.982.247-25", "Maria", {"(11) 98765-4321"}));
  Created(NewCustomer(store_a_, "111.444.777-35", "João", {"(21) 3456-7890", "(11) 91111-2222"}));
  EXPECT_EQ(NamesFound(store_a_, "529"), (Names{"Maria"}));
  EXPECT_EQ(NamesFound(store_a_, "529.982.247-25"), (Names{"Maria"}));
  EXPECT_EQ(NamesFound(store_a_, "111.444"), (Names{"João"}));
  EXPECT_EQ(NamesFound(store_a_, "(11) 9"), (Names{"João", "Maria"}));
  EXPECT_EQ(NamesFound(store_a_, "11 98765"), (Names{"Maria"}));
  EXPECT_EQ(NamesFound(store_a_, "+55 21 3456"), (Names{"João"}));
  EXPECT_EQ(NamesFound(store_a_, "2134567890"), (Names{"João"}));
  EXPECT_EQ(NamesFound(store_a_, "98765"), (Names{}));  // DDD first
  EXPECT_EQ(NamesFound(store_a_, "999"), (Names{}));
}

TEST_P(CustomerRepositoryTest, FiltersByStatus) {
  const Customer maria = Created(NewCustomer(store_a_, "529.982.247-25", "Maria"));
  Created(NewCustomer(store_a_, "111.444.777-35", "Mariana"));
  Customer blocked = Revised(maria, "Maria");
  blocked.status = customers::CustomerStatus::kBlocked;
  blocked.blocked_reason = "cheque devolvido";
  ASSERT_TRUE(repository_->Update(blocked, AuditFor(blocked, "block")).has_value());
  EXPECT_EQ(NamesFound(store_a_, "", customers::CustomerStatus::kBlocked), (Names{"Maria"}));
  EXPECT_EQ(NamesFound(store_a_, "mari", customers::CustomerStatus::kActive), (Names{"Mariana"}));
  EXPECT_EQ(NamesFound(store_a_, "mari"), (Names{"Maria", "Mariana"}));
  EXPECT_EQ(repository_->Find(store_a_, maria.id)->blocked_reason, "cheque devolvido");
}

TEST_P(CustomerRepositoryTest, PagesWalkEveryCustomerOnceInEachSort) {
  // Seven customers, three named alike, some created in the same second.
  const char* names[] = {"Carla Dias",  "ana lima", "Bruno Reis", "Ana Lima",
                         "Álvaro Cruz", "Ana Lima", "Davi Melo"};
  std::vector<Customer> created;
  for (int i = 0; i < 7; ++i) {
    if (i % 2 == 0) clock_.Advance(1s);
    created.push_back(Created(NewCustomer(store_a_, TestCpf(10 + i), names[i])));
  }
  Created(NewCustomer(store_b_, TestCpf(50), "Ana Lima"));  // never shows in store A

  auto by_name = created;
  std::sort(by_name.begin(), by_name.end(), [](const Customer& x, const Customer& y) {
    return std::pair{core::SearchKey(x.full_name), x.id} <
           std::pair{core::SearchKey(y.full_name), y.id};
  });
  auto by_created = created;
  std::sort(by_created.begin(), by_created.end(), [](const Customer& x, const Customer& y) {
    return std::pair{x.created_at, x.id} < std::pair{y.created_at, y.id};
  });
  const auto ids_of = [](const std::vector<Customer>& list, bool reverse) {
    std::vector<std::string> ids;
    for (const auto& each : list) ids.push_back(each.id.str());
    if (reverse) std::reverse(ids.begin(), ids.end());
    return ids;
  };

  int pages = 0;
  EXPECT_EQ(WalkPages(CustomerSort::kNameAsc, 2, &pages), ids_of(by_name, false));
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(WalkPages(CustomerSort::kNameDesc, 2), ids_of(by_name, true));
  EXPECT_EQ(WalkPages(CustomerSort::kCreatedAsc, 2), ids_of(by_created, false));
  EXPECT_EQ(WalkPages(CustomerSort::kCreatedDesc, 2), ids_of(by_created, true));
  EXPECT_EQ(WalkPages(CustomerSort::kNameAsc, 7, &pages), ids_of(by_name, false));
  EXPECT_EQ(pages, 1);  // an exact fit has no next page
  EXPECT_EQ(WalkPages(CustomerSort::kCreatedDesc, 200).size(), 7u);

  // A filtered walk: the three Ana Limas, one per page.
  CustomerQuery query{store_a_, "ana lima"};
  query.limit = 1;
  std::vector<std::string> anas;
  do {
    auto page = repository_->Search(query);
    ASSERT_TRUE(page.has_value());
    for (const auto& each : page->items) anas.push_back(each.id.str());
    query.cursor = page->next_cursor;
  } while (!query.cursor.empty());
  EXPECT_EQ(anas.size(), 3u);
}

// Text searches take one of two plans by how many terms the prefixes match (driven by the
// most selective prefix, or a walk in sort order). Both must give the same pages.
TEST_P(CustomerRepositoryTest, BothSearchPlansGiveTheSamePages) {
  const char* names[] = {"Ana Lima",   "Ana Souza", "Anita Lima", "Bruno Ana",  "Lima Neto",
                         "Álvaro Ana", "ana lima",  "Carla Dias", "Anabela Lú", "Luana Lima"};
  for (int i = 0; i < 10; ++i) {
    if (i % 3 == 0) clock_.Advance(1s);
    Created(NewCustomer(store_a_, TestCpf(60 + i), names[i]));
  }
  Created(NewCustomer(store_b_, TestCpf(90), "Ana Lima"));
  SqlCustomerRepository walking(*db_, /*driving_matches=*/0);
  const auto walk = [&](const SqlCustomerRepository& repository, CustomerQuery query) {
    std::vector<std::string> ids;
    for (int page = 0; page < 20; ++page) {
      auto found = repository.Search(query);
      EXPECT_TRUE(found.has_value());
      if (!found) break;
      for (const auto& each : found->items) ids.push_back(each.id.str());
      query.cursor = found->next_cursor;
      if (query.cursor.empty()) break;
    }
    return ids;
  };
  for (const char* text : {"ana", "lima", "ana li", "an", "l", "zz", "11"}) {
    for (CustomerSort sort : {CustomerSort::kNameAsc, CustomerSort::kNameDesc,
                              CustomerSort::kCreatedAsc, CustomerSort::kCreatedDesc}) {
      CustomerQuery query{store_a_, text};
      query.sort = sort;
      query.limit = 2;
      const auto driven = walk(*repository_, query);
      EXPECT_EQ(driven, walk(walking, query)) << text;
      const std::set<std::string> unique(driven.begin(), driven.end());
      EXPECT_EQ(unique.size(), driven.size()) << text;  // a customer appears once
    }
  }
  EXPECT_EQ(walk(*repository_, CustomerQuery{store_a_, "ana"}).size(), 6u);
}

TEST_P(CustomerRepositoryTest, RefusesCursorsItDidNotMake) {
  for (int i = 0; i < 3; ++i) Created(NewCustomer(store_a_, TestCpf(20 + i), "Cliente"));
  CustomerQuery query{store_a_};
  query.limit = 1;
  auto first = repository_->Search(query);
  ASSERT_TRUE(first.has_value());
  ASSERT_FALSE(first->next_cursor.empty());

  const auto refused = [&](CustomerQuery bad) {
    auto page = repository_->Search(bad);
    return !page.has_value() && page.error().code == core::ErrorCode::kInvalidArgument &&
           page.error().field == "cursor";
  };
  CustomerQuery other_sort = query;
  other_sort.cursor = first->next_cursor;
  other_sort.sort = CustomerSort::kNameDesc;
  EXPECT_TRUE(refused(other_sort));
  other_sort.sort = CustomerSort::kCreatedAsc;
  EXPECT_TRUE(refused(other_sort));
  const std::vector<std::string> garbage_cursors = {"!!!", "abc", "bnxhYmN8MTIz", "Yw",
                                                    first->next_cursor + "A"};
  for (const std::string& bad : garbage_cursors) {
    CustomerQuery garbage = query;
    garbage.cursor = bad;
    EXPECT_TRUE(refused(garbage)) << bad;
  }
  query.cursor = first->next_cursor;
  EXPECT_TRUE(repository_->Search(query).has_value());

  CustomerQuery no_limit{store_a_};
  no_limit.limit = 0;
  auto page = repository_->Search(no_limit);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().field, "limit");
}

TEST_P(CustomerRepositoryTest, WorksUnderTheRegistry) {
  customers::Registry registry(*repository_, ids_, clock_);
  const core::Actor clerk{store_a_, "user:1", "req-9"};
  customers::CustomerDraft draft;
  draft.cpf = "529.982.247-25";
  draft.full_name = "Maria";
  auto maria = registry.Register(clerk, draft);
  ASSERT_TRUE(maria.has_value()) << maria.error().Describe();
  auto again = registry.Register(clerk, draft);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().related_id, maria->id.str());
  clock_.Advance(1h);
  auto blocked = registry.Block(clerk, maria->id, "cheque devolvido");
  ASSERT_TRUE(blocked.has_value()) << blocked.error().Describe();
  auto unblocked = registry.Unblock(clerk, maria->id);
  ASSERT_TRUE(unblocked.has_value()) << unblocked.error().Describe();
  draft.full_name = "Maria Aparecida";
  auto revised = registry.Revise(clerk, maria->id, draft, 3);
  ASSERT_TRUE(revised.has_value()) << revised.error().Describe();
  EXPECT_EQ(revised->version, 4);

  std::vector<std::string> actions;
  for (const auto& entry :
       SqlAuditLog(*db_).ListForEntity(store_a_, "customer", maria->id.str(), 10)) {
    actions.push_back(entry.action);
    EXPECT_TRUE(entry.after.has_value());
  }
  EXPECT_EQ(actions, (Names{"create", "block", "unblock", "update"}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CustomerRepositoryTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& engine) { return std::string(EngineName(engine.param)); });

}  // namespace
}  // namespace fiado::storage
