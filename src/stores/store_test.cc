#include "stores/store.h"

#include <gtest/gtest.h>

namespace fiado::stores {
namespace {

const core::Instant kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22};
const StoreId kId = StoreId::Parse("019a8b2c-0000-7000-8000-000000000001").value();

StoreDraft ValidDraft() {
  StoreDraft draft;
  draft.name = "  Magazine Boa Praça ";
  draft.legal_id = "11.222.333/0001-81";
  draft.address = {"Rua das Flores", "100", "", "Centro", "Campinas", "sp", "13010-050"};
  draft.phone = "(19) 3234-5678";
  draft.email = "contato@boapraca.com.br";
  return draft;
}

TEST(MakeStore, NormalisesAValidDraft) {
  auto store = MakeStore(ValidDraft(), kId, kNow);
  ASSERT_TRUE(store.has_value()) << store.error().Describe();
  EXPECT_EQ(store->name, "Magazine Boa Praça");
  EXPECT_EQ(store->legal_id.value(), "11222333000181");
  EXPECT_TRUE(store->legal_id.is_cnpj());
  EXPECT_EQ(store->address.state, "SP");
  EXPECT_EQ(store->address.postal_code, "13010050");
  EXPECT_EQ(store->phone_e164, "+551932345678");
  EXPECT_EQ(store->time_zone, "America/Sao_Paulo");
  EXPECT_EQ(store->created_at, kNow);
}

TEST(MakeStore, AcceptsASoleTraderCpfAndAnotherZone) {
  StoreDraft draft = ValidDraft();
  draft.legal_id = "529.982.247-25";
  draft.time_zone = "America/Manaus";
  draft.address.state = "AM";
  auto store = MakeStore(draft, kId, kNow);
  ASSERT_TRUE(store.has_value()) << store.error().Describe();
  EXPECT_FALSE(store->legal_id.is_cnpj());
  EXPECT_EQ(store->time_zone, "America/Manaus");
}

struct BadField {
  void (*spoil)(StoreDraft&);
  const char* field;
};

TEST(MakeStore, NamesTheFieldAtFault) {
  const BadField cases[] = {
      {[](StoreDraft& d) { d.name = "   "; }, "name"},
      {[](StoreDraft& d) { d.legal_id = "11.222.333/0001-82"; }, "legal_id"},
      {[](StoreDraft& d) { d.address.state = "XX"; }, "address.state"},
      {[](StoreDraft& d) { d.address.city = ""; }, "address.city"},
      {[](StoreDraft& d) { d.address.postal_code = "1301-050"; }, "address.postal_code"},
      {[](StoreDraft& d) { d.address.postal_code = "1301005A"; }, "address.postal_code"},
      {[](StoreDraft& d) { d.phone = "(00) 3234-5678"; }, "phone"},
      {[](StoreDraft& d) { d.email = "contato@"; }, "email"},
      {[](StoreDraft& d) { d.time_zone = "America/Atlantida"; }, "time_zone"},
  };
  for (const auto& bad : cases) {
    StoreDraft draft = ValidDraft();
    bad.spoil(draft);
    auto store = MakeStore(draft, kId, kNow);
    ASSERT_FALSE(store.has_value()) << bad.field;
    EXPECT_EQ(store.error().field, bad.field);
    EXPECT_FALSE(store.error().message_pt.empty());
  }
}

TEST(IsValidUf, KnowsTheTwentySevenUnits) {
  int valid = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) valid += IsValidUf(std::string{a, b}) ? 1 : 0;
  }
  EXPECT_EQ(valid, 27);
  EXPECT_TRUE(IsValidUf("DF"));
  EXPECT_FALSE(IsValidUf("sp"));
}

}  // namespace
}  // namespace fiado::stores
