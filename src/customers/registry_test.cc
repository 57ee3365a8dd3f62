#include "customers/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace fiado::customers {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} + 13h;
const core::StoreId kStoreA = core::StoreId::Parse("019a8b2c-0000-7000-8000-00000000000a").value();
const core::StoreId kStoreB = core::StoreId::Parse("019a8b2c-0000-7000-8000-00000000000b").value();

// An in-memory CustomerRepository with the contract's checks (the SQL one has its own tests).
class FakeRepository final : public CustomerRepository {
 public:
  core::Status Create(const Customer& customer, const core::AuditEntry& audit) override {
    if (auto existing = FindByCpf(customer.store_id, customer.cpf)) {
      core::Error error = core::Error::Conflict("já existe um cliente com este CPF");
      error.field = "cpf";
      error.related_id = existing->id.str();
      return core::Fail(error);
    }
    rows_.insert_or_assign(Key(customer.store_id, customer.id), customer);
    audit_.push_back(audit);
    return {};
  }

  core::Status Update(const Customer& customer, const core::AuditEntry& audit) override {
    if (touch_) {
      rows_.at(*touch_).version += 1;
      touch_.reset();
    }
    auto row = rows_.find(Key(customer.store_id, customer.id));
    if (row == rows_.end()) return core::Fail(core::Error::NotFound("cliente não encontrado"));
    if (row->second.version != customer.version - 1) {
      return core::Fail(core::Error::Conflict("versão desatualizada"));
    }
    row->second = customer;
    audit_.push_back(audit);
    return {};
  }

  std::optional<Customer> Find(const core::StoreId& store_id, const CustomerId& id) const override {
    auto row = rows_.find(Key(store_id, id));
    if (row == rows_.end()) return std::nullopt;
    return row->second;
  }

  std::optional<Customer> FindByCpf(const core::StoreId& store_id,
                                    const core::Cpf& cpf) const override {
    for (const auto& [key, customer] : rows_) {
      if (customer.store_id == store_id && customer.cpf == cpf) return customer;
    }
    return std::nullopt;
  }

  core::Result<CustomerPage> Search(const CustomerQuery& query) const override {
    ++searches_;
    CustomerPage page;
    for (const auto& [key, customer] : rows_) {
      if (customer.store_id != query.store_id) continue;
      if (query.status && customer.status != *query.status) continue;
      page.items.push_back(customer);
    }
    return page;
  }

  const std::vector<core::AuditEntry>& audit() const { return audit_; }
  int searches() const { return searches_; }
  // Simulates another clerk saving just before the next Update.
  void TouchBeforeNextUpdate(const core::StoreId& store_id, const CustomerId& id) {
    touch_ = Key(store_id, id);
  }

 private:
  static std::string Key(const core::StoreId& store_id, const CustomerId& id) {
    return store_id.str() + "/" + id.str();
  }

  std::map<std::string, Customer> rows_;
  std::vector<core::AuditEntry> audit_;
  mutable int searches_ = 0;
  std::optional<std::string> touch_;
};

CustomerDraft Draft(std::string cpf, std::string name) {
  CustomerDraft draft;
  draft.cpf = std::move(cpf);
  draft.full_name = std::move(name);
  draft.phones = {"(11) 98765-4321"};
  draft.consents = {ConsentDraft{Channel::kWhatsapp, true, "in_store_form"}};
  return draft;
}

class RegistryTest : public ::testing::Test {
 protected:
  core::Actor clerk_{kStoreA, "user:019a8b2c-0000-7000-8000-0000000000u1", "req-7"};
  core::FixedClock clock_{kNow};
  core::IdGenerator ids_{clock_};
  FakeRepository repository_;
  Registry registry_{repository_, ids_, clock_};
};

TEST_F(RegistryTest, RegistersWithIdTimeAndAudit) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(customer.has_value()) << customer.error().Describe();
  EXPECT_TRUE(core::IsCanonicalUuid(customer->id.str()));
  EXPECT_EQ(customer->store_id, kStoreA);
  EXPECT_EQ(customer->created_at, kNow);
  EXPECT_EQ(customer->version, 1);
  EXPECT_EQ(registry_.Get(kStoreA, customer->id)->full_name, "Maria da Silva");

  ASSERT_EQ(repository_.audit().size(), 1u);
  const core::AuditEntry& entry = repository_.audit()[0];
  EXPECT_TRUE(core::IsCanonicalUuid(entry.id));
  EXPECT_EQ(entry.store_id, kStoreA);
  EXPECT_EQ(entry.occurred_at, kNow);
  EXPECT_EQ(entry.actor, clerk_.actor);
  EXPECT_EQ(entry.entity_type, "customer");
  EXPECT_EQ(entry.entity_id, customer->id.str());
  EXPECT_EQ(entry.action, "create");
  EXPECT_EQ(entry.request_id, "req-7");
  EXPECT_FALSE(entry.before.has_value());  // the repository fills the snapshots
}

TEST_F(RegistryTest, RefusesAnInvalidDraftWithoutWriting) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-26", ""));
  ASSERT_FALSE(customer.has_value());
  EXPECT_EQ(customer.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(customer.error().fields.size(), 2u);
  EXPECT_TRUE(repository_.audit().empty());
}

TEST_F(RegistryTest, DuplicateCpfInTheStoreIsAConflictNamingTheExistingCustomer) {
  auto first = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(first.has_value());
  auto second = registry_.Register(clerk_, Draft("52998224725", "Outra Maria"));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(second.error().field, "cpf");
  EXPECT_EQ(second.error().related_id, first->id.str());
  EXPECT_EQ(second.error().message_pt, "já existe um cliente com este CPF");
  EXPECT_EQ(repository_.audit().size(), 1u);

  // Another store may have its own customer with the same CPF.
  const core::Actor other_store{kStoreB, "cli"};
  EXPECT_TRUE(registry_.Register(other_store, Draft("529.982.247-25", "Maria")).has_value());
}

TEST_F(RegistryTest, RevisesWithTheVersionRead) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(customer.has_value());
  clock_.Advance(60s);
  auto revised =
      registry_.Revise(clerk_, customer->id, Draft("529.982.247-25", "Maria da Silva Souza"), 1);
  ASSERT_TRUE(revised.has_value()) << revised.error().Describe();
  EXPECT_EQ(revised->version, 2);
  EXPECT_EQ(revised->updated_at, kNow + 60s);
  EXPECT_EQ(revised->created_at, kNow);
  EXPECT_EQ(registry_.Get(kStoreA, customer->id)->full_name, "Maria da Silva Souza");
  ASSERT_EQ(repository_.audit().size(), 2u);
  EXPECT_EQ(repository_.audit()[1].action, "update");
  EXPECT_EQ(repository_.audit()[1].occurred_at, kNow + 60s);

  // Editing from the old page again: someone saved in between.
  auto stale = registry_.Revise(clerk_, customer->id, Draft("529.982.247-25", "Maria S."), 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message_pt,
            "este cliente foi alterado por outra pessoa; recarregue a página");
  EXPECT_EQ(repository_.audit().size(), 2u);
}

TEST_F(RegistryTest, ReviseReportsInvalidFieldsAndMissingCustomers) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(customer.has_value());
  auto invalid = registry_.Revise(clerk_, customer->id, Draft("529.982.247-25", "M"), 1);
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().field, "full_name");

  auto missing =
      registry_.Revise(clerk_, ids_.Next<CustomerTag>(), Draft("529.982.247-25", "Maria"), 1);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message_pt, "cliente não encontrado");

  // Another store's customer is not found either.
  const core::Actor other_store{kStoreB, "cli"};
  auto foreign = registry_.Revise(other_store, customer->id, Draft("529.982.247-25", "Maria"), 1);
  ASSERT_FALSE(foreign.has_value());
  EXPECT_EQ(foreign.error().code, core::ErrorCode::kNotFound);
  EXPECT_FALSE(registry_.Get(kStoreB, customer->id).has_value());
}

TEST_F(RegistryTest, ReviseRefusesTheCpfOfAnotherCustomer) {
  auto maria = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  auto joao = registry_.Register(clerk_, Draft("111.444.777-35", "João Pereira"));
  ASSERT_TRUE(maria.has_value() && joao.has_value());
  auto revised = registry_.Revise(clerk_, joao->id, Draft("529.982.247-25", "João Pereira"), 1);
  ASSERT_FALSE(revised.has_value());
  EXPECT_EQ(revised.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(revised.error().field, "cpf");
  EXPECT_EQ(revised.error().related_id, maria->id.str());
}

TEST_F(RegistryTest, BlocksAndUnblocksWithAReason) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(customer.has_value());
  clock_.Advance(1h);

  auto no_reason = registry_.Block(clerk_, customer->id, "   ");
  ASSERT_FALSE(no_reason.has_value());
  EXPECT_EQ(no_reason.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(no_reason.error().field, "reason");
  auto long_reason = registry_.Block(clerk_, customer->id, std::string(201, 'x'));
  ASSERT_FALSE(long_reason.has_value());
  EXPECT_EQ(long_reason.error().field, "reason");

  auto blocked = registry_.Block(clerk_, customer->id, "  cheque devolvido ");
  ASSERT_TRUE(blocked.has_value()) << blocked.error().Describe();
  EXPECT_EQ(blocked->status, CustomerStatus::kBlocked);
  EXPECT_EQ(blocked->blocked_reason, "cheque devolvido");
  EXPECT_EQ(blocked->version, 2);
  EXPECT_EQ(blocked->updated_at, kNow + 1h);

  auto twice = registry_.Block(clerk_, customer->id, "de novo");
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kFailedPrecondition);

  auto unblocked = registry_.Unblock(clerk_, customer->id);
  ASSERT_TRUE(unblocked.has_value()) << unblocked.error().Describe();
  EXPECT_EQ(unblocked->status, CustomerStatus::kActive);
  EXPECT_EQ(unblocked->blocked_reason, "");
  EXPECT_EQ(unblocked->version, 3);

  auto again = registry_.Unblock(clerk_, customer->id);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kFailedPrecondition);

  std::vector<std::string> actions;
  for (const auto& entry : repository_.audit()) actions.push_back(entry.action);
  EXPECT_THAT(actions, ElementsAre("create", "block", "unblock"));

  auto missing = registry_.Block(clerk_, ids_.Next<CustomerTag>(), "motivo");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST_F(RegistryTest, PassesOnTheRepositorysConflict) {
  auto customer = registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva"));
  ASSERT_TRUE(customer.has_value());
  // Another clerk saves between Block's read and its write.
  repository_.TouchBeforeNextUpdate(kStoreA, customer->id);
  auto blocked = registry_.Block(clerk_, customer->id, "atraso");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(repository_.audit().size(), 1u);
}

TEST_F(RegistryTest, SearchChecksTheLimit) {
  ASSERT_TRUE(registry_.Register(clerk_, Draft("529.982.247-25", "Maria da Silva")).has_value());
  for (int limit : {0, -1, 201}) {
    CustomerQuery query{kStoreA};
    query.limit = limit;
    auto page = registry_.Search(query);
    ASSERT_FALSE(page.has_value());
    EXPECT_EQ(page.error().field, "limit");
  }
  EXPECT_EQ(repository_.searches(), 0);
  for (int limit : {1, 200}) {
    CustomerQuery query{kStoreA};
    query.limit = limit;
    auto page = registry_.Search(query);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->items.size(), 1u);
  }
}

TEST(ParseSort, KnowsTheApiNames) {
  EXPECT_EQ(ParseSort("name"), CustomerSort::kNameAsc);
  EXPECT_EQ(ParseSort("-name"), CustomerSort::kNameDesc);
  EXPECT_EQ(ParseSort("created_at"), CustomerSort::kCreatedAsc);
  EXPECT_EQ(ParseSort("-created_at"), CustomerSort::kCreatedDesc);
  EXPECT_EQ(ParseSort("cpf"), std::nullopt);
}

}  // namespace
}  // namespace fiado::customers
